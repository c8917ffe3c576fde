#include "mm/domain/settlement.h"

#include <utility>

namespace probex::mm {
namespace {

constexpr std::pair<std::string_view, SettlementStatus> kNames[] = {
    {"UNDECIDED", SettlementStatus::kUndecided}, {"WON", SettlementStatus::kWon},
    {"LOST", SettlementStatus::kLost},           {"VOID", SettlementStatus::kVoid},
    {"HALF_WON", SettlementStatus::kHalfWon},    {"HALF_LOST", SettlementStatus::kHalfLost},
};

}  // namespace

std::string_view SettlementStatusName(SettlementStatus status) {
  for (const auto& [name, value] : kNames) {
    if (value == status) return name;
  }
  return "UNDECIDED";
}

std::optional<SettlementStatus> ParseSettlementStatus(std::string_view name) {
  for (const auto& [n, value] : kNames) {
    if (n == name) return value;
  }
  return std::nullopt;
}

std::optional<SettlementStatus> FromFeedResult(std::string_view result) {
  if (result == "WIN") return SettlementStatus::kWon;
  if (result == "LOSE") return SettlementStatus::kLost;
  if (result == "HALFWIN") return SettlementStatus::kHalfWon;
  if (result == "HALFLOSS") return SettlementStatus::kHalfLost;
  if (result == "CANCELLED" || result == "PUSH" || result == "VOID") return SettlementStatus::kVoid;
  if (result == "UNDECIDED") return SettlementStatus::kUndecided;
  return std::nullopt;
}

std::optional<SettlementStatus> FromBetSettlement(std::string_view name) {
  if (name == "PUSH") return SettlementStatus::kVoid;
  if (name == "UNSETTLED") return SettlementStatus::kUndecided;
  return ParseSettlementStatus(name);
}

SettlementStatus Opposite(SettlementStatus status) {
  switch (status) {
    case SettlementStatus::kWon:
      return SettlementStatus::kLost;
    case SettlementStatus::kLost:
      return SettlementStatus::kWon;
    case SettlementStatus::kHalfWon:
      return SettlementStatus::kHalfLost;
    case SettlementStatus::kHalfLost:
      return SettlementStatus::kHalfWon;
    case SettlementStatus::kUndecided:
    case SettlementStatus::kVoid:
      return status;
  }
  return status;
}

SettlementStatus OrderSettlement(QuoteSide side, SettlementStatus outcome_result) {
  return side == QuoteSide::kBid ? outcome_result : Opposite(outcome_result);
}

Money BetReturn(Money stake, Money odds, SettlementStatus status) {
  switch (status) {
    case SettlementStatus::kWon:
      return stake.MulRate(odds, Rounding::kDown);
    case SettlementStatus::kHalfWon:
      // ⌊stake × (odds + 1) / 2⌋ with one rounding, as the bookmaker pays it (⌊⌊x⌋ / 2⌋ =
      // ⌊x / 2⌋), not ⌊stake/2⌋ + ⌊stake×odds/2⌋, which can fall a unit short.
      return stake.MulRate(odds + Money::FromUnits(Money::kScale), Rounding::kDown)
          .MulDiv(1, 2, Rounding::kDown);
    case SettlementStatus::kVoid:
      return stake;
    case SettlementStatus::kHalfLost:
      return stake.MulDiv(1, 2, Rounding::kDown);
    case SettlementStatus::kLost:
    case SettlementStatus::kUndecided:
      return Money();
  }
  return Money();
}

Money VenuePayoutPerShare(int held, std::optional<int> winning_outcome) {
  if (!winning_outcome) return Money::FromUnits(Money::kScale / 2);
  return *winning_outcome == held ? Money::FromUnits(Money::kScale) : Money();
}

}  // namespace probex::mm
