// Order: one CLOB order as the venue reports it (the seed's fields and statuses) plus the locks
// it holds. Prices are whole cents of the order's own outcome; quantities are whole shares.
// Thread rule: plain value type.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/money.h"
#include "common/time.h"
#include "venue/domain/ids.h"

namespace probex::venue {

enum class OrderSide : std::uint8_t { kBid = 0, kAsk = 1 };
enum class OrderType : std::uint8_t { kLimit = 0, kMarket = 1, kStopLoss = 2, kTakeProfit = 3 };
enum class OrderStatus : std::uint8_t {
  kNew = 0,
  kPlaced = 1,
  kFilled = 2,
  kCancelled = 3,
  kInternalCancel = 4,
};
// Why an order left the book without filling completely.
enum class CancelReason : std::uint8_t {
  kNone = 0,
  kUser = 1,         // Cancelled: the owner asked
  kMarketEnded = 2,  // Cancelled: the market stopped trading
  kSelfTrade = 3,    // InternalCancel: a taker of the same account met this resting order
  kNoLiquidity = 4,  // InternalCancel: a market (or triggered stop) order found no more to take
};

// The side of the outcome-0 book an order sits on: bid o0 and ask o1 buy outcome 0 (kBuy);
// ask o0 and bid o1 sell outcome 0 (kSell).
enum class BookSide : std::uint8_t { kBuy = 0, kSell = 1 };

std::string_view OrderSideName(OrderSide side);          // "bid" | "ask"
std::string_view OrderTypeName(OrderType type);          // "Limit" | "Market" | "StopLoss" | ...
std::string_view OrderStatusName(OrderStatus status);    // "New" | "Placed" | ...
std::string_view CancelReasonName(CancelReason reason);  // "" | "user" | "self_trade" | ...

constexpr BookSide BookSideOf(int outcome, OrderSide side) {
  return ((side == OrderSide::kAsk) != (outcome == 1)) ? BookSide::kSell : BookSide::kBuy;
}
constexpr BookSide Opposite(BookSide side) {
  return side == BookSide::kBuy ? BookSide::kSell : BookSide::kBuy;
}

struct Order {
  OrderId id;
  AccountId account;
  MarketId market;
  std::uint8_t outcome = 0;  // 0 or 1
  OrderSide side = OrderSide::kBid;
  OrderType type = OrderType::kLimit;
  OrderStatus status = OrderStatus::kNew;
  CancelReason reason = CancelReason::kNone;
  std::uint8_t price = 0;            // limit price in cents of `outcome`; 0 for Market/Stop
  std::uint8_t trigger_price = 0;    // StopLoss/TakeProfit trigger in cents of `outcome`
  std::uint8_t last_exec_price = 0;  // cents of `outcome`; 0 = no fill yet (null)
  std::int64_t quantity = 0;         // requested shares; 0 when the order is by quote_quantity
  Money quote_quantity;              // cost cap (bids only); zero when by quantity
  std::int64_t cum_quantity = 0;     // shares filled
  Money cum_quote_quantity;          // Σ fill quantity × fill price in `outcome` terms
  Money cum_fees;                    // Σ fees charged on this order's fills
  Timestamp created_at;
  // Locks this order holds now: cash in the account's locked_engine, and shares of `outcome`
  // locked in the account's position (asks deliver held shares first).
  Money locked_cash;
  std::int64_t locked_shares = 0;

  bool by_quote() const { return quantity == 0; }
  bool is_stop() const { return type == OrderType::kStopLoss || type == OrderType::kTakeProfit; }
  bool open() const { return status == OrderStatus::kNew || status == OrderStatus::kPlaced; }
  std::int64_t remaining() const { return quantity - cum_quantity; }  // by-quantity orders
  BookSide book_side() const { return BookSideOf(outcome, side); }
  // The limit in outcome-0 cents, as the book keys it.
  int book_price() const { return outcome == 0 ? price : 100 - price; }
};

}  // namespace probex::venue
