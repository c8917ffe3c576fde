// Pool betting: time weights, fees, exact settlement arithmetic and the Exchange's PlaceBet and
// POOL resolution, with payouts computed by hand (docs/venue-pools.md).
#include "venue/domain/pool.h"

#include <gtest/gtest.h>

#include <string>

#include "venue/domain/exchange.h"
#include "venue/domain/invariants_test.h"

namespace probex::venue {
namespace {

using U128 = unsigned __int128;

U128 Parse128(const std::string& digits) {
  U128 v = 0;
  for (char c : digits) v = v * 10 + static_cast<U128>(c - '0');
  return v;
}

Money M(const char* text) { return *Money::Parse(text); }

TEST(PoolMathTest, TimeWeightFallsLinearlyToTheFloorAndRoundsDown) {
  const Timestamp open = Timestamp::FromSeconds(1000);
  const Timestamp end = Timestamp::FromSeconds(1100);
  EXPECT_EQ(TimeWeight(open, end, open, 5000), 10000u);
  EXPECT_EQ(TimeWeight(open, end, Timestamp::FromSeconds(1050), 5000), 7500u);
  EXPECT_EQ(TimeWeight(open, end, Timestamp::FromSeconds(1020), 5000), 9000u);
  EXPECT_EQ(TimeWeight(open, end, end, 5000), 5000u);
  EXPECT_EQ(TimeWeight(open, end, Timestamp::FromSeconds(2000), 5000), 5000u);  // clamped
  EXPECT_EQ(TimeWeight(open, end, Timestamp::FromSeconds(10), 1), 10000u);      // clamped
  // 1 + 9999 × 1/3 = 3334.0 → 3334; 1 + 9999 × 2/3 = 6667.0 → 6667; 1 µs before the end:
  // 1 + 9999 × 1 / 100,000,000 = 1.0001 → 1.
  EXPECT_EQ(TimeWeight(open, Timestamp::FromSeconds(1003), Timestamp::FromSeconds(1002), 1), 3334u);
  EXPECT_EQ(TimeWeight(open, Timestamp::FromSeconds(1003), Timestamp::FromSeconds(1001), 1), 6667u);
  EXPECT_EQ(TimeWeight(open, end, end.PlusMicros(-1), 1), 1u);
  // 2000 + 8000 × 1/3 = 4666.67 → 4666.
  EXPECT_EQ(TimeWeight(open, Timestamp::FromSeconds(1003), Timestamp::FromSeconds(1002), 2000),
            4666u);
}

TEST(PoolMathTest, BetFeeRoundsUpToTheUnit) {
  EXPECT_EQ(BetFee(M("100"), M("0.02")), M("2"));
  EXPECT_EQ(BetFee(M("0.0001"), M("0.02")), M("0.000002"));
  EXPECT_EQ(BetFee(M("0.00000001"), M("0.02")), M("0.00000001"));   // 0.0000000002 → 1 unit
  EXPECT_EQ(BetFee(M("33.33333333"), M("0.03")), M("1.00000000"));  // 0.9999999999 → 1.00000000
  EXPECT_EQ(BetFee(M("50"), M("0")), M("0"));
}

TEST(PoolMathTest, MulDivFloorIsExactBeyond128BitProducts) {
  EXPECT_EQ(MulDivFloor(7, 3, 2), U128{10});
  EXPECT_EQ(MulDivFloor(Parse128("100000000000000000007"), Parse128("10000000000000000003"),
                        Parse128("100000000013")),
            Parse128("9999999998700000003868999999"));
  const U128 max127 = (U128{1} << 127) - 1;
  EXPECT_EQ(MulDivFloor(max127, max127 - 4, max127 - 2),
            Parse128("170141183460469231731687303715884105724"));
  EXPECT_EQ(MulDivFloor(U128{1} << 100, U128{1} << 100, U128{1} << 80), U128{1} << 120);
}

Bet MakeBet(std::uint64_t id, int outcome, const char* amount, const char* fee,
            std::uint32_t weight) {
  Bet b;
  b.id = BetId(id);
  b.account = AccountId(static_cast<std::uint32_t>(id));
  b.market = MarketId(1);
  b.outcome = static_cast<std::uint8_t>(outcome);
  b.amount = M(amount);
  b.fee = M(fee);
  b.weight = weight;
  return b;
}

TEST(PoolMathTest, SettlementByHandWithWeightsFeeAndDust) {
  // A: 100 on 0 at weight 1.0; B: 50 on 0 at 0.75; C: 150 on 1 at 0.9; fees 2% each.
  // Total 300, fee 6, payout pool 294. Σ winning amount × weight = 100 × 1 + 50 × 0.75 = 137.5.
  // A: 294 × 100 / 137.5 = 213.818181818… → 213.81818181
  // B: 294 × 37.5 / 137.5 = 80.181818181… → 80.18181818
  // paid 293.99999999, dust 0.00000001.
  const std::vector<Bet> bets = {MakeBet(1, 0, "100", "2", 10000), MakeBet(2, 0, "50", "1", 7500),
                                 MakeBet(3, 1, "150", "3", 9000)};
  PoolSettlement s;
  SettlePool(bets, false, 0, s);
  EXPECT_FALSE(s.refund);
  EXPECT_EQ(s.total, M("300"));
  EXPECT_EQ(s.fee, M("6"));
  EXPECT_EQ(s.payout_pool, M("294"));
  ASSERT_EQ(s.payouts.size(), 3u);
  EXPECT_EQ(s.payouts[0], M("213.81818181"));
  EXPECT_EQ(s.payouts[1], M("80.18181818"));
  EXPECT_EQ(s.payouts[2], M("0"));
  EXPECT_EQ(s.paid, M("293.99999999"));
  EXPECT_EQ(s.dust, M("0.00000001"));
  EXPECT_EQ(s.paid + s.dust + s.fee, s.total);
}

TEST(PoolMathTest, NoWinningBetOrVoidRefundsEveryBet) {
  const std::vector<Bet> bets = {MakeBet(1, 1, "10", "0.2", 10000),
                                 MakeBet(2, 1, "5", "0.1", 5000)};
  PoolSettlement s;
  SettlePool(bets, false, 0, s);
  EXPECT_TRUE(s.refund);
  EXPECT_EQ(s.payouts[0], M("10"));
  EXPECT_EQ(s.payouts[1], M("5"));
  EXPECT_EQ(s.fee, M("0"));
  EXPECT_EQ(s.dust, M("0"));
  SettlePool(bets, true, 1, s);
  EXPECT_TRUE(s.refund);
  EXPECT_EQ(s.paid, M("15"));
}

// ---- The Exchange: PlaceBet and POOL resolution. ----

class ExchangePoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(Run(CreateAccount{}));
    for (std::uint32_t a = 1; a <= 4; ++a) ASSERT_TRUE(Run(Deposit{AccountId(a), M("1000")}));
    CreateMarket c;
    c.type = MarketType::kPool;
    c.question = "Will it rain?";
    c.outcomes = {"Yes", "No"};
    c.end_time = t0_.PlusSeconds(100);
    ASSERT_TRUE(Run(c));
    market_ = MarketId(static_cast<std::uint32_t>(out_.created_id));
  }

  bool Run(const Command& c) {
    x_.Apply(c, ++seq_, now_, out_);
    EXPECT_TRUE(testing::CheckInvariants(x_)) << DescribeCommand(c);
    return out_.ok();
  }
  PlaceBet Bet(std::uint32_t account, int outcome, const char* amount, std::string key = "") {
    PlaceBet c;
    c.account = AccountId(account);
    c.market = market_;
    c.outcome = static_cast<std::uint8_t>(outcome);
    c.amount = M(amount);
    c.fee_rate = M("0.02");
    c.weight_floor = 5000;
    c.idempotency_key = std::move(key);
    return c;
  }
  const AccountBalances& B(std::uint32_t account) { return *x_.Balances(AccountId(account)); }
  RejectCode Rejects(const Command& c) {
    const std::uint64_t before = x_.StateHash();
    EXPECT_FALSE(Run(c));
    EXPECT_EQ(x_.StateHash(), before) << "a reject changed the state";
    EXPECT_TRUE(out_.events.empty());
    return out_.reject;
  }

  Exchange x_;
  Exchange::Output out_;
  std::uint64_t seq_ = 0;
  const Timestamp t0_ = Timestamp::FromSeconds(1'800'000'000);
  Timestamp now_ = t0_;
  MarketId market_;
};

TEST_F(ExchangePoolTest, LifecycleWithTimeWeightsFeeAndDust) {
  ASSERT_TRUE(Run(Bet(1, 0, "100")));
  EXPECT_EQ(out_.bet.bet.weight, 10000u);
  EXPECT_EQ(out_.bet.bet.fee, M("2"));
  EXPECT_EQ(out_.bet.bet.status, BetStatus::kConfirmed);
  EXPECT_EQ(out_.bet.balance_after, M("900"));
  EXPECT_EQ(B(1).locked_bets, M("100"));
  now_ = t0_.PlusSeconds(20);
  ASSERT_TRUE(Run(Bet(3, 1, "150")));
  EXPECT_EQ(out_.bet.bet.weight, 9000u);
  now_ = t0_.PlusSeconds(50);
  ASSERT_TRUE(Run(Bet(2, 0, "50")));
  EXPECT_EQ(out_.bet.bet.weight, 7500u);
  const PoolMarket* pool = x_.pools().Find(market_);
  ASSERT_NE(pool, nullptr);
  EXPECT_EQ(pool->pools[0], M("150"));
  EXPECT_EQ(pool->pools[1], M("150"));
  EXPECT_EQ(pool->total(), M("300"));
  EXPECT_EQ(pool->bet_count(), 3);

  now_ = t0_.PlusSeconds(200);
  ASSERT_TRUE(Run(ResolveMarket{market_, 0}));
  int won = 0, lost = 0;
  for (const Event& e : out_.events) {
    if (const auto* s = std::get_if<BetSettled>(&e)) {
      won += s->bet.status == BetStatus::kWon;
      lost += s->bet.status == BetStatus::kLost;
    }
  }
  EXPECT_EQ(won, 2);
  EXPECT_EQ(lost, 1);
  EXPECT_EQ(B(1).available, M("1113.81818181"));
  EXPECT_EQ(B(2).available, M("1030.18181818"));
  EXPECT_EQ(B(3).available, M("850"));
  for (std::uint32_t a = 1; a <= 3; ++a) EXPECT_EQ(B(a).locked_bets, M("0"));
  EXPECT_EQ(x_.ledger().fees(), M("6.00000001"));
  EXPECT_EQ(x_.ledger().escrow(market_), M("0"));
  EXPECT_TRUE(x_.pools().Find(market_)->settled);
  EXPECT_EQ(x_.pools().Find(market_)->fee_collected, M("6.00000001"));
  EXPECT_EQ(Rejects(ResolveMarket{market_, 1}), RejectCode::kMarketAlreadySettled);
}

TEST_F(ExchangePoolTest, NoWinnerRefundsAndVoidRefunds) {
  ASSERT_TRUE(Run(Bet(1, 1, "10")));
  ASSERT_TRUE(Run(Bet(2, 1, "20")));
  ASSERT_TRUE(Run(ResolveMarket{market_, 0}));
  EXPECT_EQ(B(1).available, M("1000"));
  EXPECT_EQ(B(2).available, M("1000"));
  EXPECT_EQ(x_.ledger().fees(), M("0"));

  CreateMarket c;
  c.type = MarketType::kPool;
  c.question = "Again?";
  c.outcomes = {"Yes", "No"};
  c.end_time = now_.PlusSeconds(100);
  ASSERT_TRUE(Run(c));
  market_ = MarketId(static_cast<std::uint32_t>(out_.created_id));
  ASSERT_TRUE(Run(Bet(1, 0, "10")));
  ASSERT_TRUE(Run(Bet(2, 1, "20")));
  ASSERT_TRUE(Run(VoidMarket{market_}));
  EXPECT_EQ(B(1).available, M("1000"));
  EXPECT_EQ(B(2).available, M("1000"));
  EXPECT_EQ(x_.FindMarket(market_)->status, MarketStatus::kVoided);
}

TEST_F(ExchangePoolTest, IdempotencyReplaysTheFirstAnswerAndRejectsAnotherPayload) {
  ASSERT_TRUE(Run(Bet(1, 0, "10", "k1")));
  const BetReceipt first = out_.bet;
  EXPECT_FALSE(out_.replayed);
  ASSERT_TRUE(Run(Bet(1, 0, "10", "k1")));
  EXPECT_TRUE(out_.replayed);
  EXPECT_TRUE(out_.events.empty());  // nothing changed: no bet, no balance event
  EXPECT_EQ(out_.bet.bet.id, first.bet.id);
  EXPECT_EQ(out_.bet.balance_after, M("990"));
  EXPECT_EQ(B(1).available, M("990"));
  EXPECT_EQ(x_.pools().Find(market_)->bet_count(), 1);
  EXPECT_EQ(x_.pools().next_bet_id(), 2u);
  EXPECT_EQ(Rejects(Bet(1, 0, "11", "k1")), RejectCode::kIdempotencyConflict);
  EXPECT_EQ(Rejects(Bet(1, 1, "10", "k1")), RejectCode::kIdempotencyConflict);
  // Keys are per account.
  ASSERT_TRUE(Run(Bet(2, 0, "10", "k1")));
  EXPECT_FALSE(out_.replayed);
}

TEST_F(ExchangePoolTest, RejectsChangeNothing) {
  EXPECT_EQ(Rejects(Bet(1, 0, "0.00009999")), RejectCode::kInvalidBetAmount);
  EXPECT_EQ(Rejects(Bet(1, 2, "1")), RejectCode::kInvalidOutcome);
  EXPECT_EQ(Rejects(Bet(1, 0, "1000.00000001")), RejectCode::kInsufficientBalance);
  EXPECT_EQ(Rejects(Bet(9, 0, "1")), RejectCode::kUnknownAccount);
  PlaceBet unknown = Bet(1, 0, "1");
  unknown.market = MarketId(77);
  EXPECT_EQ(Rejects(unknown), RejectCode::kUnknownMarket);
  PlaceBet bad_fee = Bet(1, 0, "1");
  bad_fee.fee_rate = M("0.51");
  EXPECT_EQ(Rejects(bad_fee), RejectCode::kInvalidBettingSettings);
  PlaceBet long_key = Bet(1, 0, "1", std::string(129, 'k'));
  EXPECT_EQ(Rejects(long_key), RejectCode::kInvalidIdempotencyKey);
  CreateMarket clob;
  clob.question = "Book?";
  clob.outcomes = {"YES", "NO"};
  clob.end_time = now_.PlusSeconds(100);
  ASSERT_TRUE(Run(clob));
  PlaceBet on_clob = Bet(1, 0, "1");
  on_clob.market = MarketId(static_cast<std::uint32_t>(out_.created_id));
  EXPECT_EQ(Rejects(on_clob), RejectCode::kNotPoolMarket);
  ASSERT_TRUE(Run(SetSwitches{false, std::nullopt, std::nullopt}));
  EXPECT_EQ(Rejects(Bet(1, 0, "1")), RejectCode::kBettingDisabled);
  ASSERT_TRUE(Run(SetSwitches{true, std::nullopt, std::nullopt}));
  // At endTime bets stop, even before AdvanceTime ends the market.
  now_ = t0_.PlusSeconds(100);
  EXPECT_EQ(Rejects(Bet(1, 0, "1")), RejectCode::kMarketNotActive);
  ASSERT_TRUE(Run(AdvanceTime{}));
  EXPECT_EQ(x_.FindMarket(market_)->status, MarketStatus::kEnded);
  EXPECT_EQ(Rejects(Bet(1, 0, "1")), RejectCode::kMarketNotActive);
}

TEST_F(ExchangePoolTest, SnapshotCarriesOpenBetsAndReceipts) {
  ASSERT_TRUE(Run(Bet(1, 0, "10", "a")));
  now_ = t0_.PlusSeconds(30);
  ASSERT_TRUE(Run(Bet(2, 1, "25.5")));
  std::string snap;
  x_.EncodeSnapshot(snap);
  auto restored = Exchange::DecodeSnapshot(snap);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->StateHash(), x_.StateHash());
  ASSERT_TRUE(testing::CheckInvariants(*restored));
  // The restored state settles the same way.
  Exchange::Output other;
  restored->Apply(ResolveMarket{market_, 1}, seq_ + 1, now_, other);
  ASSERT_TRUE(Run(ResolveMarket{market_, 1}));
  EXPECT_EQ(restored->StateHash(), x_.StateHash());
}

}  // namespace
}  // namespace probex::venue
