// The CLOB's money arithmetic: notional, fees and worst-case locks, all exact in Money units.
// Prices are whole cents (1..99); quantities whole shares (1..kMaxOrderQuantity).
//
// Fee of a fill = rate × min(p, 1−p) × quantity, rounded up to Money's unit, charged to maker
// and taker alike. min(p, 1−p) makes it symmetric under p ↔ 1−p.
//
// The per-share lock of a cash-paying order that pays at most c cents a share is
//   c + ceil(rate × min(c, 100−c) / 100)     (in dollars: c/100 + the fee of one share, rounded up)
// and a fill of q shares at a pay price c' ≤ c always costs at most q × PerShareLock(c):
// c + rate × min(c, 100−c) is non-decreasing in c for rate ≤ 1 (slope 1 + rate below 50, 1 − rate
// above), and ceil(rate × m × q / 100) ≤ q × ceil(rate × m / 100). clob_pricing_test.cc checks
// this for every price pair and several rates.
#pragma once

#include <cstdint>

#include "common/money.h"

namespace probex::venue {

inline constexpr std::int64_t kUnitsPerCent = Money::kScale / 100;
inline constexpr std::int64_t kMaxOrderQuantity = 100'000'000;  // shares
inline constexpr std::int64_t kMaxQuoteQuantityWhole = 1'000'000'000;
// Fee rates above this are refused: the worst-case-lock argument needs rate < 1.
inline constexpr std::int64_t kMaxFeeRateUnits = Money::kScale / 2;  // 0.5

// q × c cents.
inline Money Notional(std::int64_t quantity, int cents) {
  return Money::FromUnits(quantity * cents * kUnitsPerCent);
}

// rate × min(c, 100 − c) × quantity, rounded up. `cents` may be either outcome's price. Inline:
// one or two per fill; the product fits 64 bits for every rate and quantity the venue accepts.
Money FillFeeWide(Money rate, std::int64_t m_times_quantity);  // the 128-bit fallback
inline Money FillFee(Money rate, int cents, std::int64_t quantity) {
  const std::int64_t m = cents < 100 - cents ? cents : 100 - cents;
  std::int64_t product;
  if (rate.units() >= 0 && !__builtin_mul_overflow(rate.units(), m * quantity, &product) &&
      product <= INT64_MAX - 99) {
    return Money::FromUnits((product + 99) / 100);  // ceiling of a non-negative quotient
  }
  return FillFeeWide(rate, m * quantity);
}

// Cash locked per share for an order that pays at most `pay_cents` per share, fee included.
Money PerShareLock(Money rate, int pay_cents);

// Worst-case cash a by-quote bid with cost cap `quote` can consume, fees included: fills satisfy
// Σ q_i c_i ≤ quote, each costing at most q_i × PerShareLock(c_i), so the bound is
// max over c of ceil(quote × PerShareLock(c) / c).
Money QuoteWorstCase(Money rate, Money quote);

}  // namespace probex::venue
