#include "bookmaker/domain/grading.h"

#include <gtest/gtest.h>

#include <set>

namespace probex::bookmaker {
namespace {

const MarketSpec& Market(int id) {
  const MarketSpec* m = MarketCatalogue::Standard().FindMarket(id);
  EXPECT_NE(m, nullptr) << id;
  return *m;
}

TEST(GradingTest, MatchResult) {
  const MarketSpec& m = Market(101);
  EXPECT_EQ(GradeOutcome(m, 0, {2, 1}), SettlementStatus::kWon);
  EXPECT_EQ(GradeOutcome(m, 1, {2, 1}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(m, 2, {2, 1}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(m, 1, {0, 0}), SettlementStatus::kWon);
  EXPECT_EQ(GradeOutcome(m, 2, {0, 3}), SettlementStatus::kWon);
}

TEST(GradingTest, BothTeamsToScore) {
  const MarketSpec& m = Market(104);
  EXPECT_EQ(GradeOutcome(m, 0, {1, 1}), SettlementStatus::kWon);
  EXPECT_EQ(GradeOutcome(m, 1, {1, 1}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(m, 0, {3, 0}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(m, 1, {3, 0}), SettlementStatus::kWon);
}

TEST(GradingTest, MoneylineIncludesOvertimeAndPushesOnATie) {
  const MarketSpec& m = Market(111);
  EXPECT_EQ(GradeOutcome(m, 0, {101, 99}), SettlementStatus::kWon);
  EXPECT_EQ(GradeOutcome(m, 1, {101, 99}), SettlementStatus::kLost);
  EXPECT_EQ(GradeOutcome(m, 1, {100, 100}), SettlementStatus::kPush);
}

TEST(GradingTest, TotalsAndHandicapsAreComplementary) {
  // Over and under of one line, home and away of one handicap, mirror each other.
  const MarketCatalogue& c = MarketCatalogue::Standard();
  for (const MarketSpec& m : c.markets()) {
    if (m.kind != MarketKind::kTotal && m.kind != MarketKind::kHandicap) continue;
    for (int h = 0; h <= 5; ++h) {
      for (int a = 0; a <= 5; ++a) {
        SettlementStatus first = GradeOutcome(m, 0, {h, a});
        SettlementStatus second = GradeOutcome(m, 1, {h, a});
        switch (first) {
          case SettlementStatus::kWon:
            EXPECT_EQ(second, SettlementStatus::kLost);
            break;
          case SettlementStatus::kHalfWon:
            EXPECT_EQ(second, SettlementStatus::kHalfLost);
            break;
          case SettlementStatus::kPush:
            EXPECT_EQ(second, SettlementStatus::kPush);
            break;
          case SettlementStatus::kHalfLost:
            EXPECT_EQ(second, SettlementStatus::kHalfWon);
            break;
          case SettlementStatus::kLost:
            EXPECT_EQ(second, SettlementStatus::kWon);
            break;
          default:
            ADD_FAILURE() << m.name;
        }
      }
    }
  }
}

TEST(GradingTest, CatalogueIdsAreFirstOutcomeIdsAndUnique) {
  const MarketCatalogue& c = MarketCatalogue::Standard();
  std::set<int> outcome_ids;
  for (const MarketSpec& m : c.markets()) {
    ASSERT_FALSE(m.outcomes.empty());
    EXPECT_EQ(m.market_id, m.outcomes[0].outcome_id);
    for (const auto& o : m.outcomes) EXPECT_TRUE(outcome_ids.insert(o.outcome_id).second);
  }
  auto ref = c.FindOutcome(1033);  // under 4.0 → market 1032
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->market->market_id, 1032);
  EXPECT_EQ(ref->index, 1);
  EXPECT_EQ(ref->market->name, "Over/Under 4");
  EXPECT_EQ(c.FindMarket(1100)->name, "Asian Handicap -2");
  EXPECT_EQ(c.FindMarket(1118)->name, "Asian Handicap +0.25");
  EXPECT_EQ(FormatQuarters(-3), "-0.75");
  EXPECT_EQ(FormatQuarters(9), "2.25");
  EXPECT_EQ(FormatQuarters(0), "0");
}

}  // namespace
}  // namespace probex::bookmaker
