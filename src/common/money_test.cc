#include "common/money.h"

#include <gtest/gtest.h>

#include <random>

namespace probex {
namespace {

Money M(std::string_view s) {
  auto r = Money::Parse(s);
  EXPECT_TRUE(r.ok()) << s;
  return r.value_or(Money());
}

TEST(MoneyTest, ParsesDecimalAndJsonNumberForms) {
  EXPECT_EQ(M("50").units(), 50 * Money::kScale);
  EXPECT_EQ(M("0.0001").units(), 10'000);
  EXPECT_EQ(M("1e-4").units(), 10'000);
  EXPECT_EQ(M("6.2E-1").units(), 62'000'000);
  EXPECT_EQ(M("-12.5").units(), -1'250'000'000);
  EXPECT_EQ(M("50.0000000000").units(), 50 * Money::kScale);
  EXPECT_EQ(M("0.00000001").units(), 1);
  EXPECT_EQ(M("1.5e3").units(), 1500 * Money::kScale);
  EXPECT_EQ(M("000123.4500").units(), 12'345'000'000);
}

TEST(MoneyTest, RejectsMalformedAndOverPreciseInput) {
  for (const char* s : {"", "-", ".5", "5.", "1..2", "1e", "abc", "1,5", " 1", "1 ", "0x10",
                        "0.000000001", "1e-9", "NaN", "inf"}) {
    EXPECT_FALSE(Money::Parse(s).ok()) << s;
  }
  EXPECT_EQ(Money::Parse("0.000000001").error().code, "invalid_amount");
  EXPECT_NE(Money::Parse("0.123456789").error().message.find("8 decimal places"),
            std::string::npos);
}

TEST(MoneyTest, OverflowIsAnErrorNeverAWrap) {
  EXPECT_TRUE(Money::Parse("92233720368.54775807").ok());
  EXPECT_FALSE(Money::Parse("92233720368.54775808").ok());
  EXPECT_FALSE(Money::Parse("1e30").ok());
  EXPECT_FALSE(Money::Parse("999999999999999999999999999999999999999999").ok());
  Money big = Money::FromUnits(INT64_MAX);
  EXPECT_FALSE(Money::CheckedAdd(big, Money::FromUnits(1)).ok());
  EXPECT_FALSE(Money::CheckedSub(Money::FromUnits(INT64_MIN), Money::FromUnits(1)).ok());
  EXPECT_FALSE(Money::CheckedMul(big, 2).ok());
  EXPECT_FALSE(Money::FromWhole(INT64_MAX / 10).ok());
  EXPECT_DEATH({ [[maybe_unused]] Money m = big + Money::FromUnits(1); }, "overflow");
}

TEST(MoneyTest, FormatsWithTenDecimals) {
  EXPECT_EQ(M("50").ToString(), "50.0000000000");
  EXPECT_EQ(M("-0.5").ToString(), "-0.5000000000");
  EXPECT_EQ(Money().ToString(), "0.0000000000");
  EXPECT_EQ(M("1.23456789").ToString(4, Rounding::kDown), "1.2345");
  EXPECT_EQ(M("1.23456789").ToString(4, Rounding::kUp), "1.2346");
  EXPECT_EQ(M("0.62").ToPlainString(), "0.62");
  EXPECT_EQ(M("100").ToPlainString(), "100");
}

TEST(MoneyTest, ParseOfFormatIsIdentity) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200'000; ++i) {
    auto v = static_cast<std::int64_t>(rng());
    if (i % 3 == 0) v %= 1'000'000'000'000LL;
    Money m = Money::FromUnits(v);
    auto back = Money::Parse(m.ToString());
    ASSERT_TRUE(back.ok()) << m.ToString();
    ASSERT_EQ(*back, m);
    ASSERT_EQ(*Money::Parse(m.ToPlainString()), m);
  }
}

TEST(MoneyTest, NamedRoundings) {
  Money one = M("1");
  EXPECT_EQ(one.MulDiv(1, 3, Rounding::kDown).units(), 33'333'333);
  EXPECT_EQ(one.MulDiv(1, 3, Rounding::kUp).units(), 33'333'334);
  EXPECT_EQ((-one).MulDiv(1, 3, Rounding::kDown).units(), -33'333'334);
  EXPECT_EQ((-one).MulDiv(1, 3, Rounding::kTowardZero).units(), -33'333'333);
  EXPECT_EQ(M("2.5").RoundTo(0, Rounding::kHalfEven), M("2"));
  EXPECT_EQ(M("3.5").RoundTo(0, Rounding::kHalfEven), M("4"));
  EXPECT_EQ(M("100").MulRate(M("0.02"), Rounding::kUp), M("2"));
  EXPECT_EQ(M("0.00000001").MulRate(M("0.5"), Rounding::kUp), M("0.00000001"));
  EXPECT_EQ(M("0.00000001").MulRate(M("0.5"), Rounding::kDown), M("0"));
  EXPECT_TRUE(M("1.25").HasAtMostDecimals(2));
  EXPECT_FALSE(M("1.255").HasAtMostDecimals(2));
}

}  // namespace
}  // namespace probex
