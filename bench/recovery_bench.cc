// Recovery speed: replay of a journal of 10 million commands (CRC check, decode, Apply) from the
// local disk. The journal is generated once in the setup (applied to a live Exchange so cancels
// name real orders) and cached under $PROBEX_BENCH_DIR (default /tmp); the replay reads it from
// the page cache, as a restart right after a crash would.
//   ./recovery_bench   (PROBEX_RECOVERY_COMMANDS overrides the 10,000,000)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "common/clock.h"
#include "store/journal_format.h"
#include "store/journal_writer.h"
#include "venue/engine/exchange_workload.h"
#include "venue/engine/recovery.h"
#include "venue/engine/test_bank.h"
#include "venue/engine/venue_engine.h"

namespace {

using namespace probex;
using venue::engine::JournalDirectory;

std::uint64_t CommandCount() {
  const char* env = std::getenv("PROBEX_RECOVERY_COMMANDS");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 10'000'000;
}

std::string BenchBase() {
  const char* base = std::getenv("PROBEX_BENCH_DIR");
  return base != nullptr ? base : "/tmp";
}

// Writes `count` records produced by next(seq, time) in large group commits.
template <typename Next>
void WriteJournal(const std::string& data_dir, std::uint64_t count, Next next) {
  auto writer = store::JournalWriter::Open(JournalDirectory(data_dir), 1);
  if (!writer) std::abort();
  Timestamp time = SystemClock().Now();
  std::string records;
  std::uint64_t first = 1;
  for (std::uint64_t seq = 1; seq <= count; ++seq) {
    time = time.PlusMicros(3);
    const std::size_t start = store::BeginJournalRecord(records);
    next(seq, time, records);
    store::FinishJournalRecord(records, start, seq, time);
    if (records.size() >= (8u << 20) || seq == count) {
      if (!(*writer)->Commit(records, first, seq)) std::abort();
      records.clear();
      first = seq + 1;
    }
  }
}

// Returns the data directory of a cached journal, generating it when missing.
template <typename Generate>
std::string CachedJournal(const std::string& name, std::uint64_t count, Generate generate) {
  const std::string dir = BenchBase() + "/probex-recovery-" + name + "-" + std::to_string(count);
  const std::string marker = dir + "/complete";
  if (std::filesystem::exists(marker)) return dir;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  generate(dir, count);
  std::ofstream(marker) << "ok\n";
  return dir;
}

void GenerateExchange(const std::string& dir, std::uint64_t count) {
  using namespace venue;
  engine::testing::ExchangeWorkloadConfig config;
  config.accounts = 1000;
  config.markets = 10;
  Exchange exchange;
  Exchange::Output out;
  auto setup = engine::testing::ExchangeSetupCommands(config, SystemClock().Now());
  engine::testing::ExchangeWorkload workload(config, 7);
  WriteJournal(dir, count, [&](std::uint64_t seq, Timestamp time, std::string& records) {
    Command command = seq <= setup.size() ? setup[seq - 1] : workload.Next();
    exchange.Apply(command, seq, time, out);
    if (out.has_order && out.order.status == OrderStatus::kPlaced) {
      workload.Remember(out.order.account, out.order.market, out.order.id);
    }
    Exchange::EncodeCommand(command, records);
  });
}

void GenerateTestBank(const std::string& dir, std::uint64_t count) {
  std::mt19937_64 rng(9);
  WriteJournal(dir, count, [&](std::uint64_t seq, Timestamp, std::string& records) {
    venue::engine::testing::TestBank::EncodeCommand(
        venue::engine::testing::RandomBankCommand(rng, seq), records);
  });
}

template <typename Machine>
void RunRecovery(benchmark::State& state, const std::string& dir, std::uint64_t count) {
  venue::engine::RecoverOptions options;
  options.use_snapshots = false;
  options.repair_torn_tail = false;
  std::uint64_t hash = 0;
  for (auto _ : state) {
    auto recovered = venue::engine::Recover<Machine>(dir, options, [] { return Machine(); });
    if (!recovered || recovered->report.last_seq != count) {
      state.SkipWithError("recovery failed");
      return;
    }
    hash = recovered->machine.StateHash();
    benchmark::DoNotOptimize(hash);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * count));
  std::uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(JournalDirectory(dir))) {
    bytes += entry.file_size();
  }
  state.counters["journal_MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_RecoverExchange(benchmark::State& state) {
  const std::uint64_t count = CommandCount();
  const std::string dir = CachedJournal("exchange", count, GenerateExchange);
  RunRecovery<venue::Exchange>(state, dir, count);
}
BENCHMARK(BM_RecoverExchange)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_RecoverTestBank(benchmark::State& state) {
  const std::uint64_t count = CommandCount();
  const std::string dir = CachedJournal("testbank", count, GenerateTestBank);
  RunRecovery<venue::engine::testing::TestBank>(state, dir, count);
}
BENCHMARK(BM_RecoverTestBank)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
