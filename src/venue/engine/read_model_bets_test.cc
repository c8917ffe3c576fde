// ReadModel: pool bets — rows inserted when placed and updated when settled, filters, and the
// balance transactions they explain, by hand; idempotent under duplicate delivery.
#include <gtest/gtest.h>

#include "store/journal_test_util.h"
#include "venue/engine/read_model.h"

namespace probex::venue::engine {
namespace {

Money D(std::string_view text) { return Money::Parse(text).value(); }

TEST(ReadModelBetsTest, BetsAndTheirTransactionsByHand) {
  store::testing::TempDir dir;
  auto opened = ReadModel::Open(dir.path() + "/rm.sqlite");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  ReadModel& model = **opened;
  Exchange x;
  std::uint64_t seq = 0;
  Timestamp now = Timestamp::FromSeconds(1'767'225'600);
  std::vector<std::tuple<std::uint64_t, Timestamp, Command, ExchangeOutput>> log;
  auto run = [&](const Command& c) {
    ExchangeOutput out;
    x.Apply(c, ++seq, now, out);
    EXPECT_TRUE(out.ok()) << DescribeCommand(c);
    ASSERT_TRUE(model.Begin().ok());
    ASSERT_TRUE(model.Apply(seq, now, c, out).ok());
    ASSERT_TRUE(model.Commit().ok());
    log.emplace_back(seq, now, c, out);
  };
  run(CreateAccount{});
  run(CreateAccount{});
  run(Deposit{AccountId(1), D("100")});
  run(Deposit{AccountId(2), D("100")});
  CreateMarket m;
  m.type = MarketType::kPool;
  m.question = "Pool?";
  m.outcomes = {"Yes", "No"};
  m.end_time = now.PlusSeconds(100);
  run(m);
  auto bet = [](std::uint32_t account, int outcome, const char* amount) {
    PlaceBet b;
    b.account = AccountId(account);
    b.market = MarketId(1);
    b.outcome = static_cast<std::uint8_t>(outcome);
    b.amount = D(amount);
    b.fee_rate = D("0.1");
    b.weight_floor = 5000;
    return b;
  };
  run(bet(1, 0, "10"));  // weight 1.0, fee 1
  now = now.PlusSeconds(50);
  run(bet(2, 1, "30"));  // weight 0.75, fee 3
  run(bet(1, 1, "5"));   // weight 0.75, fee 0.5

  auto open = model.AccountBets(AccountId(1), MarketId(), std::nullopt, 10, 0).value();
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].bet.id, BetId(3));  // newest first
  EXPECT_EQ(open[0].bet.status, BetStatus::kConfirmed);
  EXPECT_EQ(open[0].bet.weight, 7500u);
  EXPECT_EQ(open[1].bet.fee, D("1"));

  // No wins: P = 45 − 4.5 = 40.5; S = 30 × 0.75 + 5 × 0.75 = 26.25.
  // account 2: 40.5 × 22.5 / 26.25 = 34.714285714… → 34.71428571
  // account 1: 40.5 × 3.75 / 26.25 = 5.785714285… → 5.78571428; dust 0.00000001.
  now = now.PlusSeconds(100);
  run(ResolveMarket{MarketId(1), 1});
  auto won = model.AccountBets(AccountId(1), MarketId(1), BetStatus::kWon, 10, 0).value();
  ASSERT_EQ(won.size(), 1u);
  EXPECT_EQ(won[0].bet.payout, D("5.78571428"));
  EXPECT_EQ(won[0].settled_at, now);
  EXPECT_EQ(model.AccountBetCount(AccountId(1), MarketId(), BetStatus::kLost).value(), 1);
  EXPECT_EQ(model.AccountBetCount(AccountId(1), MarketId(2), std::nullopt).value(), 0);
  auto two = model.FindBet(BetId(2)).value();
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->bet.payout, D("34.71428571"));
  EXPECT_FALSE(model.FindBet(BetId(9)).value().has_value());

  // Transactions of account 1, newest first: two BET_PLACED, then BET_WON / BET_LOST.
  auto rows = model.Transactions(AccountId(1), 100, 0, 0).value();
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) {
    if (r.kind == TransactionKind::kBetWon) {
      EXPECT_EQ(r.amount, D("5.78571428"));
      EXPECT_EQ(r.locked_change, D("-5"));
    } else if (r.kind == TransactionKind::kBetLost) {
      EXPECT_EQ(r.amount, Money());
      EXPECT_EQ(r.locked_change, D("-10"));
    }
  }
  EXPECT_EQ(rows[0].available_after, x.Balances(AccountId(1))->available);
  EXPECT_EQ(rows[0].available_after, D("90.78571428"));
  EXPECT_EQ(rows[0].locked_after, Money());

  // A duplicate delivery changes nothing.
  ASSERT_TRUE(model.Begin().ok());
  for (const auto& [s, t, c, out] : log) ASSERT_TRUE(model.Apply(s, t, c, out).ok());
  ASSERT_TRUE(model.Commit().ok());
  EXPECT_EQ(model.Transactions(AccountId(1), 100, 0, 0).value().size(), 5u);
  EXPECT_EQ(model.AccountBetCount(AccountId(2), MarketId(), std::nullopt).value(), 1);
}

}  // namespace
}  // namespace probex::venue::engine
