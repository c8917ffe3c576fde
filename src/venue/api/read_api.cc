#include "venue/api/read_api.h"

#include <cstdio>
#include <memory>

#include "venue/api/bets_api.h"
#include "venue/api/history_api.h"
#include "venue/api/market_data_api.h"
#include "venue/api/portfolio_api.h"
#include "venue/api/ws_rooms.h"

namespace probex::venue::api {

void RegisterReadRoutes(net::Router& router, ApiContext& ctx) {
  engine::ReadModelConsumer* consumer = nullptr;
  engine::ReadModelOptions options;
  options.data_dir = ctx.settings().data_dir;
  auto started = engine::ReadModelConsumer::Start(ctx.engine(), options);
  if (started) {
    std::shared_ptr<engine::ReadModelConsumer> owned = std::move(*started);
    consumer = owned.get();
    ctx.OnStop([consumer] { consumer->Stop(); });
    ctx.Own(std::move(owned));
  } else {
    std::fprintf(stderr, "read model unavailable, history endpoints answer 503: %s\n",
                 started.error().message.c_str());
  }
  RegisterHistoryRoutes(router, ctx, consumer);
  RegisterMarketDataRoutes(router, ctx, consumer);
  RegisterPortfolioRoutes(router, ctx, consumer);
  RegisterBetsRoutes(router, ctx, consumer);
  WsRooms::Register(router, ctx);
}

void AnswerFromHistory(engine::ReadModelConsumer* consumer, HistoryAnswer answer,
                       net::Responder respond) {
  if (consumer == nullptr) {
    return respond(ServiceUnavailable("history is unavailable: the read model did not open",
                                      "read_model_unavailable"));
  }
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  consumer->Read(
      [answer = std::move(answer), shared](const Status& status, engine::ReadModel* model) {
        if (!status) {
          return (*shared)(ServiceUnavailable("history is unavailable: " + status.error().message,
                                              "read_model_failed"));
        }
        (*shared)(answer(*model));
      });
}

std::optional<MarketRef> FindMarketParam(ApiContext& ctx, std::optional<std::string_view> text,
                                         std::string_view name, net::HttpResponse& error) {
  if (!text || text->empty()) {
    error = BadRequest(std::string(name) + " is required", "missing_field");
    return std::nullopt;
  }
  auto id = ParseId(*text);
  if (!id || *id > UINT32_MAX) {
    error = NotFound("market " + std::string(*text) + " not found", "unknown_market");
    return std::nullopt;
  }
  const MarketId market(static_cast<std::uint32_t>(*id));
  auto labels = ctx.directory().Market(market);
  if (!labels) {
    error = NotFound("market " + std::string(*text) + " not found", "unknown_market");
    return std::nullopt;
  }
  return MarketRef{market, std::move(*labels)};
}

std::optional<std::uint64_t> BeforeParam(const net::HttpRequest& req, net::HttpResponse& error) {
  auto text = req.Query("before");
  if (!text) return std::uint64_t{0};
  auto id = ParseId(*text);
  if (!id) {
    error = BadRequest("before must be a positive id (the last id of the previous page)",
                       "invalid_query");
    return std::nullopt;
  }
  return *id;
}

}  // namespace probex::venue::api
