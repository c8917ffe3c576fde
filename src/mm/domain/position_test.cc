#include "mm/domain/position.h"

#include <gtest/gtest.h>

#include "mm/domain/hedge_plan.h"

namespace probex::mm {
namespace {

Money M(const char* text) { return Money::Parse(text).value(); }

TEST(HedgePlanTest, StakesRoundUpToTheCent) {
  EXPECT_EQ(HedgeStake(100, M("4.0")), M("25"));
  EXPECT_EQ(HedgeStake(37, M("2.6")), M("14.24"));  // 14.2307… up
  EXPECT_EQ(HedgeStake(0, M("2.6")), Money());
  auto legs = PlanHedge(100, {{102, M("4.0"), M("100")}, {103, M("5.0"), M("80")}});
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].outcome_id, 102);
  EXPECT_EQ(legs[0].stake, M("25"));
  EXPECT_EQ(legs[1].stake, M("20"));
}

// A bid of 100 shares at 0.52 (fee 2% × 0.48 × 100 = 0.96) hedged on draw 4.0 and away 5.0.
Position HedgedBid() {
  Position p(101, {101, 102, 103});
  p.AddFill(QuoteSide::kBid, 100, 52, M("0.96"));
  p.AddBet({102, M("25"), M("4.0")});
  p.AddBet({103, M("20"), M("5.0")});
  return p;
}

TEST(PositionTest, HedgedBidLocksTheSameResultWhateverWins) {
  Position p = HedgedBid();
  EXPECT_EQ(p.ResultIf(101), M("2.04"));  // 100 − 52 − 0.96 − 45
  EXPECT_EQ(p.ResultIf(102), M("2.04"));  // 100 − 52.96 − 45
  EXPECT_EQ(p.ResultIf(103), M("2.04"));
  EXPECT_EQ(p.LockedResult(), M("2.04"));
  EXPECT_EQ(p.MarkToFair({0.4, 0.3, 0.3}), M("2.04"));
  EXPECT_EQ(p.total_stake(), M("45"));
}

TEST(PositionTest, RealizedFollowsTheSettlement) {
  Position p = HedgedBid();
  // Draw: the venue resolves outcome 1 (home did not win); the draw bet wins, the away bet loses.
  EXPECT_EQ(p.Realized(1, {SettlementStatus::kWon, SettlementStatus::kLost}), M("2.04"));
  // Everything void: venue pays 0.50 a share, bets are refunded: 50 − 52.96.
  EXPECT_EQ(p.Realized(std::nullopt, {SettlementStatus::kVoid, SettlementStatus::kVoid}),
            M("-2.96"));
}

TEST(PositionTest, UnhedgedAskIsExposedAndRepricedHedgeIsJudged) {
  Position p(101, {101, 102});
  p.AddFill(QuoteSide::kAsk, 10, 43, Money());  // buys outcome 1 at 0.57
  EXPECT_EQ(p.venue_cost(), M("5.7"));
  EXPECT_EQ(p.ResultIf(101), M("-5.7"));
  EXPECT_EQ(p.ResultIf(102), M("4.3"));
  EXPECT_EQ(p.LockedResult(), M("-5.7"));
  // Backing home at 2.5 with 4.00: 10 − 5.7 − 4 = 0.3 if home wins, 10 − 5.7 − 4 if not.
  EXPECT_EQ(p.LockedResultWith({{101, M("4"), M("2.5")}}), M("0.3"));
  // At a worse 2.2 the same stake no longer covers: 8.8 − 5.7 − 4 = −0.9.
  EXPECT_EQ(p.LockedResultWith({{101, M("4"), M("2.2")}}), M("-0.9"));
}

TEST(SettlementTest, OrdersFollowTheirSideAndBetsReturnByStatus) {
  EXPECT_EQ(OrderSettlement(QuoteSide::kBid, SettlementStatus::kWon), SettlementStatus::kWon);
  EXPECT_EQ(OrderSettlement(QuoteSide::kAsk, SettlementStatus::kWon), SettlementStatus::kLost);
  EXPECT_EQ(OrderSettlement(QuoteSide::kAsk, SettlementStatus::kHalfWon),
            SettlementStatus::kHalfLost);
  EXPECT_EQ(OrderSettlement(QuoteSide::kAsk, SettlementStatus::kVoid), SettlementStatus::kVoid);
  EXPECT_EQ(FromFeedResult("HALFWIN"), SettlementStatus::kHalfWon);
  EXPECT_EQ(FromFeedResult("PUSH"), SettlementStatus::kVoid);
  EXPECT_EQ(FromFeedResult("CANCELLED"), SettlementStatus::kVoid);
  EXPECT_EQ(FromBetSettlement("UNSETTLED"), SettlementStatus::kUndecided);
  EXPECT_EQ(FromBetSettlement("HALF_LOST"), SettlementStatus::kHalfLost);
  EXPECT_FALSE(FromFeedResult("MAYBE").has_value());
  EXPECT_EQ(BetReturn(M("10"), M("1.9"), SettlementStatus::kWon), M("19"));
  EXPECT_EQ(BetReturn(M("10"), M("1.9"), SettlementStatus::kHalfWon), M("14.5"));
  EXPECT_EQ(BetReturn(M("10"), M("1.9"), SettlementStatus::kHalfLost), M("5"));
  EXPECT_EQ(BetReturn(M("10"), M("1.9"), SettlementStatus::kVoid), M("10"));
  EXPECT_EQ(BetReturn(M("10"), M("1.9"), SettlementStatus::kLost), Money());
  EXPECT_EQ(SettlementStatusName(SettlementStatus::kHalfWon), "HALF_WON");
}

}  // namespace
}  // namespace probex::mm
