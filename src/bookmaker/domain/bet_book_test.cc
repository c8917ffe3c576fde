#include "bookmaker/domain/bet_book.h"

#include <gtest/gtest.h>

namespace probex::bookmaker {
namespace {

Money M(std::string_view s) { return Money::Parse(s).value(); }
const Timestamp kNow = Timestamp::FromSeconds(1'767'225'600);

class BetBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account_id_ = book_.CreateAccount("alice", M("1000"), M("1"), M("500"), kNow).account_id;
  }

  static SelectionQuote Quote(std::string_view price = "2.05", std::string_view limit = "200") {
    SelectionQuote q;
    q.exists = true;
    q.fixture_open = true;
    q.active = true;
    q.market_id = 101;
    q.price = Odds::Parse(price).value();
    q.limit = M(limit);
    return q;
  }

  static OrderRequest Request(std::string uuid, std::string_view stake = "100",
                              std::string_view min_price = "2.0") {
    OrderRequest r;
    r.request_uuid = std::move(uuid);
    r.fixture_id = "id100000001";
    r.outcome_id = 101;
    r.order_price = M(min_price);
    r.order_stake = M(stake);
    return r;
  }

  PlaceOutcome Place(const OrderRequest& r, const SelectionQuote& q) {
    auto result = book_.Place(account_id_, r, q, kNow);
    EXPECT_TRUE(result.ok());
    return std::move(result).value();
  }

  Money Balance() const { return book_.FindAccount(account_id_)->balance; }

  BetBook book_;
  std::int64_t account_id_ = 0;
};

TEST_F(BetBookTest, AcceptsAtTheCurrentPriceAndTakesTheStake) {
  PlaceOutcome out = Place(Request("u1"), Quote());
  EXPECT_EQ(out.order.status, OrderStatus::kFilled);
  ASSERT_TRUE(out.bet);
  EXPECT_EQ(out.bet->price, Odds::FromThousandths(2050));
  EXPECT_EQ(out.bet->stake, M("100"));
  EXPECT_EQ(out.bet->bet_status, BetStatus::kConfirmed);
  EXPECT_EQ(Balance(), M("900"));
}

TEST_F(BetBookTest, DeclinesForEachReason) {
  struct Case {
    OrderRequest request;
    SelectionQuote quote;
    std::string reason;
  };
  SelectionQuote suspended = Quote();
  suspended.suspended = true;
  SelectionQuote inactive = Quote();
  inactive.active = false;
  SelectionQuote closed = Quote();
  closed.fixture_open = false;
  SelectionQuote missing;
  OrderRequest expired = Request("e");
  expired.expires_at = kNow;
  std::vector<Case> cases = {
      {Request("a"), suspended, kDeclineSuspended},
      {Request("b"), inactive, kDeclineSelectionInactive},
      {Request("c"), closed, kDeclineFixtureClosed},
      {Request("d"), missing, kDeclineSelectionNotFound},
      {expired, Quote(), kDeclineExpired},
      {Request("f", "100", "2.06"), Quote(), kDeclineOddsChanged},
      {Request("g", "0.5"), Quote(), kDeclineStakeBelowMinimum},
      {Request("h", "501"), Quote("2.05", "1000"), kDeclineStakeAboveMaximum},
      {Request("i", "201"), Quote(), kDeclineStakeExceedsLimit},
      {Request("j", "0"), Quote(), kDeclineInvalidOrder},
  };
  for (const Case& c : cases) {
    PlaceOutcome out = Place(c.request, c.quote);
    EXPECT_EQ(out.order.decline_reason, c.reason) << c.request.request_uuid;
    EXPECT_FALSE(out.bet);
    EXPECT_EQ(out.order.status,
              c.reason == kDeclineExpired ? OrderStatus::kExpired : OrderStatus::kRejected);
  }
  EXPECT_EQ(Balance(), M("1000"));
  // Insufficient balance: spend most of it first.
  for (int i = 0; i < 4; ++i) Place(Request("s" + std::to_string(i), "200"), Quote());
  EXPECT_EQ(Balance(), M("200"));
  EXPECT_EQ(Place(Request("k", "200.01"), Quote("2.05", "300")).order.decline_reason,
            kDeclineInsufficientBalance);
}

TEST_F(BetBookTest, PartialStakeTakesTheLimit) {
  OrderRequest r = Request("p", "300");
  r.accept_partial_stake = true;
  PlaceOutcome out = Place(r, Quote());
  EXPECT_EQ(out.order.status, OrderStatus::kPartiallyFilled);
  EXPECT_EQ(out.order.filled_stake, M("200"));
  EXPECT_EQ(out.bet->stake, M("200"));
  EXPECT_EQ(Balance(), M("800"));
}

TEST_F(BetBookTest, RequestUuidReplaysTheFirstAnswer) {
  PlaceOutcome first = Place(Request("same"), Quote());
  // The price has since moved below the minimum: the replay still returns the accepted bet.
  PlaceOutcome again = Place(Request("same"), Quote("1.5"));
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.order.order_id, first.order.order_id);
  ASSERT_TRUE(again.bet);
  EXPECT_EQ(again.bet->bet_id, first.bet->bet_id);
  EXPECT_EQ(Balance(), M("900"));
  // A declined order replays as declined.
  PlaceOutcome declined = Place(Request("d", "100", "3"), Quote());
  PlaceOutcome declined_again = Place(Request("d", "100", "3"), Quote("5"));
  EXPECT_TRUE(declined_again.replayed);
  EXPECT_EQ(declined_again.order.decline_reason, kDeclineOddsChanged);
  // A different order under a used uuid is an error.
  auto clash = book_.Place(account_id_, Request("same", "50"), Quote(), kNow);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, "duplicate_request_uuid");
  EXPECT_EQ(book_.Orders(account_id_, 0, 100).size(), 2u);
}

TEST_F(BetBookTest, SettlementPaysEveryGrade) {
  SelectionQuote q = Quote("1.9", "1000");
  OrderRequest home = Request("home", "100", "1.5");  // 1X2 home
  OrderRequest ah = Request("ah", "100", "1.5");      // AH −0.25 home
  ah.outcome_id = 1100 + 2 * (-1 + 8);
  OrderRequest over = Request("over", "100", "1.5");  // Over 2.25
  over.outcome_id = 1000 + 2 * 9;
  OrderRequest over3 = Request("over3", "100", "1.5");  // Over 3.0
  over3.outcome_id = 1000 + 2 * 12;
  for (auto* r : {&home, &ah, &over, &over3}) Place(*r, q);
  EXPECT_EQ(Balance(), M("600"));
  SettlementBatch batch = book_.SettleFixture("id100000001", {1, 1}, kNow.PlusSeconds(7200));
  ASSERT_EQ(batch.bets.size(), 4u);
  EXPECT_EQ(batch.bets[0].settlement_status, SettlementStatus::kLost);
  EXPECT_EQ(batch.bets[1].settlement_status, SettlementStatus::kHalfLost);
  EXPECT_EQ(batch.bets[2].settlement_status, SettlementStatus::kHalfLost);
  EXPECT_EQ(batch.bets[3].settlement_status, SettlementStatus::kLost);
  EXPECT_EQ(batch.bets[1].payout, M("50"));
  EXPECT_EQ(Balance(), M("700"));
  EXPECT_EQ(batch.account_ids, std::vector<std::int64_t>{account_id_});
  // Settling again finds nothing left.
  EXPECT_TRUE(book_.SettleFixture("id100000001", {1, 1}, kNow).bets.empty());
}

TEST_F(BetBookTest, VoidFixtureRefundsStakes) {
  Place(Request("v"), Quote());
  SettlementBatch batch = book_.VoidFixture("id100000001", kNow);
  ASSERT_EQ(batch.bets.size(), 1u);
  EXPECT_EQ(batch.bets[0].bet_status, BetStatus::kVoid);
  EXPECT_EQ(batch.bets[0].settlement_status, SettlementStatus::kVoid);
  EXPECT_EQ(Balance(), M("1000"));
}

TEST_F(BetBookTest, KeysetPagesAndRestore) {
  for (int i = 0; i < 5; ++i) Place(Request("k" + std::to_string(i)), Quote());
  auto page1 = book_.Bets(account_id_, 0, 2);
  ASSERT_EQ(page1.size(), 2u);
  auto page2 = book_.Bets(account_id_, page1.back().bet_id, 10);
  EXPECT_EQ(page2.size(), 3u);
  EXPECT_EQ(page2.front().bet_id, page1.back().bet_id + 1);

  BetBook restored;
  std::vector<Account> accounts;
  for (const auto& [id, a] : book_.accounts()) accounts.push_back(a);
  restored.Restore(accounts, book_.Orders(account_id_, 0, 100), book_.Bets(account_id_, 0, 100));
  auto replay = restored.Place(account_id_, Request("k0"), Quote(), kNow);
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  auto fresh = restored.Place(account_id_, Request("new"), Quote(), kNow);
  EXPECT_EQ(fresh->order.order_id, 6);
  EXPECT_EQ(fresh->bet->bet_id, 6);
  EXPECT_EQ(restored.SettleFixture("id100000001", {2, 0}, kNow).bets.size(), 6u);
}

}  // namespace
}  // namespace probex::bookmaker
