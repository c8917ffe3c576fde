// End-to-end tests of the MM engine's quoting and hedging: `probex bookmaker` and `probex venue`
// in manual clock mode and `probex mm` against them, all real binaries on loopback
// (tests/mm_fixture.h). Prices are checked against hand computations from the bookmaker's odds
// (docs/mm-engine.md, Pricing); hedges against the bookmaker's own record of the engine's bets.
#include <gtest/gtest.h>

#include <set>

#include "mm_fixture.h"

namespace probex::testing {
namespace {

using MmQuotingTest = MmFixture;

TEST_F(MmQuotingTest, OddsMoveReplacesTheOrderAtTheNewTick) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket m = CreateMappedMarket(f, 101, 101);
  StartMm();
  auto [bid, ask] = WaitQuotes(m);
  ASSERT_FALSE(bid.empty());
  // The engine recorded each quote before sending it, under its own client id.
  StoreView before;
  ASSERT_TRUE(WaitFor([&] {
    before = Store();
    const mm::EngineOrder* o = StoredOrder(before, Id(bid));
    return o != nullptr && o->order_status == mm::OrderStatus::kPlaced;
  }));
  const mm::EngineOrder* stored_bid = StoredOrder(before, Id(bid));
  EXPECT_EQ(stored_bid->order_status, mm::OrderStatus::kPlaced);
  EXPECT_EQ(stored_bid->order_cents, Cents(bid));
  EXPECT_EQ(stored_bid->fixture_id, f.fixture_id);
  EXPECT_EQ(stored_bid->order_id.rfind("mmo-", 0), 0u);

  // Pre-match drift every 60 s: move the book until one of the two target ticks changes.
  const auto start = Expected(m);
  auto now = start;
  for (int i = 0; i < 100 && now == start; ++i) {
    book_->Advance(60);
    now = Expected(m);
  }
  ASSERT_NE(now, start) << "the odds never moved the quotes by a tick";
  auto [bid2, ask2] = WaitQuotes(m);
  ASSERT_FALSE(bid2.empty());
  // The venue lists a new order as soon as it rests; the engine records its answer just after.
  StoreView after;
  ASSERT_TRUE(WaitFor([&] {
    after = Store();
    const mm::EngineOrder* b = StoredOrder(after, Id(bid2));
    const mm::EngineOrder* a = StoredOrder(after, Id(ask2));
    int live = 0;
    for (const auto& o : after.orders) live += mm::IsTerminal(o.order_status) ? 0 : 1;
    return b != nullptr && a != nullptr && b->order_status == mm::OrderStatus::kPlaced &&
           a->order_status == mm::OrderStatus::kPlaced && live == 2;
  }));
  for (auto [old_quote, new_quote, moved] : {std::tuple{bid, bid2, now.first != start.first},
                                             std::tuple{ask, ask2, now.second != start.second}}) {
    const std::string old_id(old_quote.at("id").as_string());
    const std::string new_id(new_quote.at("id").as_string());
    if (!moved) continue;
    EXPECT_NE(old_id, new_id);
    const mm::EngineOrder* old_order = StoredOrder(after, old_id);
    ASSERT_NE(old_order, nullptr);
    EXPECT_EQ(old_order->order_status, mm::OrderStatus::kCancelled);
    const mm::EngineOrder* new_order = StoredOrder(after, new_id);
    ASSERT_NE(new_order, nullptr);
    EXPECT_EQ(new_order->order_status, mm::OrderStatus::kPlaced);
  }
  // Never more than one live order per side: the store agrees with the venue.
  int live = 0;
  for (const auto& o : after.orders) live += mm::IsTerminal(o.order_status) ? 0 : 1;
  EXPECT_EQ(live, 2);
  EXPECT_GE(Metric("mm_orders_cancelled_total").value_or(0), 1);
}

TEST_F(MmQuotingTest, ATakerFillIsHedgedAtTheRightStakesAndTheMarginIsLocked) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket m = CreateMappedMarket(f, 101, 101);
  StartMm();
  auto [bid, ask] = WaitQuotes(m);
  ASSERT_FALSE(bid.empty());
  const int cents = Cents(bid);
  const auto prices = BookPrices(m.fixture_id, 101);
  auto taker = NewTaker("taker", "10000");
  constexpr std::int64_t q = 40;
  // The taker sells outcome 0 into the engine's bid: the engine buys 40 "home" shares.
  Reply taken = Take(*taker, m, "ask", cents, q);
  ASSERT_EQ(taken.status, 200) << taken.body;
  ASSERT_EQ(taken.Str("/order/status"), "Filled") << taken.body;

  // Every other outcome c (draw 102, away 103) is backed with q / o_c, rounded up to the cent.
  std::map<std::string, boost::json::object> bets;
  ASSERT_TRUE(WaitFor([&] {
    bets = BookBets();
    return bets.size() == 2;
  })) << "bets at the bookmaker: "
      << bets.size();
  std::set<int> outcomes;
  Money stakes, return_102, return_103;
  for (const auto& [uuid, b] : bets) {
    const int outcome = static_cast<int>(b.at("outcomeId").to_number<std::int64_t>());
    outcomes.insert(outcome);
    const Money price = MoneyOf(&b.at("price"));
    const Money stake = MoneyOf(&b.at("stake"));
    EXPECT_EQ(price, prices.at(outcome).odds) << outcome;
    EXPECT_EQ(stake, HedgeStake(q, prices.at(outcome).odds)) << outcome;
    EXPECT_EQ(uuid.rfind("mmb-", 0), 0u);
    stakes += stake;
    (outcome == 102 ? return_102 : return_103) = stake.MulRate(price, Rounding::kDown);
  }
  EXPECT_EQ(outcomes, (std::set<int>{102, 103}));

  // The locked result, by hand: the venue leg pays q if home wins; each bet pays stake × odds.
  const Money cost = Money::FromUnits(q * cents * (Money::kScale / 100));
  const Money fee = VenueFee(cents, q, Mn("0.02"));
  const Money if_home = Money::FromUnits(q * Money::kScale) - cost - fee - stakes;
  const Money if_draw = return_102 - cost - fee - stakes;
  const Money if_away = return_103 - cost - fee - stakes;
  const Money locked = std::min({if_home, if_draw, if_away});
  // At least the margin per share, less the cent rounding of two stakes.
  EXPECT_GE(locked, Mn("0.02") * q - Mn("0.02")) << locked.ToPlainString();
  ASSERT_TRUE(WaitFor([&] { return MetricMoney("mm_pnl_locked_units") == locked; }))
      << "engine's locked P&L " << MetricMoney("mm_pnl_locked_units").ToPlainString()
      << ", by hand " << locked.ToPlainString();

  // The store: the fill on the order, both bets placed with the bookmaker's ids.
  StoreView v = Store();
  const mm::EngineOrder* order = StoredOrder(v, std::string(bid.at("id").as_string()));
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->matched_quantity, q);
  EXPECT_EQ(order->fees, fee);
  EXPECT_NE(order->matched_status, mm::MatchedStatus::kNotMatched);
  int placed = 0;
  for (const auto& b : v.bets) {
    EXPECT_EQ(b.order_id, order->order_id);
    if (b.bet_status == mm::BetStatus::kPlaced) ++placed;
    EXPECT_EQ(bets.count(b.bet_id), 1u) << b.bet_id;
  }
  EXPECT_EQ(placed, 2);
  EXPECT_EQ(Metric("mm_hedges_placed_total").value_or(0), 2);
  // The rest of the bid is quoted again (one live order per side).
  WaitQuotes(m);
}

TEST_F(MmQuotingTest, AStagedGoalSuspendsTheMarketAndTheQuotesArePulled) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket m = CreateMappedMarket(f, 101, 101);
  StartMm();
  WaitQuotes(m);
  // Kick-off, then in-play quotes.
  book_->Advance(7200 + 1);
  auto [bid, ask] = WaitQuotes(m);
  ASSERT_FALSE(bid.empty());
  Reply goal = book_->Post("/admin/fixtures/" + m.fixture_id + "/goal", R"({"participant":1})");
  ASSERT_EQ(goal.status, 200) << goal.body;
  ASSERT_TRUE(BookSuspended(m.fixture_id));
  const auto pulled_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitFor([&] { return VenueOpenOrders(m.market_id).empty(); }, 10))
      << "quotes still resting while suspended";
  const double pull_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - pulled_at).count();
  RecordProperty("pull_seconds", std::to_string(pull_seconds));
  // The engine's rows follow on its store writer thread: wait for them rather than race it.
  const std::string bid_id(bid.at("id").as_string());
  const std::string ask_id(ask.at("id").as_string());
  EXPECT_TRUE(WaitFor(
      [&] {
        int cancelled = 0;
        for (const auto& o : Store().orders) {
          if (o.exchange_order_id == bid_id || o.exchange_order_id == ask_id) {
            if (o.order_status != mm::OrderStatus::kCancelled) return false;
            ++cancelled;
          }
        }
        return cancelled == 2;
      },
      10))
      << "the pulled quotes are not CANCELLED in the engine's store";
  // The book reopens 90 s after the goal (unless the season scores again meanwhile): quoting
  // resumes at the new in-play prices.
  book_->Advance(91);
  if (!BookSuspended(m.fixture_id)) WaitQuotes(m);
}

}  // namespace
}  // namespace probex::testing
