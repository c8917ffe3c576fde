#include "net/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace probex::net {
namespace {

TEST(RateLimiterTest, AllowsUpToTheLimitThenDeniesWithRetryAfter) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("orders", RateRule{3, 1000});
  RateDecision d = limiter.Take("orders", "1.2.3.4");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 2);
  EXPECT_EQ(d.retry_after_ms, 0);
  EXPECT_EQ(limiter.Take("orders", "1.2.3.4").remaining, 1);
  EXPECT_EQ(limiter.Take("orders", "1.2.3.4").remaining, 0);
  d = limiter.Take("orders", "1.2.3.4");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  EXPECT_EQ(d.retry_after_ms, 334);  // one token every 333.33 ms, rounded up
  // Another key and another rule have their own buckets.
  EXPECT_TRUE(limiter.Take("orders", "5.6.7.8").allowed);
  limiter.SetRule("reads", RateRule{1, 1000});
  EXPECT_TRUE(limiter.Take("reads", "1.2.3.4").allowed);
  EXPECT_FALSE(limiter.Take("reads", "1.2.3.4").allowed);
}

TEST(RateLimiterTest, RefillsContinuouslyAndExactly) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("r", RateRule{3, 1000});
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Take("r", "k").allowed);
  clock.AdvanceMicros(333'333);  // 0.999999 of a token
  RateDecision d = limiter.Take("r", "k");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_ms, 1);  // 1/3 µs short, rounded up to a whole ms
  clock.AdvanceMicros(1);          // now exactly one token (333'334 µs × 3 ≥ 1'000'000)
  d = limiter.Take("r", "k");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 0);
  // No drift over many periods: exactly 3 per second, 3000 over 1000 seconds.
  int allowed = 0;
  for (int ms = 0; ms < 1'000'000; ms += 10) {
    clock.AdvanceMillis(10);
    while (limiter.Take("r", "k").allowed) ++allowed;
  }
  EXPECT_EQ(allowed, 3000);
}

TEST(RateLimiterTest, RetryAfterIsExactlyWhenATokenIsBack) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("min", RateRule{2000, 60'000});  // the MM engine's 2,000 req/min
  for (int i = 0; i < 2000; ++i) ASSERT_TRUE(limiter.Take("min", "client").allowed);
  RateDecision d = limiter.Take("min", "client");
  ASSERT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_ms, 30);  // 60'000 / 2000
  clock.AdvanceMillis(d.retry_after_ms - 1);
  EXPECT_FALSE(limiter.Take("min", "client").allowed);
  clock.AdvanceMillis(1);
  EXPECT_TRUE(limiter.Take("min", "client").allowed);
}

TEST(RateLimiterTest, NeverHoldsMoreThanTheLimit) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("r", RateRule{5, 1000});
  EXPECT_TRUE(limiter.Take("r", "k").allowed);
  clock.AdvanceMillis(3'600'000);
  int burst = 0;
  while (limiter.Take("r", "k").allowed) ++burst;
  EXPECT_EQ(burst, 5);
}

TEST(RateLimiterTest, UnknownRuleAllowsAndZeroLimitDenies) {
  ManualClock clock;
  RateLimiter limiter(clock);
  RateDecision d = limiter.Take("nope", "k");
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(limiter.bucket_count(), 0u);
  limiter.SetRule("closed", RateRule{0, 5000});
  d = limiter.Take("closed", "k");
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_ms, 5000);
}

TEST(RateLimiterTest, ChangedRuleStartsBucketsFull) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("r", RateRule{1, 1000});
  EXPECT_TRUE(limiter.Take("r", "k").allowed);
  EXPECT_FALSE(limiter.Take("r", "k").allowed);
  limiter.SetRule("r", RateRule{2, 1000});
  EXPECT_TRUE(limiter.Take("r", "k").allowed);
  EXPECT_TRUE(limiter.Take("r", "k").allowed);
  EXPECT_FALSE(limiter.Take("r", "k").allowed);
}

TEST(RateLimiterTest, ClockGoingBackwardsRefillsNothing) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("r", RateRule{1, 1000});
  EXPECT_TRUE(limiter.Take("r", "k").allowed);
  clock.AdvanceMillis(-5000);
  EXPECT_FALSE(limiter.Take("r", "k").allowed);
  clock.AdvanceMillis(5000);
  EXPECT_FALSE(limiter.Take("r", "k").allowed);
  clock.AdvanceMillis(1000);
  EXPECT_TRUE(limiter.Take("r", "k").allowed);
}

TEST(RateLimiterTest, MillionDistinctKeysStayWithinTheCap) {
  ManualClock clock;
  RateLimiter limiter(clock, /*max_buckets=*/16'000, /*idle_eviction_ms=*/60'000);
  limiter.SetRule("r", RateRule{10, 1000});
  for (int i = 0; i < 1'000'000; ++i) {
    ASSERT_TRUE(limiter.Take("r", "10.0." + std::to_string(i)).allowed);
  }
  EXPECT_LE(limiter.bucket_count(), 16'000u);
  EXPECT_GT(limiter.bucket_count(), 0u);
}

TEST(RateLimiterTest, IdleAndRefilledBucketsAreEvicted) {
  ManualClock clock;
  RateLimiter limiter(clock, /*max_buckets=*/1'000'000, /*idle_eviction_ms=*/60'000);
  limiter.SetRule("r", RateRule{10, 1000});
  for (int i = 0; i < 10'000; ++i) (void)limiter.Take("r", "a" + std::to_string(i));
  EXPECT_EQ(limiter.bucket_count(), 10'000u);
  // Each bucket spent one token: a tenth of a second later they are full again, and each new
  // request sweeps some of them away.
  clock.AdvanceMillis(100);
  for (int i = 0; i < 2'000; ++i) (void)limiter.Take("r", "b" + std::to_string(i));
  EXPECT_LT(limiter.bucket_count(), 2'100u);
  // Buckets that are still in debt are kept until they are idle.
  limiter.SetRule("slow", RateRule{1, 3'600'000});
  for (int i = 0; i < 100; ++i) (void)limiter.Take("slow", "c" + std::to_string(i));
  clock.AdvanceMillis(30'000);
  (void)limiter.Take("r", "fresh");
  std::size_t before_idle = limiter.bucket_count();
  EXPECT_GE(before_idle, 100u);
  EXPECT_FALSE(limiter.Take("slow", "c0").allowed);  // its debt is remembered
  clock.AdvanceMillis(61'000);
  for (int i = 0; i < 1000; ++i) (void)limiter.Take("r", "d" + std::to_string(i));
  EXPECT_LT(limiter.bucket_count(), 1'050u);
}

TEST(RateLimiterTest, ConcurrentTakesNeverExceedTheLimit) {
  ManualClock clock;
  RateLimiter limiter(clock);
  limiter.SetRule("r", RateRule{1000, 60'000});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.Take("r", "shared").allowed) allowed.fetch_add(1);
        (void)limiter.Take("r", "own" + std::to_string(i));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

}  // namespace
}  // namespace probex::net
