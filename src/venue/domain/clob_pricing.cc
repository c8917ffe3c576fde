#include "venue/domain/clob_pricing.h"

#include <algorithm>

namespace probex::venue {

Money FillFee(Money rate, int cents, std::int64_t quantity) {
  const std::int64_t m = std::min(cents, 100 - cents);
  std::int64_t product;
  if (rate.units() >= 0 && !__builtin_mul_overflow(rate.units(), m * quantity, &product) &&
      product <= INT64_MAX - 99) {
    return Money::FromUnits((product + 99) / 100);  // ceiling of a non-negative quotient
  }
  return rate.MulDiv(m * quantity, 100, Rounding::kUp);
}

Money PerShareLock(Money rate, int pay_cents) {
  return Notional(1, pay_cents) + FillFee(rate, pay_cents, 1);
}

Money QuoteWorstCase(Money rate, Money quote) {
  Money worst = Money::Zero();
  for (int c = 1; c <= 99; ++c) {
    Money bound = quote.MulDiv(PerShareLock(rate, c).units(), c * kUnitsPerCent, Rounding::kUp);
    worst = Max(worst, bound);
  }
  return worst;
}

}  // namespace probex::venue
