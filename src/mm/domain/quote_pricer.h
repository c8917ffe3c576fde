// QuotePricer: the venue prices and sizes of the two quotes on a binary market whose outcome 0
// stands for bookmaker outcome O, with C the other outcomes of that bookmaker market.
//   bid on outcome 0: the highest tick p with p + fee(p) ≤ 1 − Σ_{c∈C} 1/o_c − margin. A fill of
//     q shares, hedged by backing every c with stake q/o_c, locks ≥ margin per share.
//   ask on outcome 0: the lowest tick p with p − fee(p) ≥ 1/o_O + margin. A fill (buying outcome
//     1 at 1 − p), hedged by backing O with stake q/o_O, locks the same.
// fee(p) = feeRate × min(p, 1 − p) per share (the venue's symmetric fee); with no fee these are
// floor_to_tick(1 − Σ 1/o_c − margin) and ceil_to_tick(1/o_O + margin) exactly.
// Size: the largest whole number of shares whose hedge stakes stay within limitRatio × the
// bookmaker's limit of every outcome hedged, within the per-order cap, and whose venue cost stays
// within what the per-fixture and per-sport caps leave. Money math is exact; only the
// probabilities (1/o) are doubles, compared to ticks with a 1e-9 guard against representation
// error. Thread rule: pure.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/money.h"

namespace probex::mm {

// Decimal odds and money as a double, for probability arithmetic only (never for amounts).
inline double ToProbabilityDouble(Money m) {
  return static_cast<double>(m.units()) / Money::kScale;
}

enum class QuoteSide { kBid, kAsk };  // on the venue market's outcome 0

struct PricingParams {
  double margin = 0.02;  // locked profit per share, in probability (0.02 = 2 cents)
  Money fee_rate;        // the venue market's fee rate (0.02 → 2%)
  int tick_cents = 1;    // the venue's tick
  int min_cents = 1;     // the tradeable range
  int max_cents = 99;
};

// One bookmaker outcome priced by the feed.
struct HedgeQuote {
  int outcome_id = 0;
  Money odds;   // decimal odds, > 1
  Money limit;  // the bookmaker's max stake
};

struct SizingParams {
  Money limit_ratio = Money::FromUnits(Money::kScale / 2);  // 0.5 of the bookmaker's limit
  std::int64_t max_order_shares = 1000;
  // Venue cost the fixture's and the sport's caps still allow (cap − open − matched).
  Money fixture_room = Money::FromUnits(INT64_MAX / 2);
  Money sport_room = Money::FromUnits(INT64_MAX / 2);
};

// The venue's fee per share at `cents` (exact): rate × min(p, 1 − p).
Money FeePerShare(int cents, Money fee_rate);

// nullopt when no tradeable tick satisfies the bound.
std::optional<int> BidCents(const std::vector<HedgeQuote>& others, const PricingParams& params);
std::optional<int> AskCents(const HedgeQuote& outcome, const PricingParams& params);

// The venue cost of one share of the quote: p for a bid, 1 − p for an ask (buying outcome 1).
Money CostPerShare(QuoteSide side, int cents);

// Shares to quote; 0 when nothing fits. `hedges` are the outcomes a fill would be hedged on
// (C for a bid, {O} for an ask).
std::int64_t QuoteShares(QuoteSide side, int cents, const std::vector<HedgeQuote>& hedges,
                         const SizingParams& params);

}  // namespace probex::mm
