// How the venue API writes its objects, in one place so every endpoint (and the WebSocket rooms)
// shows the same shape. Encoding (docs/venue-api.md): ids are decimal strings; money is a string
// with 10 decimals ("50.0000000000"); prices are JSON numbers with at most 2 decimals (0.62);
// quantities are JSON integers; times are ISO-8601 strings with milliseconds and Z. Market and
// account objects are camelCase; CLOB order objects are snake_case, as the reference shows.
// Thread rule: pure functions.
#pragma once

#include <array>
#include <string>

#include "net/json.h"
#include "net/json_writer.h"
#include "venue/domain/exchange.h"

namespace probex::venue::api {

// A market object: id, type, question, description, status, category, outcomes [{index, label}],
// totalPool, betCount, feeRate, lastTradePrice, winningOutcomeIndex, endTime, createdAt, metadata.
// `total_pool`: the market's escrow (ORDER_BOOK: 1.00 per outstanding complete set).
void WriteMarket(net::JsonWriter& w, const Market& market, Money total_pool);
// The same, with the market's own totals: for POOL markets totalPool is the sum of the outcome
// pools, betCount the bets placed, and each outcome also shows its `pool` and `betCount`.
void WriteMarket(net::JsonWriter& w, const Market& market, const Exchange& exchange);
// totalPool and betCount of a market: POOL — the pools and bets; ORDER_BOOK — escrow and 0.
Money MarketTotalPool(const Exchange& exchange, const Market& market);
std::int64_t MarketBetCount(const Exchange& exchange, const Market& market);

// A pool bet: id, marketId, outcomeIndex, amount, status, timeWeight ("0.7500"), fee, payout
// (null until settled), createdAt, settledAt (null until settled).
void WriteBetFields(net::JsonWriter& w, const Bet& bet, Timestamp settled_at);
// A weight in 1/10000 as a string with 4 decimals ("1.0000").
std::string FormatWeight(std::uint32_t weight);

// A CLOB order object: id, market_id, outcome (the label), side, type, price, trigger_price,
// quantity, quote_quantity, cum_quantity, cum_quote_quantity, cum_fees, last_exec_price, status,
// reason, created_at.
void WriteOrder(net::JsonWriter& w, const Order& order, const std::array<std::string, 2>& labels);

// {available, lockedWithdraws, lockedBets, lockedEngine, total, totalDeposited, totalWithdrawn}.
void WriteBalances(net::JsonWriter& w, const AccountBalances& balances);

// {id, username, createdAt, rateTier}.
void WriteUser(net::JsonWriter& w, const User& user);

// {id, kind, prefix, name, scopes[], createdAt, revoked}.
void WriteApiKey(net::JsonWriter& w, const ApiKey& key);

// ["market:read", ...] in the reference's order.
void WriteScopes(net::JsonWriter& w, std::uint32_t scopes);

// A price in cents as a JSON number (0.62), or null for 0.
void WritePriceOrNull(net::JsonWriter& w, int cents);

// Serializes a parsed JSON value keeping every number exactly as the client wrote it (the
// document's raw number texts): how a market's free-form `metadata` is stored "as given".
// `pointer` is the value's JSON pointer inside `doc` ("" for the root).
std::string JsonAsGiven(const net::ParsedJson& doc, const boost::json::value& value,
                        const std::string& pointer);

}  // namespace probex::venue::api
