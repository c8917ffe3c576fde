// Sustained commands/s through the venue sequencer with the journal on the local disk (group
// commit, one fdatasync per batch), several producer threads submitting asynchronously with a
// bounded number of commands in flight each (as many HTTP connections would).
//   ./journal_bench [--benchmark_filter=...]   (PROBEX_BENCH_DIR: where journals go, default /tmp)
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
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
// next: the fdatasync cost the venue's sequencer pays per batch at HTTP rates. Arg: the writer's
// preallocation (0: appends that grow the file every commit; 4 MiB: the default, records
// overwrite zero-filled blocks so a sync does not also commit a size change). Reports the CPU
// time per commit of this thread (user + system) beside the wall time per commit.
void BM_SmallCommitsDurable(benchmark::State& state) {
  const std::string dir = MakeBenchDir();
  probex::store::JournalWriterOptions options;
  options.preallocate_bytes = static_cast<std::uint64_t>(state.range(0));
  auto writer = probex::store::JournalWriter::Open(dir, 1, options);
  if (!writer) std::abort();
  std::string batch;
  std::uint64_t seq = 1;
  rusage before{};
  ::getrusage(RUSAGE_THREAD, &before);
  std::int64_t commits = 0;
  for (auto _ : state) {
    batch.clear();
    const std::uint64_t first = seq;
    for (int i = 0; i < 10; ++i) {
      probex::store::AppendJournalRecord(batch, seq++, probex::Timestamp::FromMicros(1),
                                         std::string(46, 'o'));
    }
    if (!(*writer)->Commit(batch, first, seq - 1)) std::abort();
    ++commits;
  }
  rusage after{};
  ::getrusage(RUSAGE_THREAD, &after);
  auto micros = [](const timeval& t) { return t.tv_sec * 1e6 + static_cast<double>(t.tv_usec); };
  const double cpu_us = micros(after.ru_utime) - micros(before.ru_utime) + micros(after.ru_stime) -
                        micros(before.ru_stime);
  state.counters["cpu_us_per_commit"] = commits > 0 ? cpu_us / static_cast<double>(commits) : 0;
  writer->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_SmallCommitsDurable)
    ->Arg(0)
    ->Arg(4 << 20)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime()
    ->MinTime(3.0);

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
