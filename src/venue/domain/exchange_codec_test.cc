#include <gtest/gtest.h>

#include <random>
#include <string>

#include "venue/domain/clob_pricing.h"
#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

Exchange SmallVenue() {
  Exchange x;
  Exchange::Output out;
  Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  std::uint64_t seq = 0;
  for (int a = 0; a < 3; ++a) x.Apply(CreateAccount{}, ++seq, now, out);
  for (std::uint32_t a = 1; a <= 3; ++a) {
    x.Apply(Deposit{AccountId(a), Money::FromUnits(100 * Money::kScale)}, ++seq, now, out);
  }
  CreateMarket m;
  m.question = "q";
  m.outcomes = {"YES", "NO"};
  m.end_time = now.PlusSeconds(1000);
  m.fee_rate = Money::FromUnits(2'000'000);
  x.Apply(m, ++seq, now, out);
  PlaceOrder p;
  p.account = AccountId(1);
  p.market = MarketId(1);
  p.price = Money::FromUnits(60'000'000);
  p.quantity = Money::FromUnits(5 * Money::kScale);
  x.Apply(p, ++seq, now, out);
  p.account = AccountId(2);
  p.outcome = 1;
  p.price = Money::FromUnits(30'000'000);
  x.Apply(p, ++seq, now, out);
  p.type = OrderType::kStopLoss;
  p.price.reset();
  p.trigger_price = Money::FromUnits(20'000'000);
  p.side = OrderSide::kAsk;
  x.Apply(p, ++seq, now, out);
  RequestWithdrawal w;
  w.account = AccountId(3);
  w.amount = Money::FromUnits(Money::kScale);
  x.Apply(w, ++seq, now, out);
  return x;
}

TEST(ExchangeCodecTest, SnapshotRoundTripsByteForByte) {
  Exchange x = SmallVenue();
  std::string a;
  x.EncodeSnapshot(a);
  auto back = Exchange::DecodeSnapshot(a);
  ASSERT_TRUE(back.ok()) << back.error().message;
  std::string b;
  back->EncodeSnapshot(b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(back->StateHash(), x.StateHash());
  EXPECT_EQ(back->open_order_count(), x.open_order_count());
}

TEST(ExchangeCodecTest, GarbageAndTruncatedSnapshotsAreRejectedSafely) {
  Exchange x = SmallVenue();
  std::string good;
  x.EncodeSnapshot(good);
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(Exchange::DecodeSnapshot(std::string_view(good).substr(0, n)).ok()) << n;
  }
  std::mt19937_64 rng(5);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bad = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] = static_cast<char>(rng());
    auto r = Exchange::DecodeSnapshot(bad);
    if (r.ok()) {
      ++accepted;  // only harmless fields (texts, times, counters) may change undetected
      std::string again;
      r->EncodeSnapshot(again);
      EXPECT_EQ(again, bad);
    }
  }
  for (int i = 0; i < 2000; ++i) {
    std::string noise(rng() % 400, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    EXPECT_FALSE(Exchange::DecodeSnapshot(noise).ok());
  }
  EXPECT_LT(accepted, 20000);
}

TEST(ExchangeCodecTest, CommandsRoundTripAndGarbageIsRejected) {
  RequestWithdrawal withdrawal;
  withdrawal.account = AccountId(2);
  withdrawal.amount = Money::FromUnits(5);
  withdrawal.fee = Money::FromUnits(1);
  CreateMarket market;
  market.question = "Will it?";
  market.category = "cat";
  market.outcomes = {"YES", "NO"};
  market.end_time = Timestamp::FromSeconds(5);
  market.fee_rate = Money::FromUnits(2'000'000);
  std::vector<Exchange::Command> commands = {
      CreateAccount{},
      Deposit{AccountId(1), Money::FromUnits(123)},
      withdrawal,
      ApproveWithdrawal{WithdrawalId(3)},
      RejectWithdrawal{WithdrawalId(4)},
      market,
      PlaceOrder{AccountId(1), MarketId(2), 1, OrderSide::kAsk, OrderType::kStopLoss, std::nullopt,
                 Money::FromUnits(40'000'000), Money::FromUnits(Money::kScale), std::nullopt},
      CancelOrders{AccountId(1), MarketId(2), {OrderId(7), OrderId(9)}},
      EndMarket{MarketId(1)},
      ResolveMarket{MarketId(1), 1},
      VoidMarket{MarketId(2)},
      AdvanceTime{},
      PlaceBet{AccountId(3), MarketId(4), 1, Money::FromUnits(10'000), Money::FromUnits(2'000'000),
               7500, "key \"7\""},
  };
  std::mt19937_64 rng(11);
  for (const auto& c : commands) {
    std::string bytes;
    Exchange::EncodeCommand(c, bytes);
    auto back = Exchange::DecodeCommand(bytes);
    ASSERT_TRUE(back.ok()) << DescribeCommand(c);
    EXPECT_TRUE(*back == c) << DescribeCommand(c);
    EXPECT_EQ(DescribeCommand(*back), DescribeCommand(c));
    EXPECT_EQ(DescribeCommand(c).find('\n'), std::string::npos);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      EXPECT_FALSE(Exchange::DecodeCommand(std::string_view(bytes).substr(0, n)).ok());
    }
    EXPECT_FALSE(Exchange::DecodeCommand(bytes + "x").ok());
    for (int i = 0; i < 2000; ++i) {
      std::string bad = bytes;
      bad[rng() % bad.size()] = static_cast<char>(rng());
      auto r = Exchange::DecodeCommand(bad);
      if (r.ok()) {
        std::string again;
        Exchange::EncodeCommand(*r, again);
        EXPECT_EQ(again, bad);  // whatever decodes, re-encodes to the same bytes
      }
    }
  }
  for (int i = 0; i < 20000; ++i) {
    std::string noise(rng() % 64, '\0');
    for (char& ch : noise) ch = static_cast<char>(rng());
    (void)Exchange::DecodeCommand(noise);  // must not crash or read out of bounds (ASan run)
  }
}

TEST(ClobPricingTest, CostIsMonotoneSoTheLimitIsTheWorstCase) {
  for (std::int64_t rate_units : {0ll, 1ll, 2'000'000ll, 3'333'333ll, 50'000'000ll}) {
    const Money rate = Money::FromUnits(rate_units);
    for (int limit = 1; limit <= 99; ++limit) {
      for (int fill = 1; fill <= limit; ++fill) {
        for (std::int64_t q : {1ll, 3ll, 7ll, 1000ll}) {
          const Money cost = Notional(q, fill) + FillFee(rate, fill, q);
          ASSERT_LE(cost, PerShareLock(rate, limit) * q)
              << "rate " << rate_units << " limit " << limit << " fill " << fill << " q " << q;
        }
      }
    }
  }
}

TEST(ClobPricingTest, FeeIsSymmetricAndRoundsUp) {
  const Money rate = Money::FromUnits(2'000'000);
  for (int p = 1; p <= 99; ++p) EXPECT_EQ(FillFee(rate, p, 13), FillFee(rate, 100 - p, 13));
  EXPECT_EQ(FillFee(rate, 60, 10), Money::FromUnits(8'000'000));       // 0.02 × 0.40 × 10
  EXPECT_EQ(FillFee(Money::FromUnits(1), 1, 1), Money::FromUnits(1));  // 1e-10 rounds up
}

}  // namespace
}  // namespace probex::venue
