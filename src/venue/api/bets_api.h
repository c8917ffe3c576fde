// Pool bets (the reference's "Place a Bet" and "List Your Bets", docs/venue-api.md):
//   POST /api/v1/bets (bet:place; 60/min per IP and 15/min per market per IP) — {marketId,
//     outcomeIndex, amount ≥ 0.0001, idempotencyKey?} → {bet, balanceAfter, fee}; 503 when the
//     operator switched betting off; the same idempotencyKey with the same payload answers the
//     first answer again, with another payload 409.
//   GET /api/v1/bets (bet:read) — ?status, ?marketId, ?limit (1–100, 20), ?offset → {bets (each
//     with its market summary {question, status, outcomes}), total, limit, offset}, newest first,
//     from the SQLite read model.
//   GET /api/v1/bets/:id (bet:read) — {bet}; another account's bet is 404.
// And the POOL half of GET /api/v1/markets/:id/stats (WritePoolStats): pools, bet counts and
// pool-implied odds from the engine's state.
// Thread rule: handlers run on I/O threads; answers come from the engine's and the read model's
// threads.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"
#include "venue/engine/read_model_consumer.h"

namespace probex::venue::api {

void RegisterBetsRoutes(net::Router& router, ApiContext& ctx, engine::ReadModelConsumer* consumer);

// {stats: {marketId, type: "POOL", status, totalPool, betCount, fees, payoutPool, feeCollected,
// outcomes: [{index, label, pool, betCount, share, odds}], winningOutcomeIndex, asOf}}: `share`
// is pool / totalPool and `odds` payoutPool / pool (decimal odds implied by the pool, before time
// weights), both rounded down to 4 decimals, null when the divisor is zero.
void AnswerPoolStats(ApiContext& ctx, MarketId market, net::Responder respond);

}  // namespace probex::venue::api
