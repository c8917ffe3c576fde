#include "bookmaker/domain/settlement.h"

namespace probex::bookmaker {
namespace {

SettlementStatus GradeWholeOrHalf(int adjusted_quarters) {
  if (adjusted_quarters > 0) return SettlementStatus::kWon;
  if (adjusted_quarters == 0) return SettlementStatus::kPush;
  return SettlementStatus::kLost;
}

}  // namespace

std::string_view SettlementStatusName(SettlementStatus status) {
  switch (status) {
    case SettlementStatus::kUnsettled:
      return "UNSETTLED";
    case SettlementStatus::kWon:
      return "WON";
    case SettlementStatus::kLost:
      return "LOST";
    case SettlementStatus::kVoid:
      return "VOID";
    case SettlementStatus::kHalfWon:
      return "HALF_WON";
    case SettlementStatus::kHalfLost:
      return "HALF_LOST";
    case SettlementStatus::kPush:
      return "PUSH";
  }
  return "UNSETTLED";
}

std::optional<SettlementStatus> ParseSettlementStatus(std::string_view name) {
  for (SettlementStatus s :
       {SettlementStatus::kUnsettled, SettlementStatus::kWon, SettlementStatus::kLost,
        SettlementStatus::kVoid, SettlementStatus::kHalfWon, SettlementStatus::kHalfLost,
        SettlementStatus::kPush}) {
    if (SettlementStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view FeedResultName(SettlementStatus status) {
  switch (status) {
    case SettlementStatus::kUnsettled:
      return "UNDECIDED";
    case SettlementStatus::kWon:
      return "WIN";
    case SettlementStatus::kLost:
      return "LOSE";
    case SettlementStatus::kVoid:
      return "CANCELLED";
    case SettlementStatus::kHalfWon:
      return "HALFWIN";
    case SettlementStatus::kHalfLost:
      return "HALFLOSS";
    case SettlementStatus::kPush:
      return "PUSH";
  }
  return "UNDECIDED";
}

SettlementStatus GradeLine(int adjusted_quarters) {
  if (adjusted_quarters % 2 == 0) return GradeWholeOrHalf(adjusted_quarters);
  // A quarter line: both neighbours are whole or half lines and differ by half a goal, so one
  // half cannot win while the other loses.
  SettlementStatus lower = GradeWholeOrHalf(adjusted_quarters - 1);
  SettlementStatus upper = GradeWholeOrHalf(adjusted_quarters + 1);
  if (lower == upper) return lower;
  if (upper == SettlementStatus::kWon && lower == SettlementStatus::kPush) {
    return SettlementStatus::kHalfWon;
  }
  return SettlementStatus::kHalfLost;  // push + lose
}

Money SettlementReturn(Money stake, Odds price, SettlementStatus status) {
  switch (status) {
    case SettlementStatus::kWon:
      return stake.MulDiv(price.thousandths(), Odds::kScale, Rounding::kDown);
    case SettlementStatus::kHalfWon:
      return stake.MulDiv(price.thousandths() + Odds::kScale, 2 * Odds::kScale, Rounding::kDown);
    case SettlementStatus::kPush:
    case SettlementStatus::kVoid:
      return stake;
    case SettlementStatus::kHalfLost:
      return stake.MulDiv(1, 2, Rounding::kDown);
    case SettlementStatus::kLost:
    case SettlementStatus::kUnsettled:
      return Money::Zero();
  }
  return Money::Zero();
}

}  // namespace probex::bookmaker
