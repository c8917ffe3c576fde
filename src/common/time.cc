#include "common/time.h"

#include <cstdio>

namespace probex {

std::int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = static_cast<int>(y + (month <= 2));
}

std::string FormatIso8601(Timestamp t) {
  std::int64_t ms = t.millis();
  std::int64_t days = ms >= 0 ? ms / 86'400'000 : -((-ms + 86'399'999) / 86'400'000);
  std::int64_t ms_of_day = ms - days * 86'400'000;
  int y;
  unsigned mo, d;
  CivilFromDays(days, y, mo, d);
  int h = static_cast<int>(ms_of_day / 3'600'000);
  int mi = static_cast<int>(ms_of_day / 60'000 % 60);
  int s = static_cast<int>(ms_of_day / 1000 % 60);
  int milli = static_cast<int>(ms_of_day % 1000);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, mo, d, h, mi, s, milli);
  return buf;
}

namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

Result<Timestamp> ParseIso8601(std::string_view s) {
  auto bad = [&] {
    return MakeError("invalid_time",
                     "'" + std::string(s.substr(0, 64)) +
                         "' is not an ISO-8601 UTC time (YYYY-MM-DDTHH:MM:SS.sssZ)");
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, mo) || s[7] != '-' ||
      !Digits(s, 8, 2, d)) {
    return bad();
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return bad();
  std::int64_t micros = 0;
  std::int64_t offset_minutes = 0;
  if (s.size() > 10) {
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return bad();
    if (!Digits(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !Digits(s, 14, 2, mi) ||
        s[16] != ':' || !Digits(s, 17, 2, sec)) {
      return bad();
    }
    if (h > 23 || mi > 59 || sec > 60) return bad();
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
      ++i;
      int n = 0;
      std::int64_t frac = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (n < 6) {
          frac = frac * 10 + (s[i] - '0');
          ++n;
        }
        ++i;
      }
      if (n == 0) return bad();
      for (int k = n; k < 6; ++k) frac *= 10;
      micros = frac;
    }
    if (i == s.size()) return bad();  // a zone is required
    if (s[i] == 'Z' || s[i] == 'z') {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      int oh, om;
      if (!Digits(s, i + 1, 2, oh) || i + 6 > s.size() || s[i + 3] != ':' ||
          !Digits(s, i + 4, 2, om)) {
        return bad();
      }
      offset_minutes = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
      i += 6;
    } else {
      return bad();
    }
    if (i != s.size()) return bad();
  }
  std::int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + sec - offset_minutes * 60;
  return Timestamp::FromMicros(secs * 1'000'000 + micros);
}

}  // namespace probex
