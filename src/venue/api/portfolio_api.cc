#include "venue/api/portfolio_api.h"

#include <memory>
#include <vector>

#include "venue/api/read_api.h"
#include "venue/api/venue_json.h"
#include "venue/domain/clob_pricing.h"

namespace probex::venue::api {
namespace {

struct Valued {
  const engine::PositionRecord* position;
  std::optional<Money> mark;  // per share
  std::string_view source;    // "last_trade" | "midpoint" | ""
  Money value;
  Money unrealized;
};

Valued Value(const Exchange& x, const engine::PositionRecord& p) {
  Valued v{&p, std::nullopt, "", p.cost, Money()};
  if (p.shares == 0) return v;
  if (const int last = x.LastTradePrice(p.market, p.outcome); last > 0) {
    v.mark = Notional(1, last);
    v.source = "last_trade";
  } else {
    std::vector<DepthLevel> bids;
    std::vector<DepthLevel> asks;
    x.Depth(p.market, p.outcome, 1, bids, asks);
    if (!bids.empty() && !asks.empty()) {
      v.mark =
          Notional(1, bids.front().price + asks.front().price).MulDiv(1, 2, Rounding::kHalfEven);
      v.source = "midpoint";
    }
  }
  if (v.mark) {
    v.value = *v.mark * p.shares;
    v.unrealized = v.value - p.cost;
  }
  return v;
}

void WritePosition(net::JsonWriter& w, const Exchange& x, const Valued& v) {
  const engine::PositionRecord& p = *v.position;
  const Market* m = x.FindMarket(p.market);
  w.BeginObject();
  w.Field("marketId", FormatId(p.market.value()));
  w.Field("question", m != nullptr ? m->question : std::string());
  w.Field("marketStatus", m != nullptr ? MarketStatusName(m->status) : "ACTIVE");
  w.Field("outcome", m != nullptr ? m->outcomes[p.outcome == 0 ? 0 : 1] : std::string());
  w.Field("outcomeIndex", static_cast<int>(p.outcome));
  w.Field("shares", p.shares);
  w.Key("averageCost");
  if (p.shares > 0) {
    w.MoneyString(p.cost.MulDiv(1, p.shares, Rounding::kHalfEven));
  } else {
    w.Null();
  }
  w.Key("costBasis").MoneyString(p.cost);
  w.Key("markPrice");
  if (v.mark) {
    w.MoneyNumber(*v.mark);
  } else {
    w.Null();
  }
  w.Key("markSource");
  if (v.mark) {
    w.String(v.source);
  } else {
    w.Null();
  }
  w.Key("markValue").MoneyString(v.value);
  w.Key("unrealizedPnl").MoneyString(v.unrealized);
  w.Key("realizedPnl").MoneyString(p.realized);
  w.Key("fees").MoneyString(p.fees);
  w.EndObject();
}

using Render = std::function<net::HttpResponse(const Exchange& x,
                                               const std::vector<engine::PositionRecord>& all)>;

// Positions from the read model (read-your-writes), then marks and balances from the engine.
void WithPositions(ApiContext& ctx, engine::ReadModelConsumer* consumer, AccountId account,
                   Render render, net::Responder respond) {
  if (consumer == nullptr) {
    return respond(ServiceUnavailable("positions are unavailable: the read model did not open",
                                      "read_model_unavailable"));
  }
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  consumer->Read([&ctx, shared, account, render = std::move(render)](const Status& status,
                                                                     engine::ReadModel* model) {
    if (!status) {
      return (*shared)(ServiceUnavailable("positions are unavailable: " + status.error().message,
                                          "read_model_failed"));
    }
    auto positions = model->Positions(account);
    if (!positions) {
      return (*shared)(ServiceUnavailable(positions.error().message, "read_model_failed"));
    }
    ctx.Read([positions = std::move(*positions),
              render](const Exchange& x) { return render(x, positions); },
             std::move(*shared));
  });
}

void PositionsHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer, net::HttpRequest& req,
                      const Caller& caller, net::Responder respond) {
  net::HttpResponse error;
  bool include_closed = false;
  if (auto flag = req.Query("includeClosed"); flag && !flag->empty()) {
    if (*flag == "true") {
      include_closed = true;
    } else if (*flag != "false") {
      return respond(BadRequest("includeClosed must be true or false", "invalid_query"));
    }
  }
  auto limit = QueryInt(req, "limit", 100, 1, 1000, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return respond(std::move(error));
  WithPositions(
      ctx, consumer, caller.account,
      [include_closed, limit = *limit, offset = *offset](
          const Exchange& x, const std::vector<engine::PositionRecord>& all) {
        std::vector<const engine::PositionRecord*> shown;
        for (const auto& p : all) {
          if (include_closed || p.shares != 0) shown.push_back(&p);
        }
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("positions").BeginArray();
        const auto begin = std::min(shown.size(), static_cast<std::size_t>(offset));
        const auto end = std::min(shown.size(), begin + static_cast<std::size_t>(limit));
        for (std::size_t i = begin; i < end; ++i) WritePosition(w, x, Value(x, *shown[i]));
        w.EndArray();
        w.Field("total", static_cast<std::int64_t>(shown.size()));
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void PortfolioHandler(ApiContext& ctx, engine::ReadModelConsumer* consumer, const Caller& caller,
                      net::Responder respond) {
  WithPositions(
      ctx, consumer, caller.account,
      [account = caller.account](const Exchange& x,
                                 const std::vector<engine::PositionRecord>& all) {
        const AccountBalances* found = x.Balances(account);
        const AccountBalances balances = found != nullptr ? *found : AccountBalances{};
        Money value;
        Money cost;
        Money realized;
        Money unrealized;
        std::vector<Valued> open;
        for (const auto& p : all) {
          realized += p.realized;
          if (p.shares == 0) continue;
          open.push_back(Value(x, p));
          value += open.back().value;
          cost += p.cost;
          unrealized += open.back().unrealized;
        }
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("portfolio").BeginObject();
        w.Key("balance");
        WriteBalances(w, balances);
        w.Key("positionsValue").MoneyString(value);
        w.Key("equity").MoneyString(balances.total() + value);
        w.Key("costBasis").MoneyString(cost);
        w.Key("realizedPnl").MoneyString(realized);
        w.Key("unrealizedPnl").MoneyString(unrealized);
        w.Key("totalPnl").MoneyString(realized + unrealized);
        w.Field("openPositions", static_cast<std::int64_t>(open.size()));
        w.Key("positions").BeginArray();
        for (const Valued& v : open) WritePosition(w, x, v);
        w.EndArray();
        w.EndObject().EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

}  // namespace

void RegisterPortfolioRoutes(net::Router& router, ApiContext& ctx,
                             engine::ReadModelConsumer* consumer) {
  router.Get("/api/v1/positions",
             ctx.Authed(kScopePortfolioRead, {kRuleGlobal, kRuleAuthReads},
                        [&ctx, consumer](net::HttpRequest& req, const Caller& caller,
                                         net::Responder respond) {
                          PositionsHandler(ctx, consumer, req, caller, std::move(respond));
                        }));
  router.Get(
      "/api/v1/portfolio/me",
      ctx.Authed(kScopePortfolioRead, {kRuleGlobal, kRuleAuthReads},
                 [&ctx, consumer](net::HttpRequest&, const Caller& caller, net::Responder respond) {
                   PortfolioHandler(ctx, consumer, caller, std::move(respond));
                 }));
}

}  // namespace probex::venue::api
