// CtmApi: the CTM section of the Unhedged API v1 (docs/venue-ctm.md): rounds list and details,
// heatmap, results, price history, predict, my-predictions, my-stats; and the operator's CTM and
// oracle endpoints: POST /admin/v1/oracle/prices, GET /admin/v1/oracle/prices,
// POST /admin/v1/ctm/rounds (EVENT rounds), POST /admin/v1/ctm/rounds/:id/void,
// GET /admin/v1/ctm/schedules. Everything is served from the engine's state (ctx.Read) or
// submitted as commands. Thread rule: Register before the server starts.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

// CTM round defaults for operator-created rounds (the scheduler's come with each schedule).
struct CtmDefaults {
  Money entry_fee_blind = Money::FromUnits(10 * Money::kScale);
  Money heatmap_fee_multiplier = Money::FromUnits(2 * Money::kScale);
  Money platform_fee_rate = Money::FromUnits(5'000'000);  // 5%
};

void RegisterCtmRoutes(net::Router& router, ApiContext& ctx, CtmDefaults defaults);

}  // namespace probex::venue::api
