// Markets: GET /api/v1/markets (filters status, category, search ≤ 200 chars, type; limit 1–100
// default 20, offset; orderBy createdAt|endTime|totalPool|betCount, orderDirection asc|desc,
// default createdAt desc, ties by id in the same direction; counts total, activeCount,
// endedCount, resolvedCount) and GET /api/v1/markets/:id. Public, 600/min per IP.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

void RegisterMarketsRoutes(net::Router& router, ApiContext& ctx);

}  // namespace probex::venue::api
