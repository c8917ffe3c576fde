#include "bookmaker/domain/settlement.h"

#include <gtest/gtest.h>

#include "bookmaker/domain/grading.h"
#include "bookmaker/domain/market_catalogue.h"

namespace probex::bookmaker {
namespace {

const MarketSpec& Handicap(int line_quarters) {
  const MarketSpec* m = MarketCatalogue::Standard().FindMarket(1100 + 2 * (line_quarters + 8));
  EXPECT_NE(m, nullptr);
  EXPECT_EQ(m->line_quarters, line_quarters);
  return *m;
}

const MarketSpec& Total(int line_quarters) {
  const MarketSpec* m = MarketCatalogue::Standard().FindMarket(1000 + 2 * line_quarters);
  EXPECT_NE(m, nullptr);
  EXPECT_EQ(m->line_quarters, line_quarters);
  return *m;
}

constexpr int kHome = 0;
constexpr int kAway = 1;
constexpr int kOver = 0;
constexpr int kUnder = 1;

Money M(std::string_view s) { return Money::Parse(s).value(); }

TEST(SettlementTest, AsianHandicapMinusQuarterOnDrawIsHalfLost) {
  EXPECT_EQ(GradeOutcome(Handicap(-1), kHome, {1, 1}), SettlementStatus::kHalfLost);
}

TEST(SettlementTest, AsianHandicapPlusQuarterOnDrawIsHalfWon) {
  EXPECT_EQ(GradeOutcome(Handicap(1), kHome, {0, 0}), SettlementStatus::kHalfWon);
  // The away side of the −0.25 market is +0.25 on the away team.
  EXPECT_EQ(GradeOutcome(Handicap(-1), kAway, {2, 2}), SettlementStatus::kHalfWon);
}

TEST(SettlementTest, AsianHandicapMinusThreeQuartersWinningByOneIsHalfWon) {
  EXPECT_EQ(GradeOutcome(Handicap(-3), kHome, {2, 1}), SettlementStatus::kHalfWon);
}

TEST(SettlementTest, AsianHandicapPlusThreeQuartersLosingByOneIsHalfLost) {
  EXPECT_EQ(GradeOutcome(Handicap(3), kHome, {0, 1}), SettlementStatus::kHalfLost);
}

TEST(SettlementTest, AsianHandicapMinusOneWinningByOneIsPush) {
  EXPECT_EQ(GradeOutcome(Handicap(-4), kHome, {3, 2}), SettlementStatus::kPush);
  EXPECT_EQ(GradeOutcome(Handicap(-4), kAway, {3, 2}), SettlementStatus::kPush);
}

TEST(SettlementTest, AsianHandicapMinusOneAndAQuarterWinningByOneIsHalfLost) {
  EXPECT_EQ(GradeOutcome(Handicap(-5), kHome, {1, 0}), SettlementStatus::kHalfLost);
  EXPECT_EQ(GradeOutcome(Handicap(-5), kAway, {1, 0}), SettlementStatus::kHalfWon);
}

TEST(SettlementTest, HalfLinesNeverPush) {
  EXPECT_EQ(GradeOutcome(Handicap(-2), kHome, {1, 0}), SettlementStatus::kWon);
  EXPECT_EQ(GradeOutcome(Handicap(-2), kHome, {1, 1}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(Handicap(2), kAway, {1, 1}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(Total(10), kOver, {2, 1}), SettlementStatus::kWon);
  EXPECT_EQ(GradeOutcome(Total(10), kUnder, {1, 1}), SettlementStatus::kWon);
}

TEST(SettlementTest, OverTwoAndAQuarterWithTwoGoalsIsHalfLost) {
  EXPECT_EQ(GradeOutcome(Total(9), kOver, {1, 1}), SettlementStatus::kHalfLost);
  EXPECT_EQ(GradeOutcome(Total(9), kUnder, {2, 0}), SettlementStatus::kHalfWon);
}

TEST(SettlementTest, OverTwoAndThreeQuartersWithThreeGoalsIsHalfWon) {
  EXPECT_EQ(GradeOutcome(Total(11), kOver, {2, 1}), SettlementStatus::kHalfWon);
  EXPECT_EQ(GradeOutcome(Total(11), kUnder, {0, 3}), SettlementStatus::kHalfLost);
}

TEST(SettlementTest, OverThreeWithThreeGoalsIsPush) {
  EXPECT_EQ(GradeOutcome(Total(12), kOver, {3, 0}), SettlementStatus::kPush);
  EXPECT_EQ(GradeOutcome(Total(12), kUnder, {1, 2}), SettlementStatus::kPush);
}

TEST(SettlementTest, GradeLineCoversEveryQuarterCase) {
  EXPECT_EQ(GradeLine(-3), SettlementStatus::kLost);
  EXPECT_EQ(GradeLine(-2), SettlementStatus::kLost);
  EXPECT_EQ(GradeLine(-1), SettlementStatus::kHalfLost);
  EXPECT_EQ(GradeLine(0), SettlementStatus::kPush);
  EXPECT_EQ(GradeLine(1), SettlementStatus::kHalfWon);
  EXPECT_EQ(GradeLine(2), SettlementStatus::kWon);
  EXPECT_EQ(GradeLine(3), SettlementStatus::kWon);
}

TEST(SettlementTest, ReturnsFollowTheFormulas) {
  Money s = M("100");
  Odds p = Odds::FromThousandths(1950);
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kWon), M("195"));
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kHalfWon), M("147.5"));  // 50·1.95 + 50
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kPush), s);
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kVoid), s);
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kHalfLost), M("50"));
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kLost), Money::Zero());
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kUnsettled), Money::Zero());
}

TEST(SettlementTest, ReturnsRoundDownToTheUnit) {
  // 0.00000003 × 1.333 = 0.00000003999 → 0.00000003; half of 0.00000003 → 0.00000001.
  Money s = Money::FromUnits(3);
  Odds p = Odds::FromThousandths(1333);
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kWon).units(), 3);
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kHalfLost).units(), 1);
  // (3 × 1.333 + 3) / 2 = 3.4995 → 3.
  EXPECT_EQ(SettlementReturn(s, p, SettlementStatus::kHalfWon).units(), 3);
}

TEST(SettlementTest, NamesRoundTrip) {
  for (SettlementStatus s :
       {SettlementStatus::kUnsettled, SettlementStatus::kWon, SettlementStatus::kLost,
        SettlementStatus::kVoid, SettlementStatus::kHalfWon, SettlementStatus::kHalfLost,
        SettlementStatus::kPush}) {
    EXPECT_EQ(ParseSettlementStatus(SettlementStatusName(s)), s);
  }
  EXPECT_EQ(FeedResultName(SettlementStatus::kHalfWon), "HALFWIN");
  EXPECT_EQ(FeedResultName(SettlementStatus::kHalfLost), "HALFLOSS");
  EXPECT_EQ(FeedResultName(SettlementStatus::kVoid), "CANCELLED");
  EXPECT_EQ(FeedResultName(SettlementStatus::kUnsettled), "UNDECIDED");
}

}  // namespace
}  // namespace probex::bookmaker
