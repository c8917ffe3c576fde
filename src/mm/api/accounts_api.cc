// GET /api/v1/accounts → [{exchange, accountName, status, currency, balance, available, locked}]:
// each exchange account of the client, its balance asked of its connector (status "unavailable"
// with a detail when the connector cannot tell).
#include "mm/api/accounts_json.h"
#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"

namespace probex::mm::api {

std::vector<Fields> AccountFields(ApiContext& ctx, const ClientRecord& client) {
  std::vector<Fields> out;
  if (!ctx.Trades(client.id)) return out;
  auto balance = ctx.venue.Balance();
  auto num = [](Money m) {
    std::string s;
    net::JsonWriter(s).MoneyNumber(m);
    return s;
  };
  auto str = [](std::string_view s) {
    std::string out;
    net::JsonWriter::AppendQuoted(out, s);
    return out;
  };
  const std::string name =
      client.exchange_accounts.empty() ? ctx.venue.name() : client.exchange_accounts.front();
  Fields f = {{"exchange", str(ctx.venue.name())}, {"accountName", str(name)}};
  if (balance.ok()) {
    f.emplace_back("status", str("active"));
    f.emplace_back("currency", str("USD"));
    f.emplace_back("balance", num(balance->total));
    f.emplace_back("available", num(balance->available));
    f.emplace_back("locked", num(balance->locked));
  } else {
    f.emplace_back("status", str("unavailable"));
    f.emplace_back("currency", str("USD"));
    f.emplace_back("balance", "null");
    f.emplace_back("available", "null");
    f.emplace_back("locked", "null");
    f.emplace_back("detail", str(balance.error().message));
  }
  out.push_back(std::move(f));
  return out;
}

void AddAccountsRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/accounts",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        auto client = Authenticate(*ctx, req, respond);
        if (!client) return;
        auto shared = std::make_shared<net::Responder>(std::move(respond));
        ctx->Background([ctx, shared, client = *client] {
          std::string out = "[";
          for (const Fields& f : AccountFields(*ctx, client)) {
            if (out.size() > 1) out += ',';
            out += ObjectOf(f);
          }
          out += ']';
          (*shared)(JsonOk(std::move(out)));
        });
      },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
