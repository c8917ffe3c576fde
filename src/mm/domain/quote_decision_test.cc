#include "mm/domain/quote_decision.h"

#include <gtest/gtest.h>

namespace probex::mm {
namespace {

TEST(QuoteDecisionTest, PlacesKeepsReplacesAndCancels) {
  const QuoteLevel live{53, 100};
  EXPECT_EQ(DecideQuote(std::nullopt, QuoteLevel{53, 100}, 1, 0.2), QuoteAction::kPlace);
  EXPECT_EQ(DecideQuote(std::nullopt, QuoteLevel{53, 0}, 1, 0.2), QuoteAction::kNone);
  EXPECT_EQ(DecideQuote(std::nullopt, std::nullopt, 1, 0.2), QuoteAction::kNone);
  EXPECT_EQ(DecideQuote(live, std::nullopt, 1, 0.2), QuoteAction::kCancel);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{53, 0}, 1, 0.2), QuoteAction::kCancel);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{53, 100}, 1, 0.2), QuoteAction::kNone);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{52, 100}, 1, 0.2), QuoteAction::kReplace);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{54, 100}, 1, 0.2), QuoteAction::kReplace);
}

TEST(QuoteDecisionTest, SizeChangesReplaceOnlyPastTheFraction) {
  const QuoteLevel live{53, 100};
  EXPECT_EQ(DecideQuote(live, QuoteLevel{53, 120}, 1, 0.2), QuoteAction::kNone);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{53, 121}, 1, 0.2), QuoteAction::kReplace);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{53, 80}, 1, 0.2), QuoteAction::kNone);
  EXPECT_EQ(DecideQuote(live, QuoteLevel{53, 79}, 1, 0.2), QuoteAction::kReplace);
}

TEST(QuoteDecisionTest, MovesSmallerThanATickKeepTheOrder) {
  EXPECT_EQ(DecideQuote(QuoteLevel{50, 10}, QuoteLevel{54, 10}, 5, 0.2), QuoteAction::kNone);
  EXPECT_EQ(DecideQuote(QuoteLevel{50, 10}, QuoteLevel{55, 10}, 5, 0.2), QuoteAction::kReplace);
}

}  // namespace
}  // namespace probex::mm
