#include "mm/domain/quote_pricer.h"

#include <algorithm>
#include <cmath>

namespace probex::mm {
namespace {

constexpr double kGuard = 1e-9;

double Probability(int cents) { return cents / 100.0; }

}  // namespace

Money FeePerShare(int cents, Money fee_rate) {
  const int min_side = std::min(cents, 100 - cents);
  return Money::FromCents(min_side).value_or(Money()).MulRate(fee_rate, Rounding::kUp);
}

std::optional<int> BidCents(const std::vector<HedgeQuote>& others, const PricingParams& params) {
  if (others.empty()) return std::nullopt;
  double bound = 1.0 - params.margin;
  for (const HedgeQuote& c : others) bound -= 1.0 / ToProbabilityDouble(c.odds);
  // Floor to tick, then step down until the fee fits too.
  int cents =
      static_cast<int>(std::floor((bound * 100 + kGuard) / params.tick_cents)) * params.tick_cents;
  cents = std::min(cents, params.max_cents - params.max_cents % params.tick_cents);
  while (cents >= params.min_cents &&
         Probability(cents) + ToProbabilityDouble(FeePerShare(cents, params.fee_rate)) >
             bound + kGuard) {
    cents -= params.tick_cents;
  }
  if (cents < params.min_cents) return std::nullopt;
  return cents;
}

std::optional<int> AskCents(const HedgeQuote& outcome, const PricingParams& params) {
  const double bound = 1.0 / ToProbabilityDouble(outcome.odds) + params.margin;
  int cents =
      static_cast<int>(std::ceil((bound * 100 - kGuard) / params.tick_cents)) * params.tick_cents;
  cents = std::max(cents, params.min_cents);
  while (cents <= params.max_cents &&
         Probability(cents) - ToProbabilityDouble(FeePerShare(cents, params.fee_rate)) <
             bound - kGuard) {
    cents += params.tick_cents;
  }
  if (cents > params.max_cents) return std::nullopt;
  return cents;
}

Money CostPerShare(QuoteSide side, int cents) {
  const int c = side == QuoteSide::kBid ? cents : 100 - cents;
  return Money::FromUnits(static_cast<std::int64_t>(c) * (Money::kScale / 100));
}

std::int64_t QuoteShares(QuoteSide side, int cents, const std::vector<HedgeQuote>& hedges,
                         const SizingParams& params) {
  if (hedges.empty()) return 0;
  std::int64_t shares = params.max_order_shares;
  for (const HedgeQuote& h : hedges) {
    // stake = shares / o ≤ ratio × limit  ⇔  shares ≤ ratio × limit × o.
    const Money room = h.limit.MulRate(params.limit_ratio, Rounding::kDown);
    const Money max_payout = room.MulRate(h.odds, Rounding::kDown);
    shares = std::min(shares, max_payout.units() / Money::kScale);
  }
  const Money cost = CostPerShare(side, cents);
  if (cost.is_positive()) {
    for (Money room : {params.fixture_room, params.sport_room}) {
      if (!room.is_positive()) return 0;
      shares = std::min<std::int64_t>(
          shares, static_cast<std::int64_t>(static_cast<__int128>(room.units()) / cost.units()));
    }
  }
  return std::max<std::int64_t>(shares, 0);
}

}  // namespace probex::mm
