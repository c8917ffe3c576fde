#include "common/time.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/price.h"

namespace probex {
namespace {

TEST(TimeTest, FormatsIsoWithMillisAndZ) {
  EXPECT_EQ(FormatIso8601(Timestamp::FromMillis(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(Timestamp::FromMillis(1712318400000)), "2024-04-05T12:00:00.000Z");
  EXPECT_EQ(FormatIso8601(Timestamp::FromMicros(1'780'272'000'123'999)),
            "2026-06-01T00:00:00.123Z");
  EXPECT_EQ(FormatIso8601(Timestamp::FromMillis(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(TimeTest, ParsesWhatItFormats) {
  for (std::int64_t ms : {0LL, 1712318400000LL, 1780272000123LL, 951782400000LL /*2000-02-29*/}) {
    auto t = Timestamp::FromMillis(ms);
    auto back = ParseIso8601(FormatIso8601(t));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, t);
  }
  EXPECT_EQ(ParseIso8601("2026-06-01T02:00:00+02:00")->millis(), 1780272000000);
  EXPECT_EQ(ParseIso8601("2026-06-01")->millis(), 1780272000000);
  EXPECT_EQ(ParseIso8601("2026-06-01T00:00:00.5Z")->millis(), 1780272000500);
}

TEST(TimeTest, RejectsGarbage) {
  for (const char* s : {"", "2026", "2026-13-01", "2026-06-01T00:00", "2026-06-01T00:00:00",
                        "2026-06-01T25:00:00Z", "2026-06-01T00:00:00.Z", "yesterday"}) {
    EXPECT_FALSE(ParseIso8601(s).ok()) << s;
  }
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(Timestamp::FromSeconds(100));
  EXPECT_EQ(clock.Now().seconds(), 100);
  clock.AdvanceMillis(1500);
  EXPECT_EQ(clock.Now().millis(), 101'500);
  SystemClock system;
  EXPECT_GT(system.Now().seconds(), 1'700'000'000);
}

TEST(PriceTest, ParsesCentsExactly) {
  EXPECT_EQ(Price::ParseTradeable("0.62")->cents(), 62);
  EXPECT_EQ(Price::ParseTradeable("0.01")->cents(), 1);
  EXPECT_EQ(Price::ParseTradeable("0.99")->cents(), 99);
  EXPECT_FALSE(Price::ParseTradeable("0.625").ok());
  EXPECT_FALSE(Price::ParseTradeable("0").ok());
  EXPECT_FALSE(Price::ParseTradeable("1").ok());
  EXPECT_FALSE(Price::ParseTradeable("-0.5").ok());
  EXPECT_EQ(Price::FromCents(62).Complement().cents(), 38);
  EXPECT_EQ(Price::FromCents(62).ToString(), "0.62");
  EXPECT_EQ(Price::FromCents(50).ToString(), "0.5");
  EXPECT_EQ(Price::FromCents(62).ToMoney(), *Money::Parse("0.62"));
}

}  // namespace
}  // namespace probex
