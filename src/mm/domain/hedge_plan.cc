#include "mm/domain/hedge_plan.h"

namespace probex::mm {

Money HedgeStake(std::int64_t shares, Money odds) {
  if (shares <= 0 || !odds.is_positive()) return Money();
  const Money payout = Money::FromUnits(shares * Money::kScale);
  return payout.MulDiv(Money::kScale, odds.units(), Rounding::kUp).RoundTo(2, Rounding::kUp);
}

std::vector<HedgeLeg> PlanHedge(std::int64_t shares, const std::vector<HedgeQuote>& hedges) {
  std::vector<HedgeLeg> legs;
  legs.reserve(hedges.size());
  for (const HedgeQuote& h : hedges) {
    legs.push_back({h.outcome_id, h.odds, HedgeStake(shares, h.odds)});
  }
  return legs;
}

}  // namespace probex::mm
