// Clock: where services get the time, so tests inject it (LevelDB's Env::NowMicros idea).
// The pure domains never read a clock: time arrives with each command.
// Thread rule: both implementations are safe to call from any thread.
#pragma once

#include <atomic>
#include <cstdint>

#include "common/time.h"

namespace probex {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// Wall-clock time (CLOCK_REALTIME) in microseconds.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// Time that moves only when told to: for tests and `--clock manual` modes.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = Timestamp::FromSeconds(1'767'225'600))  // 2026-01-01
      : now_us_(start.micros()) {}
  Timestamp Now() const override { return Timestamp::FromMicros(now_us_.load()); }
  void Set(Timestamp t) { now_us_.store(t.micros()); }
  void AdvanceMicros(std::int64_t us) { now_us_.fetch_add(us); }
  void AdvanceMillis(std::int64_t ms) { now_us_.fetch_add(ms * 1000); }

 private:
  std::atomic<std::int64_t> now_us_;
};

// Monotonic nanoseconds for measuring durations (never for business time).
std::int64_t MonotonicNanos();

}  // namespace probex
