// End-to-end tests of the MM engine's recovery (tests/mm_fixture.h): the venue SIGKILLed and
// restarted under a quoting engine (reconciliation: no orphan, no duplicate), and the engine
// itself SIGKILLed and restarted (same orders, bets and positions; no duplicate order or bet).
#include <gtest/gtest.h>

#include <set>

#include "mm_fixture.h"

namespace probex::testing {
namespace {

using MmRecoveryTest = MmFixture;

// Every open venue order of the engine's account is a live order of the engine's store and vice
// versa, and no (market, side) has two.
void ExpectBookMatchesStore(const MmStoreView& store,
                            const std::map<std::string, std::vector<boost::json::object>>& open) {
  std::set<std::string> venue_ids;
  for (const auto& [market, orders] : open) {
    std::set<std::string> sides;
    for (const auto& o : orders) {
      venue_ids.insert(std::string(o.at("id").as_string()));
      EXPECT_TRUE(sides.insert(std::string(o.at("side").as_string())).second)
          << "two live orders on one side of " << market;
    }
  }
  std::set<std::string> live_ids;
  for (const auto& o : store.orders) {
    if (mm::IsTerminal(o.order_status)) continue;
    EXPECT_EQ(o.order_status, mm::OrderStatus::kPlaced) << o.order_id;
    live_ids.insert(o.exchange_order_id);
  }
  EXPECT_EQ(venue_ids, live_ids);
}

TEST_F(MmRecoveryTest, AVenueRestartIsReconciledWithoutOrphansOrDuplicates) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket home = CreateMappedMarket(f, 101, 101);
  const MappedMarket away = CreateMappedMarket(f, 101, 103);
  StartMm();
  auto [bid, ask] = WaitQuotes(home);
  ASSERT_FALSE(bid.empty());
  WaitQuotes(away);
  // A stray order of the engine's account that the engine never placed (a record lost): the
  // reconciliation after the restart must cancel it.
  Reply stray = Take(*mm_venue_, home, "bid", 2, 1);
  ASSERT_EQ(stray.status, 200) << stray.body;
  const std::string stray_id = stray.Str("/order/id");

  RestartVenue();
  // While the engine reconnects, the book moves: the quotes of both markets must follow.
  const auto start = Expected(home);
  for (int i = 0; i < 100 && Expected(home) == start; ++i) book_->Advance(60);
  ASSERT_NE(Expected(home), start);

  WaitQuotes(home);
  WaitQuotes(away);
  ASSERT_TRUE(WaitFor([&] {
    for (const auto& o : VenueOpenOrders(home.market_id)) {
      if (Id(o) == stray_id) return false;
    }
    return true;
  })) << "the orphan was never cancelled";
  EXPECT_GE(Metric("mm_orphans_cancelled_total").value_or(0), 1);
  EXPECT_GE(Metric("mm_reconciliations_total").value_or(0), 2);
  // Settled state: the venue's book and the engine's store agree order for order.
  ASSERT_TRUE(WaitFor([&] {
    StoreView s = Store();
    int live = 0;
    for (const auto& o : s.orders) live += mm::IsTerminal(o.order_status) ? 0 : 1;
    return live == 4;
  }));
  WaitQuotes(home);
  ExpectBookMatchesStore(Store(), {{home.market_id, VenueOpenOrders(home.market_id)},
                                   {away.market_id, VenueOpenOrders(away.market_id)}});
}

TEST_F(MmRecoveryTest, TheEngineKilledAndRestartedKeepsItsStateAndPlacesNoDuplicates) {
  const BookFixture f = FirstFixtureOfSport(10);
  const MappedMarket m = CreateMappedMarket(f, 101, 101);
  StartMm();
  auto [bid, ask] = WaitQuotes(m);
  ASSERT_FALSE(bid.empty());
  // A fill and its hedges: a position to survive the crash.
  auto taker = NewTaker("taker", "10000");
  ASSERT_EQ(Take(*taker, m, "bid", Cents(ask), 25).status, 200);
  ASSERT_TRUE(WaitFor([&] { return BookBets().size() == 1; }));
  // The ask's rest (75 of 100) is replaced by a full-size ask: wait for that to settle.
  ASSERT_TRUE(WaitFor([&] {
    auto a = VenueQuote(m.market_id, "ask");
    return a && a->at("cum_quantity").to_number<std::int64_t>() == 0 &&
           MoneyOf(&a->at("quantity")) == Mn("100");
  }));
  auto [bid1, ask1] = WaitQuotes(m);
  ASSERT_FALSE(bid1.empty());
  ASSERT_TRUE(WaitFor([&] { return MetricMoney("mm_pnl_locked_units").is_positive(); }));
  const Money locked = MetricMoney("mm_pnl_locked_units");
  const StoreView before = Store();

  mm_->Restart();  // SIGKILL, then start on the same data directory
  ASSERT_TRUE(WaitFor([&] { return Metric("mm_reconciliations_total").value_or(0) >= 1; }));
  // Two reconciliation rounds (5 s apart) later, nothing was placed again: the same two orders
  // rest, the same bets exist, the same position is locked.
  ASSERT_TRUE(WaitFor([&] { return Metric("mm_reconciliations_total").value_or(0) >= 2; }, 15));
  EXPECT_EQ(Metric("mm_orders_placed_total").value_or(-1), 0);
  EXPECT_EQ(Metric("mm_hedges_placed_total").value_or(-1), 0);
  auto [bid2, ask2] = WaitQuotes(m);
  EXPECT_EQ(Id(bid2), Id(bid1));
  EXPECT_EQ(Id(ask2), Id(ask1));
  EXPECT_EQ(BookBets().size(), 1u);
  const StoreView after = Store();
  ASSERT_EQ(after.orders.size(), before.orders.size());
  for (std::size_t i = 0; i < after.orders.size(); ++i) {
    EXPECT_EQ(after.orders[i].order_id, before.orders[i].order_id);
    EXPECT_EQ(after.orders[i].order_status, before.orders[i].order_status);
    EXPECT_EQ(after.orders[i].matched_quantity, before.orders[i].matched_quantity);
  }
  EXPECT_EQ(after.bets.size(), before.bets.size());
  ASSERT_TRUE(WaitFor([&] { return MetricMoney("mm_pnl_locked_units") == locked; }))
      << MetricMoney("mm_pnl_locked_units").ToPlainString() << " vs " << locked.ToPlainString();

  // Killed again, and the odds move while it is down: on restart the old quotes are replaced
  // (cancelled, never orphaned) and one order per side rests at the new ticks.
  mm_->Kill();
  const auto start = Expected(m);
  for (int i = 0; i < 100 && Expected(m) == start; ++i) book_->Advance(60);
  ASSERT_NE(Expected(m), start);
  mm_->Start();
  auto [bid3, ask3] = WaitQuotes(m);
  ASSERT_FALSE(bid3.empty());
  ASSERT_TRUE(WaitFor([&] {
    StoreView s = Store();
    int live = 0;
    for (const auto& o : s.orders) live += mm::IsTerminal(o.order_status) ? 0 : 1;
    return live == 2;
  }));
  ExpectBookMatchesStore(Store(), {{m.market_id, VenueOpenOrders(m.market_id)}});
  EXPECT_EQ(BookBets().size(), 1u);
}

}  // namespace
}  // namespace probex::testing
