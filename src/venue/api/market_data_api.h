// Public market data:
//   GET /api/v1/markets/:id/orderbook?depth=N — from the engine (a Query between commands): per
//     outcome, bids (best first) and asks aggregated by price {price, quantity, orders}, best bid
//     and ask, last trade price; `seq` is the engine command seq the book reflects (WebSocket
//     resync: apply room messages whose commandSeq is greater). depth 1–99, default 20;
//   GET /api/v1/markets/:id/trades — from the read model, newest first: {trades: [...],
//     nextBefore} with ?limit (1–100, default 50) and ?before=<tradeId>;
//   GET /api/v1/markets/:id/stats — from the read model: all-time and rolling 24 h figures.
// Prices of a trade are outcome 0's (`outcome` names it); takerSide is the taker's side in
// outcome-0 terms. Thread rule: handlers run on I/O threads and answer later.
#pragma once

#include <array>
#include <string>

#include "net/json_writer.h"
#include "net/router.h"
#include "venue/api/api_context.h"
#include "venue/engine/read_model_consumer.h"

namespace probex::venue::api {

void RegisterMarketDataRoutes(net::Router& router, ApiContext& ctx,
                              engine::ReadModelConsumer* consumer);

// {id, marketId, outcome, price, quantity, takerSide, settlement, createdAt}.
void WriteMarketTrade(net::JsonWriter& w, const Trade& trade,
                      const std::array<std::string, 2>& labels);

}  // namespace probex::venue::api
