// HedgePlan: the bookmaker bets that hedge newly matched venue shares. A bid fill of q shares
// (holding outcome 0 = bookmaker outcome O) backs every other outcome c with stake q/o_c; an ask
// fill (holding outcome 1) backs O with stake q/o_O. Stakes round UP to the bookmaker's cent so
// every winning hedge pays at least the q the venue side loses. Thread rule: pure.
#pragma once

#include <cstdint>
#include <vector>

#include "common/money.h"
#include "mm/domain/quote_pricer.h"

namespace probex::mm {

struct HedgeLeg {
  int outcome_id = 0;
  Money odds;   // the price to ask for (the minimum acceptable odds)
  Money stake;  // rounded up to 0.01
};

// q / odds rounded up to 0.01; zero for q ≤ 0.
Money HedgeStake(std::int64_t shares, Money odds);

// `hedges`: C for a bid fill, {O} for an ask fill (as QuoteShares takes them).
std::vector<HedgeLeg> PlanHedge(std::int64_t shares, const std::vector<HedgeQuote>& hedges);

}  // namespace probex::mm
