// Money: an exact fixed-point amount with 8 decimal places in a signed 64-bit integer
// (range ±92,233,720,368.54775807). Never binary floating point. Arithmetic is overflow-checked:
// the Checked* functions return an error, the operators treat overflow as an impossible state
// and abort (callers validate inputs so that it cannot happen). Rounding is always explicit.
// Thread rule: plain value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace probex {

// How a value that does not fit the target precision is rounded.
enum class Rounding {
  kDown,        // toward −∞ (floor): payouts, amounts paid out by the house
  kUp,          // toward +∞ (ceiling): locks, fees charged
  kTowardZero,  // truncation
  kHalfEven,    // banker's rounding, for display and statistics only
};

class Money {
 public:
  static constexpr int kDecimals = 8;
  static constexpr std::int64_t kScale = 100'000'000;
  // Amounts are shown with 10 decimals, as the venue's API does ("50.0000000000").
  static constexpr int kDisplayDecimals = 10;

  constexpr Money() = default;
  static constexpr Money FromUnits(std::int64_t units) { return Money(units); }
  static constexpr Money Zero() { return Money(0); }
  static Result<Money> FromWhole(std::int64_t whole);
  static Result<Money> FromCents(std::int64_t cents);

  // Exact parse of a decimal in JSON number syntax ("-12.5", "0.0001", "1e-4", "50.0000000000").
  // Digits past the 8th decimal must be zero; out-of-range values are an error.
  static Result<Money> Parse(std::string_view text);

  constexpr std::int64_t units() const { return units_; }
  constexpr bool is_zero() const { return units_ == 0; }
  constexpr bool is_negative() const { return units_ < 0; }
  constexpr bool is_positive() const { return units_ > 0; }

  // True when the amount has no non-zero digit after `decimals` decimal places (0..8).
  bool HasAtMostDecimals(int decimals) const;

  // "50.0000000000": always kDisplayDecimals decimals.
  std::string ToString() const { return ToString(kDisplayDecimals); }
  // With exactly `decimals` places (0..18); fewer than 8 rounds with `rounding`.
  std::string ToString(int decimals, Rounding rounding = Rounding::kHalfEven) const;
  // Shortest exact form: "50", "0.62", "-1.25".
  std::string ToPlainString() const;

  static Result<Money> CheckedAdd(Money a, Money b);
  static Result<Money> CheckedSub(Money a, Money b);
  static Result<Money> CheckedMul(Money a, std::int64_t factor);

  // this × numerator / denominator with a 128-bit intermediate, rounded as asked.
  // Aborts on a zero denominator or a result out of range.
  Money MulDiv(std::int64_t numerator, std::int64_t denominator, Rounding rounding) const;
  // this × rate, where rate is itself a Money-scaled ratio (0.02 → 2'000'000 units).
  Money MulRate(Money rate, Rounding rounding) const;
  // Rounded to `decimals` places (0..8).
  Money RoundTo(int decimals, Rounding rounding) const;

  constexpr Money operator-() const { return Money(Negate(units_)); }
  Money& operator+=(Money other);
  Money& operator-=(Money other);
  friend Money operator+(Money a, Money b) { return a += b; }
  friend Money operator-(Money a, Money b) { return a -= b; }
  friend Money operator*(Money a, std::int64_t k);
  friend Money operator*(std::int64_t k, Money a) { return a * k; }
  friend constexpr auto operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(std::int64_t units) : units_(units) {}
  static constexpr std::int64_t Negate(std::int64_t v) { return v == INT64_MIN ? Overflow() : -v; }
  [[noreturn]] static std::int64_t Overflow();

  std::int64_t units_ = 0;
};

constexpr Money Min(Money a, Money b) { return a < b ? a : b; }
constexpr Money Max(Money a, Money b) { return a < b ? b : a; }

// Integer division of a 128-bit value with the given rounding (shared by Money and Price math).
__int128 DivideRounded(__int128 numerator, __int128 denominator, Rounding rounding);

}  // namespace probex
