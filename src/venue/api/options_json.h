// Wire forms of the options RFQ desk (Convallax maker transport and taker API): ids, the error
// body {"success":false,"error":code,"message"}, the quote_request event data of channel 1 (the
// seed's exact field order), quotes, series and positions. Thread rule: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_response.h"
#include "net/json_writer.h"
#include "venue/domain/exchange.h"

namespace probex::venue::api {

// "req-12", "q-7", "opt-3"; the parsers accept the prefixed form or the bare number.
std::string RequestIdText(std::uint64_t id);
std::string QuoteIdText(std::uint64_t id);
std::string PositionIdText(std::uint64_t id);
std::optional<std::uint64_t> ParseRequestId(std::string_view text);
std::optional<std::uint64_t> ParseQuoteId(std::string_view text);

// The underlying's Polymarket-style ids: conditionId is the market id, yesTokenId 2 × id (the
// stable id of its outcome 0; outcome 1 would be 2 × id + 1).
std::string ConditionId(MarketId market);
std::string YesTokenId(MarketId market);

net::HttpResponse DeskError(int status, std::string_view code, std::string_view message);
// The status and body of a rejected desk command (request_not_found 404, request_closed 409,
// side_mismatch / size_too_small / price_out_of_range / no_arbitrage / insufficient_collateral
// 400, ...).
net::HttpResponse DeskReject(RejectCode code);
// 429 rate_limited with Retry-After (whole seconds, at least 1).
net::HttpResponse DeskRateLimited(std::string_view rule, std::int64_t retry_after_ms);

// {"requestId","expiresAt","params":{"wallet","market":{...},"option":{...},"trade":{...}}}
std::string QuoteRequestData(const QuoteRequest& r, std::string_view question);
// The "params" object alone: {"wallet","market":{...},"option":{...},"trade":{...}}.
void WriteRequestParams(net::JsonWriter& w, const QuoteRequest& r, std::string_view question);
void WriteQuote(net::JsonWriter& w, const Quote& q, const QuoteRequest& r,
                std::string_view maker_id);
void WriteRequest(net::JsonWriter& w, const QuoteRequest& r, std::string_view question);
void WriteSeries(net::JsonWriter& w, const Series& s);
// Mark: S = the market's last outcome-0 trade price (0 when it never traded).
void WritePosition(net::JsonWriter& w, const OptionPosition& p, AccountId viewer, int mark_cents);

// Whole options a quote fills on its request (a buy: min(size, floor(budget / price))).
std::int64_t QuoteFill(const QuoteRequest& r, const Quote& q);
// True when `a` beats `b` for the taker (lowest price on a buy, highest on a sell, then earliest).
bool BetterQuote(const QuoteRequest& r, const Quote& a, const Quote& b);

}  // namespace probex::venue::api
