#include "bookmaker/api/betting_json.h"

namespace probex::bookmaker {

void WriteAccount(net::JsonWriter& w, const Account& a) {
  w.BeginObject();
  w.Field("accountId", a.account_id);
  w.Field("name", a.name);
  w.Field("currency", "USD");
  w.Key("balance").MoneyNumber(a.balance);
  w.Key("minStake").MoneyNumber(a.min_stake);
  w.Key("maxStake").MoneyNumber(a.max_stake);
  w.EndObject();
}

void WriteOrder(net::JsonWriter& w, const Order& o) {
  w.BeginObject();
  w.Field("orderId", o.order_id);
  w.Field("requestUuid", o.request.request_uuid);
  w.Field("fixtureId", o.request.fixture_id);
  w.Field("marketId", o.market_id);
  w.Field("outcomeId", o.request.outcome_id);
  w.Field("playerId", o.request.player_id);
  w.Key("orderPrice").MoneyNumber(o.request.order_price);
  w.Key("orderStake").MoneyNumber(o.request.order_stake);
  w.Field("acceptPartialStake", o.request.accept_partial_stake);
  w.Key("expiresAt");
  o.request.expires_at ? w.Time(*o.request.expires_at) : w.Null();
  w.Field("userRef", o.request.user_ref);
  w.Field("status", OrderStatusName(o.status));
  w.Key("filledStake").MoneyNumber(o.filled_stake);
  w.Key("filledPrice");
  o.filled_price ? w.RawNumber(o.filled_price->ToString()) : w.Null();
  w.Key("declineReason");
  o.decline_reason.empty() ? w.Null() : w.String(o.decline_reason);
  w.Key("betId");
  o.bet_id ? w.Int(*o.bet_id) : w.Null();
  w.Key("createdAt").Time(o.created_at);
  w.EndObject();
}

void WriteBet(net::JsonWriter& w, const Bet& b) {
  w.BeginObject();
  w.Field("betId", b.bet_id);
  w.Field("orderId", b.order_id);
  w.Field("requestUuid", b.request_uuid);
  w.Field("fixtureId", b.fixture_id);
  w.Field("marketId", b.market_id);
  w.Field("outcomeId", b.outcome_id);
  w.Field("playerId", b.player_id);
  w.Key("price").RawNumber(b.price.ToString());
  w.Key("stake").MoneyNumber(b.stake);
  w.Field("betStatus", BetStatusName(b.bet_status));
  w.Field("settlementStatus", SettlementStatusName(b.settlement_status));
  w.Key("payout").MoneyNumber(b.payout);
  w.Key("placedAt").Time(b.placed_at);
  w.Key("settledAt");
  b.settled_at ? w.Time(*b.settled_at) : w.Null();
  w.Field("userRef", b.user_ref);
  w.EndObject();
}

std::string ChannelMessage(std::string_view channel, const std::string& data_json) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("channel", channel).Field("type", "update").Key("data");
  w.RawJson(data_json).EndObject();
  return out;
}

}  // namespace probex::bookmaker
