// Review of the engine's view of a settled hedge bet: BetReturn must pay back exactly what the
// bookmaker pays (src/bookmaker/domain/settlement.cc SettlementReturn: ⌊stake × price⌋ for WON,
// ⌊stake × (price + 1) / 2⌋ for HALF_WON, ⌊stake / 2⌋ for HALF_LOST), to the unit, so that
// the realized P&L the engine reports equals the money the bookmaker credited.
#include <gtest/gtest.h>

#include "mm/domain/position.h"
#include "mm/domain/settlement.h"

namespace probex::mm {
namespace {

Money M(const char* text) { return Money::Parse(text).value(); }
Money U(std::int64_t units) { return Money::FromUnits(units); }

TEST(SettlementHalfWonTest, HalfWonReturnIsTheBookmakersSingleRoundingToTheUnit) {
  // 3 units at 2.5: the bookmaker pays ⌊3 × 3.5 / 2⌋ = ⌊5.25⌋ = 5 units.
  EXPECT_EQ(BetReturn(U(3), M("2.5"), SettlementStatus::kHalfWon), U(5));
  // 1 unit at 1.952: ⌊1 × 2.952 / 2⌋ = 1 unit.
  EXPECT_EQ(BetReturn(U(1), M("1.952"), SettlementStatus::kHalfWon), U(1));
  // 10.00000001 at 1.9: ⌊1000000001 × 2.9 / 2⌋ = ⌊1450000001.45⌋.
  EXPECT_EQ(BetReturn(M("10.00000001"), M("1.9"), SettlementStatus::kHalfWon), U(1450000001));
  // Cent stakes (what the engine sends) were already exact and stay so.
  EXPECT_EQ(BetReturn(M("14.24"), M("2.613"), SettlementStatus::kHalfWon), M("25.72456"));
}

TEST(SettlementHalfWonTest, RealizedHalfWonHedgeCountsTheBookmakersPayout) {
  // No venue shares; one HALF_WON bet of 3 units at 2.5: realized = 5 − 3 = +2 units.
  Position p(101, {101, 102});
  p.AddBet({101, U(3), M("2.5")});
  EXPECT_EQ(p.Realized(std::nullopt, {SettlementStatus::kHalfWon}), U(2));
}

}  // namespace
}  // namespace probex::mm
