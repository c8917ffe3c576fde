// Pool settlement benchmarks of the pure venue domain (src/venue/domain), in memory on one thread:
//   BM_SettlePool/<bets>     Exchange::Apply(ResolveMarket) on a POOL market holding <bets> open
//                            bets from 100,000 accounts (both outcomes, time weights spread over
//                            the market's life, 2% fee): every stake into escrow, every payout out,
//                            fee + dust to the fee account, one BetSettled event per bet and one
//                            BalanceChanged per account. Target (issue 5): 1,000,000 bets ≤ 1 s.
//   BM_SettlePoolMath/<bets> the settlement arithmetic alone (SettlePool: weighted sum and exact
//                            floor(P × a × w / S) per bet), no ledger, no events.
//   BM_PlaceBet              Exchange::Apply(PlaceBet) throughput (ledger lock, weight, fee,
//   event).
// Figures and exact commands: docs/benchmarks/venue-pools.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "venue/domain/exchange.h"

namespace {

using namespace probex;
using namespace probex::venue;

constexpr std::uint32_t kAccounts = 100'000;
const Timestamp kStart = Timestamp::FromSeconds(1'800'000'000);

Money Cents(std::int64_t c) { return Money::FromUnits(c * 1'000'000); }

// An Exchange with kAccounts funded accounts and one POOL market ending 10 days after kStart.
std::unique_ptr<Exchange> Setup(std::uint64_t& seq) {
  auto x = std::make_unique<Exchange>();
  Exchange::Output out;
  for (std::uint32_t a = 0; a < kAccounts; ++a) x->Apply(CreateAccount{}, ++seq, kStart, out);
  for (std::uint32_t a = 1; a <= kAccounts; ++a) {
    x->Apply(Deposit{AccountId(a), Money::FromUnits(50'000 * Money::kScale)}, ++seq, kStart, out);
  }
  CreateMarket c;
  c.type = MarketType::kPool;
  c.question = "Bench pool?";
  c.outcomes = {"Yes", "No"};
  c.end_time = kStart.PlusSeconds(10 * 86'400);
  x->Apply(c, ++seq, kStart, out);
  return x;
}

void PlaceBets(Exchange& x, std::uint64_t& seq, std::int64_t bets, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Exchange::Output out;
  const std::int64_t span_us = 10LL * 86'400 * 1'000'000;
  for (std::int64_t i = 0; i < bets; ++i) {
    PlaceBet b;
    b.account = AccountId(static_cast<std::uint32_t>(1 + rng() % kAccounts));
    b.market = MarketId(1);
    b.outcome = static_cast<std::uint8_t>(rng() % 3 == 0 ? 1 : 0);
    b.amount = Cents(1 + static_cast<std::int64_t>(rng() % 100'000));  // 0.01 .. 1000
    b.fee_rate = Money::FromUnits(2'000'000);                          // 2%
    b.weight_floor = 5000;
    const Timestamp at = kStart.PlusMicros(span_us * i / bets);
    x.Apply(b, ++seq, at, out);
    if (!out.ok()) std::abort();
  }
}

void BM_SettlePool(benchmark::State& state) {
  const std::int64_t bets = state.range(0);
  std::uint64_t seq = 0;
  auto base = Setup(seq);
  PlaceBets(*base, seq, bets, 42);
  Exchange::Output out;
  for (auto _ : state) {
    state.PauseTiming();
    auto x = std::make_unique<Exchange>(*base);
    out.Clear();
    state.ResumeTiming();
    x->Apply(ResolveMarket{MarketId(1), 0}, seq + 1, kStart.PlusSeconds(11 * 86'400), out);
    state.PauseTiming();
    if (!out.ok() || out.events.size() < static_cast<std::size_t>(bets)) {
      state.SkipWithError("settlement failed");
    }
    if (!x->ledger().CheckConservation()) state.SkipWithError("not conserved");
    x.reset();
    state.ResumeTiming();
  }
  state.counters["bets"] = static_cast<double>(bets);
  state.counters["bets_per_s"] =
      benchmark::Counter(static_cast<double>(bets), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SettlePool)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();

void BM_SettlePoolMath(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  std::mt19937_64 rng(7);
  std::vector<Bet> bets(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    Bet& b = bets[static_cast<std::size_t>(i)];
    b.id = BetId(static_cast<std::uint64_t>(i + 1));
    b.account = AccountId(static_cast<std::uint32_t>(1 + rng() % kAccounts));
    b.outcome = static_cast<std::uint8_t>(rng() % 3 == 0 ? 1 : 0);
    b.amount = Cents(1 + static_cast<std::int64_t>(rng() % 100'000));
    b.fee = BetFee(b.amount, Money::FromUnits(2'000'000));
    b.weight = static_cast<std::uint32_t>(5000 + rng() % 5001);
  }
  PoolSettlement s;
  for (auto _ : state) {
    SettlePool(bets, false, 0, s);
    benchmark::DoNotOptimize(s.dust);
  }
  state.counters["bets_per_s"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SettlePoolMath)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PlaceBet(benchmark::State& state) {
  std::uint64_t seq = 0;
  auto x = Setup(seq);
  std::mt19937_64 rng(3);
  Exchange::Output out;
  std::int64_t i = 0;
  for (auto _ : state) {
    PlaceBet b;
    b.account = AccountId(static_cast<std::uint32_t>(1 + rng() % kAccounts));
    b.market = MarketId(1);
    b.outcome = static_cast<std::uint8_t>(i & 1);
    b.amount = Cents(1 + static_cast<std::int64_t>(rng() % 1000));
    b.fee_rate = Money::FromUnits(2'000'000);
    b.weight_floor = 5000;
    x->Apply(b, ++seq, kStart.PlusMicros(++i), out);
    benchmark::DoNotOptimize(out.bet.bet.id);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlaceBet)->Unit(benchmark::kNanosecond);

}  // namespace

BENCHMARK_MAIN();
