// Matching-engine benchmarks of the pure venue domain (src/venue/domain), in memory on one
// thread, ledger locks and events included:
//   BM_Mix/<markets>        throughput of a realistic mix (≈60% limit adds near the touch, 30%
//                           cancels, 10% marketable) with a steady book; commands are generated
//                           beforehand by a dry run and replayed on a copy of the start state.
//   BM_MixLatency/<markets> open-loop latency at a fixed offered rate: command i has the intended
//                           send time t0 + i/rate; latency = completion − intended time, so a
//                           stall delays every later command and is not hidden (p50/p99/p99.9/max).
//   BM_CancelAtOnePrice/<n> cancel (+ re-add at the tail) with n orders resting at one price.
//   BM_RestingMemory        VmRSS with 1,000,000 resting orders.
// Figures and exact commands: docs/benchmarks/venue-domain.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
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

  Exchange::Command Next(const Exchange& x) {
    const int r = rng_.Pick(100);
    if ((r < 60 && resting_.size() < target_) || resting_.empty()) return Add(x, false);
    if (r < 90 || resting_.size() >= target_) return Cancel();
    return Add(x, true);
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
    c.quantity = Whole(1 + rng_.Pick(10));
    x.Depth(c.market, c.outcome, 1, bids_, asks_);
    const int best_bid = bids_.empty() ? 0 : bids_[0].price;
    const int best_ask = asks_.empty() ? 100 : asks_[0].price;
    if (marketable) {
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

struct Workload {
  Exchange start;
  std::uint64_t start_seq = 0;
  std::vector<Exchange::Command> commands;
  std::size_t resting_at_start = 0;
  double place_share = 0, cancel_share = 0, marketable_share = 0;
};

// Builds the start state (book pre-filled to the steady size) and records `count` commands.
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
  while (gen.resting() < target) {  // warm-up: fill the books
    Exchange::Command c = gen.Next(x);
    x.Apply(c, ++seq, now, out);
    gen.Observe(c, out);
  }
  w.resting_at_start = gen.resting();
  w.start = x;
  w.start_seq = seq;
  const std::size_t count = 1'000'000;
  w.commands.reserve(count);
  std::size_t places = 0, cancels = 0, marketable = 0;
  for (std::size_t i = 0; i < count; ++i) {
    Exchange::Command c = gen.Next(x);
    x.Apply(c, ++seq, now, out);
    gen.Observe(c, out);
    if (const auto* p = std::get_if<PlaceOrder>(&c)) {
      bool traded = false;
      for (const Event& e : out.events) traded |= std::holds_alternative<Trade>(e);
      (p->type == OrderType::kMarket || traded ? marketable : places)++;
    } else {
      ++cancels;
    }
    w.commands.push_back(std::move(c));
  }
  w.place_share = static_cast<double>(places) / count;
  w.cancel_share = static_cast<double>(cancels) / count;
  w.marketable_share = static_cast<double>(marketable) / count;
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
  state.counters["pct_place"] = 100 * w.place_share;
  state.counters["pct_cancel"] = 100 * w.cancel_share;
  state.counters["pct_marketable"] = 100 * w.marketable_share;
}
BENCHMARK(BM_Mix)->Arg(1)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_MixLatency(benchmark::State& state) {
  const Workload& w = GetWorkload(static_cast<int>(state.range(0)));
  const double rate = static_cast<double>(state.range(1));  // commands per second offered
  Exchange::Output out;
  out.events.reserve(256);
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  std::vector<std::uint32_t> latency(w.commands.size());
  using Clock = std::chrono::steady_clock;
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
      latency[i] = static_cast<std::uint32_t>(std::min<std::int64_t>(ns, UINT32_MAX));
    }
  }
  std::sort(latency.begin(), latency.end());
  auto at = [&](double q) {
    return static_cast<double>(
        latency[std::min(latency.size() - 1, static_cast<std::size_t>(q * latency.size()))]);
  };
  state.counters["offered_per_s"] = rate;
  state.counters["p50_ns"] = at(0.50);
  state.counters["p99_ns"] = at(0.99);
  state.counters["p99.9_ns"] = at(0.999);
  state.counters["max_ns"] = static_cast<double>(latency.back());
}
BENCHMARK(BM_MixLatency)
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
  const Timestamp now = Timestamp::FromSeconds(1'800'000'000);
  std::vector<PlaceOrder> adds;
  std::vector<std::pair<AccountId, OrderId>> ids;
  for (int i = 0; i < n; ++i) {
    PlaceOrder c;
    c.account = AccountId(static_cast<std::uint32_t>(1 + i % kAccounts));
    c.market = MarketId(1);
    c.price = Cents(40);
    c.quantity = Whole(1);
    x.Apply(c, ++seq, now, out);
    ids.push_back({c.account, OrderId(out.created_id)});
  }
  Rng rng(7);
  CancelOrders cancel{AccountId(), MarketId(1), {OrderId()}};
  PlaceOrder add;
  add.market = MarketId(1);
  add.price = Cents(40);
  add.quantity = Whole(1);
  for (auto _ : state) {
    // Cancel a random order of the queue (head, middle or tail alike), then add one at the tail
    // so the queue length stays n.
    const std::size_t k = static_cast<std::size_t>(rng.Pick(n));
    cancel.account = ids[k].first;
    cancel.order_ids[0] = ids[k].second;
    x.Apply(cancel, ++seq, now, out);
    add.account = ids[k].first;
    x.Apply(add, ++seq, now, out);
    ids[k].second = OrderId(out.created_id);
  }
  state.counters["queue"] = n;
  state.counters["ns_per_cancel_plus_add"] =
      benchmark::Counter(static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_CancelAtOnePrice)->Arg(10)->Arg(1'000)->Arg(100'000);

double VmRssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

void BM_RestingMemory(benchmark::State& state) {
  const int orders = 1'000'000;
  for (auto _ : state) {
    const double before = VmRssMb();
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
    const double after = VmRssMb();
    state.counters["resting_orders"] = static_cast<double>(x.open_order_count());
    state.counters["rss_mb"] = after;
    state.counters["rss_delta_mb"] = after - before;
    state.counters["bytes_per_order"] = (after - before) * 1024 * 1024 / orders;
  }
}
BENCHMARK(BM_RestingMemory)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
