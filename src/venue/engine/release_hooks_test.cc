// EngineOptions::before_release / after_release: called on the sequencer thread around the
// release of each durable batch's callbacks and read completions (the venue defers its HTTP
// answers between them).
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "store/journal_test_util.h"
#include "venue/engine/sequencer.h"
#include "venue/engine/test_bank.h"

namespace probex::venue::engine {
namespace {

using store::testing::TempDir;
using testing::TestBank;
using Engine = Sequencer<TestBank>;

TEST(ReleaseHooksTest, EveryCallbackAndReadOfABatchRunsBetweenTheHooks) {
  TempDir dir;
  ManualClock clock;
  std::mutex mu;
  std::vector<std::string> log;
  auto record = [&](std::string what) {
    std::lock_guard lock(mu);
    log.push_back(std::move(what));
  };
  EngineOptions options;
  options.data_dir = dir.path();
  options.clock = &clock;
  options.before_release = [&] { record("begin"); };
  options.after_release = [&] { record("end"); };
  auto engine = Engine::Open(options);
  ASSERT_TRUE(engine.ok()) << engine.error().message;

  std::promise<void> read_done;
  ASSERT_TRUE((*engine)
                  ->SubmitAsync({TestBank::Kind::kDeposit, 0, 1, 10, 0},
                                [&](const Status& s, const Engine::Committed* c) {
                                  record(s && c != nullptr ? "command " + std::to_string(c->seq)
                                                           : "failed");
                                })
                  .ok());
  ASSERT_TRUE((*engine)
                  ->QueryAsync([](const TestBank&) {},
                               [&](const Status& s) {
                                 record(s ? "read" : "read failed");
                                 read_done.set_value();
                               })
                  .ok());
  read_done.get_future().wait();
  (*engine)->Stop();

  // Whatever the batching, each callback sits inside one begin/end pair, and the pairs close.
  std::lock_guard lock(mu);
  int depth = 0;
  int commands = 0;
  int reads = 0;
  for (const std::string& entry : log) {
    if (entry == "begin") {
      EXPECT_EQ(depth, 0);
      ++depth;
    } else if (entry == "end") {
      EXPECT_EQ(depth, 1);
      --depth;
    } else {
      EXPECT_EQ(depth, 1) << entry << " ran outside the hooks";
      commands += entry == "command 1" ? 1 : 0;
      reads += entry == "read" ? 1 : 0;
    }
  }
  EXPECT_EQ(depth, 0);
  EXPECT_EQ(commands, 1);
  EXPECT_EQ(reads, 1);
}

}  // namespace
}  // namespace probex::venue::engine
