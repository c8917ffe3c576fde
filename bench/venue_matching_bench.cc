// Matching-engine benchmarks of the pure venue domain (src/venue/domain), in memory on one
// thread, ledger locks and events included:
//   BM_Mix/<markets>        throughput of a realistic mix (60% limit adds near the touch, 30%
//                           cancels, 10% marketable) with a steady book; commands are generated
//                           beforehand by a dry run and replayed on a copy of the start state. The
//                           kind of each command is drawn with those odds whatever the book size;
//                           the book stays steady because the size of marketable orders follows the
//                           book (larger sweeps when it is above its target, smaller below).
//   BM_MixLatency/<markets> open-loop latency at a fixed offered rate: command i has the intended
//                           send time t0 + i/rate; latency = completion − intended time, so a
//                           stall delays every later command and is not hidden (p50/p99/p99.9/max).
//   BM_CancelAtOnePrice/<n> one cancel (timed) of a random order of a queue of n orders resting at
//                           one price; the re-add at the tail that keeps the queue at n is not
//                           timed. BM_PauseResumeOverhead is the timer cost to subtract from it.
//   BM_RestingMemory        VmRSS / VmHWM with 1,000,000 resting orders (run it alone, in a fresh
//                           process, so other benchmarks' memory is not counted).
//   BM_MixPrefetch/<m>/<d> BM_Mix's commands with Exchange::Prefetch issued d commands apart ahead
//                           of Apply (what a sequencer holding a batch can do).
// Figures and exact commands: docs/benchmarks/venue-domain.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "venue/domain/exchange.h"

namespace {

using namespace probex;
using namespace probex::venue;

constexpr int kAccounts = 1000;

Money Cents(std::int64_t c) { return Money::FromUnits(c * 1'000'000); }
Money Whole(std::int64_t w) { return Money::FromUnits(w * Money::kScale); }

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return s_;
  }
  int Pick(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }

 private:
  std::uint64_t s_;
};

// The start state: accounts with deposits and `markets` ORDER_BOOK markets (fee 2%).
Exchange MakeVenue(int markets, std::uint64_t& seq) {
  Exchange x;
  Exchange::Output out;
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  for (int a = 0; a < kAccounts; ++a) {
    x.Apply(CreateAccount{}, ++seq, now, out);
    x.Apply(Deposit{AccountId(static_cast<std::uint32_t>(a + 1)), Whole(1'000'000)}, ++seq, now,
            out);
  }
  for (int m = 0; m < markets; ++m) {
    CreateMarket c;
    c.question = "bench market " + std::to_string(m);
    c.category = "bench";
    c.outcomes = {"YES", "NO"};
    c.end_time = Timestamp::FromSeconds(1'900'000'000);
    c.fee_rate = Cents(2);
    x.Apply(c, ++seq, now, out);
  }
  return x;
}

// Generates the mix against a live exchange, tracking which generated orders still rest.
class MixGenerator {
 public:
  MixGenerator(int markets, std::size_t resting_target, std::uint64_t seed)
      : markets_(markets), target_(resting_target), rng_(seed) {}

  enum class Kind { kAdd, kCancel, kMarketable };

  // The next command; its kind is drawn 60/30/10 (a cancel on an empty book becomes an add).
  Exchange::Command Next(const Exchange& x, Kind* kind = nullptr) {
    const int r = rng_.Pick(100);
    Kind k = r < 60 ? Kind::kAdd : r < 90 ? Kind::kCancel : Kind::kMarketable;
    if (k == Kind::kCancel && resting_.empty()) k = Kind::kAdd;
    if (kind != nullptr) *kind = k;
    if (k == Kind::kCancel) return Cancel();
    return Add(x, k == Kind::kMarketable);
  }

  // Keeps the set of resting generated orders in step with what the command did.
  void Observe(const Exchange::Command& c, const Exchange::Output& out) {
    if (std::holds_alternative<CancelOrders>(c)) {
      for (OrderId id : std::get<CancelOrders>(c).order_ids) Forget(id.value());
    }
    for (const Event& e : out.events) {
      if (const auto* u = std::get_if<OrderUpdated>(&e)) {
        const Order& o = u->order;
        if (o.status == OrderStatus::kPlaced && o.type == OrderType::kLimit) {
          if (!index_.count(o.id.value())) {
            index_[o.id.value()] = resting_.size();
            resting_.push_back({o.id, o.account, o.market});
          }
        } else if (o.status != OrderStatus::kNew) {
          Forget(o.id.value());
        }
      }
    }
  }
  std::size_t resting() const { return resting_.size(); }

 private:
  struct Resting {
    OrderId id;
    AccountId account;
    MarketId market;
  };

  void Forget(std::uint64_t id) {
    auto it = index_.find(id);
    if (it == index_.end()) return;
    const std::size_t at = it->second;
    index_.erase(it);
    if (at != resting_.size() - 1) {
      resting_[at] = resting_.back();
      index_[resting_[at].id.value()] = at;
    }
    resting_.pop_back();
  }

  Exchange::Command Cancel() {
    const Resting& r = resting_[rng_.Pick(static_cast<int>(resting_.size()))];
    return CancelOrders{r.account, r.market, {r.id}};
  }

  Exchange::Command Add(const Exchange& x, bool marketable) {
    PlaceOrder c;
    c.account = AccountId(static_cast<std::uint32_t>(1 + rng_.Pick(kAccounts)));
    c.market = MarketId(static_cast<std::uint32_t>(1 + rng_.Pick(markets_)));
    c.outcome = static_cast<std::uint8_t>(rng_.Pick(2));
    c.side = rng_.Pick(2) == 0 ? OrderSide::kBid : OrderSide::kAsk;
    c.quantity = Whole(1 + rng_.Pick(10));  // resting adds: 5.5 shares on average
    x.Depth(c.market, c.outcome, 1, bids_, asks_);
    const int best_bid = bids_.empty() ? 0 : bids_[0].price;
    const int best_ask = asks_.empty() ? 100 : asks_[0].price;
    if (marketable) {
      // Per 100 commands, 60 adds − 30 cancels leave 30 resting orders for 10 marketable orders
      // to take: 3 orders (≈16.5 shares) each on average at the target size, more above it.
      const double excess =
          (static_cast<double>(resting_.size()) - static_cast<double>(target_)) / target_;
      const int mean = std::clamp(static_cast<int>(16.5 * (1 + 20 * excess)), 1, 100);
      c.quantity = Whole(1 + rng_.Pick(2 * mean - 1));
      if (rng_.Pick(2) == 0) {
        c.type = OrderType::kMarket;
      } else {
        c.type = OrderType::kLimit;
        const int p =
            c.side == OrderSide::kBid ? std::min(best_ask + 1, 99) : std::max(best_bid - 1, 1);
        c.price = Cents(p);
      }
      return c;
    }
    c.type = OrderType::kLimit;
    int p;
    if (c.side == OrderSide::kBid) {
      p = (best_bid == 0 ? 48 : best_bid) - rng_.Pick(4) + (rng_.Pick(4) == 0 ? 1 : 0);
      p = std::clamp(p, 1, std::min(98, best_ask - 1));
    } else {
      p = (best_ask == 100 ? 52 : best_ask) + rng_.Pick(4) - (rng_.Pick(4) == 0 ? 1 : 0);
      p = std::clamp(p, std::max(2, best_bid + 1), 99);
    }
    c.price = Cents(p);
    return c;
  }

  int markets_;
  std::size_t target_;
  Rng rng_;
  std::vector<Resting> resting_;
  std::unordered_map<std::uint64_t, std::size_t> index_;
  std::vector<DepthLevel> bids_, asks_;
};

// Commands recorded per workload: 1,000,000, or PROBEX_BENCH_COMMANDS (e.g. smaller under
// valgrind).
std::size_t RecordedCommands() {
  const char* env = std::getenv("PROBEX_BENCH_COMMANDS");
  return env != nullptr && std::atol(env) > 0 ? static_cast<std::size_t>(std::atol(env))
                                              : 1'000'000;
}

struct Workload {
  Exchange start;
  std::uint64_t start_seq = 0;
  std::vector<Exchange::Command> commands;
  std::size_t resting_at_start = 0;
  std::size_t resting_min = 0, resting_max = 0;  // over the recorded commands
  double add_share = 0, cancel_share = 0, marketable_share = 0, traded_share = 0;
  double rejected_share = 0;
  double spread_sum = 0;  // Σ best ask − best bid of market 1 (outcome 0), sampled
  std::size_t spread_samples = 0;
};

// Builds the start state (books pre-filled to the steady size by the same mix) and records
// `count` commands.
const Workload& GetWorkload(int markets) {
  static std::unordered_map<int, Workload> cache;
  auto it = cache.find(markets);
  if (it != cache.end()) return it->second;
  Workload& w = cache[markets];
  std::uint64_t seq = 0;
  Exchange x = MakeVenue(markets, seq);
  const std::size_t target = markets == 1 ? 10'000 : 100'000;
  x.Reserve(target * 2);
  MixGenerator gen(markets, target, 42);
  Exchange::Output out;
  Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  // Warm-up: fill the books, then run the mix a while so the book shape is the steady one.
  for (std::size_t i = 0; gen.resting() < target || i < 4 * target; ++i) {
    Exchange::Command c = gen.Next(x);
    x.Apply(c, ++seq, now, out);
    gen.Observe(c, out);
  }
  w.resting_at_start = gen.resting();
  w.resting_min = w.resting_max = gen.resting();
  w.start = x;
  w.start_seq = seq;
  const std::size_t count = RecordedCommands();
  w.commands.reserve(count);
  std::size_t kinds[3] = {0, 0, 0};
  std::size_t traded = 0, rejected = 0;
  std::vector<DepthLevel> bids, asks;
  for (std::size_t i = 0; i < count; ++i) {
    MixGenerator::Kind kind;
    Exchange::Command c = gen.Next(x, &kind);
    x.Apply(c, ++seq, now, out);
    gen.Observe(c, out);
    ++kinds[static_cast<int>(kind)];
    rejected += !out.ok();
    for (const Event& e : out.events) {
      if (std::holds_alternative<Trade>(e)) {
        ++traded;
        break;
      }
    }
    w.resting_min = std::min(w.resting_min, gen.resting());
    w.resting_max = std::max(w.resting_max, gen.resting());
    if (i % 1000 == 0) {
      x.Depth(MarketId(1), 0, 1, bids, asks);
      if (!bids.empty() && !asks.empty()) {
        w.spread_sum += asks[0].price - bids[0].price;
        ++w.spread_samples;
      }
    }
    w.commands.push_back(std::move(c));
  }
  const double n = static_cast<double>(count);
  w.add_share = static_cast<double>(kinds[0]) / n;
  w.cancel_share = static_cast<double>(kinds[1]) / n;
  w.marketable_share = static_cast<double>(kinds[2]) / n;
  w.traded_share = static_cast<double>(traded) / n;
  w.rejected_share = static_cast<double>(rejected) / n;
  return w;
}

void BM_Mix(benchmark::State& state) {
  const Workload& w = GetWorkload(static_cast<int>(state.range(0)));
  Exchange::Output out;
  out.events.reserve(256);
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  std::uint64_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Exchange x = w.start;
    std::uint64_t seq = w.start_seq;
    state.ResumeTiming();
    for (const Exchange::Command& c : w.commands) {
      x.Apply(c, ++seq, now, out);
      events += out.events.size();
    }
    benchmark::DoNotOptimize(x.open_order_count());
  }
  const double commands = static_cast<double>(w.commands.size()) * state.iterations();
  state.SetItemsProcessed(static_cast<std::int64_t>(commands));
  state.counters["ns_per_cmd"] =
      benchmark::Counter(commands, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["events_per_cmd"] = static_cast<double>(events) / commands;
  state.counters["resting"] = static_cast<double>(w.resting_at_start);
  state.counters["resting_min"] = static_cast<double>(w.resting_min);
  state.counters["resting_max"] = static_cast<double>(w.resting_max);
  state.counters["pct_add"] = 100 * w.add_share;
  state.counters["pct_cancel"] = 100 * w.cancel_share;
  state.counters["pct_marketable"] = 100 * w.marketable_share;
  state.counters["pct_traded"] = 100 * w.traded_share;
  state.counters["pct_rejected"] = 100 * w.rejected_share;
  state.counters["spread_m1"] =
      w.spread_samples == 0 ? 0 : w.spread_sum / static_cast<double>(w.spread_samples);
}
BENCHMARK(BM_Mix)->Arg(1)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same recorded commands and start state as BM_Mix, applied in order by the same Apply, with
// Exchange::Prefetch issued for the commands ahead (stage s for command i + (4 − s) × d) the way
// a sequencer holding a batch of intake can: the prefetch calls are inside the timed loop.
void BM_MixPrefetch(benchmark::State& state) {
  const Workload& w = GetWorkload(static_cast<int>(state.range(0)));
  const std::size_t distance = static_cast<std::size_t>(state.range(1));
  Exchange::Output out;
  out.events.reserve(256);
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  const std::size_t n = w.commands.size();
  for (auto _ : state) {
    state.PauseTiming();
    Exchange x = w.start;
    std::uint64_t seq = w.start_seq;
    state.ResumeTiming();
    for (std::size_t i = 0; i < n; ++i) {
      x.PrefetchAhead(w.commands.data(), n, i, distance);
      x.Apply(w.commands[i], ++seq, now, out);
    }
    benchmark::DoNotOptimize(x.open_order_count());
  }
  const double commands = static_cast<double>(n) * state.iterations();
  state.SetItemsProcessed(static_cast<std::int64_t>(commands));
  state.counters["ns_per_cmd"] =
      benchmark::Counter(commands, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_MixPrefetch)
    ->Args({1, 2})
    ->Args({1000, 2})
    ->Args({1000, 4})
    ->Args({1000, 8})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_MixLatency(benchmark::State& state) {
  const Workload& w = GetWorkload(static_cast<int>(state.range(0)));
  const double rate = static_cast<double>(state.range(1));  // commands per second offered
  Exchange::Output out;
  out.events.reserve(256);
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  std::vector<std::int64_t> latency(w.commands.size());
  using Clock = std::chrono::steady_clock;
  double achieved = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Exchange x = w.start;
    std::uint64_t seq = w.start_seq;
    state.ResumeTiming();
    const auto t0 = Clock::now();
    const double interval_ns = 1e9 / rate;
    for (std::size_t i = 0; i < w.commands.size(); ++i) {
      const auto intended =
          t0 + std::chrono::nanoseconds(static_cast<std::int64_t>(i * interval_ns));
      while (Clock::now() < intended) {
      }
      x.Apply(w.commands[i], ++seq, now, out);
      const auto done = Clock::now();
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(done - intended).count();
      latency[i] = ns;
    }
    achieved = static_cast<double>(w.commands.size()) /
               std::chrono::duration<double>(Clock::now() - t0).count();
  }
  std::sort(latency.begin(), latency.end());
  auto at = [&](double q) {
    return static_cast<double>(
        latency[std::min(latency.size() - 1, static_cast<std::size_t>(q * latency.size()))]);
  };
  state.counters["offered_per_s"] = rate;
  state.counters["achieved_per_s"] = achieved;
  state.counters["p50_ns"] = at(0.50);
  state.counters["p99_ns"] = at(0.99);
  state.counters["p99.9_ns"] = at(0.999);
  state.counters["max_ns"] = static_cast<double>(latency.back());
}
BENCHMARK(BM_MixLatency)
    ->Args({1, 100'000})
    ->Args({1, 1'000'000})
    ->Args({1, 4'000'000})
    ->Args({1000, 1'000'000})
    ->Args({1000, 4'000'000})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

void BM_CancelAtOnePrice(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  std::uint64_t seq = 0;
  Exchange x = MakeVenue(1, seq);
  x.Reserve(static_cast<std::size_t>(n) + 16);
  Exchange::Output out;
  out.events.reserve(64);
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  std::vector<std::pair<AccountId, OrderId>> ids;
  PlaceOrder add;
  add.market = MarketId(1);
  add.price = Cents(40);
  add.quantity = Whole(1);
  for (int i = 0; i < n; ++i) {
    add.account = AccountId(static_cast<std::uint32_t>(1 + i % kAccounts));
    x.Apply(add, ++seq, now, out);
    ids.push_back({add.account, OrderId(out.created_id)});
  }
  Rng rng(7);
  CancelOrders cancel{AccountId(), MarketId(1), {OrderId()}};
  std::size_t failed = 0;
  for (auto _ : state) {
    // Cancel a random order of the queue (head, middle or tail alike)...
    const std::size_t k = static_cast<std::size_t>(rng.Pick(n));
    cancel.account = ids[k].first;
    cancel.order_ids[0] = ids[k].second;
    x.Apply(cancel, ++seq, now, out);
    failed += !out.ok();
    // ...then, untimed, add one at the tail so the queue stays at n.
    state.PauseTiming();
    add.account = ids[k].first;
    x.Apply(add, ++seq, now, out);
    ids[k].second = OrderId(out.created_id);
    state.ResumeTiming();
  }
  if (failed != 0 || x.open_order_count() != static_cast<std::size_t>(n)) {
    state.SkipWithError("cancel rejected or queue length drifted");
  }
  state.counters["queue"] = n;
  state.counters["level_orders"] = x.open_order_count();
}
BENCHMARK(BM_CancelAtOnePrice)->Arg(10)->Arg(1'000)->Arg(100'000);

// The cost of the PauseTiming/ResumeTiming pair included in each BM_CancelAtOnePrice iteration.
void BM_PauseResumeOverhead(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_PauseResumeOverhead);

// A "VmRSS:" / "VmHWM:" line of /proc/self/status, in MB (0 when absent).
double StatusMb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t len = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, len, field) == 0) return std::stod(line.substr(len)) / 1024.0;
  }
  return 0;
}

// 1,000,000 resting limit orders over 1,000 markets and 1,000 accounts (no Reserve: the slab and
// the indexes grow as they would in service).
void BM_RestingMemory(benchmark::State& state) {
  const int orders = 1'000'000;
  for (auto _ : state) {
    const double before = StatusMb("VmRSS:");
    std::uint64_t seq = 0;
    Exchange x = MakeVenue(1000, seq);
    Exchange::Output out;
    const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
    Rng rng(3);
    PlaceOrder c;
    c.quantity = Whole(1);
    for (int i = 0; i < orders; ++i) {
      c.account = AccountId(static_cast<std::uint32_t>(1 + rng.Pick(kAccounts)));
      c.market = MarketId(static_cast<std::uint32_t>(1 + rng.Pick(1000)));
      c.outcome = static_cast<std::uint8_t>(rng.Pick(2));
      c.side = OrderSide::kBid;  // bids of YES at 1..49 and of NO at 1..49 never cross
      c.price = Cents(1 + rng.Pick(49));
      x.Apply(c, ++seq, now, out);
    }
    const double after = StatusMb("VmRSS:");
    if (x.open_order_count() != static_cast<std::size_t>(orders)) {
      state.SkipWithError("not every order rests");
    }
    state.counters["resting_orders"] = static_cast<double>(x.open_order_count());
    state.counters["rss_mb"] = after;
    state.counters["hwm_mb"] = StatusMb("VmHWM:");
    state.counters["rss_before_mb"] = before;
    state.counters["bytes_per_order"] = (after - before) * 1024 * 1024 / orders;
  }
}
BENCHMARK(BM_RestingMemory)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
