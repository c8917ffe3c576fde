// Rows the venue's SQLite read model serves: fills of an account, market trades, market stats,
// positions with cost basis and P&L, and balance transactions. Money is exact (Money units), prices
// whole cents. Thread rule: plain value types.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/time.h"
#include "venue/domain/event.h"
#include "venue/domain/ids.h"
#include "venue/domain/market.h"
#include "venue/domain/order.h"
#include "venue/domain/pool.h"

namespace probex::venue::engine {

// One executed leg of one of an account's orders: the seed's `GET /orders/history` row.
struct FillRecord {
  TradeId trade;
  OrderId order;
  MarketId market;
  std::uint8_t outcome = 0;  // the order's outcome
  OrderSide side = OrderSide::kBid;
  OrderType type = OrderType::kLimit;
  int price = 0;  // cents of the order's outcome
  std::int64_t quantity = 0;
  Money fee;
  bool taker = false;
  SettlementCase settlement = SettlementCase::kTransferOutcome0;
  Timestamp at;
};

// Totals of one market: all time, and over the 24 hours before `now`.
struct MarketStatsRecord {
  MarketId market;
  std::int64_t trade_count = 0;
  std::int64_t volume = 0;  // shares
  Money notional;           // Σ quantity × outcome-0 price
  int last_price = 0;       // outcome-0 cents; 0 = never traded
  Timestamp last_trade_at;
  std::int64_t trade_count_24h = 0;
  std::int64_t volume_24h = 0;
  Money notional_24h;
  int high_24h = 0;  // outcome-0 cents; 0 when no trade in the window
  int low_24h = 0;
};

// An account's holding of one outcome of one market, with average-cost accounting: buys add
// quantity × price to `cost`; a sale removes cost × sold / held (rounded toward zero, so the last
// share carries the remainder) and realizes proceeds − removed cost; fees are realized losses;
// resolution realizes payout − cost and closes the holding.
struct PositionRecord {
  AccountId account;
  MarketId market;
  std::uint8_t outcome = 0;
  std::int64_t shares = 0;
  Money cost;      // cost basis of the shares held
  Money realized;  // realized P&L, fees included
  Money fees;      // fees paid on this outcome's fills
};

enum class TransactionKind : std::uint8_t {
  kDeposit = 0,
  kWithdrawalRequest = 1,   // amount + fee move from available to lockedWithdraws
  kWithdrawal = 2,          // approved: the amount leaves lockedWithdraws
  kWithdrawalFee = 3,       // approved: the fee leaves lockedWithdraws
  kWithdrawalRejected = 4,  // amount + fee return to available
  kOrderLock = 5,           // an order's worst case moves to lockedEngine
  kOrderRelease = 6,      // an unneeded lock returns to available (fill price improvement, cancel)
  kFill = 7,              // cash paid for or received from a fill
  kFee = 8,               // a fill's fee
  kResolutionPayout = 9,  // 1.00 per winning share
  kVoidRefund = 10,       // 0.50 per share of a voided market
  kAdjustment = 11,       // a balance change no event explains (never expected; kept exact)
  kCtmEntry = 12,         // a CTM prediction's entry moves from available to lockedBets
  kCtmSettlement = 13,    // a CTM round resolved (or voided at resolution): entries leave
                          // lockedBets, payouts or refunds arrive in available
  kCtmRefund = 14,        // a CTM round voided by the operator: entries return to available
  // Pool bets.
  kBetPlaced = 15,  // a bet's amount moves from available to lockedBets
  kBetWon = 16,     // the stake leaves lockedBets and the payout arrives in available
  kBetLost = 17,    // the stake leaves lockedBets
  kBetRefund = 18,  // the stake returns from lockedBets to available
  // Options (the RFQ desk).
  kOptionExecution = 19,   // an executed quote: the holder pays the premium to the writer, the
                           // writer's collateral moves from available to lockedEngine
  kOptionSettlement = 20,  // at expiry the collateral leaves lockedEngine: the payoff to the
                           // holder, the rest back to the writer
};
std::string_view TransactionKindName(TransactionKind kind);  // "DEPOSIT", "ORDER_LOCK", ...

// One balance movement of one account. `amount` is the change of `available`, `locked_change`
// the change of the locked buckets (lockedBets + lockedEngine + lockedWithdraws); the *_after
// values are the balances right after this row. Reference ids are 0 when absent.
struct BalanceTransaction {
  std::int64_t id = 0;  // increasing: the stable order of the list
  std::uint64_t seq = 0;
  AccountId account;
  TransactionKind kind = TransactionKind::kDeposit;
  Money amount;
  Money locked_change;
  Money available_after;
  Money locked_after;
  Money total_after;
  MarketId market;
  OrderId order;
  TradeId trade;
  WithdrawalId withdrawal;
  Timestamp at;
};

// A pool bet as last seen: CONFIRMED when placed, then WON, LOST or REFUNDED with its payout.
struct BetRecord {
  Bet bet;
  Timestamp settled_at;  // zero while CONFIRMED
};

// What the read model knows of a market: labels (for fills) and status.
struct MarketInfoRecord {
  MarketId market;
  std::array<std::string, 2> outcomes;
  MarketStatus status = MarketStatus::kActive;
  std::uint8_t winning_outcome = kNoOutcome;
};

}  // namespace probex::venue::engine
