#include "venue/api/market_data_api.h"

#include <vector>

#include "venue/api/bets_api.h"
#include "venue/api/read_api.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

void WriteLevels(net::JsonWriter& w, const std::vector<DepthLevel>& levels) {
  w.BeginArray();
  for (const DepthLevel& l : levels) {
    w.BeginObject();
    w.Key("price").PriceNumber(Price::FromCents(l.price));
    w.Field("quantity", l.quantity);
    w.Field("orders", static_cast<std::int64_t>(l.orders));
    w.EndObject();
  }
  w.EndArray();
}

void OrderbookHandler(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  net::HttpResponse error;
  auto market = FindMarketParam(ctx, req.PathParam("id"), "id", error);
  if (!market) return respond(std::move(error));
  if (market->labels.type != MarketType::kOrderBook) {
    return respond(BadRequest("market " + FormatId(market->id.value()) +
                                  " is not an ORDER_BOOK market and has no order book",
                              "not_order_book_market"));
  }
  auto depth = QueryInt(req, "depth", 20, 1, 99, error);
  if (!depth) return respond(std::move(error));
  ctx.Read(
      [market = *market, depth = static_cast<std::size_t>(*depth)](const Exchange& x) {
        std::vector<DepthLevel> bids;
        std::vector<DepthLevel> asks;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject();
        w.Field("marketId", FormatId(market.id.value()));
        w.Field("seq", x.last_seq());
        const Market* m = x.FindMarket(market.id);
        w.Field("status", m != nullptr ? MarketStatusName(m->status) : "ACTIVE");
        w.Key("lastTradePrice");
        WritePriceOrNull(w, x.LastTradePrice(market.id, 0));
        w.Key("outcomes").BeginArray();
        for (int outcome = 0; outcome < 2; ++outcome) {
          x.Depth(market.id, outcome, depth, bids, asks);
          w.BeginObject();
          w.Field("index", outcome);
          w.Field("label", market.labels.outcomes[static_cast<std::size_t>(outcome)]);
          w.Key("bids");
          WriteLevels(w, bids);
          w.Key("asks");
          WriteLevels(w, asks);
          w.Key("bestBid");
          WritePriceOrNull(w, bids.empty() ? 0 : bids.front().price);
          w.Key("bestAsk");
          WritePriceOrNull(w, asks.empty() ? 0 : asks.front().price);
          w.Key("lastTradePrice");
          WritePriceOrNull(w, x.LastTradePrice(market.id, outcome));
          w.EndObject();
        }
        w.EndArray();
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void TradesHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer, net::HttpRequest& req,
                   net::Responder respond) {
  net::HttpResponse error;
  auto market = FindMarketParam(ctx, req.PathParam("id"), "id", error);
  if (!market) return respond(std::move(error));
  auto limit = QueryInt(req, "limit", 50, 1, 100, error);
  if (!limit) return respond(std::move(error));
  auto before = BeforeParam(req, error);
  if (!before) return respond(std::move(error));
  AnswerFromHistory(
      consumer,
      [market = *market, limit = *limit, before = *before](engine::ReadModel& model) {
        auto trades = model.MarketTrades(market.id, static_cast<std::size_t>(limit), before);
        if (!trades) return ServiceUnavailable(trades.error().message, "read_model_failed");
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("trades").BeginArray();
        for (const Trade& t : *trades) WriteMarketTrade(w, t, market.labels.outcomes);
        w.EndArray().Key("nextBefore");
        if (trades->size() == static_cast<std::size_t>(limit)) {
          w.Uint(trades->back().id.value());
        } else {
          w.Null();
        }
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void StatsHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer, net::HttpRequest& req,
                  net::Responder respond) {
  net::HttpResponse error;
  auto market = FindMarketParam(ctx, req.PathParam("id"), "id", error);
  if (!market) return respond(std::move(error));
  if (market->labels.type == MarketType::kPool) {
    return AnswerPoolStats(ctx, market->id, std::move(respond));
  }
  const Timestamp now = ctx.clock().Now();
  AnswerFromHistory(
      consumer,
      [market = *market, now](engine::ReadModel& model) {
        auto stats = model.MarketStats(market.id, now);
        if (!stats) return ServiceUnavailable(stats.error().message, "read_model_failed");
        engine::MarketStatsRecord s;
        s.market = market.id;
        if (*stats) s = **stats;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("stats").BeginObject();
        w.Field("marketId", FormatId(market.id.value()));
        w.Field("outcome", market.labels.outcomes[0]);
        w.Field("tradeCount", s.trade_count);
        w.Field("volume", s.volume);
        w.Key("notional").MoneyString(s.notional);
        w.Key("lastTradePrice");
        WritePriceOrNull(w, s.last_price);
        w.Key("lastTradeAt");
        if (s.last_price == 0) {
          w.Null();
        } else {
          w.Time(s.last_trade_at);
        }
        w.Field("tradeCount24h", s.trade_count_24h);
        w.Field("volume24h", s.volume_24h);
        w.Key("notional24h").MoneyString(s.notional_24h);
        w.Key("high24h");
        WritePriceOrNull(w, s.high_24h);
        w.Key("low24h");
        WritePriceOrNull(w, s.low_24h);
        w.Key("asOf").Time(now);
        w.EndObject().EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

}  // namespace

void WriteMarketTrade(net::JsonWriter& w, const Trade& t,
                      const std::array<std::string, 2>& labels) {
  w.BeginObject();
  w.Field("id", t.id.value());
  w.Field("marketId", FormatId(t.market.value()));
  w.Field("outcome", labels[0]);
  w.Key("price").PriceNumber(Price::FromCents(t.price));
  w.Field("quantity", t.quantity);
  w.Field("takerSide", t.buyer_is_taker ? "bid" : "ask");
  w.Field("settlement", SettlementCaseName(t.settlement));
  w.Key("createdAt").Time(t.at);
  w.EndObject();
}

void RegisterMarketDataRoutes(net::Router& router, ApiContext& ctx,
                              engine::ReadModelConsumer* consumer) {
  router.Get("/api/v1/markets/:id/orderbook",
             ctx.Public({kRuleGlobal}, [&ctx](net::HttpRequest& req, net::Responder respond) {
               OrderbookHandler(ctx, req, std::move(respond));
             }));
  router.Get(
      "/api/v1/markets/:id/trades",
      ctx.Public({kRuleGlobal}, [&ctx, consumer](net::HttpRequest& req, net::Responder respond) {
        TradesHandler(ctx, consumer, req, std::move(respond));
      }));
  router.Get(
      "/api/v1/markets/:id/stats",
      ctx.Public({kRuleGlobal}, [&ctx, consumer](net::HttpRequest& req, net::Responder respond) {
        StatsHandler(ctx, consumer, req, std::move(respond));
      }));
}

}  // namespace probex::venue::api
