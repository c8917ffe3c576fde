#include "venue/api/admin_api.h"

#include <string>

#include "venue/api/keys_api.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

constexpr std::size_t kMaxMetadataBytes = 16 * 1024;
constexpr std::int64_t kMaxClockAdvanceMs = 10LL * 365 * 24 * 3600 * 1000;

net::HttpResponse JsonOk(std::string body) { return net::HttpResponse::Json(200, std::move(body)); }

// The :id of a user route; answers 404 itself when it is not an id.
std::optional<AccountId> UserParam(const net::HttpRequest& req, net::Responder& respond) {
  auto id = ParseId(req.PathParam("id").value_or(""));
  if (!id || *id > UINT32_MAX) {
    respond(NotFound("user not found", "unknown_account"));
    return std::nullopt;
  }
  return AccountId(static_cast<std::uint32_t>(*id));
}

std::optional<MarketId> MarketParam(const net::HttpRequest& req, net::Responder& respond) {
  auto id = ParseId(req.PathParam("id").value_or(""));
  if (!id || *id > UINT32_MAX) {
    respond(NotFound("market not found", "unknown_market"));
    return std::nullopt;
  }
  return MarketId(static_cast<std::uint32_t>(*id));
}

net::HttpResponse BalanceAnswer(const ApiContext::Committed& c, AccountId account) {
  for (const Event& e : c.output.events) {
    if (const auto* b = std::get_if<BalanceChanged>(&e); b != nullptr && b->account == account) {
      std::string out;
      net::JsonWriter w(out);
      w.BeginObject().Key("balance");
      WriteBalances(w, b->balances);
      w.EndObject();
      return JsonOk(std::move(out));
    }
  }
  return ErrorResponse(500, "InternalError", "deposit produced no balance change");
}

net::HttpResponse MarketStatusAnswer(const ApiContext::Committed& c, MarketId market) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Key("market").BeginObject().Field("id", FormatId(market.value()));
  std::string_view status = "ACTIVE";
  std::uint8_t winner = kNoOutcome;
  for (const Event& e : c.output.events) {
    if (const auto* s = std::get_if<MarketStatusChanged>(&e); s != nullptr && s->market == market) {
      status = MarketStatusName(s->status);
      winner = s->winning_outcome;
    }
  }
  w.Field("status", status).Key("winningOutcomeIndex");
  if (winner == kNoOutcome) {
    w.Null();
  } else {
    w.Int(winner);
  }
  w.EndObject().EndObject();
  return JsonOk(std::move(out));
}

void CreateUserHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto username = body.reader().RequiredString("username");
  if (!body.ok()) return respond(body.Error());
  ctx.Submit(
      CreateUser{*username},
      [](const ApiContext::Committed& c) {
        User u;
        u.account = AccountId(static_cast<std::uint32_t>(c.output.created_id));
        u.username = std::get<CreateUser>(c.command).username;
        u.created_at = c.time;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("user");
        WriteUser(w, u);
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void GetUserHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto account = UserParam(req, respond);
  if (!account) return;
  ctx.Read(
      [account = *account](const Exchange& x) {
        const User* u = x.registry().FindUser(account);
        const AccountBalances* b = x.Balances(account);
        if (u == nullptr || b == nullptr) return NotFound("user not found", "unknown_account");
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("user");
        WriteUser(w, *u);
        w.Key("balance");
        WriteBalances(w, *b);
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void CreateKeyHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto account = UserParam(req, respond);
  if (!account) return;
  if (!ctx.directory().HasUser(*account)) {
    return respond(NotFound("user not found", "unknown_account"));
  }
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error, /*empty_is_object=*/true)) return respond(std::move(error));
  auto kind = body.reader().OptionalEnum<ApiKeyKind>(
      "kind", {{"ak", ApiKeyKind::kAk}, {"mk_live", ApiKeyKind::kMkLive}});
  auto name = body.reader().OptionalString("name", {0, kMaxKeyNameBytes});
  if (!body.ok()) return respond(body.Error());
  auto scopes = ScopesField(body, kDefaultScopes, error);
  if (!scopes) return respond(std::move(error));
  IssueKey(ctx, *account, kind.value_or(ApiKeyKind::kAk), *scopes, name.value_or(""),
           std::move(respond));
}

void DepositHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto account = UserParam(req, respond);
  if (!account) return;
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  net::MoneyRule rule;
  rule.sign = net::MoneyRule::Sign::kPositive;
  auto amount = body.reader().RequiredMoney("amount", rule);
  if (!body.ok()) return respond(body.Error());
  ctx.Submit(
      Deposit{*account, *amount},
      [account = *account](const ApiContext::Committed& c) { return BalanceAnswer(c, account); },
      std::move(respond));
}

void RateTierHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto account = UserParam(req, respond);
  if (!account) return;
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto tier = body.reader().RequiredString("tier", {1, kMaxTierBytes});
  if (!body.ok()) return respond(body.Error());
  if (!ctx.rate_policy().HasTier(*tier)) {
    std::string names;
    for (const std::string& n : ctx.rate_policy().tier_names()) {
      if (!names.empty()) names += ", ";
      names += n;
    }
    return respond(BadRequest("unknown tier \"" + *tier + "\"; configured tiers: " + names,
                              "invalid_rate_tier"));
  }
  const std::string stored = *tier == kDefaultTier ? std::string() : *tier;
  ctx.Submit(
      SetRateTier{*account, stored},
      [account = *account, shown = *tier](const ApiContext::Committed&) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("user").BeginObject();
        w.Field("id", FormatId(account.value())).Field("rateTier", shown);
        w.EndObject().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void CreateMarketHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto& r = body.reader();
  auto type = r.RequiredEnum<MarketType>(
      "type", {{"ORDER_BOOK", MarketType::kOrderBook}, {"POOL", MarketType::kPool}});
  auto question = r.RequiredString("question", {1, 4096});
  auto description = r.OptionalString("description", {0, 4096});
  auto category = r.RequiredString("category", {0, 4096});
  auto outcomes = r.RequiredStringArray("outcomes", 16);
  auto end_time = r.RequiredTimestamp("endTime");
  net::MoneyRule fee_rule;
  fee_rule.sign = net::MoneyRule::Sign::kNonNegative;
  auto fee_rate = r.OptionalMoney("feeRate", fee_rule);
  if (!body.ok()) return respond(body.Error());
  if (outcomes->size() != 2) {
    return respond(BadRequest("outcomes must hold exactly two labels", "invalid_value"));
  }
  std::string metadata;
  if (const boost::json::value* m = r.Find("metadata"); m != nullptr && !m->is_null()) {
    if (!m->is_object()) {
      return respond(
          BadRequest("metadata must be a JSON object, got " + std::string(net::JsonKindName(*m)),
                     "wrong_type"));
    }
    metadata = JsonAsGiven(body.doc(), *m, "/metadata");
    if (metadata.size() > kMaxMetadataBytes) {
      return respond(BadRequest("metadata must be at most 16384 bytes", "invalid_value"));
    }
  }
  CreateMarket command;
  command.type = *type;
  command.question = *question;
  command.description = description.value_or("");
  command.category = *category;
  command.outcomes = {(*outcomes)[0], (*outcomes)[1]};
  command.end_time = *end_time;
  command.fee_rate = fee_rate.value_or(Money::FromUnits(2'000'000));  // 2%
  command.metadata = std::move(metadata);
  ctx.Submit(
      std::move(command),
      [](const ApiContext::Committed& c) {
        const auto& cmd = std::get<CreateMarket>(c.command);
        Market m;
        m.id = MarketId(static_cast<std::uint32_t>(c.output.created_id));
        m.type = cmd.type;
        m.question = cmd.question;
        m.description = cmd.description;
        m.category = cmd.category;
        m.outcomes = cmd.outcomes;
        m.created_at = c.time;
        m.end_time = cmd.end_time;
        m.fee_rate = cmd.fee_rate;
        m.metadata = cmd.metadata;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("market");
        WriteMarket(w, m, Money::Zero());
        w.EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void MarketCommandHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond,
                          std::string_view action) {
  auto market = MarketParam(req, respond);
  if (!market) return;
  Command command;
  if (action == "end") {
    command = EndMarket{*market};
  } else if (action == "void") {
    command = VoidMarket{*market};
  } else {
    JsonBody body;
    net::HttpResponse error;
    if (!body.Parse(req, error)) return respond(std::move(error));
    auto winner = body.reader().RequiredInt("winningOutcomeIndex", 0, 1);
    if (!body.ok()) return respond(body.Error());
    command = ResolveMarket{*market, static_cast<std::uint8_t>(*winner)};
  }
  ctx.Submit(
      std::move(command),
      [market = *market](const ApiContext::Committed& c) { return MarketStatusAnswer(c, market); },
      std::move(respond));
}

void ListWithdrawalsHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  net::HttpResponse error;
  auto limit = QueryInt(req, "limit", 100, 1, 1000, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return respond(std::move(error));
  ctx.Read(
      [limit = *limit, offset = *offset](const Exchange& x) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("withdrawals").BeginArray();
        std::int64_t i = 0;
        for (const auto& [id, wd] : x.pending_withdrawals()) {
          if (i >= offset && i < offset + limit) {
            w.BeginObject().Field("id", FormatId(id));
            w.Field("userId", FormatId(wd.account.value()));
            w.Key("amount").MoneyString(wd.amount);
            w.Key("fee").MoneyString(wd.fee);
            w.Field("status", "PENDING").EndObject();
          }
          ++i;
        }
        w.EndArray().Field("total", i).EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

void DecideWithdrawalHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond,
                             bool approve) {
  auto id = ParseId(req.PathParam("id").value_or(""));
  if (!id) return respond(NotFound("withdrawal not found", "withdrawal_not_found"));
  Command command;
  if (approve) {
    command = ApproveWithdrawal{WithdrawalId(*id)};
  } else {
    command = RejectWithdrawal{WithdrawalId(*id)};
  }
  ctx.Submit(
      std::move(command),
      [](const ApiContext::Committed& c) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("withdrawal").BeginObject();
        for (const Event& e : c.output.events) {
          if (const auto* s = std::get_if<WithdrawalSettled>(&e)) {
            w.Field("id", FormatId(s->withdrawal.value()));
            w.Field("userId", FormatId(s->account.value()));
            w.Key("amount").MoneyString(s->amount);
            w.Key("fee").MoneyString(s->fee);
            w.Field("status", s->approved ? "APPROVED" : "REJECTED");
          }
        }
        w.EndObject().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

std::string SwitchesJson(const VenueSwitches& s) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Key("switches").BeginObject();
  w.Field("betting", s.betting).Field("ctm", s.ctm).Field("orders", s.orders);
  w.EndObject().EndObject();
  return out;
}

void SwitchesHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  SetSwitches command;
  command.betting = body.reader().OptionalBool("betting");
  command.ctm = body.reader().OptionalBool("ctm");
  command.orders = body.reader().OptionalBool("orders");
  body.reader().RejectUnknownFields({"betting", "ctm", "orders"});
  if (!body.ok()) return respond(body.Error());
  ctx.Submit(
      std::move(command),
      [&ctx](const ApiContext::Committed&) {
        return JsonOk(SwitchesJson(ctx.directory().switches()));
      },
      std::move(respond));
}

void ClockAdvanceHandler(ApiContext& ctx, ManualClock& clock, net::HttpRequest& req,
                         net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto ms = body.reader().RequiredInt("ms", 0, kMaxClockAdvanceMs);
  if (!body.ok()) return respond(body.Error());
  clock.AdvanceMillis(*ms);
  // Applies the lifecycle at the new time at once, so the answer already shows what ended.
  ctx.Submit(
      AdvanceTime{},
      [](const ApiContext::Committed& c) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("now").Time(c.time).Key("endedMarkets").BeginArray();
        for (const Event& e : c.output.events) {
          if (const auto* s = std::get_if<MarketStatusChanged>(&e)) {
            w.String(FormatId(s->market.value()));
          }
        }
        w.EndArray().EndObject();
        return JsonOk(std::move(out));
      },
      std::move(respond));
}

}  // namespace

void RegisterAdminRoutes(net::Router& router, ApiContext& ctx, ManualClock* manual_clock) {
  auto op = [&ctx](auto fn) {
    return ctx.Operator([&ctx, fn](net::HttpRequest& req, net::Responder respond) {
      fn(ctx, req, std::move(respond));
    });
  };
  router.Post("/admin/v1/users", op(CreateUserHandler));
  router.Get("/admin/v1/users/:id", op(GetUserHandler));
  router.Post("/admin/v1/users/:id/api-keys", op(CreateKeyHandler));
  router.Post("/admin/v1/users/:id/deposits", op(DepositHandler));
  router.Put("/admin/v1/users/:id/rate-tier", op(RateTierHandler));
  router.Post("/admin/v1/markets", op(CreateMarketHandler));
  router.Post("/admin/v1/markets/:id/end",
              op([](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                MarketCommandHandler(c, r, std::move(s), "end");
              }));
  router.Post("/admin/v1/markets/:id/resolve",
              op([](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                MarketCommandHandler(c, r, std::move(s), "resolve");
              }));
  router.Post("/admin/v1/markets/:id/void",
              op([](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                MarketCommandHandler(c, r, std::move(s), "void");
              }));
  router.Get("/admin/v1/withdrawals", op(ListWithdrawalsHandler));
  router.Post("/admin/v1/withdrawals/:id/approve",
              op([](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                DecideWithdrawalHandler(c, r, std::move(s), true);
              }));
  router.Post("/admin/v1/withdrawals/:id/reject",
              op([](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                DecideWithdrawalHandler(c, r, std::move(s), false);
              }));
  router.Get("/admin/v1/switches", op([](ApiContext& c, net::HttpRequest&, net::Responder s) {
               s(JsonOk(SwitchesJson(c.directory().switches())));
             }));
  router.Put("/admin/v1/switches", op(SwitchesHandler));
  router.Get("/admin/v1/clock",
             op([manual_clock](ApiContext& c, net::HttpRequest&, net::Responder s) {
               std::string out;
               net::JsonWriter w(out);
               w.BeginObject().Key("now").Time(c.clock().Now());
               w.Field("mode", manual_clock != nullptr ? "manual" : "system").EndObject();
               s(JsonOk(std::move(out)));
             }));
  if (manual_clock != nullptr) {
    router.Post("/admin/v1/clock/advance",
                op([manual_clock](ApiContext& c, net::HttpRequest& r, net::Responder s) {
                  ClockAdvanceHandler(c, *manual_clock, r, std::move(s));
                }));
  }
}

}  // namespace probex::venue::api
