#include "bookmaker/domain/order.h"

namespace probex::bookmaker {

std::string_view OrderStatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kPending:
      return "PENDING";
    case OrderStatus::kProcessing:
      return "PROCESSING";
    case OrderStatus::kFilled:
      return "FILLED";
    case OrderStatus::kPartiallyFilled:
      return "PARTIALLY_FILLED";
    case OrderStatus::kCancelled:
      return "CANCELLED";
    case OrderStatus::kRejected:
      return "REJECTED";
    case OrderStatus::kExpired:
      return "EXPIRED";
    case OrderStatus::kFailed:
      return "FAILED";
  }
  return "FAILED";
}

std::optional<OrderStatus> ParseOrderStatus(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(OrderStatus::kFailed); ++i) {
    auto s = static_cast<OrderStatus>(i);
    if (OrderStatusName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace probex::bookmaker
