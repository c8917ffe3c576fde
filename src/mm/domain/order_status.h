// The engine order's and hedge bet's lifecycle enums, spelled as the 55-tech reference does:
// orderStatus PENDING_PLACEMENT → PLACED → FILLED | CANCELLED | FAILED | EXPIRED;
// matchedStatus NOT_MATCHED → PARTIALLY_MATCHED → FULLY_MATCHED; hedge bets PENDING → PLACED |
// DECLINED | FAILED (FLAGGED when retries gave up). Thread rule: pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace probex::mm {

enum class OrderStatus { kPendingPlacement, kPlaced, kFilled, kCancelled, kFailed, kExpired };
enum class MatchedStatus { kNotMatched, kPartiallyMatched, kFullyMatched };
enum class BetStatus { kPending, kPlaced, kDeclined, kFailed };

std::string_view OrderStatusName(OrderStatus status);
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);
std::string_view MatchedStatusName(MatchedStatus status);
std::optional<MatchedStatus> ParseMatchedStatus(std::string_view name);
std::string_view BetStatusName(BetStatus status);
std::optional<BetStatus> ParseBetStatus(std::string_view name);

// Terminal order statuses never change again.
bool IsTerminal(OrderStatus status);
MatchedStatus MatchedFor(std::int64_t matched, std::int64_t quantity);

}  // namespace probex::mm
