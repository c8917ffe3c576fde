#include "venue/api/history_api.h"

#include <algorithm>
#include <cstdint>

#include "venue/api/read_api.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

constexpr std::int64_t kMaxFillsPage = 1000;

void WriteIdOrNull(net::JsonWriter& w, std::string_view key, std::uint64_t id) {
  w.Key(key);
  if (id == 0) {
    w.Null();
  } else {
    w.String(FormatId(id));
  }
}

void OrdersHistoryHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer,
                          net::HttpRequest& req, const Caller& caller, net::Responder respond) {
  net::HttpResponse error;
  auto market = FindMarketParam(ctx, req.Query("marketId"), "marketId", error);
  if (!market) return respond(std::move(error));
  // The reference: "limit — Max fills to return (positive integer)": any positive integer is
  // accepted; one page holds at most kMaxFillsPage fills (`nextBefore` pages on).
  auto limit = QueryInt(req, "limit", 100, 1, INT64_MAX, error);
  if (!limit) return respond(std::move(error));
  *limit = std::min<std::int64_t>(*limit, kMaxFillsPage);
  auto before = BeforeParam(req, error);
  if (!before) return respond(std::move(error));
  AnswerFromHistory(
      consumer,
      [account = caller.account, market = *market, limit = *limit,
       before = *before](engine::ReadModel& model) {
        auto fills =
            model.AccountFills(account, market.id, static_cast<std::size_t>(limit), before);
        if (!fills) return ServiceUnavailable(fills.error().message, "read_model_failed");
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("trades").BeginArray();
        for (const auto& f : *fills) WriteFill(w, f, market.labels.outcomes);
        w.EndArray().Key("nextBefore");
        if (fills->size() == static_cast<std::size_t>(limit)) {
          w.Uint(fills->back().trade.value());
        } else {
          w.Null();
        }
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void TransactionsHandler(engine::ReadModelConsumer* consumer, net::HttpRequest& req,
                         const Caller& caller, net::Responder respond) {
  net::HttpResponse error;
  auto limit = QueryInt(req, "limit", 20, 1, 100, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return respond(std::move(error));
  auto before = BeforeParam(req, error);
  if (!before) return respond(std::move(error));
  if (*before > static_cast<std::uint64_t>(INT64_MAX)) {
    return respond(BadRequest("before is out of range", "invalid_query"));
  }
  AnswerFromHistory(
      consumer,
      [account = caller.account, limit = *limit, offset = *offset,
       before = static_cast<std::int64_t>(*before)](engine::ReadModel& model) {
        auto rows = model.Transactions(account, static_cast<std::size_t>(limit),
                                       static_cast<std::size_t>(offset), before);
        if (!rows) return ServiceUnavailable(rows.error().message, "read_model_failed");
        auto total = model.TransactionCount(account);
        if (!total) return ServiceUnavailable(total.error().message, "read_model_failed");
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("transactions").BeginArray();
        for (const auto& t : *rows) WriteTransaction(w, t);
        w.EndArray();
        w.Field("total", *total).Field("limit", limit).Field("offset", offset);
        w.Key("nextBefore");
        if (rows->size() == static_cast<std::size_t>(limit)) {
          w.String(FormatId(static_cast<std::uint64_t>(rows->back().id)));
        } else {
          w.Null();
        }
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

}  // namespace

void WriteFill(net::JsonWriter& w, const engine::FillRecord& f,
               const std::array<std::string, 2>& labels, bool with_market) {
  w.BeginObject();
  if (with_market) w.Field("marketId", FormatId(f.market.value()));
  w.Field("tradeId", f.trade.value());
  w.Field("orderId", FormatId(f.order.value()));
  w.Field("outcome", labels[f.outcome == 0 ? 0 : 1]);
  w.Field("side", OrderSideName(f.side));
  w.Field("type", OrderTypeName(f.type));
  w.Key("price");
  WritePriceOrNull(w, f.price);
  w.Field("quantity", f.quantity);
  w.Key("createdAt").Time(f.at);
  w.Key("fee").MoneyString(f.fee);
  w.Field("liquidity", f.taker ? "taker" : "maker");
  w.EndObject();
}

void WriteTransaction(net::JsonWriter& w, const engine::BalanceTransaction& t) {
  w.BeginObject();
  w.Field("id", FormatId(static_cast<std::uint64_t>(t.id)));
  w.Field("type", engine::TransactionKindName(t.kind));
  w.Key("amount").MoneyString(t.amount);
  w.Key("lockedChange").MoneyString(t.locked_change);
  w.Key("balanceAfter").MoneyString(t.available_after);
  w.Key("lockedAfter").MoneyString(t.locked_after);
  w.Key("totalAfter").MoneyString(t.total_after);
  WriteIdOrNull(w, "marketId", t.market.value());
  WriteIdOrNull(w, "orderId", t.order.value());
  w.Key("tradeId");
  if (t.trade.valid()) {
    w.Uint(t.trade.value());
  } else {
    w.Null();
  }
  WriteIdOrNull(w, "withdrawalId", t.withdrawal.value());
  w.Key("createdAt").Time(t.at);
  w.EndObject();
}

void RegisterHistoryRoutes(net::Router& router, ApiContext& ctx,
                           engine::ReadModelConsumer* consumer) {
  router.Get("/api/v1/orders/history",
             ctx.Authed(kScopeOrderRead, {kRuleGlobal, kRuleOrders},
                        [&ctx, consumer](net::HttpRequest& req, const Caller& caller,
                                         net::Responder respond) {
                          OrdersHistoryHandler(ctx, consumer, req, caller, std::move(respond));
                        }));
  router.Get(
      "/api/v1/balance/transactions",
      ctx.Authed(kScopeBalanceRead, {kRuleGlobal, kRuleAuthReads},
                 [consumer](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                   TransactionsHandler(consumer, req, caller, std::move(respond));
                 }));
}

}  // namespace probex::venue::api
