// The client API's JSON of engine records, as ordered (name, JSON value text) fields so REST
// answers and WebSocket broadcasts share one rendering and a broadcast's `old` can hold exactly
// the previous values of the fields that changed. Money is a JSON number (exact), times ISO-8601.
// Thread rule: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mm/engine/engine_records.h"
#include "mm/engine/mm_engine.h"

namespace probex::mm::api {

using Fields = std::vector<std::pair<std::string, std::string>>;

Fields OrderFields(const EngineOrder& o);
Fields BetFields(const HedgeBet& b, const std::string& client_id);
Fields PositionFields(const PositionView& p);
// {"a":1,...}
std::string ObjectOf(const Fields& fields);
// The fields of `now` whose value differs from `before` (by name), with `before`'s values.
Fields ChangedFrom(const Fields& before, const Fields& now);

// Remaining venue cost of an order's unmatched quantity.
Money OpenStake(const EngineOrder& o);

}  // namespace probex::mm::api
