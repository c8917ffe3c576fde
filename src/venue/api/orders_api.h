// CLOB orders, as the reference: POST /api/v1/orders (order:place), DELETE /api/v1/orders and
// POST /api/v1/orders/cancel {marketId, orderIds} (order:cancel; an empty orderIds cancels all of
// the caller's open orders in the market; answers result.dropped), GET /api/v1/orders?marketId=
// [&outcome=][&limit=&offset=] (order:read; the caller's open orders, oldest first). All count
// against the `orders` rule (60/min) and `global`. When the operator switched orders off,
// placement answers 503 (cancels still work).
// Input checks happen here with messages naming the field; the domain re-checks everything and its
// rejects are mapped by RejectResponse.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

void RegisterOrdersRoutes(net::Router& router, ApiContext& ctx);

}  // namespace probex::venue::api
