// CTM resolution benchmark of the pure venue domain (src/venue/domain/ctm.h), in memory on one
// thread, ledger postings and balance events included:
//   BM_ResolveRound/<predictions>  the AdvanceTime command that resolves one LOCKED round with
//                                  that many predictions from as many players: distances, the
//                                  ranking sort, the ranked payout (10% paid), every entry cleared
//                                  through the fee account and one BalanceChanged per player. Each
//                                  iteration resolves a fresh copy of the same state (the copy is
//                                  not timed). Target: ≤ 200 ms at 100,000 predictions.
// Figures and exact commands: docs/benchmarks/venue-ctm.md.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>

#include "venue/domain/exchange.h"

namespace {

using namespace probex;
using namespace probex::venue;

const Timestamp kStart = Timestamp::FromSeconds(1'800'000'000);

Exchange LockedRound(int predictions) {
  Exchange x;
  Exchange::Output out;
  std::uint64_t seq = 0;
  const Money deposit = Money::FromUnits(1000 * Money::kScale);
  for (int i = 0; i < predictions; ++i) {
    x.Apply(CreateAccount{}, ++seq, kStart, out);
    x.Apply(Deposit{AccountId(static_cast<std::uint32_t>(i + 1)), deposit}, ++seq, kStart, out);
  }
  x.Apply(OraclePrice{"BTC", Money::FromUnits(84'000 * Money::kScale),
                      Money::FromUnits(84'000 * Money::kScale),
                      Money::FromUnits(84'000 * Money::kScale)},
          ++seq, kStart, out);
  CtmRoundSpec spec;
  spec.asset = "BTC";
  spec.open_starts_at = kStart;
  spec.heatmap_starts_at = kStart.PlusSeconds(180);
  spec.locked_starts_at = kStart.PlusSeconds(240);
  spec.resolves_at = kStart.PlusSeconds(300);
  spec.entry_fee_blind = Money::FromUnits(10 * Money::kScale);
  spec.heatmap_fee_multiplier = Money::FromUnits(2 * Money::kScale);
  spec.platform_fee_rate = Money::FromUnits(5'000'000);
  x.Apply(CreateCtmRound{spec}, ++seq, kStart, out);
  const std::uint64_t round = out.created_id;
  // Predictions around the price, in cents, with many exact ties.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> spread(0.0, 50'000.0);
  for (int i = 0; i < predictions; ++i) {
    const std::int64_t cents = 8'400'000 + static_cast<std::int64_t>(spread(rng));
    x.Apply(PlaceCtmPrediction{AccountId(static_cast<std::uint32_t>(i + 1)), round,
                               Money::FromUnits(cents * (Money::kScale / 100)), ""},
            ++seq, kStart.PlusSeconds(1), out);
    if (!out.ok()) std::abort();
  }
  x.Apply(AdvanceTime{}, ++seq, kStart.PlusSeconds(240), out);  // LOCKED
  return x;
}

void BM_ResolveRound(benchmark::State& state) {
  const Exchange base = LockedRound(static_cast<int>(state.range(0)));
  Exchange::Output out;
  std::uint64_t seq = base.last_seq();
  for (auto _ : state) {
    state.PauseTiming();
    Exchange x = base;
    state.ResumeTiming();
    x.Apply(AdvanceTime{}, ++seq, kStart.PlusSeconds(300), out);
    if (x.ctm().FindRound(1)->status != CtmRoundStatus::kResolved) std::abort();
    benchmark::DoNotOptimize(out.events.data());
  }
  state.counters["predictions"] = static_cast<double>(state.range(0));
  state.counters["events"] = static_cast<double>(out.events.size());
}
BENCHMARK(BM_ResolveRound)->Arg(1'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
