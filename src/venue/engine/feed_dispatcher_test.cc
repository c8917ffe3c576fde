// The engine's feed: every Subscribe handler, served by one feed thread, sees each command
// committed after it subscribed, in seq order; Unsubscribe stops it.
#include "venue/engine/feed_dispatcher.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/journal_test_util.h"
#include "venue/engine/sequencer.h"
#include "venue/engine/test_bank.h"

namespace probex::venue::engine {
namespace {

using store::testing::TempDir;
using testing::TestBank;
using Engine = Sequencer<TestBank>;

TestBank::Command Deposit(std::uint32_t to, std::int64_t amount) {
  return {TestBank::Kind::kDeposit, 0, to, amount, 0};
}

// Collects the seqs a subscriber saw; waits (no sleeping) until it saw `seq`.
struct Seen {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::uint64_t> seqs;
  void Add(std::uint64_t seq) {
    std::lock_guard lock(mu);
    seqs.push_back(seq);
    cv.notify_all();
  }
  bool WaitFor(std::uint64_t seq) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(20),
                       [&] { return !seqs.empty() && seqs.back() >= seq; });
  }
  std::vector<std::uint64_t> Get() {
    std::lock_guard lock(mu);
    return seqs;
  }
};

TEST(FeedDispatcherTest, EverySubscriberSeesWhatWasCommittedAfterItSubscribedInOrder) {
  TempDir dir;
  ManualClock clock;
  EngineOptions options;
  options.data_dir = dir.path();
  options.clock = &clock;
  auto opened = Engine::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Engine& engine = **opened;

  Seen first;
  Seen second;
  Seen late;
  const std::uint64_t a = engine.Subscribe([&](const Engine::Committed& c) { first.Add(c.seq); });
  const std::uint64_t b = engine.Subscribe([&](const Engine::Committed& c) { second.Add(c.seq); });
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(engine.SubmitAsync(Deposit(1, 1), nullptr).ok());
  ASSERT_TRUE(engine.Submit(Deposit(1, 1)).ok());  // seq 51, durable when it returns
  const std::uint64_t c = engine.Subscribe([&](const Engine::Committed& x) { late.Add(x.seq); });
  ASSERT_TRUE(engine.Submit(Deposit(2, 1)).ok());  // seq 52
  ASSERT_TRUE(first.WaitFor(52));
  ASSERT_TRUE(second.WaitFor(52));
  ASSERT_TRUE(late.WaitFor(52));

  std::vector<std::uint64_t> all;
  for (std::uint64_t s = 1; s <= 52; ++s) all.push_back(s);
  EXPECT_EQ(first.Get(), all);
  EXPECT_EQ(second.Get(), all);
  EXPECT_EQ(late.Get(), std::vector<std::uint64_t>{52});

  // After Unsubscribe returns, the handler is not called again; the others go on.
  engine.Unsubscribe(b);
  ASSERT_TRUE(engine.Submit(Deposit(3, 1)).ok());  // seq 53
  ASSERT_TRUE(first.WaitFor(53));
  ASSERT_TRUE(late.WaitFor(53));
  EXPECT_EQ(second.Get().back(), 52u);
  engine.Unsubscribe(a);
  engine.Unsubscribe(c);
  engine.Stop();
}

}  // namespace
}  // namespace probex::venue::engine
