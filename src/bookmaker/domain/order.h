// Order: a request to bet (55-tech ABP place-orders) and what became of it. An accepted order
// is FILLED (or PARTIALLY_FILLED when only the limit was taken) and has one bet; a declined one
// is REJECTED (or EXPIRED) with a decline reason.
// Thread rule: plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bookmaker/domain/odds.h"
#include "common/money.h"
#include "common/time.h"

namespace probex::bookmaker {

enum class OrderStatus {
  kPending,
  kProcessing,
  kFilled,
  kPartiallyFilled,
  kCancelled,
  kRejected,
  kExpired,
  kFailed
};
std::string_view OrderStatusName(OrderStatus status);
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);

struct OrderRequest {
  std::string request_uuid;
  std::string fixture_id;
  int outcome_id = 0;
  std::string player_id = "0";
  Money order_price;  // the minimum acceptable decimal odds
  Money order_stake;
  std::optional<Timestamp> expires_at;
  bool accept_partial_stake = false;
  std::string user_ref;

  // Same placement (used to tell a retry from a different order reusing a requestUuid).
  friend bool operator==(const OrderRequest&, const OrderRequest&) = default;
};

struct Order {
  std::int64_t order_id = 0;
  std::int64_t account_id = 0;
  OrderRequest request;
  int market_id = 0;  // 0 when the outcome is unknown
  OrderStatus status = OrderStatus::kPending;
  Money filled_stake;
  std::optional<Odds> filled_price;
  std::string decline_reason;  // empty unless declined
  std::optional<std::int64_t> bet_id;
  Timestamp created_at;
};

}  // namespace probex::bookmaker
