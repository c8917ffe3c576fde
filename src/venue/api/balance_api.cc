#include "venue/api/balance_api.h"

#include <string>

#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

void GetBalance(ApiContext& ctx, const Caller& caller, net::Responder respond) {
  ctx.Read(
      [account = caller.account, settings = ctx.settings()](const Exchange& x) {
        const AccountBalances* b = x.Balances(account);
        if (b == nullptr) return NotFound("account not found", "unknown_account");
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("balance");
        WriteBalances(w, *b);
        w.Key("withdrawalFee").MoneyString(settings.withdrawal_fee);
        w.Key("bettingFee").MoneyString(settings.betting_fee);
        w.Key("ccPriceUsd").RawNumber(settings.cc_price_usd);
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void Withdraw(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
              net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  net::MoneyRule rule;
  rule.sign = net::MoneyRule::Sign::kPositive;
  auto amount = body.reader().RequiredMoney("amount", rule);
  auto destination = body.reader().RequiredString("destination", {1, kMaxDestinationBytes});
  auto key = body.reader().OptionalString("idempotencyKey", {1, kMaxIdempotencyKeyBytes});
  if (!body.ok()) return respond(body.Error());
  RequestWithdrawal command;
  command.account = caller.account;
  command.amount = *amount;
  command.fee = ctx.settings().withdrawal_fee;
  command.destination = *destination;
  command.idempotency_key = key.value_or("");
  ctx.Submit(
      std::move(command),
      [](const ApiContext::Committed& c) {
        const WithdrawalRecord& r = c.output.withdrawal;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("withdrawal").BeginObject();
        w.Field("id", FormatId(r.id.value()));
        w.Key("amount").MoneyString(r.amount);
        w.Key("fee").MoneyString(r.fee);
        w.Field("destination", r.destination);
        w.Field("status", "PENDING");
        w.Key("createdAt").Time(r.created_at);
        w.EndObject();
        w.Key("balanceAfter").MoneyString(r.available_after);
        w.Key("fee").MoneyString(r.fee);
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

}  // namespace

void RegisterBalanceRoutes(net::Router& router, ApiContext& ctx) {
  router.Get("/api/v1/balance",
             ctx.Authed(kScopeBalanceRead, {kRuleGlobal, kRuleAuthReads},
                        [&ctx](net::HttpRequest&, const Caller& caller, net::Responder respond) {
                          GetBalance(ctx, caller, std::move(respond));
                        }));
  router.Post(
      "/api/v1/balance/withdraw",
      ctx.Authed(kScopeBalanceWithdraw, {kRuleGlobal, kRuleWithdrawals},
                 [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                   Withdraw(ctx, req, caller, std::move(respond));
                 }));
}

}  // namespace probex::venue::api
