// The implied figures of a POOL market's outcome, shared by GET /api/v1/markets[/:id] (the
// reference: "full details for a single market including outcomes, pool sizes, and odds") and
// GET /api/v1/markets/:id/stats. Thread rule: pure functions.
#pragma once

#include "common/money.h"
#include "net/json_writer.h"
#include "venue/domain/exchange.h"

namespace probex::venue::api {

// numerator / denominator rounded down to 4 decimals as a string ("0.4999"); null when the
// denominator is not positive.
void WritePoolRatio(net::JsonWriter& w, Money numerator, Money denominator);

// The keys "share" (pool / totalPool) and "odds" (payoutPool / pool, decimal odds implied by the
// pools before time weights; payoutPool = totalPool − fees) of outcome `index` of `pool`.
void WritePoolOutcomeOdds(net::JsonWriter& w, const PoolMarket& pool, int index);

}  // namespace probex::venue::api
