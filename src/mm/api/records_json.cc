#include "mm/api/records_json.h"

#include <map>

#include "net/json_writer.h"

namespace probex::mm::api {
namespace {

std::string Str(std::string_view s) {
  std::string out;
  net::JsonWriter::AppendQuoted(out, s);
  return out;
}
std::string Num(Money m) {
  std::string out;
  net::JsonWriter(out).MoneyNumber(m);
  return out;
}
std::string Int(std::int64_t v) { return std::to_string(v); }
std::string Time(Timestamp t) { return Str(FormatIso8601(t)); }
std::string OptStr(const std::string& s) { return s.empty() ? "null" : Str(s); }

}  // namespace

Money OpenStake(const EngineOrder& o) {
  if (IsTerminal(o.order_status)) return Money();
  return CostPerShare(o.side, o.order_cents) * (o.order_quantity - o.matched_quantity);
}

Fields OrderFields(const EngineOrder& o) {
  return {
      {"orderId", Str(o.order_id)},
      {"fixtureId", Str(o.fixture_id)},
      {"outcomeId", Int(o.outcome_id)},
      {"exchange", Str(o.exchange)},
      {"exchangeOrderId", OptStr(o.exchange_order_id)},
      {"exchangeOutcomeId", Str(o.exchange_outcome_id)},
      {"orderStatus", Str(OrderStatusName(o.order_status))},
      {"matchedStatus", Str(MatchedStatusName(o.matched_status))},
      {"orderCents", Int(o.order_cents)},
      {"orderStake", Num(o.order_stake())},
      {"matchedStake", Num(o.matched_stake())},
      {"settlementStatus", Str(SettlementStatusName(o.settlement_status))},
      {"bookmakerOutcomePrice", Num(o.bookmaker_outcome_price)},
      {"bookmakerOutcomeLimit", Num(o.bookmaker_outcome_limit)},
      {"createdAt", Time(o.created_at)},
      {"matchedAt", o.matched_at ? Time(*o.matched_at) : "null"},
  };
}

Fields BetFields(const HedgeBet& b, const std::string& client_id) {
  return {
      {"betId", Str(b.bet_id)},
      {"orderId", Str(b.order_id)},
      {"client", Str(client_id)},
      {"bookmaker", Str(b.bookmaker)},
      {"bookmakerBetId", OptStr(b.bookmaker_bet_id)},
      {"placedPrice", b.placed_price.is_positive() ? Num(b.placed_price) : "null"},
      {"placedStake", Num(b.placed_stake)},
      {"betStatus", Str(BetStatusName(b.bet_status))},
      {"settlementStatus", Str(SettlementStatusName(b.settlement_status))},
      {"placedAt", Time(b.placed_at)},
  };
}

Fields PositionFields(const PositionView& p) {
  return {
      {"fixtureId", Str(p.fixture_id)},
      {"outcomeId", Int(p.outcome_id)},
      {"exchange", Str(p.exchange)},
      {"exchangeMarketId", Str(p.exchange_market_id)},
      {"sharesYes", Int(p.shares_yes)},
      {"sharesNo", Int(p.shares_no)},
      {"openQuantity", Int(p.open_quantity)},
      {"venueCost", Num(p.venue_cost)},
      {"venueFees", Num(p.venue_fees)},
      {"hedgeStake", Num(p.hedge_stake)},
      {"lockedPnl", Num(p.locked)},
      {"pnl", Num(p.pnl)},
      {"realized", p.realized ? "true" : "false"},
  };
}

std::string ObjectOf(const Fields& fields) {
  std::string out = "{";
  for (const auto& [name, value] : fields) {
    if (out.size() > 1) out += ',';
    net::JsonWriter::AppendQuoted(out, name);
    out += ':';
    out += value;
  }
  out += '}';
  return out;
}

Fields ChangedFrom(const Fields& before, const Fields& now) {
  std::map<std::string_view, std::string_view> old;
  for (const auto& [n, v] : before) old[n] = v;
  Fields out;
  for (const auto& [n, v] : now) {
    auto it = old.find(n);
    if (it == old.end()) {
      out.emplace_back(n, "null");
    } else if (it->second != v) {
      out.emplace_back(n, std::string(it->second));
    }
  }
  return out;
}

}  // namespace probex::mm::api
