// The engine bound to the real Exchange: a realistic random run, then recovery (snapshot + tail,
// and a fresh replay of the whole journal) reproduces the state hash; the feed, applied to a
// mirror Exchange in order, reaches the same hash.
#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>

#include "store/journal_test_util.h"
#include "venue/engine/exchange_workload.h"
#include "venue/engine/recovery.h"
#include "venue/engine/venue_engine.h"

namespace probex::venue::engine {
namespace {

using store::testing::TempDir;
using testing::ExchangeSetupCommands;
using testing::ExchangeWorkload;
using testing::ExchangeWorkloadConfig;

std::uint64_t HashOf(VenueEngine& engine) {
  return engine.Query([](const Exchange& exchange) { return exchange.StateHash(); }).value_or(0);
}

TEST(ExchangeRecoveryTest, RandomRunRecoversToTheSameHash) {
  const int commands = std::getenv("PROBEX_SANITIZED") ? 4000 : 40000;
  TempDir dir;
  ManualClock clock;
  EngineOptions options;
  options.data_dir = dir.path();
  options.clock = &clock;
  options.snapshot_every = static_cast<std::uint64_t>(commands) / 3;
  options.snapshot_on_shutdown = false;
  options.segment_bytes = 256 << 10;

  ExchangeWorkloadConfig config;
  config.accounts = 50;
  config.markets = 3;
  std::uint64_t hash = 0;
  std::uint64_t mirror_hash = 0;
  std::uint64_t accepted = 0;
  {
    auto engine = VenueEngine::Open(options);
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    Exchange mirror;
    std::uint64_t mirror_seq = 0;
    bool mirror_in_order = true;
    (*engine)->Subscribe([&](const VenueEngine::Committed& c) {
      mirror_in_order &= c.seq == mirror_seq + 1;
      mirror_seq = c.seq;
      Exchange::Output out;
      mirror.Apply(c.command, c.seq, c.time, out);
    });
    for (const Command& command : ExchangeSetupCommands(config, clock.Now())) {
      auto result = (*engine)->Submit(command);
      ASSERT_TRUE(result.ok());
      ASSERT_TRUE(result->output.ok()) << "setup command rejected";
    }
    ExchangeWorkload workload(config, 42);
    std::mutex mutex;
    for (int i = 0; i < commands; ++i) {
      if (i % 100 == 0) clock.AdvanceMillis(3);
      Status s = (*engine)->SubmitAsync(workload.Next(), [&](const Status& status,
                                                             const VenueEngine::Committed* c) {
        if (!status) return;
        std::lock_guard lock(mutex);
        if (c->output.ok()) ++accepted;
        if (c->output.has_order && c->output.order.status == OrderStatus::kPlaced) {
          workload.Remember(c->output.order.account, c->output.order.market, c->output.order.id);
        }
      });
      ASSERT_TRUE(s.ok());
    }
    hash = HashOf(**engine);
    (*engine)->Stop();
    mirror_hash = mirror.StateHash();
    EXPECT_TRUE(mirror_in_order);
  }
  EXPECT_GT(accepted, std::uint64_t(commands) / 2) << "the mix should mostly be accepted";
  EXPECT_EQ(mirror_hash, hash);

  auto engine = VenueEngine::Open(options);
  ASSERT_TRUE(engine.ok()) << engine.error().message;
  EXPECT_TRUE((*engine)->recovery().from_snapshot);
  EXPECT_GT((*engine)->recovery().replayed, 0u);
  EXPECT_EQ(HashOf(**engine), hash);
  (*engine)->Stop();

  RecoverOptions fresh;
  fresh.use_snapshots = false;
  auto replayed = Recover<Exchange>(dir.path(), fresh, [] { return Exchange(); });
  ASSERT_TRUE(replayed.ok()) << replayed.error().message;
  EXPECT_EQ(replayed->machine.StateHash(), hash);
}

}  // namespace
}  // namespace probex::venue::engine
