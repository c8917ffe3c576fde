#include "net/rate_limiter.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <list>
#include <mutex>
#include <unordered_map>

namespace probex::net {
namespace {

constexpr std::size_t kShards = 16;
// Evictions done by one Take beyond the one it needs, so a sweep never stalls a request.
constexpr int kMaxEvictionsPerTake = 8;

}  // namespace

struct RateLimiter::Shard {
  struct Bucket {
    std::string id;        // rule name, '\0', key
    RateRule rule;         // the rule the level is measured in
    __int128 level;        // units; one token = period_us units, full = limit × period_us
    std::int64_t last_us;  // time of the last refill
  };
  using List = std::list<Bucket>;  // most recently used first

  std::mutex mutex;
  List lru;
  std::unordered_map<std::string_view, List::iterator> index;  // views into Bucket::id

  static __int128 PeriodUs(const RateRule& r) { return static_cast<__int128>(r.period_ms) * 1000; }
  static __int128 Capacity(const RateRule& r) {
    return static_cast<__int128>(r.limit) * PeriodUs(r);
  }
  // Level after refilling up to `now_us` (time going backwards refills nothing).
  static __int128 Refilled(const Bucket& b, std::int64_t now_us) {
    std::int64_t elapsed = std::max<std::int64_t>(0, now_us - b.last_us);
    __int128 level = b.level + static_cast<__int128>(elapsed) * b.rule.limit;
    return std::min(level, Capacity(b.rule));
  }

  void Erase(List::iterator it) {
    index.erase(std::string_view(it->id));
    lru.erase(it);
  }
};

RateLimiter::RateLimiter(const Clock& clock, std::size_t max_buckets, std::int64_t idle_eviction_ms)
    : clock_(clock),
      max_buckets_per_shard_(std::max<std::size_t>(1, max_buckets / kShards)),
      idle_eviction_us_(std::max<std::int64_t>(0, idle_eviction_ms) * 1000) {
  shards_.reserve(kShards);
  for (std::size_t i = 0; i < kShards; ++i) shards_.push_back(std::make_unique<Shard>());
}

RateLimiter::~RateLimiter() = default;

void RateLimiter::SetRule(std::string rule_name, RateRule rule) {
  std::unique_lock lock(rules_mutex_);
  rules_.insert_or_assign(std::move(rule_name), rule);
}

RateDecision RateLimiter::Take(std::string_view rule_name, std::string_view key) {
  RateRule rule;
  {
    std::shared_lock lock(rules_mutex_);
    auto it = rules_.find(rule_name);
    if (it == rules_.end()) {
      return RateDecision{true, 0, std::numeric_limits<std::int64_t>::max()};
    }
    rule = it->second;
  }
  if (rule.period_ms <= 0) rule.period_ms = 1;
  if (rule.limit <= 0) return RateDecision{false, rule.period_ms, 0};

  std::string id;
  id.reserve(rule_name.size() + 1 + key.size());
  id.append(rule_name);
  id.push_back('\0');
  id.append(key);
  Shard& shard = *shards_[std::hash<std::string_view>{}(id) % kShards];
  const std::int64_t now_us = clock_.Now().micros();

  std::lock_guard lock(shard.mutex);
  Shard::List::iterator bucket;
  auto found = shard.index.find(std::string_view(id));
  if (found != shard.index.end()) {
    bucket = found->second;
    shard.lru.splice(shard.lru.begin(), shard.lru, bucket);  // now most recently used
    if (bucket->rule.limit != rule.limit || bucket->rule.period_ms != rule.period_ms) {
      bucket->rule = rule;
      bucket->level = Shard::Capacity(rule);
      bucket->last_us = now_us;
    }
  } else {
    if (shard.lru.size() >= max_buckets_per_shard_) shard.Erase(std::prev(shard.lru.end()));
    shard.lru.push_front(Shard::Bucket{std::move(id), rule, Shard::Capacity(rule), now_us});
    bucket = shard.lru.begin();
    shard.index.emplace(std::string_view(bucket->id), bucket);
  }

  // Sweep from the least recently used end: idle or full-again buckets go.
  for (int n = 0; n < kMaxEvictionsPerTake && shard.lru.size() > 1; ++n) {
    auto oldest = std::prev(shard.lru.end());
    if (oldest == bucket) break;
    bool idle = now_us - oldest->last_us >= idle_eviction_us_;
    bool full = Shard::Refilled(*oldest, now_us) >= Shard::Capacity(oldest->rule);
    if (!idle && !full) break;
    shard.Erase(oldest);
  }

  bucket->level = Shard::Refilled(*bucket, now_us);
  bucket->last_us = std::max(bucket->last_us, now_us);
  const __int128 cost = Shard::PeriodUs(rule);
  if (bucket->level >= cost) {
    bucket->level -= cost;
    return RateDecision{true, 0, static_cast<std::int64_t>(bucket->level / cost)};
  }
  const __int128 deficit = cost - bucket->level;
  const __int128 wait_us = (deficit + rule.limit - 1) / rule.limit;
  const std::int64_t wait_ms = static_cast<std::int64_t>((wait_us + 999) / 1000);
  return RateDecision{false, std::max<std::int64_t>(1, wait_ms), 0};
}

std::size_t RateLimiter::bucket_count() const {
  std::size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    n += shard->lru.size();
  }
  return n;
}

}  // namespace probex::net
