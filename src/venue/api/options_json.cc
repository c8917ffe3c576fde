#include "venue/api/options_json.h"

#include <algorithm>
#include <charconv>

#include "venue/api/api_context.h"

namespace probex::venue::api {
namespace {

std::optional<std::uint64_t> ParsePrefixed(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) == prefix) text.remove_prefix(prefix.size());
  return ParseId(text);
}

}  // namespace

std::string RequestIdText(std::uint64_t id) { return "req-" + std::to_string(id); }
std::string QuoteIdText(std::uint64_t id) { return "q-" + std::to_string(id); }
std::string PositionIdText(std::uint64_t id) { return "opt-" + std::to_string(id); }
std::optional<std::uint64_t> ParseRequestId(std::string_view text) {
  return ParsePrefixed(text, "req-");
}
std::optional<std::uint64_t> ParseQuoteId(std::string_view text) {
  return ParsePrefixed(text, "q-");
}

std::string ConditionId(MarketId market) { return std::to_string(market.value()); }
std::string YesTokenId(MarketId market) {
  return std::to_string(2 * static_cast<std::uint64_t>(market.value()));
}

net::HttpResponse DeskError(int status, std::string_view code, std::string_view message) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("success", false).Field("error", code).Field("message", message);
  w.EndObject();
  return net::HttpResponse::Json(status, std::move(out));
}

net::HttpResponse DeskRateLimited(std::string_view rule, std::int64_t retry_after_ms) {
  const std::int64_t seconds = retry_after_ms <= 0 ? 1 : (retry_after_ms + 999) / 1000;
  net::HttpResponse r = DeskError(429, "rate_limited",
                                  "rate limit '" + std::string(rule) + "' exceeded; retry after " +
                                      std::to_string(seconds) + "s");
  r.SetHeader("Retry-After", std::to_string(seconds));
  return r;
}

net::HttpResponse DeskReject(RejectCode code) {
  const std::string_view name = RejectCodeName(code);
  switch (code) {
    case RejectCode::kRequestNotFound:
      return DeskError(404, name, "no such quote request");
    case RejectCode::kQuoteNotFound:
      return DeskError(404, name, "no such quote");
    case RejectCode::kRequestClosed:
      return DeskError(409, name, "the quote request is no longer open");
    case RejectCode::kQuoteNotLive:
      return DeskError(409, name, "the quote is no longer live");
    case RejectCode::kSideMismatch:
      return DeskError(400, name, "quote.side must equal the taker's side");
    case RejectCode::kSizeTooSmall:
      return DeskError(400, name, "quote.size must be at least 50% of the requested size");
    case RejectCode::kPriceOutOfRange:
      return DeskError(400, name, "quote.price must be within (0, 1) with at most 6 decimals");
    case RejectCode::kNoArbitrage:
      return DeskError(400, name, "quote.price exceeds the option's maximum payoff");
    case RejectCode::kInsufficientCollateral:
      return DeskError(400, name, "the writer's available balance does not cover the collateral");
    case RejectCode::kInsufficientBalance:
      return DeskError(400, name, "the buyer's available balance does not cover the premium");
    case RejectCode::kUnknownMarket:
      return DeskError(404, "market_not_found", "no such market");
    case RejectCode::kNotOrderBookMarket:
    case RejectCode::kMarketNotActive:
      return DeskError(400, "invalid_market", "options need an ACTIVE ORDER_BOOK market");
    case RejectCode::kInvalidOption:
      return DeskError(400, name,
                       "option: optionType call|put, strikeBps 5..95 step 5, future "
                       "expiryMs");
    case RejectCode::kInvalidTrade:
      return DeskError(400, name, "trade: side buy with budgetUsd > 0, or sell with size ≥ 1");
    case RejectCode::kInvalidWallet:
      return DeskError(400, name, "wallet must be 0x followed by 40 hex digits");
    case RejectCode::kInvalidQuote:
      return DeskError(400, name,
                       "quote.size ≥ 1, expires_in_ms 1..3600000, and not on one's own request");
    default:
      return DeskError(400, name, name);
  }
}

void WriteRequestParams(net::JsonWriter& w, const QuoteRequest& r, std::string_view question) {
  w.BeginObject();
  w.Key("wallet");
  if (r.wallet.empty()) {
    w.Null();
  } else {
    w.String(r.wallet);
  }
  w.Key("market").BeginObject();
  w.Field("conditionId", ConditionId(r.series.market));
  w.Field("yesTokenId", YesTokenId(r.series.market));
  w.Field("question", question);
  w.EndObject();
  w.Key("option").BeginObject();
  w.Field("optionType", OptionTypeName(r.series.type));
  w.Field("strikeBps", static_cast<int>(r.series.strike_bps));
  w.Field("expiryMs", r.series.expiry.millis());
  w.EndObject();
  w.Key("trade").BeginObject();
  w.Field("side", RfqSideName(r.side));
  if (r.side == RfqSide::kBuy) {
    w.Key("budgetUsd").MoneyNumber(r.budget);
  } else {
    w.Field("size", r.size);
  }
  w.EndObject();
  w.EndObject();
}

std::string QuoteRequestData(const QuoteRequest& r, std::string_view question) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject();
  w.Field("requestId", RequestIdText(r.id));
  w.Field("expiresAt", FormatIso8601(r.expires_at));
  w.Key("params");
  WriteRequestParams(w, r, question);
  w.EndObject();
  return out;
}

std::int64_t QuoteFill(const QuoteRequest& r, const Quote& q) {
  if (!q.price.is_positive()) return 0;
  const std::int64_t want = r.side == RfqSide::kBuy ? r.budget.units() / q.price.units() : r.size;
  return std::min(q.size, want);
}

bool BetterQuote(const QuoteRequest& r, const Quote& a, const Quote& b) {
  if (a.price != b.price) return r.side == RfqSide::kBuy ? a.price < b.price : a.price > b.price;
  return a.priority < b.priority;
}

void WriteQuote(net::JsonWriter& w, const Quote& q, const QuoteRequest& r,
                std::string_view maker_id) {
  const std::int64_t fill = QuoteFill(r, q);
  w.BeginObject();
  w.Field("quoteId", QuoteIdText(q.id));
  w.Field("requestId", RequestIdText(q.request));
  w.Field("makerId", maker_id);
  w.Field("side", RfqSideName(q.side));
  w.Key("price").MoneyNumber(q.price);
  w.Field("size", q.size);
  w.Field("fillSize", fill);
  w.Key("premium").MoneyNumber(q.price * fill);
  w.Field("status", QuoteStatusName(q.status));
  w.Field("postedAt", FormatIso8601(q.posted_at));
  w.Field("expiresAt", FormatIso8601(q.expires_at));
  w.EndObject();
}

void WriteRequest(net::JsonWriter& w, const QuoteRequest& r, std::string_view question) {
  w.BeginObject();
  w.Field("requestId", RequestIdText(r.id));
  w.Field("status", RequestStatusName(r.status));
  w.Field("seriesId", SeriesIdText(r.series));
  w.Field("createdAt", FormatIso8601(r.created_at));
  w.Field("expiresAt", FormatIso8601(r.expires_at));
  w.Key("params");
  WriteRequestParams(w, r, question);
  if (r.position != 0) w.Field("positionId", PositionIdText(r.position));
  w.EndObject();
}

void WriteSeries(net::JsonWriter& w, const Series& s) {
  w.BeginObject();
  w.Field("seriesId", SeriesIdText(s.key));
  w.Field("conditionId", ConditionId(s.key.market));
  w.Field("yesTokenId", YesTokenId(s.key.market));
  w.Field("optionType", OptionTypeName(s.key.type));
  w.Field("strikeBps", static_cast<int>(s.key.strike_bps));
  w.Field("expiryMs", s.key.expiry.millis());
  w.Field("settled", s.settled);
  if (s.settled) {
    w.Key("settlementPrice")
        .MoneyNumber(Money::FromUnits(s.settlement_price * (Money::kScale / 100)));
    w.Field("settlementSource",
            SettlementSourceName(static_cast<SettlementSource>(s.settlement_source)));
  }
  w.EndObject();
}

void WritePosition(net::JsonWriter& w, const OptionPosition& p, AccountId viewer, int mark_cents) {
  w.BeginObject();
  w.Field("positionId", PositionIdText(p.id));
  w.Field("role", p.holder == viewer ? "holder" : "writer");
  w.Field("seriesId", SeriesIdText(p.series));
  w.Field("conditionId", ConditionId(p.series.market));
  w.Field("optionType", OptionTypeName(p.series.type));
  w.Field("strikeBps", static_cast<int>(p.series.strike_bps));
  w.Field("expiryMs", p.series.expiry.millis());
  w.Field("quantity", p.quantity);
  w.Key("price").MoneyString(p.price);
  w.Key("premium").MoneyString(p.premium);
  w.Key("collateral").MoneyString(p.collateral);
  w.Field("requestId", RequestIdText(p.request));
  w.Field("quoteId", QuoteIdText(p.quote));
  w.Field("executedAt", FormatIso8601(p.executed_at));
  w.Field("status", p.settled ? "settled" : "open");
  if (p.settled) {
    w.Key("settlementPrice")
        .MoneyString(Money::FromUnits(p.settlement_price * (Money::kScale / 100)));
    w.Key("payout").MoneyString(p.payout);
    w.Field("settledAt", FormatIso8601(p.settled_at));
    w.Key("markValue").MoneyString(p.payout);
  } else {
    const Money mark = mark_cents == 0
                           ? Money::Zero()
                           : Payoff(p.series.type, p.series.strike_bps, mark_cents) * p.quantity;
    w.Key("markValue").MoneyString(mark);
  }
  w.EndObject();
}

}  // namespace probex::venue::api
