#include "mm/connectors/unhedged/unhedged_json.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace probex::mm::unhedged {
namespace {

const boost::json::value* Field(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::string StringOf(const boost::json::object& o, std::string_view name) {
  const auto* v = Field(o, name);
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return "";
}

std::optional<std::int64_t> IntOf(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) {
    const double d = v->as_double();
    if (d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<std::int64_t>(d);
    return std::nullopt;
  }
  if (v->is_string()) {
    std::string_view s = v->as_string();
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size()) return out;
    auto money = Money::Parse(s);
    if (money && money->HasAtMostDecimals(0)) return money->units() / Money::kScale;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Money> MoneyValue(const boost::json::value& v) {
  if (v.is_string()) {
    auto m = Money::Parse(v.as_string());
    if (m) return *m;
    return std::nullopt;
  }
  if (v.is_int64()) return Money::FromWhole(v.as_int64()).value_or(Money());
  if (v.is_uint64()) {
    return Money::FromWhole(static_cast<std::int64_t>(v.as_uint64())).value_or(Money());
  }
  if (v.is_double()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.8f", v.as_double());
    auto m = Money::Parse(buf);
    if (m) return *m;
  }
  return std::nullopt;
}

std::optional<int> PriceCents(const boost::json::value& v) {
  auto m = MoneyValue(v);
  if (!m || !m->HasAtMostDecimals(2)) return std::nullopt;
  const std::int64_t cents = m->units() / (Money::kScale / 100);
  if (cents < 1 || cents > 99) return std::nullopt;
  return static_cast<int>(cents);
}

std::optional<MarketMapping> ParseMapping(const boost::json::value& metadata) {
  if (!metadata.is_object()) return std::nullopt;
  const auto& o = metadata.as_object();
  MarketMapping m;
  m.fixture_id = StringOf(o, "fixtureId");
  auto market = IntOf(Field(o, "marketId"));
  auto outcome = IntOf(Field(o, "outcomeId"));
  if (m.fixture_id.empty() || !market || !outcome) return std::nullopt;
  m.market_id = static_cast<int>(*market);
  m.outcome_id = static_cast<int>(*outcome);
  m.sport_id = static_cast<int>(IntOf(Field(o, "sportId")).value_or(0));
  m.tournament_id = static_cast<int>(IntOf(Field(o, "tournamentId")).value_or(0));
  return m;
}

Result<ExchangeMarket> ParseMarket(const boost::json::value& v) {
  if (!v.is_object()) return MakeError("bad_response", "market is not an object");
  const auto& o = v.as_object();
  ExchangeMarket m;
  m.id = StringOf(o, "id");
  if (m.id.empty()) return MakeError("bad_response", "market without id");
  m.type = StringOf(o, "type");
  m.status = StringOf(o, "status");
  if (const auto* outs = Field(o, "outcomes"); outs && outs->is_array()) {
    for (const auto& out : outs->as_array()) {
      if (!out.is_object()) continue;
      auto index = IntOf(Field(out.as_object(), "index"));
      if (index && *index >= 0 && *index < 2) {
        m.outcomes[static_cast<std::size_t>(*index)] = StringOf(out.as_object(), "label");
      }
    }
  }
  if (const auto* fee = Field(o, "feeRate")) m.fee_rate = MoneyValue(*fee).value_or(Money());
  if (auto w = IntOf(Field(o, "winningOutcomeIndex"))) m.winning_outcome = static_cast<int>(*w);
  if (const auto* meta = Field(o, "metadata")) m.mapping = ParseMapping(*meta);
  return m;
}

Result<ExchangeOrder> ParseOrder(const boost::json::value& v,
                                 const std::array<std::string, 2>* labels) {
  if (!v.is_object()) return MakeError("bad_response", "order is not an object");
  const auto& o = v.as_object();
  ExchangeOrder order;
  order.id = StringOf(o, "id");
  if (order.id.empty()) order.id = StringOf(o, "orderId");
  if (order.id.empty()) return MakeError("bad_response", "order without id");
  order.market_id = StringOf(o, "market_id");
  if (order.market_id.empty()) order.market_id = StringOf(o, "marketId");
  const std::string label = StringOf(o, "outcome");
  if (labels != nullptr) {
    order.outcome = label == (*labels)[1] ? 1 : 0;
  } else {
    order.outcome = label == "YES" || label.empty() ? 0 : 1;
  }
  const std::string side = StringOf(o, "side");
  // A bid on outcome 1 at p is an ask on outcome 0 at 1 − p (and vice versa).
  const bool bid = side == "bid";
  order.side = (bid == (order.outcome == 0)) ? QuoteSide::kBid : QuoteSide::kAsk;
  if (const auto* p = Field(o, "price")) {
    auto cents = PriceCents(*p);
    if (cents) order.cents = order.outcome == 0 ? *cents : 100 - *cents;
  }
  order.quantity = IntOf(Field(o, "quantity")).value_or(0);
  order.cum_quantity = IntOf(Field(o, "cum_quantity")).value_or(0);
  if (const auto* fees = Field(o, "cum_fees")) order.cum_fees = MoneyValue(*fees).value_or(Money());
  // cum_quote_quantity is in the price of the order's own outcome; seen from outcome 0 a fill of
  // q on outcome 1 at 1 − p is q × p.
  if (const auto* quote = Field(o, "cum_quote_quantity")) {
    if (auto q = MoneyValue(*quote)) {
      order.cum_quote =
          order.outcome == 0 ? *q : Money::FromUnits(order.cum_quantity * Money::kScale) - *q;
    }
  }
  order.raw_status = StringOf(o, "status");
  if (order.raw_status == "Filled") {
    order.state = ExchangeOrderState::kFilled;
  } else if (order.raw_status == "Cancelled" || order.raw_status == "InternalCancel") {
    order.state = ExchangeOrderState::kCancelled;
  } else {
    order.state = ExchangeOrderState::kOpen;
  }
  return order;
}

}  // namespace probex::mm::unhedged
