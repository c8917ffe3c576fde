// How the Unhedged API v1 writes markets and CLOB orders (the seed's shapes: camelCase markets
// with `metadata`, snake_case order objects), read into the connector interface's types.
// Prices are JSON numbers with at most 2 decimals (0.62 → 62 cents); amounts are decimal strings.
// Thread rule: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "common/result.h"
#include "mm/connectors/exchange_connector.h"

namespace probex::mm::unhedged {

// A market object; `mapping` is filled when `metadata` has fixtureId, marketId and outcomeId.
Result<ExchangeMarket> ParseMarket(const boost::json::value& v);
// An order object; `labels` are the market's outcome labels (to index `outcome`), or empty to
// take "YES"/index 0 and anything else as 1.
Result<ExchangeOrder> ParseOrder(const boost::json::value& v,
                                 const std::array<std::string, 2>* labels);
// The mapping in a metadata object (numbers or numeric strings accepted).
std::optional<MarketMapping> ParseMapping(const boost::json::value& metadata);

// A JSON price number or string → cents (nullopt unless within 1..99 with ≤ 2 decimals).
std::optional<int> PriceCents(const boost::json::value& v);
// A decimal string or number → Money (numbers go through their shortest decimal text).
std::optional<Money> MoneyValue(const boost::json::value& v);

}  // namespace probex::mm::unhedged
