// Review of the MM engine's realized P&L across restarts (tests/mm_fixture.h): the realized P&L
// of a settled position is the money the venue and the bookmaker paid, whether the engine was
// running when the fixture settled and the market resolved, or was restarted afterwards.
#include <gtest/gtest.h>

#include "mm_fixture.h"

namespace probex::testing {
namespace {

class MmPnlRestartTest : public MmFixture {
 protected:
  // The engine buys 40 "home" (a taker sells into its bid); its hedges back the draw and the
  // away side. Returns the realized P&L by hand once the fixture ends 1–1 and the market
  // resolves to "No": the 40 shares pay nothing, the draw bet wins, the away bet loses.
  struct Setup {
    MappedMarket home;
    Money expected;
  };
  Setup FillAndHedge() {
    const BookFixture f = FirstFixtureOfSport(10);
    Setup s;
    s.home = CreateMappedMarket(f, 101, 101);
    StartMm();
    auto [bid, ask] = WaitQuotes(s.home);
    EXPECT_FALSE(bid.empty());
    if (bid.empty()) return s;
    auto taker = NewTaker("taker", "10000");
    const int ph = Cents(bid);
    EXPECT_EQ(Take(*taker, s.home, "ask", ph, 40).Str("/order/status"), "Filled");
    std::map<std::string, boost::json::object> bets;
    EXPECT_TRUE(WaitFor([&] {
      bets = BookBets();
      return bets.size() == 2;
    })) << bets.size();
    s.expected =
        -(Money::FromUnits(40 * ph * (Money::kScale / 100)) + VenueFee(ph, 40, Mn("0.02")));
    for (const auto& [uuid, b] : bets) {
      const Money stake = MoneyOf(&b.at("stake"));
      s.expected -= stake;
      if (b.at("outcomeId").to_number<std::int64_t>() == 102) {
        s.expected += stake.MulRate(MoneyOf(&b.at("price")), Rounding::kDown);
      }
    }
    return s;
  }
  void SettleOneAll(const Setup& s) {
    Reply final_score = book_->Post("/admin/fixtures/" + s.home.fixture_id + "/final",
                                    R"({"participant1Score":1,"participant2Score":1})");
    ASSERT_EQ(final_score.status, 200) << final_score.body;
    Reply r = admin_->Post("/admin/v1/markets/" + s.home.market_id + "/resolve",
                           R"({"winningOutcomeIndex":1})");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  bool RealizedIs(const Money& expected, double seconds = 30) {
    return WaitFor([&] { return MetricMoney("mm_pnl_realized_units") == expected; }, seconds);
  }
};

TEST_F(MmPnlRestartTest, RealizedPnlSurvivesAnEngineRestartAfterTheMarketResolved) {
  const Setup s = FillAndHedge();
  ASSERT_FALSE(s.home.market_id.empty());
  SettleOneAll(s);
  ASSERT_TRUE(RealizedIs(s.expected))
      << "realized " << MetricMoney("mm_pnl_realized_units").ToPlainString() << ", by hand "
      << s.expected.ToPlainString();

  mm_->Restart();  // SIGKILL, then the same data directory
  // The resolved market is no longer ACTIVE on the venue; the position it held is still the
  // engine's, and so is its realized P&L.
  EXPECT_TRUE(RealizedIs(s.expected))
      << "after a restart: realized " << MetricMoney("mm_pnl_realized_units").ToPlainString()
      << ", by hand " << s.expected.ToPlainString();
}

TEST_F(MmPnlRestartTest, ASettlementWhileTheEngineIsDownIsPickedUpOnRestart) {
  const Setup s = FillAndHedge();
  ASSERT_FALSE(s.home.market_id.empty());
  // The engine is down while the fixture ends, the bookmaker settles the hedges and the venue
  // resolves the market.
  mm_->Kill();
  SettleOneAll(s);
  for (const auto& [uuid, b] : BookBets()) {
    EXPECT_NE(std::string(b.at("settlementStatus").as_string()), "UNSETTLED") << uuid;
  }
  mm_->Start();
  EXPECT_TRUE(RealizedIs(s.expected))
      << "realized " << MetricMoney("mm_pnl_realized_units").ToPlainString() << ", by hand "
      << s.expected.ToPlainString();
  // The engine's record of each hedge bet follows the bookmaker's settlement.
  EXPECT_TRUE(WaitFor([&] {
    for (const auto& b : Store().bets) {
      if (b.settlement_status == mm::SettlementStatus::kUndecided) return false;
    }
    return true;
  })) << "hedge bets left UNDECIDED";
  for (const auto& b : Store().bets) {
    EXPECT_EQ(b.settlement_status,
              b.outcome_id == 102 ? mm::SettlementStatus::kWon : mm::SettlementStatus::kLost)
        << b.bet_id;
  }
  // The filled bid held "home", which lost; quotes that never matched are VOID.
  EXPECT_TRUE(WaitFor([&] {
    for (const auto& o : Store().orders) {
      if (o.settlement_status == mm::SettlementStatus::kUndecided) return false;
    }
    return true;
  })) << "orders left UNDECIDED";
  for (const auto& o : Store().orders) {
    EXPECT_EQ(o.settlement_status,
              o.matched_quantity > 0 ? mm::SettlementStatus::kLost : mm::SettlementStatus::kVoid)
        << o.order_id;
  }
}

// The engine's quote that crosses a resting order fills at the resting order's (better) price,
// as every CLOB does: the position's cost, and so its realized P&L, is what the venue charged.
TEST_F(MmPnlRestartTest, AQuoteFilledAtABetterPriceCostsWhatTheVenueCharged) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket home = CreateMappedMarket(f, 101, 101);
  auto [want_bid, want_ask] = Expected(home);
  ASSERT_TRUE(want_bid && *want_bid > 6);
  // A seller rests 10 "Yes" five cents under the bid the engine is about to place.
  auto seller = NewTaker("seller", "10000");
  const int px = *want_bid - 5;
  Reply rest = Take(*seller, home, "ask", px, 10);
  ASSERT_EQ(rest.status, 200) << rest.body;
  ASSERT_EQ(rest.Str("/order/status"), "Placed") << rest.body;
  StartMm();
  std::map<std::string, boost::json::object> bets;
  ASSERT_TRUE(WaitFor([&] {
    bets = BookBets();
    return bets.size() == 2;
  })) << bets.size();
  // By hand, at the price the trade executed at (the resting ask's).
  Money expected =
      -(Money::FromUnits(10 * px * (Money::kScale / 100)) + VenueFee(px, 10, Mn("0.02")));
  for (const auto& [uuid, b] : bets) {
    const Money stake = MoneyOf(&b.at("stake"));
    expected -= stake;
    if (b.at("outcomeId").to_number<std::int64_t>() == 102) {
      expected += stake.MulRate(MoneyOf(&b.at("price")), Rounding::kDown);
    }
  }
  Setup s{home, expected};
  SettleOneAll(s);
  EXPECT_TRUE(RealizedIs(expected))
      << "realized " << MetricMoney("mm_pnl_realized_units").ToPlainString() << ", by hand "
      << expected.ToPlainString();
}

}  // namespace
}  // namespace probex::testing
