// RateLimiter: token buckets keyed by (rule, key), e.g. ("orders", client IP or API key).
// A rule allows `limit` requests per `period_ms`, refilled continuously; a full bucket holds
// `limit` tokens. Arithmetic is exact integers: one token is worth period_us "units" and each
// elapsed microsecond adds `limit` units, so there is no floating-point drift.
// Memory stays bounded: buckets idle for `idle_eviction_ms` or full again (indistinguishable
// from a new bucket, so evicting them changes nothing) are evicted, and at `max_buckets` the
// least recently used bucket is evicted (forgiving its debt: size the cap above the number of
// clients active within a period).
// Thread rule: every method is thread-safe; buckets live in mutex-sharded maps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace probex::net {

struct RateRule {
  std::int64_t limit;      // requests per period; ≤ 0 denies everything
  std::int64_t period_ms;  // > 0
};

struct RateDecision {
  bool allowed;
  std::int64_t retry_after_ms;  // when denied: ms until one token is available (≥ 1); else 0
  std::int64_t remaining;       // whole tokens left after this request
};

class RateLimiter {
 public:
  static constexpr std::size_t kDefaultMaxBuckets = 200'000;
  static constexpr std::int64_t kDefaultIdleEvictionMs = 10 * 60 * 1000;

  explicit RateLimiter(const Clock& clock, std::size_t max_buckets = kDefaultMaxBuckets,
                       std::int64_t idle_eviction_ms = kDefaultIdleEvictionMs);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Adds or replaces a rule. Buckets made under a previous version of the rule start full.
  void SetRule(std::string rule_name, RateRule rule);

  // Takes one token from the bucket of (rule_name, key). An unknown rule allows, with
  // remaining = INT64_MAX.
  RateDecision Take(std::string_view rule_name, std::string_view key);

  std::size_t bucket_count() const;

 private:
  struct Shard;

  const Clock& clock_;
  const std::size_t max_buckets_per_shard_;
  const std::int64_t idle_eviction_us_;
  mutable std::shared_mutex rules_mutex_;
  std::map<std::string, RateRule, std::less<>> rules_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace probex::net
