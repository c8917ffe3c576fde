#include "venue/api/bets_api.h"

#include <memory>
#include <string>
#include <vector>

#include "venue/api/pool_odds.h"
#include "venue/api/read_api.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

std::optional<BetStatus> ParseBetStatus(std::string_view text) {
  for (BetStatus s : {BetStatus::kPending, BetStatus::kConfirmed, BetStatus::kWon, BetStatus::kLost,
                      BetStatus::kRefunded}) {
    if (BetStatusName(s) == text) return s;
  }
  return std::nullopt;
}

void WriteMarketSummary(net::JsonWriter& w, const Market* m) {
  w.BeginObject();
  if (m != nullptr) {
    w.Field("question", m->question);
    w.Field("status", MarketStatusName(m->status));
    w.Key("outcomes").BeginArray();
    for (int i = 0; i < 2; ++i) {
      w.BeginObject().Field("index", i).Field("label", m->outcomes[i]).EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
}

void WriteBetWithMarket(net::JsonWriter& w, const engine::BetRecord& r, const Exchange& x) {
  w.BeginObject();
  WriteBetFields(w, r.bet, r.settled_at);
  w.Key("market");
  WriteMarketSummary(w, x.FindMarket(r.bet.market));
  w.EndObject();
}

void PlaceBetHandler(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
                     net::Responder respond) {
  if (!ctx.directory().switches().betting) {
    return respond(
        ServiceUnavailable("betting is temporarily disabled by the operator", "betting_disabled"));
  }
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto market_text = body.reader().RequiredString("marketId");
  auto outcome = body.reader().RequiredInt("outcomeIndex", 0, 1);
  net::MoneyRule rule;
  rule.sign = net::MoneyRule::Sign::kPositive;
  auto amount = body.reader().RequiredMoney("amount", rule);
  auto key = body.reader().OptionalString("idempotencyKey", {1, kMaxIdempotencyKeyBytes});
  if (!body.ok()) return respond(body.Error());
  if (amount->units() < kMinBetUnits) {
    return respond(BadRequest("amount must be at least 0.0001, got " + amount->ToPlainString(),
                              RejectCodeName(RejectCode::kInvalidBetAmount)));
  }
  auto id = ParseId(*market_text);
  if (!id || *id > UINT32_MAX) {
    return respond(NotFound("market " + *market_text + " not found", "unknown_market"));
  }
  const MarketId market(static_cast<std::uint32_t>(*id));
  auto labels = ctx.directory().Market(market);
  if (!labels) return respond(NotFound("market " + *market_text + " not found", "unknown_market"));
  if (labels->type != MarketType::kPool) return respond(RejectResponse(RejectCode::kNotPoolMarket));
  // 15/min per market per IP (per account for users on a tier), on top of the 60/min of the
  // route: counted once the market is known to exist.
  const bool tiered =
      !caller.tier.empty() && caller.tier != kDefaultTier && ctx.rate_policy().HasTier(caller.tier);
  const std::string bucket =
      (tiered ? "account:" + std::to_string(caller.account.value()) : req.remote_address()) +
      "|market:" + std::to_string(market.value());
  const net::RateDecision d = ctx.rate_limiter().Take(
      ctx.rate_policy().RuleName(kRuleBetsPerMarket, tiered ? caller.tier : std::string_view()),
      bucket);
  if (!d.allowed) return respond(RateLimited(kRuleBetsPerMarket, d.retry_after_ms));

  PlaceBet command;
  command.account = caller.account;
  command.market = market;
  command.outcome = static_cast<std::uint8_t>(*outcome);
  command.amount = *amount;
  command.fee_rate = ctx.settings().betting_fee;
  command.weight_floor = ctx.settings().pool_weight_floor;
  command.idempotency_key = key.value_or("");
  ctx.Submit(
      std::move(command),
      [](const ApiContext::Committed& c) {
        const BetReceipt& r = c.output.bet;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("bet").BeginObject();
        WriteBetFields(w, r.bet, Timestamp());
        w.EndObject();
        w.Key("balanceAfter").MoneyString(r.balance_after);
        w.Key("fee").MoneyString(r.bet.fee);
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void ListBetsHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer, net::HttpRequest& req,
                     const Caller& caller, net::Responder respond) {
  std::optional<BetStatus> status;
  if (auto s = req.Query("status"); s && !s->empty()) {
    status = ParseBetStatus(*s);
    if (!status) {
      return respond(BadRequest("status must be one of PENDING, CONFIRMED, WON, LOST, REFUNDED",
                                "invalid_query"));
    }
  }
  MarketId market;
  if (auto m = req.Query("marketId"); m && !m->empty()) {
    auto id = ParseId(*m);
    if (!id || *id > UINT32_MAX) {
      return respond(BadRequest("marketId must be a market id", "invalid_query"));
    }
    market = MarketId(static_cast<std::uint32_t>(*id));
  }
  net::HttpResponse error;
  auto limit = QueryInt(req, "limit", 20, 1, 100, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return respond(std::move(error));
  if (consumer == nullptr) {
    return respond(ServiceUnavailable("history is unavailable: the read model did not open",
                                      "read_model_unavailable"));
  }
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  consumer->Read([&ctx, shared, account = caller.account, market, status, limit = *limit,
                  offset = *offset](const Status& st, engine::ReadModel* model) {
    if (!st) {
      return (*shared)(
          ServiceUnavailable("history is unavailable: " + st.error().message, "read_model_failed"));
    }
    auto bets = model->AccountBets(account, market, status, static_cast<std::size_t>(limit),
                                   static_cast<std::size_t>(offset));
    if (!bets) return (*shared)(ServiceUnavailable(bets.error().message, "read_model_failed"));
    auto total = model->AccountBetCount(account, market, status);
    if (!total) return (*shared)(ServiceUnavailable(total.error().message, "read_model_failed"));
    // The market summaries come from the engine's state.
    ctx.Read(
        [bets = std::move(*bets), total = *total, limit, offset](const Exchange& x) {
          std::string out;
          net::JsonWriter w(out);
          w.BeginObject().Key("bets").BeginArray();
          for (const engine::BetRecord& r : bets) WriteBetWithMarket(w, r, x);
          w.EndArray();
          w.Field("total", total).Field("limit", limit).Field("offset", offset);
          w.EndObject();
          return net::HttpResponse::Json(200, std::move(out));
        },
        std::move(*shared));
  });
}

void GetBetHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer, net::HttpRequest& req,
                   const Caller& caller, net::Responder respond) {
  auto id = ParseId(req.PathParam("id").value_or(""));
  if (!id) return respond(NotFound("bet not found", "bet_not_found"));
  if (consumer == nullptr) {
    return respond(ServiceUnavailable("history is unavailable: the read model did not open",
                                      "read_model_unavailable"));
  }
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  consumer->Read([&ctx, shared, account = caller.account, bet = BetId(*id)](
                     const Status& st, engine::ReadModel* model) {
    if (!st) {
      return (*shared)(
          ServiceUnavailable("history is unavailable: " + st.error().message, "read_model_failed"));
    }
    auto found = model->FindBet(bet);
    if (!found) return (*shared)(ServiceUnavailable(found.error().message, "read_model_failed"));
    // Another account's bet is indistinguishable from a missing one.
    if (!*found || (*found)->bet.account != account) {
      return (*shared)(NotFound("bet not found", "bet_not_found"));
    }
    ctx.Read(
        [record = **found](const Exchange& x) {
          std::string out;
          net::JsonWriter w(out);
          w.BeginObject().Key("bet");
          WriteBetWithMarket(w, record, x);
          w.EndObject();
          return net::HttpResponse::Json(200, std::move(out));
        },
        std::move(*shared));
  });
}

}  // namespace

void AnswerPoolStats(ApiContext& ctx, MarketId market, net::Responder respond) {
  ctx.Read(
      [market, now = ctx.clock().Now()](const Exchange& x) {
        const Market* m = x.FindMarket(market);
        if (m == nullptr) return NotFound("market not found", "unknown_market");
        const PoolMarket* pool = x.pools().Find(market);
        const PoolMarket empty;
        const PoolMarket& p = pool != nullptr ? *pool : empty;
        // A pool settled by refunding (voided, or nobody backed the winner) took no fee and
        // paid back its whole total.
        const bool refunded = p.settled && p.fee_collected.is_zero();
        const Money fees = refunded ? Money() : p.fees;
        const Money payout_pool = p.total() - fees;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("stats").BeginObject();
        w.Field("marketId", FormatId(market.value()));
        w.Field("type", MarketTypeName(m->type));
        w.Field("status", MarketStatusName(m->status));
        w.Key("totalPool").MoneyString(p.total());
        w.Field("betCount", p.bet_count());
        w.Key("fees").MoneyString(fees);
        w.Key("payoutPool").MoneyString(payout_pool);
        w.Key("feeCollected");
        if (p.settled) {
          w.MoneyString(p.fee_collected);
        } else {
          w.Null();
        }
        w.Key("outcomes").BeginArray();
        for (int i = 0; i < 2; ++i) {
          w.BeginObject();
          w.Field("index", i).Field("label", m->outcomes[i]);
          w.Key("pool").MoneyString(p.pools[i]);
          w.Field("betCount", p.bet_counts[i]);
          WritePoolOutcomeOdds(w, p, i);
          w.EndObject();
        }
        w.EndArray();
        w.Key("winningOutcomeIndex");
        if (m->winning_outcome == kNoOutcome) {
          w.Null();
        } else {
          w.Int(m->winning_outcome);
        }
        w.Key("asOf").Time(now);
        w.EndObject().EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void RegisterBetsRoutes(net::Router& router, ApiContext& ctx, engine::ReadModelConsumer* consumer) {
  router.Post("/api/v1/bets", ctx.Authed(kScopeBetPlace, {kRuleGlobal, kRuleAuthReads},
                                         [&ctx](net::HttpRequest& req, const Caller& caller,
                                                net::Responder respond) {
                                           PlaceBetHandler(ctx, req, caller, std::move(respond));
                                         }));
  router.Get("/api/v1/bets",
             ctx.Authed(kScopeBetRead, {kRuleGlobal, kRuleAuthReads},
                        [&ctx, consumer](net::HttpRequest& req, const Caller& caller,
                                         net::Responder respond) {
                          ListBetsHandler(ctx, consumer, req, caller, std::move(respond));
                        }));
  router.Get("/api/v1/bets/:id",
             ctx.Authed(kScopeBetRead, {kRuleGlobal, kRuleAuthReads},
                        [&ctx, consumer](net::HttpRequest& req, const Caller& caller,
                                         net::Responder respond) {
                          GetBetHandler(ctx, consumer, req, caller, std::move(respond));
                        }));
}

}  // namespace probex::venue::api
