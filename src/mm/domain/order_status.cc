#include "mm/domain/order_status.h"

#include <utility>

namespace probex::mm {
namespace {

template <typename E, std::size_t N>
std::string_view NameOf(const std::pair<std::string_view, E> (&table)[N], E value) {
  for (const auto& [name, v] : table) {
    if (v == value) return name;
  }
  return table[0].first;
}

template <typename E, std::size_t N>
std::optional<E> Parse(const std::pair<std::string_view, E> (&table)[N], std::string_view name) {
  for (const auto& [n, v] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

constexpr std::pair<std::string_view, OrderStatus> kOrder[] = {
    {"PENDING_PLACEMENT", OrderStatus::kPendingPlacement},
    {"PLACED", OrderStatus::kPlaced},
    {"FILLED", OrderStatus::kFilled},
    {"CANCELLED", OrderStatus::kCancelled},
    {"FAILED", OrderStatus::kFailed},
    {"EXPIRED", OrderStatus::kExpired},
};
constexpr std::pair<std::string_view, MatchedStatus> kMatched[] = {
    {"NOT_MATCHED", MatchedStatus::kNotMatched},
    {"PARTIALLY_MATCHED", MatchedStatus::kPartiallyMatched},
    {"FULLY_MATCHED", MatchedStatus::kFullyMatched},
};
constexpr std::pair<std::string_view, BetStatus> kBet[] = {
    {"PENDING", BetStatus::kPending},
    {"PLACED", BetStatus::kPlaced},
    {"DECLINED", BetStatus::kDeclined},
    {"FAILED", BetStatus::kFailed},
};

}  // namespace

std::string_view OrderStatusName(OrderStatus s) { return NameOf(kOrder, s); }
std::optional<OrderStatus> ParseOrderStatus(std::string_view n) { return Parse(kOrder, n); }
std::string_view MatchedStatusName(MatchedStatus s) { return NameOf(kMatched, s); }
std::optional<MatchedStatus> ParseMatchedStatus(std::string_view n) { return Parse(kMatched, n); }
std::string_view BetStatusName(BetStatus s) { return NameOf(kBet, s); }
std::optional<BetStatus> ParseBetStatus(std::string_view n) { return Parse(kBet, n); }

bool IsTerminal(OrderStatus s) {
  return s == OrderStatus::kFilled || s == OrderStatus::kCancelled || s == OrderStatus::kFailed ||
         s == OrderStatus::kExpired;
}

MatchedStatus MatchedFor(std::int64_t matched, std::int64_t quantity) {
  if (matched <= 0) return MatchedStatus::kNotMatched;
  return matched >= quantity ? MatchedStatus::kFullyMatched : MatchedStatus::kPartiallyMatched;
}

}  // namespace probex::mm
