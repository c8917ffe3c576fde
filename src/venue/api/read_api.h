// The venue's read side, registered with one call: history (GET /orders/history,
// GET /balance/transactions), market data (GET /markets/:id/orderbook|trades|stats), portfolio
// (GET /positions, GET /portfolio/me) and the WebSocket rooms on /ws. It starts the SQLite read
// model consumer (DATA_DIR/read_model.sqlite) and the room fan-out, both fed by the engine's
// ordered feed, and stops them through the ApiContext's stop hooks. If the read model cannot be
// opened, the history endpoints answer 503 and the rest still works.
// Thread rule: register before the server starts; the helpers are safe from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "net/http_request.h"
#include "net/responder.h"
#include "net/router.h"
#include "venue/api/api_context.h"
#include "venue/engine/read_model_consumer.h"

namespace probex::venue::api {

void RegisterReadRoutes(net::Router& router, ApiContext& ctx);

// Runs `answer` on the read model once it holds every command durable now (read-your-writes),
// and sends its response; 503 when the read model is unavailable or failed.
using HistoryAnswer = std::function<net::HttpResponse(engine::ReadModel& model)>;
void AnswerFromHistory(engine::ReadModelConsumer* consumer, HistoryAnswer answer,
                       net::Responder respond);

// A market named by an id text (a path or query parameter called `name`): 400 when the text is
// not an id, 404 when no such market exists.
struct MarketRef {
  MarketId id;
  MarketLabels labels;
};
std::optional<MarketRef> FindMarketParam(ApiContext& ctx, std::optional<std::string_view> text,
                                         std::string_view name, net::HttpResponse& error);

// An optional keyset cursor `before` (a positive id); 0 when absent.
std::optional<std::uint64_t> BeforeParam(const net::HttpRequest& req, net::HttpResponse& error);

}  // namespace probex::venue::api
