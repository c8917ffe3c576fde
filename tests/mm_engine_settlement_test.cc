// End-to-end tests of the MM engine's hedging failures and settlement (tests/mm_fixture.h): a
// hedge the bookmaker declines is retried and then flagged as unhedged exposure (the fixture
// stops quoting); a final score and the venue's resolution settle orders and bets, and the
// realized P&L equals the value computed by hand from the fills and the bets.
#include <gtest/gtest.h>

#include <set>

#include "mm_fixture.h"

namespace probex::testing {
namespace {

using MmSettlementTest = MmFixture;

TEST_F(MmSettlementTest, ADeclinedHedgeIsRetriedThenFlaggedAndTheFixtureStopsQuoting) {
  std::vector<BookFixture> soccer;
  for (const auto& f : BookFixtures()) {
    if (f.sport_id == 10) soccer.push_back(f);
  }
  ASSERT_GE(soccer.size(), 2u);
  const MappedMarket m = CreateMappedMarket(soccer[0], 101, 101);
  const MappedMarket other = CreateMappedMarket(soccer[1], 101, 101);
  // A limit ratio above 1 lets a quote outgrow what the bookmaker accepts on one bet: a big
  // enough fill cannot be hedged (STAKE_EXCEEDS_LIMIT), whatever the price.
  MmOptions o;
  o.limit_ratio = "3";
  o.max_order_shares = 100000;
  o.fixture_cap = "100000000";
  o.sport_cap = "1000000000";
  o.hedge_max_attempts = 3;
  StartMm(o);
  auto [bid, ask] = WaitQuotes(m);
  ASSERT_FALSE(ask.empty());
  WaitQuotes(other);
  const BookPrice home = BookPrices(m.fixture_id, 101).at(101);
  // The smallest fill whose hedge stake (q / odds) is over the bookmaker's limit, with room.
  std::int64_t q = 1;
  while (HedgeStake(q, home.odds) <= home.limit) q *= 2;
  const std::int64_t resting = MoneyOf(&ask.at("quantity")).units() / Money::kScale;
  ASSERT_LE(q, resting) << "the ask is too small to outgrow the limit";
  auto taker = NewTaker("taker", "1000000");
  Reply taken = Take(*taker, m, "bid", Cents(ask), q);
  ASSERT_EQ(taken.status, 200) << taken.body;
  ASSERT_EQ(taken.Str("/order/status"), "Filled") << taken.body;

  ASSERT_TRUE(WaitFor([&] { return Store().flagged.count(m.fixture_id) == 1; }))
      << "the fixture was never flagged";
  // Three attempts, each a new requestUuid at the then-current odds, then given up.
  StoreView v = Store();
  std::vector<mm::HedgeBet> bets = v.bets;
  std::sort(bets.begin(), bets.end(),
            [](const mm::HedgeBet& a, const mm::HedgeBet& b) { return a.attempt < b.attempt; });
  ASSERT_EQ(bets.size(), 3u);
  std::set<std::string> uuids;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(bets[i].attempt, i + 1);
    EXPECT_EQ(bets[i].outcome_id, 101);
    EXPECT_EQ(bets[i].shares, q);
    EXPECT_EQ(bets[i].requested_price, home.odds);
    EXPECT_NE(bets[i].decline_reason.find("STAKE_EXCEEDS_LIMIT"), std::string::npos)
        << bets[i].decline_reason;
    uuids.insert(bets[i].bet_id);
  }
  EXPECT_EQ(uuids.size(), 3u);
  EXPECT_EQ(bets[0].bet_status, mm::BetStatus::kDeclined);
  EXPECT_EQ(bets[1].bet_status, mm::BetStatus::kDeclined);
  EXPECT_EQ(bets[2].bet_status, mm::BetStatus::kFailed);
  EXPECT_TRUE(bets[2].flagged);
  EXPECT_FALSE(bets[0].flagged);
  // The bookmaker saw three declined orders, one per requestUuid, and placed no bet.
  Reply orders = book_->Get("/orders?limit=100");
  const boost::json::value* list = orders.At("/orders");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->as_array().size(), 3u) << orders.body;
  for (const auto& order : list->as_array()) {
    EXPECT_EQ(std::string(order.at("declineReason").as_string()), "STAKE_EXCEEDS_LIMIT");
    EXPECT_EQ(uuids.count(std::string(order.at("requestUuid").as_string())), 1u);
  }
  EXPECT_TRUE(BookBets().empty());
  EXPECT_EQ(Metric("mm_hedges_declined_total").value_or(0), 3);
  EXPECT_EQ(Metric("mm_hedges_flagged_total").value_or(0), 1);
  ASSERT_TRUE(WaitFor([&] { return Metric("mm_flagged_fixtures").value_or(0) == 1; }));
  // The flagged fixture's quotes are pulled; the other fixture keeps quoting.
  ASSERT_TRUE(WaitFor([&] { return VenueOpenOrders(m.market_id).empty(); }))
      << "quotes still resting on a flagged fixture";
  WaitQuotes(other);
  // The flag survives a restart of the engine.
  mm_->Restart();
  WaitQuotes(other);
  EXPECT_TRUE(VenueOpenOrders(m.market_id).empty());
  EXPECT_EQ(Metric("mm_hedges_placed_total").value_or(-1), 0);
}

TEST_F(MmSettlementTest, AFinalScoreSettlesOrdersAndBetsAndRealizedPnlMatchesTheHandValue) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket home = CreateMappedMarket(f, 101, 101);
  const MappedMarket draw = CreateMappedMarket(f, 101, 102);
  StartMm();
  auto [home_bid, home_ask] = WaitQuotes(home);
  auto [draw_bid, draw_ask] = WaitQuotes(draw);
  ASSERT_FALSE(home_bid.empty());
  ASSERT_FALSE(draw_ask.empty());
  auto taker = NewTaker("taker", "10000");
  // The engine buys 40 "home" (its bid) and sells 30 "draw" (its ask: it buys 30 "not draw").
  const int ph = Cents(home_bid);
  const int pd = Cents(draw_ask);
  ASSERT_EQ(Take(*taker, home, "ask", ph, 40).Str("/order/status"), "Filled");
  ASSERT_EQ(Take(*taker, draw, "bid", pd, 30).Str("/order/status"), "Filled");
  std::map<std::string, boost::json::object> bets;
  ASSERT_TRUE(WaitFor([&] {
    bets = BookBets();
    return bets.size() == 3;
  })) << bets.size();

  // Final 1–1: home loses, the draw wins.
  Reply final_score = book_->Post("/admin/fixtures/" + f.fixture_id + "/final",
                                  R"({"participant1Score":1,"participant2Score":1})");
  ASSERT_EQ(final_score.status, 200) << final_score.body;
  for (auto [market, winner] : {std::pair{home.market_id, 1}, std::pair{draw.market_id, 0}}) {
    Reply r = admin_->Post("/admin/v1/markets/" + market + "/resolve",
                           R"({"winningOutcomeIndex":)" + std::to_string(winner) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  // By hand. Venue legs: the home bid pays nothing (home lost), the draw ask's 30 "not draw"
  // shares pay nothing (the draw won); each costs its price plus the venue fee.
  const Money rate = Mn("0.02");
  Money expected = -(Money::FromUnits(40 * ph * (Money::kScale / 100)) + VenueFee(ph, 40, rate));
  expected -= Money::FromUnits(30 * (100 - pd) * (Money::kScale / 100)) + VenueFee(pd, 30, rate);
  // Bets: every bet on the draw (102) wins stake × price; the bet on the away side loses.
  std::map<std::string, std::string> want_bet_status;
  for (const auto& [uuid, b] : bets) {
    const int outcome = static_cast<int>(b.at("outcomeId").to_number<std::int64_t>());
    const Money stake = MoneyOf(&b.at("stake"));
    const Money price = MoneyOf(&b.at("price"));
    expected -= stake;
    if (outcome == 102) expected += stake.MulRate(price, Rounding::kDown);
    want_bet_status[uuid] = outcome == 102 ? "WON" : "LOST";
  }
  ASSERT_TRUE(WaitFor([&] { return MetricMoney("mm_pnl_realized_units") == expected; }, 30))
      << "realized " << MetricMoney("mm_pnl_realized_units").ToPlainString() << ", by hand "
      << expected.ToPlainString();
  EXPECT_EQ(MetricMoney("mm_pnl_unrealized_units"), Money());

  // The bookmaker's settlement of each bet, and the engine's record of it.
  for (const auto& [uuid, b] : BookBets()) {
    EXPECT_EQ(std::string(b.at("settlementStatus").as_string()), want_bet_status[uuid]) << uuid;
  }
  StoreView v = Store();
  ASSERT_EQ(v.bets.size(), 3u);
  for (const auto& b : v.bets) {
    EXPECT_EQ(std::string(mm::SettlementStatusName(b.settlement_status)),
              want_bet_status[b.bet_id]);
  }
  // Orders: the filled home bid lost (home lost); the filled draw ask lost (it sold the draw,
  // which won); every quote that never matched is VOID. None is left undecided or live.
  int filled_seen = 0;
  for (const auto& o : v.orders) {
    EXPECT_TRUE(mm::IsTerminal(o.order_status)) << o.order_id;
    if (o.matched_quantity == 0) {
      EXPECT_EQ(o.settlement_status, mm::SettlementStatus::kVoid) << o.order_id;
      continue;
    }
    ++filled_seen;
    EXPECT_EQ(o.settlement_status, mm::SettlementStatus::kLost) << o.order_id;
    if (o.exchange_market_id == home.market_id) {
      EXPECT_EQ(o.side, mm::QuoteSide::kBid);
      EXPECT_EQ(o.matched_quantity, 40);
    } else {
      EXPECT_EQ(o.side, mm::QuoteSide::kAsk);
      EXPECT_EQ(o.matched_quantity, 30);
    }
  }
  EXPECT_EQ(filled_seen, 2);
}

}  // namespace
}  // namespace probex::testing
