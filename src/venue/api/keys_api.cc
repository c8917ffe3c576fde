#include "venue/api/keys_api.h"

#include <algorithm>

#include "net/api_key.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

void ListKeys(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
              net::Responder respond) {
  net::HttpResponse error;
  auto limit = QueryInt(req, "limit", 100, 1, 1000, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return respond(std::move(error));
  ctx.Read(
      [account = caller.account, limit = *limit, offset = *offset](const Exchange& x) {
        std::vector<const ApiKey*> mine;
        for (const ApiKey& k : x.registry().keys()) {
          if (k.account == account && !k.revoked) mine.push_back(&k);
        }
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("apiKeys").BeginArray();
        const std::size_t begin =
            std::min<std::size_t>(static_cast<std::size_t>(offset), mine.size());
        const std::size_t end =
            std::min<std::size_t>(begin + static_cast<std::size_t>(limit), mine.size());
        for (std::size_t i = begin; i < end; ++i) WriteApiKey(w, *mine[i]);
        w.EndArray().Field("total", static_cast<std::int64_t>(mine.size())).EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void CreateKey(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
               net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error, /*empty_is_object=*/true)) return respond(std::move(error));
  auto name = body.reader().OptionalString("name", {0, kMaxKeyNameBytes});
  auto kind = body.reader().OptionalEnum<ApiKeyKind>(
      "kind", {{"ak", ApiKeyKind::kAk}, {"mk_live", ApiKeyKind::kMkLive}});
  if (!body.ok()) return respond(body.Error());
  auto scopes = ScopesField(body, kDefaultScopes & caller.scopes, error);
  if (!scopes) return respond(std::move(error));
  if ((*scopes & ~caller.scopes) != 0) {
    std::string missing;
    for (const ScopeName& s : ScopeNames()) {
      if ((*scopes & s.bit) != 0 && (caller.scopes & s.bit) == 0) {
        if (!missing.empty()) missing += ", ";
        missing += s.name;
      }
    }
    return respond(Forbidden("a key can only grant scopes it holds itself; missing: " + missing,
                             "scope_not_allowed"));
  }
  IssueKey(ctx, caller.account, kind.value_or(ApiKeyKind::kAk), *scopes, name.value_or(""),
           std::move(respond));
}

void RevokeKey(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
               net::Responder respond) {
  std::string text(req.PathParam("id").value_or(""));
  if (text.empty()) {
    JsonBody body;
    net::HttpResponse error;
    if (!body.Parse(req, error)) return respond(std::move(error));
    auto id = body.reader().RequiredString("id");
    if (!body.ok()) return respond(body.Error());
    text = *id;
  }
  auto id = ParseId(text);
  if (!id) return respond(NotFound("API key " + text + " not found", "api_key_not_found"));
  ctx.Submit(
      RevokeApiKey{caller.account, *id},
      [id = *id](const ApiContext::Committed&) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("apiKey").BeginObject();
        w.Field("id", FormatId(id)).Field("revoked", true);
        w.EndObject().EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

}  // namespace

std::optional<std::uint32_t> ScopesField(JsonBody& body, std::uint32_t fallback,
                                         net::HttpResponse& error) {
  auto names = body.reader().OptionalStringArray("scopes", 32);
  if (!body.ok()) {
    error = body.Error();
    return std::nullopt;
  }
  if (!names) return fallback;
  std::uint32_t bits = 0;
  for (const std::string& n : *names) {
    auto bit = ScopeBit(n);
    if (!bit) {
      error = BadRequest("unknown scope \"" + n +
                             "\"; scopes are market:read, balance:read, balance:withdraw, "
                             "bet:place, bet:read, portfolio:read, order:place, order:cancel, "
                             "order:read, user:read",
                         "invalid_scope");
      return std::nullopt;
    }
    bits |= *bit;
  }
  return bits;
}

void IssueKey(ApiContext& ctx, AccountId account, ApiKeyKind kind, std::uint32_t scopes,
              std::string name, net::Responder respond) {
  const net::KeyKind net_kind =
      kind == ApiKeyKind::kMkLive ? net::KeyKind::kMaker : net::KeyKind::kVenue;
  std::string secret = net::GenerateKey(net_kind);
  CreateApiKey command;
  command.account = account;
  command.kind = kind;
  command.key_hash = net::HashKey(net_kind, secret);
  command.prefix = net::DisplayPrefix(net_kind, secret);
  command.scopes = scopes;
  command.name = std::move(name);
  ctx.Submit(
      std::move(command),
      [secret = std::move(secret)](const ApiContext::Committed& c) {
        const auto& cmd = std::get<CreateApiKey>(c.command);
        ApiKey key;
        key.id = c.output.created_id;
        key.account = cmd.account;
        key.kind = cmd.kind;
        key.prefix = cmd.prefix;
        key.scopes = cmd.scopes;
        key.name = cmd.name;
        key.created_at = c.time;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("key", secret).Key("apiKey");
        WriteApiKey(w, key);
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void RegisterKeysRoutes(net::Router& router, ApiContext& ctx) {
  router.Get("/api/v1/api-keys", ctx.Authed(0, {kRuleGlobal, kRuleAuthReads},
                                            [&ctx](net::HttpRequest& req, const Caller& caller,
                                                   net::Responder respond) {
                                              ListKeys(ctx, req, caller, std::move(respond));
                                            }));
  router.Post("/api/v1/api-keys", ctx.Authed(0, {kRuleGlobal, kRuleKeyCreation},
                                             [&ctx](net::HttpRequest& req, const Caller& caller,
                                                    net::Responder respond) {
                                               CreateKey(ctx, req, caller, std::move(respond));
                                             }));
  auto revoke = [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
    RevokeKey(ctx, req, caller, std::move(respond));
  };
  router.Delete("/api/v1/api-keys/:id", ctx.Authed(0, {kRuleGlobal, kRuleAuthReads}, revoke));
  router.Delete("/api/v1/api-keys", ctx.Authed(0, {kRuleGlobal, kRuleAuthReads}, revoke));
}

}  // namespace probex::venue::api
