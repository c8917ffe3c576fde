// Events: what one applied command changed, in order. Exchange hands them out only after the whole
// state change is done. Order and balance events carry the full new state (consumers keep the
// latest), so a read model never has to replay arithmetic. Thread rule: plain value types.
//
// Every alternative is trivially copyable and destructible (checked below), so an `Event` is a
// fixed-size record (96 bytes) that is built in place in the Output's reused buffer and cleared
// for free. Rare payloads that would make every event larger live out of line in the command's
// `ExchangeOutput` and are referenced by index: QuoteRequestOpened → `opened_requests`,
// OptionExecuted / OptionSettled → `option_positions` (exchange.h).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>
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

// An oracle tick was applied (WS room prices:<asset>). The asset symbol (1..10 characters,
// ValidCtmAsset) is kept inline.
struct OraclePriceUpdated {
  static constexpr std::size_t kMaxAsset = 10;
  std::array<char, kMaxAsset> asset_chars{};
  std::uint8_t asset_size = 0;
  Money price;
  Money bid;
  Money ask;
  Timestamp at;

  OraclePriceUpdated() = default;
  OraclePriceUpdated(std::string_view asset, Money price_, Money bid_, Money ask_, Timestamp at_)
      : asset_size(static_cast<std::uint8_t>(std::min(asset.size(), kMaxAsset))),
        price(price_),
        bid(bid_),
        ask(ask_),
        at(at_) {
    asset.copy(asset_chars.data(), asset_size);
  }
  std::string_view asset() const { return std::string_view(asset_chars.data(), asset_size); }
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

using Event =
    std::variant<AccountCreated, BalanceChanged, WithdrawalRequested, WithdrawalSettled,
                 MarketCreated, MarketStatusChanged, OrderUpdated, Trade, OraclePriceUpdated,
                 CtmRoundStatusChanged, BetPlaced, BetSettled, QuoteRequestOpened,
                 QuoteRequestClosed, QuoteChanged, OptionExecuted, OptionSettled>;
static_assert(std::is_trivially_copyable_v<Event> && std::is_trivially_destructible_v<Event>,
              "events are plain records: clearing a command's events must cost nothing");
static_assert(sizeof(Event) <= 96, "keep events compact: put rare, large payloads out of line");

}  // namespace probex::venue
