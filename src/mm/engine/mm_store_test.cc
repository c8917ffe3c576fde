#include "mm/engine/mm_store.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace probex::mm {
namespace {

std::string TempDb(const char* name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("mm_store_test_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return (dir / "mm.db").string();
}

TEST(MmStoreTest, OrdersBetsAndSettingsSurviveReopening) {
  const std::string path = TempDb("roundtrip");
  {
    auto store = MmStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EngineOrder o;
    o.order_id = "mmo-1";
    o.fixture_id = "fx-1";
    o.outcome_id = 101;
    o.exchange_market_id = "7";
    o.side = QuoteSide::kAsk;
    o.order_cents = 43;
    o.order_quantity = 10;
    o.matched_quantity = 4;
    o.matched_cost = Money::Parse("2.28").value();  // what the venue charged: 4 × 0.57
    o.order_status = OrderStatus::kPlaced;
    o.matched_status = MatchedStatus::kPartiallyMatched;
    o.fees = Money::Parse("0.0344").value();
    o.matched_at = Timestamp::FromSeconds(5);
    ASSERT_TRUE((*store)->SaveOrder(o).ok());
    HedgeBet b;
    b.bet_id = "mmb-1";
    b.order_id = "mmo-1";
    b.placed_stake = Money::Parse("1.6").value();
    b.bet_status = BetStatus::kPlaced;
    ASSERT_TRUE((*store)->SaveBet(b).ok());
    ASSERT_TRUE((*store)->SetSetting("control_state", "paused").ok());
    ASSERT_TRUE((*store)->SetAllowed(10, "1x2", true).ok());
    ASSERT_TRUE((*store)->SaveTournament({17, 10, "League", "Country", true}).ok());
    ASSERT_TRUE((*store)->FlagFixture("fx-2", "hedge declined").ok());
  }
  auto store = MmStore::Open(path);
  ASSERT_TRUE(store.ok());
  auto orders = (*store)->LoadOrders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  const EngineOrder& o = orders->front();
  EXPECT_EQ(o.side, QuoteSide::kAsk);
  EXPECT_EQ(o.order_status, OrderStatus::kPlaced);
  EXPECT_EQ(o.matched_status, MatchedStatus::kPartiallyMatched);
  EXPECT_EQ(o.fees, Money::Parse("0.0344").value());
  EXPECT_EQ(o.matched_stake(), Money::Parse("2.28").value());  // 4 × 0.57
  ASSERT_TRUE(o.matched_at.has_value());
  auto bets = (*store)->LoadBets();
  ASSERT_TRUE(bets.ok());
  ASSERT_EQ(bets->size(), 1u);
  EXPECT_EQ(bets->front().placed_stake, Money::Parse("1.6").value());
  EXPECT_EQ((*store)->LoadSettings()->at("control_state"), "paused");
  EXPECT_TRUE((*store)->LoadAllowlist()->at(10).at("1x2"));
  EXPECT_TRUE((*store)->LoadTournaments()->front().active);
  EXPECT_EQ((*store)->LoadFlaggedFixtures()->count("fx-2"), 1u);
}

TEST(MmStoreTest, AnIntentLoggedBeforeASendSurvivesWithoutItsSqliteRow) {
  const std::string path = TempDb("intents");
  EngineOrder sent;
  sent.order_id = "mmo-9";
  sent.fixture_id = "fx-2";
  sent.outcome_id = 102;
  sent.bookmaker_market_id = 101;
  sent.sport_id = 10;
  sent.tournament_id = 17;
  sent.market_type = "1x2";
  sent.exchange_market_id = "42";
  sent.exchange_outcome_id = "Yes";
  sent.side = QuoteSide::kBid;
  sent.order_cents = 37;
  sent.order_quantity = 12;
  sent.bookmaker_outcome_price = Money::Parse("2.45").value();
  sent.bookmaker_outcome_limit = Money::Parse("500").value();
  sent.created_at = Timestamp::FromSeconds(9);
  EngineOrder committed = sent;
  committed.order_id = "mmo-8";
  committed.order_status = OrderStatus::kPlaced;
  {
    auto store = MmStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->SaveOrder(committed).ok());
    (*store)->AddIntent(committed);  // logged and committed: SQLite's row wins
    (*store)->AddIntent(sent);       // logged, then the process died before its row
    ASSERT_TRUE((*store)->WriteIntents().ok());
  }
  auto store = MmStore::Open(path);
  ASSERT_TRUE(store.ok());
  auto orders = (*store)->LoadOrders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 2u);
  const EngineOrder* got = nullptr;
  for (const auto& o : *orders) {
    if (o.order_id == "mmo-9") got = &o;
    if (o.order_id == "mmo-8") {
      EXPECT_EQ(o.order_status, OrderStatus::kPlaced);
    }
  }
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->order_status, OrderStatus::kPendingPlacement);
  EXPECT_EQ(got->fixture_id, "fx-2");
  EXPECT_EQ(got->outcome_id, 102);
  EXPECT_EQ(got->bookmaker_market_id, 101);
  EXPECT_EQ(got->market_type, "1x2");
  EXPECT_EQ(got->exchange_market_id, "42");
  EXPECT_EQ(got->exchange_outcome_id, "Yes");
  EXPECT_EQ(got->side, QuoteSide::kBid);
  EXPECT_EQ(got->order_cents, 37);
  EXPECT_EQ(got->order_quantity, 12);
  EXPECT_EQ(got->bookmaker_outcome_price, Money::Parse("2.45").value());
  EXPECT_EQ(got->created_at, Timestamp::FromSeconds(9));
  // Recovered into SQLite and the log emptied: a second start finds it once, from SQLite.
  auto again = MmStore::Open(path);
  ASSERT_TRUE(again.ok());
  auto reloaded = (*again)->LoadOrders();
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ(reloaded->size(), 2u);
  EXPECT_EQ(std::filesystem::file_size(path + ".intents"), 0u);
}

}  // namespace
}  // namespace probex::mm
