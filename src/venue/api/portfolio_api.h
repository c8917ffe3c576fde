// Portfolio endpoints (portfolio:read), positions from the read model marked against the engine:
//   GET /api/v1/positions — the caller's open positions ({positions, total}; ?includeClosed=true
//     adds closed ones with their realized P&L; ?limit 1–1000, default 100; ?offset);
//   GET /api/v1/portfolio/me — balance, every open position, positionsValue, equity
//     (balance total + positionsValue), costBasis, realized, unrealized and total P&L.
// Accounting (read_model_records.h): average cost; fees are realized losses; resolution realizes
// payout − cost. Mark price of an outcome: its last trade price; before any trade, the midpoint
// of its best bid and ask when both exist; otherwise none (markPrice null, valued at cost, so
// unrealized P&L 0). unrealizedPnl = shares × mark − costBasis.
// Thread rule: handlers run on I/O threads and answer later.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"
#include "venue/engine/read_model_consumer.h"

namespace probex::venue::api {

void RegisterPortfolioRoutes(net::Router& router, ApiContext& ctx,
                             engine::ReadModelConsumer* consumer);

}  // namespace probex::venue::api
