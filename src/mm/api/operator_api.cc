// The operator's API of `probex mm` (Authorization: Bearer <operator key>; `probex admin mm …`):
//   POST /admin/v1/clients {id?, name, oddsFormat, exchangeAccounts?, bookmaker?,
//        tradingParameters?} → 201 {client, apiKey, keyId} (the key is shown once)
//   GET  /admin/v1/clients
//   POST /admin/v1/clients/:clientId/api-keys → 201 {client, apiKey, keyId}
//   POST /admin/v1/api-keys/:keyId/revoke
//   GET  /admin/v1/system, POST /admin/v1/system {softPaused?, systemStopped?, emergency?,
//        reason?}: the system-wide switches (every client), broadcast on the `emergency` channel.
#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"
#include "mm/api/subscription_hub.h"

namespace probex::mm::api {
namespace {

bool OperatorOk(ApiContext& ctx, const net::HttpRequest& req, net::Responder& respond) {
  auto h = req.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (ctx.options.operator_key.empty() || !h || h->substr(0, kBearer.size()) != kBearer ||
      !net::ConstantTimeEquals(h->substr(kBearer.size()), ctx.options.operator_key)) {
    respond(Detail(401, "Operator key required (Authorization: Bearer <operator key>)"));
    return false;
  }
  return true;
}

void WriteClient(net::JsonWriter& w, ApiContext& ctx, const ClientRecord& c) {
  w.BeginObject().Field("id", c.id).Field("name", c.name).Field("oddsFormat", c.odds_format);
  w.Key("exchangeAccounts").BeginArray();
  for (const auto& a : c.exchange_accounts) w.String(a);
  w.EndArray().Field("bookmaker", c.bookmaker);
  w.Key("tradingParameters").RawJson(c.trading_parameters);
  w.Field("active", c.active).Field("trading", ctx.Trades(c.id));
  w.Key("createdAt").Time(c.created_at);
  w.Key("apiKeys").BeginArray();
  for (const net::KeyRecord& k : ctx.clients.Keys(c.id)) {
    w.BeginObject().Field("keyId", k.id).Field("prefix", k.prefix).Field("revoked", k.revoked);
    w.Key("createdAt").Time(k.created_at).EndObject();
  }
  w.EndArray().EndObject();
}

std::string IssuedJson(ApiContext& ctx, const ClientRecord& c,
                       const ClientDirectory::IssuedKey& key) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Key("client");
  WriteClient(w, ctx, c);
  w.Field("apiKey", key.key).Field("keyId", key.record.id).EndObject();
  return out;
}

std::string SystemJson(ApiContext& ctx) {
  const SystemControl s = ctx.clients.System();
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("softPaused", s.soft_paused).Field("systemStopped", s.system_stopped);
  w.Field("emergencyActive", s.emergency).Field("systemTradingBlocked", s.blocked());
  w.Key("systemReason");
  s.blocked() && !s.reason.empty() ? w.String(s.reason) : w.Null();
  w.Key("since");
  s.blocked() && s.since ? w.Time(*s.since) : w.Null();
  w.EndObject();
  return out;
}

bool ValidClientId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

void CreateClient(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  if (!OperatorOk(ctx, req, respond)) return;
  Validation v;
  auto doc = ParseBody(req, v, false);
  ClientRecord c;
  if (doc) {
    net::FieldErrors errors;
    if (auto r = net::JsonReader::Root(*doc, errors)) {
      c.id = r->OptionalString("id").value_or("client-" + net::RandomBase62(10));
      if (!ValidClientId(c.id)) {
        r->Fail("id", "invalid_value", "must be 1..64 characters of [A-Za-z0-9_-]");
      }
      c.name = r->RequiredString("name", net::StringRule{1, 200}).value_or("");
      if (auto f = r->OptionalString({"oddsFormat", "odds_format"})) {
        if (!IsOddsFormat(*f)) {
          r->Fail("oddsFormat", "invalid_value",
                  "must be one of american, decimal, hong_kong, fractional");
        }
        c.odds_format = *f;
      }
      c.exchange_accounts = r->OptionalStringArray({"exchangeAccounts", "exchange_accounts"}, 100)
                                .value_or(std::vector<std::string>{});
      c.bookmaker = r->OptionalString("bookmaker").value_or("");
      if (const auto* p = r->Find({"tradingParameters", "trading_parameters"})) {
        if (!p->is_object()) {
          r->Fail("tradingParameters", "wrong_type", "must be an object");
        } else {
          c.trading_parameters = net::ToJson(*p);
        }
      }
      r->RejectUnknownFields({"id", "name", "oddsFormat", "odds_format", "exchangeAccounts",
                              "exchange_accounts", "bookmaker", "tradingParameters",
                              "trading_parameters"});
    }
    v.AddFieldErrors(errors);
  }
  if (!v.ok()) return respond(v.Response());
  auto created = ctx.clients.CreateClient(c);
  if (!created.ok()) return respond(Detail(409, created.error().message));
  auto key = ctx.clients.IssueKey(created->id);
  if (!key.ok()) return respond(Detail(500, key.error().message));
  respond(JsonOk(IssuedJson(ctx, *created, *key), 201));
}

void SetSystem(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  if (!OperatorOk(ctx, req, respond)) return;
  Validation v;
  auto doc = ParseBody(req, v, false);
  SystemControl before = ctx.clients.System();
  SystemControl s = before;
  if (doc) {
    net::FieldErrors errors;
    if (auto r = net::JsonReader::Root(*doc, errors)) {
      if (auto b = r->OptionalBool({"softPaused", "soft_paused"})) s.soft_paused = *b;
      if (auto b = r->OptionalBool({"systemStopped", "system_stopped"})) s.system_stopped = *b;
      if (auto b = r->OptionalBool({"emergency", "emergencyActive"})) s.emergency = *b;
      if (auto t = r->OptionalString("reason", net::StringRule{0, 500})) s.reason = *t;
      r->RejectUnknownFields({"softPaused", "soft_paused", "systemStopped", "system_stopped",
                              "emergency", "emergencyActive", "reason"});
    }
    v.AddFieldErrors(errors);
  }
  if (!v.ok()) return respond(v.Response());
  if (!s.blocked()) {
    s.since.reset();
    s.reason.clear();
  } else if (!before.blocked() || !s.since) {
    s.since = ctx.clock.Now();
  }
  if (Status st = ctx.clients.SetSystem(s); !st.ok())
    return respond(Detail(500, st.error().message));
  if (Status st = ctx.ApplyControl("operator: " + std::string(s.reason)); !st.ok()) {
    return respond(Detail(500, st.error().message));
  }
  if (ctx.hub != nullptr) ctx.hub->PublishSystem(before, s);
  respond(JsonOk(SystemJson(ctx)));
}

}  // namespace

void AddOperatorRoutes(net::Router& router, ApiContext* ctx) {
  router.Post("/admin/v1/clients", [ctx](net::HttpRequest& req, net::Responder r) {
    CreateClient(*ctx, req, std::move(r));
  });
  router.Get("/admin/v1/clients", [ctx](net::HttpRequest& req, net::Responder respond) {
    if (!OperatorOk(*ctx, req, respond)) return;
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject().Key("clients").BeginArray();
    for (const ClientRecord& c : ctx->clients.List()) WriteClient(w, *ctx, c);
    w.EndArray().EndObject();
    respond(JsonOk(std::move(out)));
  });
  router.Post("/admin/v1/clients/:clientId/api-keys",
              [ctx](net::HttpRequest& req, net::Responder respond) {
                if (!OperatorOk(*ctx, req, respond)) return;
                const std::string id(req.PathParam("clientId").value_or(""));
                auto c = ctx->clients.Find(id);
                if (!c) return respond(Detail(404, "Client " + id + " not found"));
                auto key = ctx->clients.IssueKey(id);
                if (!key.ok()) return respond(Detail(500, key.error().message));
                respond(JsonOk(IssuedJson(*ctx, *c, *key), 201));
              });
  router.Post("/admin/v1/api-keys/:keyId/revoke",
              [ctx](net::HttpRequest& req, net::Responder respond) {
                if (!OperatorOk(*ctx, req, respond)) return;
                const std::string id(req.PathParam("keyId").value_or(""));
                if (Status st = ctx->clients.RevokeKey(id); !st.ok()) {
                  return respond(Detail(404, "API key " + id + " not found"));
                }
                std::string out;
                net::JsonWriter w(out);
                w.BeginObject().Field("keyId", id).Field("revoked", true).EndObject();
                respond(JsonOk(std::move(out)));
              });
  router.Get("/admin/v1/system", [ctx](net::HttpRequest& req, net::Responder respond) {
    if (!OperatorOk(*ctx, req, respond)) return;
    respond(JsonOk(SystemJson(*ctx)));
  });
  router.Post("/admin/v1/system", [ctx](net::HttpRequest& req, net::Responder r) {
    SetSystem(*ctx, req, std::move(r));
  });
}

}  // namespace probex::mm::api
