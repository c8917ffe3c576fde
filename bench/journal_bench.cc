// Sustained commands/s through the venue sequencer with the journal on the local disk (group
// commit, one fdatasync per batch), several producer threads submitting asynchronously with a
// bounded number of commands in flight each (as many HTTP connections would).
//   ./journal_bench [--benchmark_filter=...]   (PROBEX_BENCH_DIR: where journals go, default /tmp)
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

#include "store/journal_format.h"
#include "store/journal_writer.h"
#include "venue/engine/exchange_workload.h"
#include "venue/engine/sequencer.h"
#include "venue/engine/test_bank.h"
#include "venue/engine/venue_engine.h"

namespace {

using probex::Status;
using probex::venue::engine::EngineOptions;
using probex::venue::engine::Sequencer;

std::string MakeBenchDir() {
  const char* base = std::getenv("PROBEX_BENCH_DIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/probex-journal-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  return pattern;
}

constexpr int kInFlightPerProducer = 8192;
// Commands a producer may have unacknowledged; it sleeps (not spins) when the window is full.
using Window = std::counting_semaphore<kInFlightPerProducer>;

// Runs `producers` threads, each submitting `per_producer` commands from `next(p)` and keeping at
// most kInFlightPerProducer unacknowledged; returns when every command is acknowledged.
template <typename Machine, typename Next, typename OnAck>
void Drive(Sequencer<Machine>& engine, int producers, int per_producer, Next next, OnAck on_ack) {
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      Window window(kInFlightPerProducer);
      for (int i = 0; i < per_producer; ++i) {
        window.acquire();
        Status s = engine.SubmitAsync(
            next(p), [&window, &on_ack](const Status& status,
                                        const typename Sequencer<Machine>::Committed* c) {
              if (!status) std::abort();
              on_ack(*c);
              window.release();
            });
        if (!s) std::abort();
      }
      for (int i = 0; i < kInFlightPerProducer; ++i) window.acquire();
    });
  }
  for (auto& thread : threads) thread.join();
}

// CPU time of the whole process (every thread: producers, sequencer, journal), in µs.
double ProcessCpuMicros() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto micros = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  return micros(usage.ru_utime) + micros(usage.ru_stime);
}

// `cpu_before`: ProcessCpuMicros() when the measured loop started. cpu_us_per_cmd is the
// process's CPU time per command, which depends far less on the machine's other load than
// items_per_second does.
void Report(benchmark::State& state, std::uint64_t commands,
            const probex::venue::engine::EngineStats& before,
            const probex::venue::engine::EngineStats& after, double cpu_before) {
  state.SetItemsProcessed(static_cast<std::int64_t>(commands));
  state.counters["cpu_us_per_cmd"] =
      commands > 0 ? (ProcessCpuMicros() - cpu_before) / static_cast<double>(commands) : 0;
  const double syncs = static_cast<double>(after.syncs - before.syncs);
  state.counters["syncs"] = syncs;
  state.counters["cmds_per_sync"] = syncs > 0 ? static_cast<double>(commands) / syncs : 0;
}

void BM_TestBankThroughJournal(benchmark::State& state) {
  using probex::venue::engine::testing::RandomBankCommand;
  using probex::venue::engine::testing::TestBank;
  const int producers = static_cast<int>(state.range(0));
  const int per_producer = 400'000 / producers;
  const std::string dir = MakeBenchDir();
  EngineOptions options;
  options.data_dir = dir;
  options.snapshot_every = 0;
  options.snapshot_on_shutdown = false;
  auto engine = Sequencer<TestBank>::Open(options);
  if (!engine) std::abort();
  std::vector<std::mt19937_64> rngs;
  for (int p = 0; p < producers; ++p) rngs.emplace_back(p + 1);
  std::uint64_t total = 0;
  auto before = (*engine)->stats();
  const double cpu_before = ProcessCpuMicros();
  for (auto _ : state) {
    Drive<TestBank>(
        **engine, producers, per_producer,
        [&](int p) { return RandomBankCommand(rngs[static_cast<std::size_t>(p)], 0); },
        [](const auto&) {});
    total += static_cast<std::uint64_t>(producers) * per_producer;
  }
  Report(state, total, before, (*engine)->stats(), cpu_before);
  (*engine)->Stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_TestBankThroughJournal)
    ->Arg(1)
    ->Arg(4)
    ->Arg(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One small batch (700 bytes, about ten order commands) per commit, each made durable before the
// next: the fdatasync cost the venue's sequencer pays per batch at HTTP rates. Two writers in two
// directories, committed to alternately so both see the same disk conditions (on a shared
// machine the disk's latency swings 10x within seconds): "append" (preallocate_bytes = 0: every
// commit grows the file, so its fdatasync also commits the new size through the filesystem's
// journal) and "prealloc" (the default 4 MiB: records overwrite zero-filled blocks). Reports, per
// writer, the mean, p50 and p99 wall time of a commit and its CPU time (user + system of this
// thread).
void BM_SmallCommitsAppendVsPrealloc(benchmark::State& state) {
  struct Side {
    std::string dir;
    std::unique_ptr<probex::store::JournalWriter> writer;
    std::uint64_t seq = 1;
    std::vector<double> wall_us;
    double cpu_us = 0;
  };
  Side sides[2];
  for (int i = 0; i < 2; ++i) {
    sides[i].dir = MakeBenchDir();
    probex::store::JournalWriterOptions options;
    options.preallocate_bytes = i == 0 ? 0 : 4u << 20;
    auto writer = probex::store::JournalWriter::Open(sides[i].dir, 1, options);
    if (!writer) std::abort();
    sides[i].writer = std::move(*writer);
  }
  auto thread_cpu_us = [] {
    rusage r{};
    ::getrusage(RUSAGE_THREAD, &r);
    return r.ru_utime.tv_sec * 1e6 + static_cast<double>(r.ru_utime.tv_usec) +
           r.ru_stime.tv_sec * 1e6 + static_cast<double>(r.ru_stime.tv_usec);
  };
  std::string batch;
  for (auto _ : state) {
    for (Side& side : sides) {
      batch.clear();
      const std::uint64_t first = side.seq;
      for (int i = 0; i < 10; ++i) {
        probex::store::AppendJournalRecord(batch, side.seq++, probex::Timestamp::FromMicros(1),
                                           std::string(46, 'o'));
      }
      const double cpu_before = thread_cpu_us();
      const auto start = std::chrono::steady_clock::now();
      if (!side.writer->Commit(batch, first, side.seq - 1)) std::abort();
      side.wall_us.push_back(
          std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
              .count());
      side.cpu_us += thread_cpu_us() - cpu_before;
    }
  }
  const char* names[2] = {"append", "prealloc"};
  for (int i = 0; i < 2; ++i) {
    std::vector<double>& w = sides[i].wall_us;
    if (w.empty()) continue;
    std::sort(w.begin(), w.end());
    double sum = 0;
    for (double v : w) sum += v;
    const std::string name = names[i];
    state.counters[name + "_mean_us"] = sum / static_cast<double>(w.size());
    state.counters[name + "_p50_us"] = w[w.size() / 2];
    state.counters[name + "_p99_us"] = w[w.size() * 99 / 100];
    state.counters[name + "_cpu_us"] = sides[i].cpu_us / static_cast<double>(w.size());
    sides[i].writer.reset();
    std::filesystem::remove_all(sides[i].dir);
  }
}
BENCHMARK(BM_SmallCommitsAppendVsPrealloc)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->Iterations(3000);

void BM_ExchangeThroughJournal(benchmark::State& state) {
  using namespace probex::venue;
  using engine::testing::ExchangeSetupCommands;
  using engine::testing::ExchangeWorkload;
  using engine::testing::ExchangeWorkloadConfig;
  const int producers = static_cast<int>(state.range(0));
  const int per_producer = 400'000 / producers;
  const std::string dir = MakeBenchDir();
  EngineOptions options;
  options.data_dir = dir;
  options.snapshot_every = 0;
  options.snapshot_on_shutdown = false;
  auto venue = engine::VenueEngine::Open(options);
  if (!venue) std::abort();
  ExchangeWorkloadConfig config;
  config.accounts = 1000;
  config.markets = 10;
  for (const Command& command : ExchangeSetupCommands(config, probex::SystemClock().Now())) {
    if (!(*venue)->Submit(command).ok()) std::abort();
  }
  std::vector<std::unique_ptr<ExchangeWorkload>> workloads;
  for (int p = 0; p < producers; ++p) {
    workloads.push_back(std::make_unique<ExchangeWorkload>(config, 100 + p));
  }
  std::uint64_t total = 0;
  auto before = (*venue)->stats();
  const double cpu_before = ProcessCpuMicros();
  for (auto _ : state) {
    std::vector<std::thread> threads;
    // Each producer feeds back its own resting orders so that its cancels name live orders.
    for (int p = 0; p < producers; ++p) {
      threads.emplace_back([&, p] {
        ExchangeWorkload& workload = *workloads[static_cast<std::size_t>(p)];
        Window window(kInFlightPerProducer);
        for (int i = 0; i < per_producer; ++i) {
          window.acquire();
          Status s = (*venue)->SubmitAsync(
              workload.Next(), [&](const Status& status, const engine::VenueEngine::Committed* c) {
                if (!status) std::abort();
                if (c->output.has_order && c->output.order.status == OrderStatus::kPlaced) {
                  workload.Remember(c->output.order.account, c->output.order.market,
                                    c->output.order.id);
                }
                window.release();
              });
          if (!s) std::abort();
        }
        for (int i = 0; i < kInFlightPerProducer; ++i) window.acquire();
      });
    }
    for (auto& thread : threads) thread.join();
    total += static_cast<std::uint64_t>(producers) * per_producer;
  }
  Report(state, total, before, (*venue)->stats(), cpu_before);
  auto open_orders = (*venue)->Query([](const Exchange& x) { return x.open_order_count(); });
  state.counters["open_orders"] = static_cast<double>(open_orders.value_or(0));
  (*venue)->Stop();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_ExchangeThroughJournal)
    ->Arg(1)
    ->Arg(4)
    ->Arg(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
