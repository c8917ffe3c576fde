#include "bookmaker/api/bet_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

namespace probex::bookmaker {
namespace {

class BetStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("probex_bet_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "bookmaker.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<BetStore> Open() {
    auto store = BetStore::Open(path_);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::filesystem::path dir_;
  std::string path_;
};

Account SampleAccount() {
  Account a;
  a.account_id = 3;
  a.name = "bettor-3";
  a.balance = Money::FromUnits(123'456'789'012);
  a.min_stake = Money::FromUnits(Money::kScale);
  a.max_stake = Money::FromUnits(50'000 * Money::kScale);
  a.created_at = Timestamp::FromMicros(1'767'225'600'123'456);
  return a;
}

Order SampleOrder() {
  Order o;
  o.order_id = 11;
  o.account_id = 3;
  o.request.request_uuid = "uuid-11";
  o.request.fixture_id = "id100000007";
  o.request.outcome_id = 1013;
  o.request.player_id = "0";
  o.request.order_price = Money::FromUnits(195'000'000);
  o.request.order_stake = Money::FromUnits(2'550'000'000);
  o.request.expires_at = Timestamp::FromMicros(1'767'225'700'000'001);
  o.request.accept_partial_stake = true;
  o.request.user_ref = "ref \"quoted\" ü";
  o.market_id = 1012;
  o.status = OrderStatus::kPartiallyFilled;
  o.filled_stake = Money::FromUnits(2'000'000'000);
  o.filled_price = Odds::FromThousandths(1962);
  o.bet_id = 5;
  o.created_at = Timestamp::FromMicros(1'767'225'650'000'000);
  return o;
}

Bet SampleBet() {
  Bet b;
  b.bet_id = 5;
  b.order_id = 11;
  b.account_id = 3;
  b.request_uuid = "uuid-11";
  b.fixture_id = "id100000007";
  b.market_id = 1012;
  b.outcome_id = 1013;
  b.price = Odds::FromThousandths(1962);
  b.stake = Money::FromUnits(2'000'000'000);
  b.bet_status = BetStatus::kConfirmed;
  b.settlement_status = SettlementStatus::kHalfWon;
  b.payout = Money::FromUnits(2'962'000'000);
  b.placed_at = Timestamp::FromMicros(1'767'225'650'000'000);
  b.settled_at = Timestamp::FromMicros(1'767'231'000'000'000);
  b.user_ref = "ref";
  return b;
}

void ExpectSameOrder(const Order& a, const Order& b) {
  EXPECT_EQ(a.order_id, b.order_id);
  EXPECT_EQ(a.account_id, b.account_id);
  EXPECT_EQ(a.request, b.request);
  EXPECT_EQ(a.market_id, b.market_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.filled_stake, b.filled_stake);
  EXPECT_EQ(a.filled_price, b.filled_price);
  EXPECT_EQ(a.decline_reason, b.decline_reason);
  EXPECT_EQ(a.bet_id, b.bet_id);
  EXPECT_EQ(a.created_at, b.created_at);
}

void ExpectSameBet(const Bet& a, const Bet& b) {
  EXPECT_EQ(a.bet_id, b.bet_id);
  EXPECT_EQ(a.order_id, b.order_id);
  EXPECT_EQ(a.account_id, b.account_id);
  EXPECT_EQ(a.request_uuid, b.request_uuid);
  EXPECT_EQ(a.fixture_id, b.fixture_id);
  EXPECT_EQ(a.market_id, b.market_id);
  EXPECT_EQ(a.outcome_id, b.outcome_id);
  EXPECT_EQ(a.player_id, b.player_id);
  EXPECT_EQ(a.price, b.price);
  EXPECT_EQ(a.stake, b.stake);
  EXPECT_EQ(a.bet_status, b.bet_status);
  EXPECT_EQ(a.settlement_status, b.settlement_status);
  EXPECT_EQ(a.payout, b.payout);
  EXPECT_EQ(a.placed_at, b.placed_at);
  EXPECT_EQ(a.settled_at, b.settled_at);
  EXPECT_EQ(a.user_ref, b.user_ref);
}

TEST_F(BetStoreTest, EveryRecordRoundTripsExactlyAcrossReopen) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->SaveAccount(SampleAccount(), "hash-3").ok());
    ASSERT_TRUE(store->SaveOrder(SampleOrder()).ok());
    ASSERT_TRUE(store->SaveBet(SampleBet()).ok());
    ASSERT_TRUE(store->AppendAction({1, Timestamp::FromMicros(42), "final", "id1", 3, 2}).ok());
    ASSERT_TRUE(store->SetMeta("seed", "77").ok());
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto accounts = store->LoadAccounts();
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->size(), 1u);
  const Account& a = (*accounts)[0].account;
  Account want = SampleAccount();
  EXPECT_EQ((*accounts)[0].key_hash, "hash-3");
  EXPECT_EQ(a.account_id, want.account_id);
  EXPECT_EQ(a.name, want.name);
  EXPECT_EQ(a.balance, want.balance);
  EXPECT_EQ(a.min_stake, want.min_stake);
  EXPECT_EQ(a.max_stake, want.max_stake);
  EXPECT_EQ(a.created_at, want.created_at);
  auto orders = store->LoadOrders();
  ASSERT_TRUE(orders.ok());
  ASSERT_EQ(orders->size(), 1u);
  ExpectSameOrder((*orders)[0], SampleOrder());
  auto bets = store->LoadBets();
  ASSERT_TRUE(bets.ok());
  ASSERT_EQ(bets->size(), 1u);
  ExpectSameBet((*bets)[0], SampleBet());
  auto actions = store->LoadActions();
  ASSERT_TRUE(actions.ok());
  ASSERT_EQ(actions->size(), 1u);
  EXPECT_EQ((*actions)[0].seq, 1);
  EXPECT_EQ((*actions)[0].at, Timestamp::FromMicros(42));
  EXPECT_EQ((*actions)[0].kind, "final");
  EXPECT_EQ((*actions)[0].fixture_id, "id1");
  EXPECT_EQ((*actions)[0].a, 3);
  EXPECT_EQ((*actions)[0].b, 2);
  EXPECT_EQ(store->GetMeta("seed"), "77");
}

TEST_F(BetStoreTest, AbsentOptionalFieldsStayAbsent) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  Order declined = SampleOrder();
  declined.request.expires_at.reset();
  declined.status = OrderStatus::kRejected;
  declined.filled_stake = Money();
  declined.filled_price.reset();
  declined.bet_id.reset();
  declined.decline_reason = "ODDS_CHANGED";
  Bet open = SampleBet();
  open.settlement_status = SettlementStatus::kUnsettled;
  open.payout = Money();
  open.settled_at.reset();
  ASSERT_TRUE(store->SaveOrder(declined).ok());
  ASSERT_TRUE(store->SaveBet(open).ok());
  auto orders = store->LoadOrders();
  auto bets = store->LoadBets();
  ASSERT_TRUE(orders.ok() && bets.ok());
  ASSERT_EQ(orders->size(), 1u);
  ASSERT_EQ(bets->size(), 1u);
  ExpectSameOrder((*orders)[0], declined);
  ExpectSameBet((*bets)[0], open);
}

TEST_F(BetStoreTest, SavingAgainReplacesTheRowInsteadOfAddingOne) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  Bet bet = SampleBet();
  bet.settlement_status = SettlementStatus::kUnsettled;
  bet.settled_at.reset();
  ASSERT_TRUE(store->SaveBet(bet).ok());
  bet.settlement_status = SettlementStatus::kLost;
  bet.settled_at = Timestamp::FromMicros(9);
  ASSERT_TRUE(store->SaveBet(bet).ok());
  Account account = SampleAccount();
  ASSERT_TRUE(store->SaveAccount(account, "hash-3").ok());
  account.balance = Money::FromUnits(1);
  ASSERT_TRUE(store->SaveAccount(account, "hash-3").ok());
  ASSERT_TRUE(store->SetMeta("clock_us", "1").ok());
  ASSERT_TRUE(store->SetMeta("clock_us", "2").ok());
  auto bets = store->LoadBets();
  ASSERT_TRUE(bets.ok());
  ASSERT_EQ(bets->size(), 1u);
  EXPECT_EQ((*bets)[0].settlement_status, SettlementStatus::kLost);
  auto accounts = store->LoadAccounts();
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->size(), 1u);
  EXPECT_EQ((*accounts)[0].account.balance, Money::FromUnits(1));
  EXPECT_EQ(store->GetMeta("clock_us"), "2");
  EXPECT_EQ(store->GetMeta("absent"), std::nullopt);
}

TEST_F(BetStoreTest, AnUncommittedTransactionLeavesNothingBehind) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  {
    auto tx = store->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(store->SaveOrder(SampleOrder()).ok());
    ASSERT_TRUE(store->SaveBet(SampleBet()).ok());
  }
  {
    auto tx = store->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(store->SaveAccount(SampleAccount(), "hash-3").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  store.reset();
  store = Open();
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->LoadOrders()->empty());
  EXPECT_TRUE(store->LoadBets()->empty());
  EXPECT_EQ(store->LoadAccounts()->size(), 1u);
}

TEST_F(BetStoreTest, ActionsComeBackInSequenceOrderAndASequenceIsUsedOnce) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AppendAction({2, Timestamp::FromMicros(20), "goal", "id1", 1, 0}).ok());
  ASSERT_TRUE(store->AppendAction({1, Timestamp::FromMicros(10), "suspend", "id1", 1, 0}).ok());
  EXPECT_FALSE(store->AppendAction({2, Timestamp::FromMicros(30), "goal", "id1", 2, 0}).ok());
  auto actions = store->LoadActions();
  ASSERT_TRUE(actions.ok());
  ASSERT_EQ(actions->size(), 2u);
  EXPECT_EQ((*actions)[0].kind, "suspend");
  EXPECT_EQ((*actions)[1].kind, "goal");
  EXPECT_EQ((*actions)[1].a, 1);
}

TEST_F(BetStoreTest, AnUnknownStatusInTheFileIsReportedAsCorruption) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->SaveOrder(SampleOrder()).ok());
    ASSERT_TRUE(store->SaveBet(SampleBet()).ok());
  }
  {
    auto db = store::SqliteDb::Open(path_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("UPDATE orders SET status = 'SOMETIMES'").ok());
    ASSERT_TRUE((*db)->Exec("UPDATE bets SET settlement_status = 'MAYBE'").ok());
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto orders = store->LoadOrders();
  ASSERT_FALSE(orders.ok());
  EXPECT_EQ(orders.error().code, "corrupt_store");
  auto bets = store->LoadBets();
  ASSERT_FALSE(bets.ok());
  EXPECT_EQ(bets.error().code, "corrupt_store");
}

TEST_F(BetStoreTest, OpeningAPathThatCannotBeCreatedFails) {
  auto store = BetStore::Open((dir_ / "missing" / "deeper" / "bookmaker.db").string());
  EXPECT_FALSE(store.ok());
}

}  // namespace
}  // namespace probex::bookmaker
