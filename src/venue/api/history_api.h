// History endpoints served from the SQLite read model:
//   GET /api/v1/orders/history (order:read): the caller's fills in one market, newest first —
//     {trades: [{tradeId, orderId, outcome, side, type, price, quantity, createdAt, fee,
//     liquidity}], nextBefore} with ?marketId (required), ?limit (1–1000, default 100) and the
//     keyset cursor ?before=<tradeId>;
//   GET /api/v1/balance/transactions (balance:read): the caller's balance movements, newest first
//     — {transactions: [...], total, limit, offset, nextBefore} with ?limit (1–100, default 20),
//     ?offset and ?before=<id>.
// Thread rule: handlers run on I/O threads and answer from the read model's thread.
#pragma once

#include <array>
#include <string>

#include "net/json_writer.h"
#include "net/router.h"
#include "venue/api/api_context.h"
#include "venue/engine/read_model_consumer.h"

namespace probex::venue::api {

void RegisterHistoryRoutes(net::Router& router, ApiContext& ctx,
                           engine::ReadModelConsumer* consumer);

// One fill as the seed's history shows it (plus fee and liquidity; plus marketId when asked).
void WriteFill(net::JsonWriter& w, const engine::FillRecord& fill,
               const std::array<std::string, 2>& labels, bool with_market = false);

// One balance transaction: {id, type, amount, lockedChange, balanceAfter, lockedAfter,
// totalAfter, marketId, orderId, tradeId, withdrawalId, createdAt} (absent references are null).
void WriteTransaction(net::JsonWriter& w, const engine::BalanceTransaction& t);

}  // namespace probex::venue::api
