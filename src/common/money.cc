#include "common/money.h"

#include <cstdio>
#include <cstdlib>

namespace probex {
namespace {

constexpr std::int64_t kPow10[] = {1,
                                   10,
                                   100,
                                   1'000,
                                   10'000,
                                   100'000,
                                   1'000'000,
                                   10'000'000,
                                   100'000'000,
                                   1'000'000'000,
                                   10'000'000'000,
                                   100'000'000'000,
                                   1'000'000'000'000,
                                   10'000'000'000'000,
                                   100'000'000'000'000,
                                   1'000'000'000'000'000,
                                   1'000'000'000'000'000'000};

bool FitsInt64(__int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

std::string U128ToString(unsigned __int128 v) {
  if (v == 0) return "0";
  char buf[48];
  int n = 0;
  while (v > 0) {
    buf[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  std::string out(n, '0');
  for (int i = 0; i < n; ++i) out[i] = buf[n - 1 - i];
  return out;
}

}  // namespace

__int128 DivideRounded(__int128 numerator, __int128 denominator, Rounding rounding) {
  if (denominator == 0) std::abort();
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  __int128 q = numerator / denominator;  // truncates toward zero
  __int128 r = numerator % denominator;
  if (r == 0) return q;
  switch (rounding) {
    case Rounding::kTowardZero:
      return q;
    case Rounding::kDown:
      return numerator < 0 ? q - 1 : q;
    case Rounding::kUp:
      return numerator > 0 ? q + 1 : q;
    case Rounding::kHalfEven: {
      __int128 twice = (r < 0 ? -r : r) * 2;
      bool away = twice > denominator || (twice == denominator && (q % 2 != 0));
      if (!away) return q;
      return numerator < 0 ? q - 1 : q + 1;
    }
  }
  return q;
}

std::int64_t Money::Overflow() {
  std::fputs("probex: Money overflow (an impossible state: inputs are range-checked)\n", stderr);
  std::abort();
}

Result<Money> Money::FromWhole(std::int64_t whole) {
  __int128 v = static_cast<__int128>(whole) * kScale;
  if (!FitsInt64(v)) return MakeError("out_of_range", "amount out of range");
  return Money(static_cast<std::int64_t>(v));
}

Result<Money> Money::FromCents(std::int64_t cents) {
  __int128 v = static_cast<__int128>(cents) * (kScale / 100);
  if (!FitsInt64(v)) return MakeError("out_of_range", "amount out of range");
  return Money(static_cast<std::int64_t>(v));
}

Result<Money> Money::Parse(std::string_view text) {
  auto bad = [&](const char* why) {
    return MakeError("invalid_amount", std::string("'") + std::string(text.substr(0, 64)) +
                                           "' is not a valid amount: " + why);
  };
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  // Mantissa digits with leading zeros dropped; `point_shift` counts digits after the point.
  unsigned __int128 mantissa = 0;
  int significant = 0;
  int fraction_digits = 0;
  int int_digits = 0;
  int dropped_fraction_zeros = 0;  // trailing zeros we did not need to keep
  bool any_digit = false;
  auto take_digit = [&](char c, bool in_fraction) -> bool {
    any_digit = true;
    int d = c - '0';
    if (in_fraction) ++fraction_digits;
    if (mantissa == 0 && d == 0) return true;  // leading zeros carry no information
    if (significant >= 36) {
      // More precision than can matter: only zeros may follow.
      if (d != 0) return false;
      if (in_fraction)
        ++dropped_fraction_zeros;
      else
        return false;  // integer part too large
      return true;
    }
    mantissa = mantissa * 10 + static_cast<unsigned>(d);
    ++significant;
    return true;
  };
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    ++int_digits;
    if (!take_digit(text[i], false)) return bad("out of range");
    ++i;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    int before = fraction_digits;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (!take_digit(text[i], true)) return bad("too many digits");
      ++i;
    }
    if (fraction_digits == before) return bad("digits expected after the decimal point");
  }
  if (!any_digit || int_digits == 0) return bad("digits expected");
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i >= text.size()) return bad("digits expected in the exponent");
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 1000) return bad("exponent out of range");
      ++i;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return bad("unexpected character");
  // value = mantissa × 10^(exponent − (fraction_digits − dropped_fraction_zeros)).
  long scale_power = exponent - (fraction_digits - dropped_fraction_zeros) + kDecimals;
  if (mantissa == 0) return Money(0);
  while (scale_power < 0) {
    if (mantissa % 10 != 0) return bad("more than 8 decimal places");
    mantissa /= 10;
    ++scale_power;
  }
  while (scale_power > 0) {
    mantissa *= 10;
    if (mantissa > static_cast<unsigned __int128>(INT64_MAX)) return bad("out of range");
    --scale_power;
  }
  if (mantissa > static_cast<unsigned __int128>(INT64_MAX)) return bad("out of range");
  auto units = static_cast<std::int64_t>(mantissa);
  return Money(negative ? -units : units);
}

bool Money::HasAtMostDecimals(int decimals) const {
  if (decimals >= kDecimals) return true;
  if (decimals < 0) decimals = 0;
  return units_ % kPow10[kDecimals - decimals] == 0;
}

std::string Money::ToString(int decimals, Rounding rounding) const {
  if (decimals < 0) decimals = 0;
  if (decimals > 18) decimals = 18;
  __int128 v = units_;
  if (decimals < kDecimals) {
    v = DivideRounded(v, kPow10[kDecimals - decimals], rounding);
  } else {
    v *= kPow10[decimals - kDecimals];
  }
  bool negative = v < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
  std::string digits = U128ToString(magnitude);
  if (decimals > 0) {
    if (digits.size() <= static_cast<std::size_t>(decimals)) {
      digits.insert(0, static_cast<std::size_t>(decimals) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<std::size_t>(decimals), 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

std::string Money::ToPlainString() const {
  std::string s = ToString(kDecimals);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

Result<Money> Money::CheckedAdd(Money a, Money b) {
  std::int64_t out;
  if (__builtin_add_overflow(a.units_, b.units_, &out)) {
    return MakeError("out_of_range", "amount out of range");
  }
  return Money(out);
}

Result<Money> Money::CheckedSub(Money a, Money b) {
  std::int64_t out;
  if (__builtin_sub_overflow(a.units_, b.units_, &out)) {
    return MakeError("out_of_range", "amount out of range");
  }
  return Money(out);
}

Result<Money> Money::CheckedMul(Money a, std::int64_t factor) {
  std::int64_t out;
  if (__builtin_mul_overflow(a.units_, factor, &out)) {
    return MakeError("out_of_range", "amount out of range");
  }
  return Money(out);
}

Money Money::MulDiv(std::int64_t numerator, std::int64_t denominator, Rounding rounding) const {
  __int128 v = DivideRounded(static_cast<__int128>(units_) * numerator, denominator, rounding);
  if (!FitsInt64(v)) Overflow();
  return Money(static_cast<std::int64_t>(v));
}

Money Money::MulRate(Money rate, Rounding rounding) const {
  __int128 v = DivideRounded(static_cast<__int128>(units_) * rate.units_, kScale, rounding);
  if (!FitsInt64(v)) Overflow();
  return Money(static_cast<std::int64_t>(v));
}

Money Money::RoundTo(int decimals, Rounding rounding) const {
  if (decimals >= kDecimals) return *this;
  if (decimals < 0) decimals = 0;
  std::int64_t step = kPow10[kDecimals - decimals];
  __int128 q = DivideRounded(units_, step, rounding);
  __int128 v = q * step;
  if (!FitsInt64(v)) Overflow();
  return Money(static_cast<std::int64_t>(v));
}

Money& Money::operator+=(Money other) {
  if (__builtin_add_overflow(units_, other.units_, &units_)) Overflow();
  return *this;
}

Money& Money::operator-=(Money other) {
  if (__builtin_sub_overflow(units_, other.units_, &units_)) Overflow();
  return *this;
}

Money operator*(Money a, std::int64_t k) {
  std::int64_t out;
  if (__builtin_mul_overflow(a.units_, k, &out)) Money::Overflow();
  return Money(out);
}

}  // namespace probex
