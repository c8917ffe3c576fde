// Timestamp: microseconds since the Unix epoch, UTC. Formatting and parsing of ISO-8601 as the
// APIs show it ("2026-04-05T12:00:00.000Z", always milliseconds and Z). Pure: no clock here.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace probex {

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromMicros(std::int64_t us) { return Timestamp(us); }
  static constexpr Timestamp FromMillis(std::int64_t ms) { return Timestamp(ms * 1000); }
  static constexpr Timestamp FromSeconds(std::int64_t s) { return Timestamp(s * 1'000'000); }

  constexpr std::int64_t micros() const { return us_; }
  // Floor division so times before the epoch stay consistent.
  constexpr std::int64_t millis() const { return us_ >= 0 ? us_ / 1000 : -((-us_ + 999) / 1000); }
  constexpr std::int64_t seconds() const {
    return millis() >= 0 ? millis() / 1000 : -((-millis() + 999) / 1000);
  }

  constexpr Timestamp PlusMicros(std::int64_t us) const { return Timestamp(us_ + us); }
  constexpr Timestamp PlusMillis(std::int64_t ms) const { return Timestamp(us_ + ms * 1000); }
  constexpr Timestamp PlusSeconds(std::int64_t s) const { return Timestamp(us_ + s * 1'000'000); }

  friend constexpr auto operator<=>(Timestamp, Timestamp) = default;

 private:
  constexpr explicit Timestamp(std::int64_t us) : us_(us) {}
  std::int64_t us_ = 0;
};

// "2026-04-05T12:00:00.000Z" (milliseconds, truncated toward the past).
std::string FormatIso8601(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.f{1,6}](Z|±HH:MM)" and a bare date "YYYY-MM-DD" (midnight UTC).
Result<Timestamp> ParseIso8601(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
std::int64_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(std::int64_t days, int& year, unsigned& month, unsigned& day);

}  // namespace probex
