// Market types (discovered: a type appears for a sport once a venue market of that type is mapped
// to the bookmaker): GET /api/v1/sports/:sportId/market-types → [{marketType, marketName,
// enabled}]; PATCH /api/v1/client/market-allowlist {sportId, marketTypes: {type: bool}} (404 for a
// type not discovered for the sport); POST /api/v1/client/market-allowlist/activate-all
// {sportId?}. Disabling a type makes the engine pull its quotes at once.
#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"

namespace probex::mm::api {
namespace {

std::vector<MarketTypeView> TypesOf(ApiContext& ctx, const ClientRecord& client,
                                    std::optional<std::int64_t> sport) {
  std::vector<MarketTypeView> out;
  if (!ctx.Trades(client.id)) return out;
  for (const MarketTypeView& t : ctx.engine.MarketTypes()) {
    if (!sport || t.sport_id == *sport) out.push_back(t);
  }
  return out;
}

std::string TypesJson(ApiContext& ctx, const std::vector<MarketTypeView>& types, bool with_sport) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginArray();
  for (const MarketTypeView& t : types) {
    w.BeginObject();
    if (with_sport) w.Field("sportId", t.sport_id);
    w.Field("marketType", t.market_type).Field("marketName", ctx.MarketTypeName(t.market_type));
    w.Field("enabled", t.enabled).EndObject();
  }
  w.EndArray();
  return out;
}

void List(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  const std::string_view text = req.PathParam("sportId").value_or("");
  auto sport = ParseInt(text);
  if (!sport) {
    Validation v;
    v.Add({std::string("path"), std::string("sportId")}, "Input should be a valid integer",
          "int_parsing");
    return respond(v.Response());
  }
  respond(JsonOk(TypesJson(ctx, TypesOf(ctx, *client, sport), false)));
}

void Patch(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  auto doc = ParseBody(req, v, false);
  std::optional<std::int64_t> sport;
  std::vector<std::pair<std::string, bool>> changes;
  if (doc) {
    net::FieldErrors errors;
    if (auto r = net::JsonReader::Root(*doc, errors)) {
      sport = r->RequiredInt({"sportId", "sport_id"}, 1, 1'000'000);
      if (auto types = r->RequiredObject({"marketTypes", "market_types"})) {
        const std::string key = r->Find("marketTypes") != nullptr ? "marketTypes" : "market_types";
        for (const auto& [name, value] : types->object()) {
          if (!value.is_bool()) {
            v.Add({std::string("body"), key, std::string(name)}, "Input should be a valid boolean",
                  "bool_type");
            continue;
          }
          changes.emplace_back(std::string(name), value.as_bool());
        }
      }
      r->RejectUnknownFields({"sportId", "sport_id", "marketTypes", "market_types"});
    }
    v.AddFieldErrors(errors);
  }
  if (!v.ok()) return respond(v.Response());
  const auto known = TypesOf(ctx, *client, sport);
  for (const auto& [type, enabled] : changes) {
    bool found = false;
    for (const auto& k : known) found = found || k.market_type == type;
    if (!found) {
      return respond(
          Detail(404, "Market type '" + type + "' not found for sport " + std::to_string(*sport)));
    }
  }
  for (const auto& [type, enabled] : changes) {
    if (Status st = ctx.engine.SetMarketTypeAllowed(static_cast<int>(*sport), type, enabled);
        !st.ok()) {
      return respond(Detail(500, st.error().message));
    }
  }
  respond(JsonOk(TypesJson(ctx, TypesOf(ctx, *client, sport), false)));
}

void ActivateAll(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  auto doc = ParseBody(req, v, true);
  std::optional<std::int64_t> sport;
  if (doc) {
    net::FieldErrors errors;
    if (auto r = net::JsonReader::Root(*doc, errors)) {
      sport = r->OptionalInt({"sportId", "sport_id"}, 1, 1'000'000);
      r->RejectUnknownFields({"sportId", "sport_id"});
    }
    v.AddFieldErrors(errors);
  }
  // ?sportId= works too.
  QueryReader q(req, v);
  if (!sport) sport = q.Int("sportId", "sport_id", 1, 1'000'000);
  if (!v.ok()) return respond(v.Response());
  std::int64_t activated = 0;
  for (const MarketTypeView& t : TypesOf(ctx, *client, sport)) {
    if (t.enabled) continue;
    if (Status st = ctx.engine.SetMarketTypeAllowed(t.sport_id, t.market_type, true); !st.ok()) {
      return respond(Detail(500, st.error().message));
    }
    ++activated;
  }
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("result", "activated").Field("activated", activated);
  w.Key("marketTypes").RawJson(TypesJson(ctx, TypesOf(ctx, *client, sport), true)).EndObject();
  respond(JsonOk(std::move(out)));
}

}  // namespace

void AddMarketTypesRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/sports/:sportId/market-types",
      [ctx](net::HttpRequest& req, net::Responder r) { List(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
  router.Patch(
      "/api/v1/client/market-allowlist",
      [ctx](net::HttpRequest& req, net::Responder r) { Patch(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
  router.Post(
      "/api/v1/client/market-allowlist/activate-all",
      [ctx](net::HttpRequest& req, net::Responder r) { ActivateAll(*ctx, req, std::move(r)); },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
