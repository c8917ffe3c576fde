#include "venue/engine/sequencer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store/journal_test_util.h"
#include "venue/engine/test_bank.h"

namespace probex::venue::engine {
namespace {

using store::testing::TempDir;
using testing::TestBank;
using Engine = Sequencer<TestBank>;

TestBank::Command Deposit(std::uint32_t to, std::int64_t amount, std::uint64_t tag = 0) {
  return {TestBank::Kind::kDeposit, 0, to, amount, tag};
}
TestBank::Command Transfer(std::uint32_t from, std::uint32_t to, std::int64_t amount) {
  return {TestBank::Kind::kTransfer, from, to, amount, 0};
}

EngineOptions Options(const TempDir& dir, const Clock* clock) {
  EngineOptions options;
  options.data_dir = dir.path();
  options.clock = clock;
  return options;
}

TEST(SequencerTest, StampsSeqAndTimeAppliesAndReleasesResults) {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open(Options(dir, &clock));
  ASSERT_TRUE(engine.ok()) << engine.error().message;
  auto first = (*engine)->Submit(Deposit(1, 100));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->seq, 1u);
  EXPECT_EQ(first->time, clock.Now());
  EXPECT_TRUE(first->output.accepted);
  EXPECT_EQ(first->output.balance_after, 100);

  clock.AdvanceMillis(5);
  auto reject = (*engine)->Submit(Transfer(1, 2, 500));
  ASSERT_TRUE(reject.ok()) << "a business reject is a normal result";
  EXPECT_EQ(reject->seq, 2u);
  EXPECT_FALSE(reject->output.accepted);
  EXPECT_EQ(reject->output.reject, "insufficient funds");

  auto balance = (*engine)->Query([](const TestBank& bank) { return bank.balance(1); });
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(*balance, 100);
  EXPECT_EQ((*engine)->stats().durable_seq, 2u);
}

TEST(SequencerTest, TimeNeverGoesBackwards) {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open(Options(dir, &clock));
  ASSERT_TRUE(engine.ok());
  auto a = (*engine)->Submit(Deposit(1, 1));
  clock.AdvanceMillis(-1000);  // the wall clock stepped back
  auto b = (*engine)->Submit(Deposit(1, 1));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(b->time, a->time);
  clock.AdvanceMillis(2000);
  auto c = (*engine)->Submit(Deposit(1, 1));
  ASSERT_TRUE(c.ok());
  EXPECT_GT(c->time, b->time);
}

TEST(SequencerTest, ConcurrentSubmittersGetContiguousSeqsAndFeedIsInOrder) {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open(Options(dir, &clock));
  ASSERT_TRUE(engine.ok());
  std::mutex mutex;
  std::vector<std::uint64_t> fed;
  std::uint64_t fed_bad_order = 0;
  (*engine)->Subscribe([&](const Engine::Committed& c) {
    std::lock_guard lock(mutex);
    if (!fed.empty() && c.seq != fed.back() + 1) ++fed_bad_order;
    fed.push_back(c.seq);
  });
  constexpr int kThreads = 4;
  const int per_thread = std::getenv("PROBEX_SANITIZED") ? 500 : 5000;
  std::atomic<std::uint64_t> acked{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        Status s = (*engine)->SubmitAsync(Deposit(static_cast<std::uint32_t>(t), 1),
                                          [&](const Status& status, const Engine::Committed* c) {
                                            if (status && c != nullptr) acked.fetch_add(1);
                                          });
        ASSERT_TRUE(s.ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  (*engine)->Stop();
  const std::uint64_t total = std::uint64_t{kThreads} * per_thread;
  EXPECT_EQ(acked.load(), total);
  ASSERT_EQ(fed.size(), total);
  EXPECT_EQ(fed_bad_order, 0u);
  EXPECT_EQ(fed.front(), 1u);
  EXPECT_LT((*engine)->stats().syncs, total) << "group commit shares syncs";
}

// Several submitters waiting at once share one fdatasync: the first sync is held until every
// command has been applied, so all but the first must go out in one more batch.
TEST(SequencerTest, GroupCommitSharesOneSyncAmongConcurrentSubmitters) {
  TempDir dir;
  ManualClock clock;
  EngineOptions options = Options(dir, &clock);
  constexpr int kSubmitters = 8;
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  int syncs = 0;
  options.before_sync = [&]() -> Status {
    std::unique_lock lock(mutex);
    if (++syncs == 1) cv.wait(lock, [&] { return release; });
    return OkStatus();
  };
  auto engine = Engine::Open(options);
  ASSERT_TRUE(engine.ok());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kSubmitters; ++t) {
    threads.emplace_back([&, t] {
      if ((*engine)->Submit(Deposit(static_cast<std::uint32_t>(t), 10)).ok()) ok.fetch_add(1);
    });
  }
  // The first command's sync is held; every other submitter's command is applied or queued
  // behind it, so they all share the next sync.
  auto waiting = [&] {
    const EngineStats stats = (*engine)->stats();
    return stats.applied_seq + stats.queued;
  };
  while (waiting() < kSubmitters) std::this_thread::yield();
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kSubmitters);
  EXPECT_LE((*engine)->stats().syncs, 2u);
  EXPECT_EQ((*engine)->stats().durable_seq, std::uint64_t{kSubmitters});
}

TEST(SequencerTest, ResultsAreReleasedOnlyAfterTheSync) {
  TempDir dir;
  ManualClock clock;
  EngineOptions options = Options(dir, &clock);
  std::mutex mutex;
  std::condition_variable cv;
  bool release = false;
  options.before_sync = [&]() -> Status {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return release; });
    return OkStatus();
  };
  auto engine = Engine::Open(options);
  ASSERT_TRUE(engine.ok());
  std::atomic<bool> acked{false};
  ASSERT_TRUE((*engine)
                  ->SubmitAsync(Deposit(1, 5),
                                [&](const Status&, const Engine::Committed*) { acked = true; })
                  .ok());
  while ((*engine)->stats().applied_seq < 1) std::this_thread::yield();
  EXPECT_FALSE(acked.load());
  EXPECT_EQ((*engine)->stats().durable_seq, 0u);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  (*engine)->Stop();
  EXPECT_TRUE(acked.load());
}

TEST(SequencerTest, JournalFailureStopsTheEngineAndNeverAcknowledges) {
  TempDir dir;
  ManualClock clock;
  EngineOptions options = Options(dir, &clock);
  std::atomic<int> syncs{0};
  options.before_sync = [&]() -> Status {
    if (++syncs >= 3) return MakeError("io_error", "disk on fire");
    return OkStatus();
  };
  auto engine = Engine::Open(options);
  ASSERT_TRUE(engine.ok());
  ASSERT_TRUE((*engine)->Submit(Deposit(1, 1)).ok());
  ASSERT_TRUE((*engine)->Submit(Deposit(1, 1)).ok());
  auto failed = (*engine)->Submit(Deposit(1, 1));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "journal_failed");
  EXPECT_NE(failed.error().message.find("disk on fire"), std::string::npos);
  EXPECT_FALSE((*engine)->health().ok());
  auto after = (*engine)->Submit(Deposit(1, 1));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, "journal_failed");
  auto read = (*engine)->Query([](const TestBank& bank) { return bank.balance(1); });
  EXPECT_FALSE(read.ok());
  (*engine)->Stop();

  // What was acknowledged survives; the command reported as failed was rolled back, so a
  // restart does not apply it.
  auto reopened = Engine::Open(Options(dir, &clock));
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_EQ((*reopened)->recovery().last_seq, 2u);
}

TEST(SequencerTest, SubmitAfterStopFails) {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open(Options(dir, &clock));
  ASSERT_TRUE(engine.ok());
  (*engine)->Stop();
  auto result = (*engine)->Submit(Deposit(1, 1));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "engine_stopped");
}

TEST(SequencerTest, UnsubscribedHandlerGetsNothingMore) {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open(Options(dir, &clock));
  ASSERT_TRUE(engine.ok());
  std::atomic<int> a{0}, b{0};
  auto id = (*engine)->Subscribe([&](const Engine::Committed&) { a.fetch_add(1); });
  (*engine)->Subscribe([&](const Engine::Committed&) { b.fetch_add(1); });
  ASSERT_TRUE((*engine)->Submit(Deposit(1, 1)).ok());
  while (a.load() < 1) std::this_thread::yield();
  (*engine)->Unsubscribe(id);
  ASSERT_TRUE((*engine)->Submit(Deposit(1, 1)).ok());
  (*engine)->Stop();
  EXPECT_EQ(a.load(), 1);
  EXPECT_EQ(b.load(), 2);
}

}  // namespace
}  // namespace probex::venue::engine
