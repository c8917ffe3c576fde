// Grading: the settlement status of a market's outcome given the final score. The simulator
// uses the same function to price (so prices and settlement can never disagree).
// Pure functions.
#pragma once

#include "bookmaker/domain/market_catalogue.h"
#include "bookmaker/domain/score.h"
#include "bookmaker/domain/settlement.h"

namespace probex::bookmaker {

// `outcome_index` is the position in market.outcomes. A two-way moneyline that ends level
// (impossible with overtime) grades PUSH.
SettlementStatus GradeOutcome(const MarketSpec& market, int outcome_index, Score final_score);

}  // namespace probex::bookmaker
