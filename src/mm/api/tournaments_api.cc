// GET /api/v1/tournaments?sportId&active → [{tournamentId, tournamentName, categoryName, sportId,
// active, openOrders}]; POST /api/v1/tournaments/:tournamentId/activate|deactivate. Deactivating
// a tournament with open orders is 409 unless ?cancelOrders=true; then the engine pulls them at
// once (they are listed in `cancelledOrders`).
#include <map>

#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"

namespace probex::mm::api {
namespace {

struct Row {
  TournamentRecord t;
  std::vector<std::string> open_orders;
};

std::vector<Row> Rows(ApiContext& ctx, const ClientRecord& client) {
  std::vector<Row> out;
  if (!ctx.Trades(client.id)) return out;
  std::map<int, std::vector<std::string>> open;
  for (const EngineOrder& o : ctx.engine.Orders()) {
    if (!IsTerminal(o.order_status)) open[o.tournament_id].push_back(o.order_id);
  }
  for (TournamentRecord& t : ctx.engine.Tournaments()) {
    if (t.name.empty()) {
      auto [name, category] = ctx.TournamentNames(t.sport_id, t.tournament_id);
      t.name = name;
      t.category_name = category;
    }
    out.push_back({t, open[t.tournament_id]});
  }
  return out;
}

void Write(net::JsonWriter& w, const Row& r) {
  w.Field("tournamentId", r.t.tournament_id).Field("tournamentName", r.t.name);
  w.Field("categoryName", r.t.category_name).Field("sportId", r.t.sport_id);
  w.Field("active", r.t.active);
  w.Field("openOrders", static_cast<std::int64_t>(r.open_orders.size()));
}

void List(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  QueryReader q(req, v);
  auto sport = q.Int("sportId", "sport_id", 0, 1'000'000);
  auto active = q.Bool("active");
  if (!v.ok()) return respond(v.Response());
  std::string out;
  net::JsonWriter w(out);
  w.BeginArray();
  for (const Row& r : Rows(ctx, *client)) {
    if (sport && r.t.sport_id != *sport) continue;
    if (active && r.t.active != *active) continue;
    w.BeginObject();
    Write(w, r);
    w.EndObject();
  }
  w.EndArray();
  respond(JsonOk(std::move(out)));
}

void Switch(ApiContext& ctx, net::HttpRequest& req, net::Responder respond, bool activate) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  const std::string_view text = req.PathParam("tournamentId").value_or("");
  auto id = ParseInt(text);
  if (!id) {
    v.Add({std::string("path"), std::string("tournamentId")}, "Input should be a valid integer",
          "int_parsing");
  }
  QueryReader q(req, v);
  const bool cancel_orders = q.Bool("cancelOrders", "cancel_orders").value_or(false);
  if (!v.ok()) return respond(v.Response());
  std::optional<Row> row;
  for (Row& r : Rows(ctx, *client)) {
    if (r.t.tournament_id == *id) row = std::move(r);
  }
  if (!row) return respond(Detail(404, "Tournament " + std::string(text) + " not found"));
  if (!activate && !row->open_orders.empty() && !cancel_orders) {
    return respond(Detail(409, "Tournament " + std::string(text) + " has " +
                                   std::to_string(row->open_orders.size()) +
                                   " open orders; deactivate with cancelOrders=true to cancel "
                                   "them"));
  }
  if (Status st = ctx.engine.SetTournamentActive(static_cast<int>(*id), activate); !st.ok()) {
    return respond(Detail(500, st.error().message));
  }
  row->t.active = activate;
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject();
  Write(w, *row);
  w.Field("result", activate ? "activated" : "deactivated");
  if (!activate) {
    w.Key("cancelledOrders").BeginArray();
    for (const auto& o : row->open_orders) w.String(o);
    w.EndArray();
  }
  w.EndObject();
  respond(JsonOk(std::move(out)));
}

}  // namespace

void AddTournamentsRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/tournaments",
      [ctx](net::HttpRequest& req, net::Responder r) { List(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
  router.Post(
      "/api/v1/tournaments/:tournamentId/activate",
      [ctx](net::HttpRequest& req, net::Responder r) { Switch(*ctx, req, std::move(r), true); },
      ClientRoute(ctx));
  router.Post(
      "/api/v1/tournaments/:tournamentId/deactivate",
      [ctx](net::HttpRequest& req, net::Responder r) { Switch(*ctx, req, std::move(r), false); },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
