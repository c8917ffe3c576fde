// Events: what one applied command changed, in order. Exchange hands them out only after the whole
// state change is done. Order and balance events carry the full new state (consumers keep the
// latest), so a read model never has to replay arithmetic. Thread rule: plain value types.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "common/money.h"
#include "common/time.h"
#include "venue/domain/ids.h"
#include "venue/domain/ledger.h"
#include "venue/domain/market.h"
#include "venue/domain/options.h"
#include "venue/domain/order.h"
#include "venue/domain/pool.h"

namespace probex::venue {

// How a fill moved money and shares (ARCHITECTURE §4). The buyer is the outcome-0 buyer (bid o0 or
// ask o1), the seller the outcome-0 seller (ask o0 or bid o1).
enum class SettlementCase : std::uint8_t {
  kTransferOutcome0 = 0,  // buyer pays p, seller delivers outcome-0 shares
  kMint = 1,              // both pay (p and 1−p): a complete set is created, 1.00 into escrow
  kMerge = 2,             // both deliver: a complete set is destroyed, 1.00 out of escrow
  kTransferOutcome1 = 3,  // seller pays 1−p, buyer delivers outcome-1 shares
};
std::string_view SettlementCaseName(SettlementCase c);  // "transfer_o0" | "mint" | ...

struct AccountCreated {
  AccountId account;
};
struct BalanceChanged {
  AccountId account;
  AccountBalances balances;  // the balances after the command
};
struct PositionChanged {
  AccountId account;
  MarketId market;
  std::array<std::int64_t, 2> shares;  // after the command
  std::array<std::int64_t, 2> locked;
};
struct WithdrawalRequested {
  WithdrawalId withdrawal;
  AccountId account;
  Money amount;
  Money fee;
};
struct WithdrawalSettled {
  WithdrawalId withdrawal;
  AccountId account;
  Money amount;
  Money fee;
  bool approved;
};
struct MarketCreated {
  MarketId market;
};
struct MarketStatusChanged {
  MarketId market;
  MarketStatus status;
  std::uint8_t winning_outcome;  // kNoOutcome unless RESOLVED
};
// An order's new state: accepted (New), resting or armed (Placed, possibly partly filled),
// Filled, Cancelled or InternalCancel (with `reason`).
struct OrderUpdated {
  Order order;
};
struct Trade {
  TradeId id;
  MarketId market;
  std::uint8_t price;  // outcome-0 cents (outcome 1 traded at 100 − price)
  std::int64_t quantity;
  SettlementCase settlement;
  bool buyer_is_taker;
  OrderId buy_order;
  OrderId sell_order;
  AccountId buyer;
  AccountId seller;
  Money buyer_fee;
  Money seller_fee;
  Timestamp at;
};

// An oracle tick was applied (WS room prices:<asset>).
struct OraclePriceUpdated {
  std::string asset;
  Money price;
  Money bid;
  Money ask;
  Timestamp at;
};
// A CTM round was created (status OPEN) or moved to `status`.
struct CtmRoundStatusChanged {
  std::uint64_t round;
  std::uint8_t status;  // CtmRoundStatus
};
// A pool bet was accepted (status CONFIRMED).
struct BetPlaced {
  Bet bet;
};
// A pool bet was settled: status WON (payout), LOST or REFUNDED (payout = amount).
struct BetSettled {
  Bet bet;
};

using Event = std::variant<AccountCreated, BalanceChanged, PositionChanged, WithdrawalRequested,
                           WithdrawalSettled, MarketCreated, MarketStatusChanged, OrderUpdated,
                           Trade, OraclePriceUpdated, CtmRoundStatusChanged, BetPlaced, BetSettled,
                           QuoteRequestOpened, QuoteRequestClosed, QuoteChanged, OptionExecuted,
                           OptionSettled>;

}  // namespace probex::venue
