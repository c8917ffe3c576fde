#include "venue/domain/order.h"

namespace probex::venue {

std::string_view OrderSideName(OrderSide side) { return side == OrderSide::kBid ? "bid" : "ask"; }

std::string_view OrderTypeName(OrderType type) {
  switch (type) {
    case OrderType::kLimit:
      return "Limit";
    case OrderType::kMarket:
      return "Market";
    case OrderType::kStopLoss:
      return "StopLoss";
    case OrderType::kTakeProfit:
      return "TakeProfit";
  }
  return "?";
}

std::string_view OrderStatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kNew:
      return "New";
    case OrderStatus::kPlaced:
      return "Placed";
    case OrderStatus::kFilled:
      return "Filled";
    case OrderStatus::kCancelled:
      return "Cancelled";
    case OrderStatus::kInternalCancel:
      return "InternalCancel";
  }
  return "?";
}

std::string_view CancelReasonName(CancelReason reason) {
  switch (reason) {
    case CancelReason::kNone:
      return "";
    case CancelReason::kUser:
      return "user";
    case CancelReason::kMarketEnded:
      return "market_ended";
    case CancelReason::kSelfTrade:
      return "self_trade";
    case CancelReason::kNoLiquidity:
      return "no_liquidity";
  }
  return "?";
}

}  // namespace probex::venue
