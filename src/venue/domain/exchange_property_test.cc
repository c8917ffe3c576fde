// Seeded random runs over many accounts and markets. After every command: the invariants of
// invariants_test.h (no crossed book, every lock equals the recomputed worst case of the open
// orders, supply(o0) == supply(o1) == escrow / 1.00 per market, money conserved exactly); after
// every reject: the state hash is unchanged. Also: determinism, snapshot + replay, and codec
// round trips. PROBEX_SANITIZED=1 scales the run down for the ASan build.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "venue/domain/exchange.h"
#include "venue/domain/invariants_test.h"

namespace probex::venue {
namespace {

bool Sanitized() {
  const char* v = std::getenv("PROBEX_SANITIZED");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

// PROBEX_PROPERTY_SCALE multiplies the Release command counts (default 1) for soak runs.
int Scale() {
  const char* v = std::getenv("PROBEX_PROPERTY_SCALE");
  return v != nullptr && std::atoi(v) > 0 ? std::atoi(v) : 1;
}

Money Cents(std::int64_t c) { return Money::FromUnits(c * 1'000'000); }
Money Whole(std::int64_t w) { return Money::FromUnits(w * Money::kScale); }

// Generates plausible and occasionally invalid commands against the current state.
class CommandSource {
 public:
  CommandSource(std::uint64_t seed, int accounts) : rng_(seed), accounts_(accounts) {}

  Exchange::Command Next(const Exchange& x) {
    const int r = Pick(1000);
    const auto& markets = x.markets();
    std::vector<MarketId> active;
    for (const Market& m : markets) {
      if (m.status == MarketStatus::kActive && m.type == MarketType::kOrderBook) {
        active.push_back(m.id);
      }
    }
    if (x.ledger().account_count() < static_cast<std::size_t>(accounts_)) return CreateAccount{};
    if (active.size() < 3) {
      CreateMarket c;
      c.type = Pick(20) == 0 ? MarketType::kPool : MarketType::kOrderBook;
      c.question = "q" + std::to_string(markets.size());
      c.category = "prop";
      c.outcomes = {"YES", "NO"};
      c.end_time = now_.PlusSeconds(20'000 + Pick(40'000));
      c.fee_rate = Cents(Pick(4));                                            // 0 .. 0.03
      if (Pick(50) == 0) c.fee_rate = Money::FromUnits(1 + Pick(5'000'000));  // odd rates
      return c;
    }
    const AccountId account(1 + Pick(accounts_));
    const MarketId market = active[Pick(static_cast<int>(active.size()))];
    if (r >= 57 && r < 95) {
      if (auto bet = PoolCommand(x, account, r)) return *bet;
    }
    if (r < 30) return Deposit{account, Whole(1 + Pick(200))};
    if (r < 40) {
      RequestWithdrawal c;
      c.account = account;
      c.amount = Cents(1 + Pick(3000));
      c.fee = Cents(Pick(100));
      return c;
    }
    if (r < 50) {
      const auto& pending = x.pending_withdrawals();
      WithdrawalId id(pending.empty() ? 999999 : pending.begin()->first);
      if (Pick(2) == 0) return ApproveWithdrawal{id};
      return RejectWithdrawal{id};
    }
    if (r < 54) return AdvanceTime{};
    if (r == 54 && Pick(20) == 0) return EndMarket{market};
    if (r == 55 && Pick(20) == 0) {
      return ResolveMarket{markets[Pick(static_cast<int>(markets.size()))].id,
                           static_cast<std::uint8_t>(Pick(2))};
    }
    if (r == 56 && Pick(20) == 0)
      return VoidMarket{markets[Pick(static_cast<int>(markets.size()))].id};
    if (r < 300) {
      CancelOrders c{account, market, {}};
      std::vector<Order> open;
      x.OpenOrders(account, market, open);
      if (Pick(8) == 0 || open.empty()) {
        if (Pick(3) == 0) c.order_ids.push_back(OrderId(1 + Pick(1'000'000)));  // unknown
        return c;
      }
      const int n = 1 + Pick(2);
      for (int i = 0; i < n; ++i) {
        c.order_ids.push_back(open[Pick(static_cast<int>(open.size()))].id);
      }
      return c;
    }
    return RandomOrder(x, account, market);
  }

  void Advance() { now_ = now_.PlusMillis(1 + Pick(3000)); }
  Timestamp now() const { return now_; }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }

  // Pool markets: creation, bets (some invalid, some replaying or conflicting idempotency keys),
  // resolution and voids. nullopt: fall through to the CLOB mix.
  std::optional<Exchange::Command> PoolCommand(const Exchange& x, AccountId account, int r) {
    std::vector<MarketId> pools;
    std::vector<MarketId> unsettled;
    for (const Market& m : x.markets()) {
      if (m.type != MarketType::kPool) continue;
      if (m.status == MarketStatus::kActive) pools.push_back(m.id);
      if (m.status == MarketStatus::kActive || m.status == MarketStatus::kEnded) {
        unsettled.push_back(m.id);
      }
    }
    if (pools.size() < 2 && Pick(30) == 0) {
      CreateMarket c;
      c.type = MarketType::kPool;
      c.question = "pool" + std::to_string(x.markets().size());
      c.outcomes = {"A", "B"};
      c.end_time = now_.PlusSeconds(2'000 + Pick(20'000));
      return c;
    }
    if (r >= 90) {
      if (unsettled.empty() || Pick(8) != 0) return std::nullopt;
      const MarketId m = unsettled[Pick(static_cast<int>(unsettled.size()))];
      if (Pick(4) == 0) return VoidMarket{m};
      return ResolveMarket{m, static_cast<std::uint8_t>(Pick(2))};
    }
    if (pools.empty()) return std::nullopt;
    PlaceBet c;
    c.account = account;
    c.market = Pick(40) == 0 ? MarketId(1 + Pick(static_cast<int>(x.markets().size())))
                             : pools[Pick(static_cast<int>(pools.size()))];
    c.outcome = static_cast<std::uint8_t>(Pick(50) == 0 ? 2 : Pick(2));
    c.amount = Pick(30) == 0 ? Money::FromUnits(Pick(20'000)) : Cents(1 + Pick(5000));
    c.fee_rate = Pick(3) == 0 ? Money::Zero() : Money::FromUnits(Pick(5'000'001));
    if (Pick(100) == 0) c.fee_rate = Money::FromUnits(60'000'000);  // above 0.5: rejected
    c.weight_floor = static_cast<std::uint32_t>(Pick(100) == 0 ? 0 : 1 + Pick(10'000));
    if (Pick(4) == 0) c.idempotency_key = "k" + std::to_string(Pick(20));
    return c;
  }

  Exchange::Command RandomOrder(const Exchange& x, AccountId account, MarketId market) {
    PlaceOrder c;
    c.account = account;
    c.market = market;
    c.outcome = static_cast<std::uint8_t>(Pick(2));
    c.side = Pick(2) == 0 ? OrderSide::kBid : OrderSide::kAsk;
    const int t = Pick(100);
    c.type = t < 70   ? OrderType::kLimit
             : t < 82 ? OrderType::kMarket
             : t < 91 ? OrderType::kStopLoss
                      : OrderType::kTakeProfit;
    int mid = x.LastTradePrice(market, c.outcome);
    if (mid == 0) mid = 50;
    auto near = [&](int spread) { return std::clamp(mid + Pick(2 * spread + 1) - spread, 1, 99); };
    if (c.type == OrderType::kLimit) c.price = Cents(near(6));
    if (c.type == OrderType::kStopLoss || c.type == OrderType::kTakeProfit) {
      c.trigger_price = Cents(near(4));
    }
    if (c.side == OrderSide::kBid && c.type != OrderType::kLimit && Pick(3) == 0) {
      c.quote_quantity = Cents(1 + Pick(1500));
    } else {
      c.quantity = Whole(1 + Pick(Pick(10) == 0 ? 200 : 15));
    }
    // Now and then, a malformed order (it must be rejected without effect).
    switch (Pick(40)) {
      case 0:
        c.price = Money::FromUnits(c.price ? c.price->units() + 1 : 500'000);
        break;
      case 1:
        c.quantity = Money::FromUnits(Money::kScale / 2);
        c.quote_quantity.reset();
        break;
      case 2:
        c.quantity = Whole(1);
        c.quote_quantity = Whole(1);
        break;
      case 3:
        c.trigger_price = Cents(100);
        break;
      case 4:
        c.outcome = 2;
        break;
      default:
        break;
    }
    return c;
  }

  std::mt19937_64 rng_;
  int accounts_;
  Timestamp now_ = Timestamp::FromSeconds(1'800'000'000);
};

struct RunStats {
  std::uint64_t commands = 0;
  std::uint64_t rejects = 0;
  std::uint64_t trades = 0;
  std::uint64_t bets_placed = 0;
  std::uint64_t bets_settled = 0;
  std::uint64_t final_hash = 0;
};

RunStats RunRandom(std::uint64_t seed, int commands, int accounts, bool check_every_command,
                   std::vector<Exchange::Command>* log = nullptr,
                   std::vector<Timestamp>* times = nullptr) {
  Exchange x;
  Exchange::Output out;
  CommandSource source(seed, accounts);
  RunStats stats;
  std::string bytes;
  for (int i = 0; i < commands; ++i) {
    Exchange::Command c = source.Next(x);
    source.Advance();
    if (log != nullptr) log->push_back(c);
    if (times != nullptr) times->push_back(source.now());
    auto step = testing::ApplyChecked(x, c, static_cast<std::uint64_t>(i + 1), source.now(), out,
                                      check_every_command, bytes);
    if (!step) {
      ADD_FAILURE() << step.message();
      return stats;
    }
    ++stats.commands;
    stats.rejects += !out.ok();
    for (const Event& e : out.events) {
      stats.trades += std::holds_alternative<Trade>(e);
      stats.bets_placed += std::holds_alternative<BetPlaced>(e);
      stats.bets_settled += std::holds_alternative<BetSettled>(e);
    }
  }
  stats.final_hash = x.StateHash();
  return stats;
}

TEST(ExchangePropertyTest, InvariantsHoldAfterEveryRandomCommand) {
  const int commands = Sanitized() ? 30'000 : 150'000 * Scale();
  std::uint64_t total = 0, trades = 0, rejects = 0, bets = 0, settled = 0;
  for (std::uint64_t seed : {1ull, 2ull, 3ull}) {
    RunStats s = RunRandom(seed, commands / 3, 16, /*check_every_command=*/true);
    ASSERT_FALSE(::testing::Test::HasFailure()) << "seed " << seed;
    total += s.commands;
    trades += s.trades;
    rejects += s.rejects;
    bets += s.bets_placed;
    settled += s.bets_settled;
  }
  // ... and pool bets and their settlement.
  EXPECT_GT(bets, total / 50);
  EXPECT_GT(settled, total / 200);
  EXPECT_EQ(total, static_cast<std::uint64_t>(commands / 3 * 3));
  // The mix must actually exercise matching and rejects.
  EXPECT_GT(trades, total / 20);
  EXPECT_GT(rejects, total / 100);
}

TEST(ExchangePropertyTest, LongRunConservesWithPeriodicChecks) {
  // A longer run with more accounts, checked every 1,000 commands and at the end.
  const int commands = Sanitized() ? 100'000 : 2'000'000 * Scale();
  Exchange x;
  Exchange::Output out;
  CommandSource source(99, 64);
  for (int i = 0; i < commands; ++i) {
    Exchange::Command c = source.Next(x);
    source.Advance();
    x.Apply(c, static_cast<std::uint64_t>(i + 1), source.now(), out);
    if (i % 1000 == 0) {
      ASSERT_TRUE(testing::CheckInvariants(x)) << "after command " << i + 1;
    }
  }
  ASSERT_TRUE(testing::CheckInvariants(x));
}

TEST(ExchangePropertyTest, SameSeedSameHashAndSnapshotPlusReplayMatches) {
  const int commands = Sanitized() ? 5'000 : 50'000;
  std::vector<Exchange::Command> log;
  RunStats a = RunRandom(7, commands, 12, false, &log);
  RunStats b = RunRandom(7, commands, 12, false);
  EXPECT_EQ(a.final_hash, b.final_hash);

  // Snapshot halfway, decode, replay the rest: same final hash.
  Exchange x;
  Exchange::Output out;
  CommandSource clock(7, 12);  // only for identical timestamps
  std::vector<Timestamp> times;
  for (int i = 0; i < commands; ++i) {
    clock.Advance();
    times.push_back(clock.now());
  }
  const int half = commands / 2;
  for (int i = 0; i < half; ++i) x.Apply(log[i], i + 1, times[i], out);
  std::string snap;
  x.EncodeSnapshot(snap);
  auto restored = Exchange::DecodeSnapshot(snap);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->StateHash(), x.StateHash());
  std::string again;
  restored->EncodeSnapshot(again);
  EXPECT_EQ(again, snap);
  for (int i = half; i < commands; ++i) {
    x.Apply(log[i], i + 1, times[i], out);
    restored->Apply(log[i], i + 1, times[i], out);
  }
  EXPECT_EQ(restored->StateHash(), x.StateHash());
  ASSERT_TRUE(testing::CheckInvariants(*restored));
}

// Exchange::Prefetch is only a hint: replaying the same commands with prefetches of every stage
// for commands ahead (valid, invalid, long gone or not yet placed orders alike) gives the same
// results, event for event, and the same final state.
TEST(ExchangePropertyTest, PrefetchChangesNothing) {
  const int commands = Sanitized() ? 5'000 : 40'000;
  std::vector<Exchange::Command> log;
  std::vector<Timestamp> times;
  RunStats plain = RunRandom(11, commands, 12, false, &log, &times);
  ASSERT_GT(plain.trades, static_cast<std::uint64_t>(commands / 20));
  Exchange a, b;
  Exchange::Output out_a, out_b;
  const std::size_t n = log.size();
  std::uint64_t prefetched = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t distance : {1u, 3u, 50u}) {
      for (int s = 0; s < Exchange::kPrefetchStages; ++s) {
        const std::size_t ahead =
            i + static_cast<std::size_t>(Exchange::kPrefetchStages - s) * distance;
        if (ahead < n) {
          b.Prefetch(log[ahead], s);
          ++prefetched;
        }
      }
    }
    if (i >= 10) b.Prefetch(log[i - 10], static_cast<int>(i % Exchange::kPrefetchStages));
    b.PrefetchAhead(log.data(), n, i, 1 + i % 7);
    a.Apply(log[i], i + 1, times[i], out_a);
    b.Apply(log[i], i + 1, times[i], out_b);
    ASSERT_EQ(out_a.reject, out_b.reject) << "command " << i + 1;
    ASSERT_EQ(out_a.events.size(), out_b.events.size()) << "command " << i + 1;
    for (std::size_t e = 0; e < out_a.events.size(); ++e) {
      ASSERT_EQ(out_a.events[e].index(), out_b.events[e].index()) << "command " << i + 1;
    }
  }
  EXPECT_GT(prefetched, n);
  EXPECT_EQ(a.StateHash(), plain.final_hash);
  EXPECT_EQ(b.StateHash(), a.StateHash());
  std::string snap_a, snap_b;
  a.EncodeSnapshot(snap_a);
  b.EncodeSnapshot(snap_b);
  EXPECT_EQ(snap_a, snap_b);
}

}  // namespace
}  // namespace probex::venue
