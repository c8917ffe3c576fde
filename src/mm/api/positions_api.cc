// GET /api/v1/positions (fixtureId, exchange, page, pageSize): one position per venue market the
// client traded; GET /api/v1/positions/summary (order counts and stakes); GET /api/v1/pnl
// (fromDate, toDate: the positions with a fill in the range) → pnl = realized + unrealized,
// turnover = matched venue stake + hedge stake.
#include <set>

#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"
#include "mm/api/records_json.h"

namespace probex::mm::api {
namespace {

void Positions(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  QueryReader q(req, v);
  auto fixture = q.Text("fixtureId", "fixture_id");
  auto exchange = q.Text("exchange");
  Paging paging = Paging::Read(q);
  if (!v.ok()) return respond(v.Response());
  std::vector<std::string> items;
  if (ctx.Trades(client->id)) {
    for (const PositionView& p : ctx.engine.Positions()) {
      if (fixture && p.fixture_id != *fixture) continue;
      if (exchange && p.exchange != *exchange) continue;
      items.push_back(ObjectOf(PositionFields(p)));
    }
  }
  respond(JsonOk(PageJson("positions", items, paging)));
}

void Summary(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  std::vector<EngineOrder> orders;
  if (ctx.Trades(client->id)) orders = ctx.engine.Orders();
  std::set<std::string> fixtures, exchanges;
  Money stake, matched, open;
  std::int64_t filled = 0, cancelled = 0, open_count = 0;
  for (const EngineOrder& o : orders) {
    fixtures.insert(o.fixture_id);
    exchanges.insert(o.exchange);
    stake += o.order_stake();
    matched += o.matched_stake();
    open += OpenStake(o);
    filled += o.order_status == OrderStatus::kFilled;
    cancelled += o.order_status == OrderStatus::kCancelled;
    open_count += !IsTerminal(o.order_status);
  }
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("totalOrders", static_cast<std::int64_t>(orders.size()));
  w.Field("fixtureCount", static_cast<std::int64_t>(fixtures.size()));
  w.Field("exchangeCount", static_cast<std::int64_t>(exchanges.size()));
  w.Key("totalStake").MoneyNumber(stake).Key("totalMatched").MoneyNumber(matched);
  w.Key("totalOpen").MoneyNumber(open);
  w.Field("filledCount", filled).Field("cancelledCount", cancelled).Field("openCount", open_count);
  w.EndObject();
  respond(JsonOk(std::move(out)));
}

void Pnl(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  QueryReader q(req, v);
  auto from = q.Date("fromDate", "from_date", false);
  auto to = q.Date("toDate", "to_date", true);
  if (!v.ok()) return respond(v.Response());
  Money realized, unrealized, matched_stake, hedge_stake;
  std::int64_t settled = 0, unsettled = 0;
  if (ctx.Trades(client->id)) {
    auto in_range = [&](Timestamp t) { return (!from || t >= *from) && (!to || t <= *to); };
    std::set<std::string> markets;  // markets with a fill in the range
    std::set<std::string> orders_in_range;
    for (const EngineOrder& o : ctx.engine.Orders()) {
      if (o.matched_quantity <= 0 || !o.matched_at || !in_range(*o.matched_at)) continue;
      markets.insert(o.exchange_market_id);
      orders_in_range.insert(o.order_id);
      matched_stake += o.matched_stake();
    }
    for (const HedgeBet& b : ctx.engine.Bets()) {
      if (b.bet_status == BetStatus::kPlaced && orders_in_range.count(b.order_id) != 0) {
        hedge_stake += b.placed_stake;
      }
    }
    for (const PositionView& p : ctx.engine.Positions()) {
      if (markets.count(p.exchange_market_id) == 0) continue;
      (p.realized ? realized : unrealized) += p.pnl;
      (p.realized ? settled : unsettled) += 1;
    }
  }
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Key("pnl").MoneyNumber(realized + unrealized);
  w.Key("realizedPnl").MoneyNumber(realized).Key("unrealizedPnl").MoneyNumber(unrealized);
  w.Key("turnover").MoneyNumber(matched_stake + hedge_stake);
  w.Key("totalMatchedStake").MoneyNumber(matched_stake);
  w.Field("settledCount", settled).Field("unsettledCount", unsettled);
  w.Key("fromDate");
  from ? w.Time(*from) : w.Null();
  w.Key("toDate");
  to ? w.Time(*to) : w.Null();
  w.EndObject();
  respond(JsonOk(std::move(out)));
}

}  // namespace

void AddPositionsRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/positions",
      [ctx](net::HttpRequest& req, net::Responder r) { Positions(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
  router.Get(
      "/api/v1/positions/summary",
      [ctx](net::HttpRequest& req, net::Responder r) { Summary(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
  router.Get(
      "/api/v1/pnl",
      [ctx](net::HttpRequest& req, net::Responder r) { Pnl(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
