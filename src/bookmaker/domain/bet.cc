#include "bookmaker/domain/bet.h"

namespace probex::bookmaker {

std::string_view BetStatusName(BetStatus status) {
  switch (status) {
    case BetStatus::kPending:
      return "PENDING";
    case BetStatus::kPlaced:
      return "PLACED";
    case BetStatus::kConfirmed:
      return "CONFIRMED";
    case BetStatus::kRejected:
      return "REJECTED";
    case BetStatus::kCancelled:
      return "CANCELLED";
    case BetStatus::kFailed:
      return "FAILED";
    case BetStatus::kVoid:
      return "VOID";
  }
  return "FAILED";
}

std::optional<BetStatus> ParseBetStatus(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(BetStatus::kVoid); ++i) {
    auto s = static_cast<BetStatus>(i);
    if (BetStatusName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace probex::bookmaker
