#include "mm/domain/quote_pricer.h"

#include <gtest/gtest.h>

namespace probex::mm {
namespace {

Money M(const char* text) { return Money::Parse(text).value(); }

// Home 2.5 (outcome 0 stands for it), draw 4.0, away 5.0.
const HedgeQuote kHome{101, M("2.5"), M("60")};
const std::vector<HedgeQuote> kOthers = {{102, M("4.0"), M("100")}, {103, M("5.0"), M("80")}};

TEST(QuotePricerTest, NoFeeIsTheIssueFormula) {
  PricingParams p;
  p.margin = 0.02;
  // floor(1 − 0.25 − 0.20 − 0.02) = 0.53; ceil(0.40 + 0.02) = 0.42.
  EXPECT_EQ(BidCents(kOthers, p), 53);
  EXPECT_EQ(AskCents(kHome, p), 42);
}

TEST(QuotePricerTest, FloorAndCeilGoToTheSafeSide) {
  PricingParams p;
  p.margin = 0.015;
  // 1 − 0.45 − 0.015 = 0.535 → 53; 0.40 + 0.015 = 0.415 → 42.
  EXPECT_EQ(BidCents(kOthers, p), 53);
  EXPECT_EQ(AskCents(kHome, p), 42);
  p.tick_cents = 5;
  EXPECT_EQ(BidCents(kOthers, p), 50);
  EXPECT_EQ(AskCents(kHome, p), 45);
}

TEST(QuotePricerTest, FeeMovesEachQuoteOneTickAway) {
  PricingParams p;
  p.margin = 0.02;
  p.fee_rate = M("0.02");
  // 0.53 + 0.02×0.47 > 0.53, 0.52 + 0.02×0.48 = 0.5296 ≤ 0.53.
  EXPECT_EQ(BidCents(kOthers, p), 52);
  // 0.42 − 0.0084 < 0.42, 0.43 − 0.0086 = 0.4214 ≥ 0.42.
  EXPECT_EQ(AskCents(kHome, p), 43);
  EXPECT_EQ(FeePerShare(52, M("0.02")), M("0.0096"));
}

TEST(QuotePricerTest, NoTradeableTickMeansNoQuote) {
  PricingParams p;
  p.margin = 0.02;
  EXPECT_FALSE(BidCents({{1, M("1.01"), M("10")}}, p).has_value());
  EXPECT_FALSE(AskCents({1, M("1.01"), M("10")}, p).has_value());
  EXPECT_FALSE(BidCents({}, p).has_value());
}

TEST(QuotePricerTest, SizeIsBoundByEveryHedgeLimitAndCap) {
  SizingParams s;
  s.limit_ratio = M("0.5");
  s.max_order_shares = 150;
  // Draw: 0.5×100×4 = 200, away: 0.5×80×5 = 200, per-order cap 150.
  EXPECT_EQ(QuoteShares(QuoteSide::kBid, 52, kOthers, s), 150);
  s.fixture_room = M("52");  // 52 / 0.52
  EXPECT_EQ(QuoteShares(QuoteSide::kBid, 52, kOthers, s), 100);
  s.sport_room = M("5.19");
  EXPECT_EQ(QuoteShares(QuoteSide::kBid, 52, kOthers, s), 9);
  s.sport_room = Money();
  EXPECT_EQ(QuoteShares(QuoteSide::kBid, 52, kOthers, s), 0);
}

TEST(QuotePricerTest, AskSizeUsesTheOutcomeLimitAndTheComplementCost) {
  SizingParams s;
  s.limit_ratio = M("0.5");
  // 0.5 × 30 × 2.5 = 37.5 → 37 whole shares.
  EXPECT_EQ(QuoteShares(QuoteSide::kAsk, 43, {{101, M("2.5"), M("30")}}, s), 37);
  s.fixture_room = M("5.70");  // the ask buys outcome 1 at 0.57
  EXPECT_EQ(QuoteShares(QuoteSide::kAsk, 43, {{101, M("2.5"), M("30")}}, s), 10);
  EXPECT_EQ(CostPerShare(QuoteSide::kAsk, 43), M("0.57"));
}

}  // namespace
}  // namespace probex::mm
