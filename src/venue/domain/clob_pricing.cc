#include "venue/domain/clob_pricing.h"

#include <algorithm>

namespace probex::venue {

Money FillFeeWide(Money rate, std::int64_t m_times_quantity) {
  return rate.MulDiv(m_times_quantity, 100, Rounding::kUp);
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
