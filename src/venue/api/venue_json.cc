#include "venue/api/venue_json.h"

#include <boost/json.hpp>

#include "common/price.h"
#include "venue/api/api_context.h"
#include "venue/api/pool_odds.h"

namespace probex::venue::api {

void WritePriceOrNull(net::JsonWriter& w, int cents) {
  if (cents <= 0) {
    w.Null();
  } else {
    w.PriceNumber(Price::FromCents(cents));
  }
}

namespace {

void WriteMarketObject(net::JsonWriter& w, const Market& m, Money total_pool,
                       std::int64_t bet_count, const PoolMarket* pool) {
  w.BeginObject();
  w.Field("id", FormatId(m.id.value()));
  w.Field("type", MarketTypeName(m.type));
  w.Field("question", m.question);
  w.Field("description", m.description);
  w.Field("status", MarketStatusName(m.status));
  w.Field("category", m.category);
  w.Key("outcomes").BeginArray();
  for (int i = 0; i < 2; ++i) {
    w.BeginObject().Field("index", i).Field("label", m.outcomes[i]);
    if (m.type == MarketType::kPool) {
      w.Key("pool").MoneyString(pool != nullptr ? pool->pools[i] : Money::Zero());
      w.Field("betCount", pool != nullptr ? pool->bet_counts[i] : std::int64_t{0});
      WritePoolOutcomeOdds(w, pool != nullptr ? *pool : PoolMarket{}, i);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("totalPool").MoneyString(total_pool);
  w.Field("betCount", bet_count);
  w.Key("feeRate").MoneyString(m.fee_rate);
  w.Key("lastTradePrice");
  WritePriceOrNull(w, m.last_price);
  w.Key("winningOutcomeIndex");
  if (m.winning_outcome == kNoOutcome) {
    w.Null();
  } else {
    w.Int(m.winning_outcome);
  }
  w.Key("endTime").Time(m.end_time);
  w.Key("createdAt").Time(m.created_at);
  w.Key("metadata");
  if (m.metadata.empty()) {
    w.Null();
  } else {
    w.RawJson(m.metadata);
  }
  w.EndObject();
}

}  // namespace

void WriteMarket(net::JsonWriter& w, const Market& m, Money total_pool) {
  WriteMarketObject(w, m, total_pool, 0, nullptr);
}

void WriteMarket(net::JsonWriter& w, const Market& m, const Exchange& x) {
  WriteMarketObject(w, m, MarketTotalPool(x, m), MarketBetCount(x, m), x.pools().Find(m.id));
}

Money MarketTotalPool(const Exchange& x, const Market& m) {
  if (m.type != MarketType::kPool) return x.ledger().escrow(m.id);
  const PoolMarket* pool = x.pools().Find(m.id);
  return pool != nullptr ? pool->total() : Money::Zero();
}

std::int64_t MarketBetCount(const Exchange& x, const Market& m) {
  const PoolMarket* pool = x.pools().Find(m.id);
  return pool != nullptr ? pool->bet_count() : 0;
}

std::string FormatWeight(std::uint32_t weight) {
  std::string fraction = std::to_string(weight % kWeightScale);
  fraction.insert(0, 4 - fraction.size(), '0');
  return std::to_string(weight / kWeightScale) + "." + fraction;
}

void WriteBetFields(net::JsonWriter& w, const Bet& b, Timestamp settled_at) {
  w.Field("id", FormatId(b.id.value()));
  w.Field("marketId", FormatId(b.market.value()));
  w.Field("outcomeIndex", static_cast<int>(b.outcome));
  w.Key("amount").MoneyString(b.amount);
  w.Field("status", BetStatusName(b.status));
  w.Field("timeWeight", FormatWeight(b.weight));
  w.Key("fee").MoneyString(b.fee);
  const bool settled = b.status == BetStatus::kWon || b.status == BetStatus::kLost ||
                       b.status == BetStatus::kRefunded;
  w.Key("payout");
  if (settled) {
    w.MoneyString(b.payout);
  } else {
    w.Null();
  }
  w.Key("createdAt").Time(b.created_at);
  w.Key("settledAt");
  if (settled) {
    w.Time(settled_at);
  } else {
    w.Null();
  }
}

void WriteOrder(net::JsonWriter& w, const Order& o, const std::array<std::string, 2>& labels) {
  w.BeginObject();
  w.Field("id", FormatId(o.id.value()));
  w.Field("market_id", FormatId(o.market.value()));
  w.Field("outcome", labels[o.outcome & 1]);
  w.Field("side", OrderSideName(o.side));
  w.Field("type", OrderTypeName(o.type));
  w.Key("price");
  WritePriceOrNull(w, o.price);
  w.Key("trigger_price");
  WritePriceOrNull(w, o.trigger_price);
  w.Key("quantity");
  if (o.by_quote()) {
    w.Null();
  } else {
    w.Int(o.quantity);
  }
  w.Key("quote_quantity");
  if (o.by_quote()) {
    w.MoneyString(o.quote_quantity);
  } else {
    w.Null();
  }
  w.Field("cum_quantity", o.cum_quantity);
  w.Key("cum_quote_quantity").MoneyString(o.cum_quote_quantity);
  w.Key("cum_fees").MoneyString(o.cum_fees);
  w.Key("last_exec_price");
  WritePriceOrNull(w, o.last_exec_price);
  w.Field("status", OrderStatusName(o.status));
  w.Key("reason");
  if (o.reason == CancelReason::kNone) {
    w.Null();
  } else {
    w.String(CancelReasonName(o.reason));
  }
  w.Key("created_at").Time(o.created_at);
  w.EndObject();
}

void WriteBalances(net::JsonWriter& w, const AccountBalances& b) {
  w.BeginObject();
  w.Key("available").MoneyString(b.available);
  w.Key("lockedWithdraws").MoneyString(b.locked_withdraws);
  w.Key("lockedBets").MoneyString(b.locked_bets);
  w.Key("lockedEngine").MoneyString(b.locked_engine);
  w.Key("total").MoneyString(b.total());
  w.Key("totalDeposited").MoneyString(b.total_deposited);
  w.Key("totalWithdrawn").MoneyString(b.total_withdrawn);
  w.EndObject();
}

void WriteUser(net::JsonWriter& w, const User& u) {
  w.BeginObject();
  w.Field("id", FormatId(u.account.value()));
  w.Field("username", u.username);
  w.Key("createdAt").Time(u.created_at);
  w.Field("rateTier", u.rate_tier.empty() ? std::string("standard") : u.rate_tier);
  w.EndObject();
}

void WriteScopes(net::JsonWriter& w, std::uint32_t scopes) {
  w.BeginArray();
  for (const ScopeName& s : ScopeNames()) {
    if ((scopes & s.bit) != 0) w.String(s.name);
  }
  w.EndArray();
}

void WriteApiKey(net::JsonWriter& w, const ApiKey& k) {
  w.BeginObject();
  w.Field("id", FormatId(k.id));
  w.Field("kind", ApiKeyKindName(k.kind));
  w.Field("prefix", k.prefix);
  w.Field("name", k.name);
  w.Key("scopes");
  WriteScopes(w, k.scopes);
  w.Key("createdAt").Time(k.created_at);
  w.Field("revoked", k.revoked);
  w.EndObject();
}

namespace {

void WriteAsGiven(net::JsonWriter& w, const net::ParsedJson& doc, const boost::json::value& v,
                  std::string& pointer) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      w.BeginObject();
      for (const auto& [key, child] : v.get_object()) {
        const std::size_t mark = pointer.size();
        net::AppendPointerToken(pointer, key);  // adds the '/' itself
        w.Key(key);
        WriteAsGiven(w, doc, child, pointer);
        pointer.resize(mark);
      }
      w.EndObject();
      break;
    }
    case boost::json::kind::array: {
      w.BeginArray();
      const auto& array = v.get_array();
      for (std::size_t i = 0; i < array.size(); ++i) {
        const std::size_t mark = pointer.size();
        pointer += "/" + std::to_string(i);
        WriteAsGiven(w, doc, array[i], pointer);
        pointer.resize(mark);
      }
      w.EndArray();
      break;
    }
    case boost::json::kind::double_: {
      auto text = doc.NumberText(pointer);
      if (text) {
        w.RawNumber(*text);
      } else {
        w.Value(v);
      }
      break;
    }
    default:
      w.Value(v);
  }
}

}  // namespace

std::string JsonAsGiven(const net::ParsedJson& doc, const boost::json::value& value,
                        const std::string& pointer) {
  std::string out;
  net::JsonWriter w(out);
  std::string p = pointer;
  WriteAsGiven(w, doc, value, p);
  return out;
}

}  // namespace probex::venue::api
