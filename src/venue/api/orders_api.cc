#include "venue/api/orders_api.h"

#include <algorithm>
#include <string>
#include <vector>

#include "venue/api/orders_compat.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

constexpr std::size_t kMaxCancelIds = 1000;

// A price field: exact decimal, at most 2 decimals, strictly inside (0, 1).
std::optional<Money> PriceField(JsonBody& body, std::string_view name, bool& failed,
                                net::HttpResponse& error) {
  auto text = body.reader().OptionalDecimalText(name);
  if (!body.ok()) {
    failed = true;
    error = body.Error();
    return std::nullopt;
  }
  if (!text) return std::nullopt;
  auto money = Money::Parse(*text);
  if (!money) {
    failed = true;
    error =
        BadRequest(std::string(name) + " must be a decimal number, got " + *text, "invalid_price");
    return std::nullopt;
  }
  if (!money->HasAtMostDecimals(2)) {
    failed = true;
    error = BadRequest(std::string(name) + " must have at most 2 decimals, got " + *text,
                       "invalid_price");
    return std::nullopt;
  }
  if (!money->is_positive() || money->units() >= Money::kScale) {
    failed = true;
    error = BadRequest(std::string(name) +
                           " must be strictly between 0 and 1 (0 and 1 are reserved for "
                           "resolution), got " +
                           *text,
                       "invalid_price");
    return std::nullopt;
  }
  return *money;
}

std::optional<MarketId> MarketIdField(JsonBody& body, net::HttpResponse& error) {
  auto text = body.reader().RequiredString("marketId");
  if (!text) {
    error = body.Error();
    return std::nullopt;
  }
  auto id = ParseId(*text);
  if (!id || *id > UINT32_MAX) {
    error = NotFound("market " + *text + " not found", "unknown_market");
    return std::nullopt;
  }
  return MarketId(static_cast<std::uint32_t>(*id));
}

std::optional<MarketLabels> MarketFor(ApiContext& ctx, MarketId id, net::HttpResponse& error) {
  auto labels = ctx.directory().Market(id);
  if (!labels) {
    error = NotFound("market " + FormatId(id.value()) + " not found", "unknown_market");
    return std::nullopt;
  }
  return labels;
}

void PlaceOrderHandler(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
                       net::Responder respond) {
  if (!ctx.directory().switches().orders) {
    return respond(ServiceUnavailable("order placement is temporarily disabled by the operator",
                                      "orders_disabled"));
  }
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto market_id = MarketIdField(body, error);
  if (!market_id) return respond(std::move(error));
  auto outcome = body.reader().RequiredString("outcome");
  auto side = body.reader().RequiredEnum<OrderSide>(
      "side", {{"bid", OrderSide::kBid}, {"ask", OrderSide::kAsk}});
  auto type =
      body.reader().RequiredEnum<OrderType>("type", {{"Limit", OrderType::kLimit},
                                                     {"Market", OrderType::kMarket},
                                                     {"StopLoss", OrderType::kStopLoss},
                                                     {"TakeProfit", OrderType::kTakeProfit}});
  if (!body.ok()) return respond(body.Error());
  bool failed = false;
  auto price = PriceField(body, "price", failed, error);
  if (failed) return respond(std::move(error));
  auto trigger = PriceField(body, "triggerPrice", failed, error);
  if (failed) return respond(std::move(error));
  auto quantity_text = body.reader().OptionalDecimalText("quantity");
  auto quote_text = body.reader().OptionalDecimalText("quoteQuantity");
  if (!body.ok()) return respond(body.Error());
  if (quantity_text && quote_text) {
    return respond(BadRequest("quantity and quoteQuantity are mutually exclusive",
                              "quantity_and_quote_quantity"));
  }
  std::optional<Money> quantity;
  if (quantity_text) {
    auto q = Money::Parse(*quantity_text);
    if (!q || !q->HasAtMostDecimals(0) || !q->is_positive()) {
      return respond(BadRequest("quantity must be a positive integer, got " + *quantity_text,
                                "invalid_quantity"));
    }
    quantity = *q;
  }
  std::optional<Money> quote;
  if (quote_text) {
    auto q = Money::Parse(*quote_text);
    if (!q) {
      return respond(BadRequest("quoteQuantity must be a decimal number, got " + *quote_text,
                                "invalid_quote_quantity"));
    }
    quote = *q;
  }
  auto labels = MarketFor(ctx, *market_id, error);
  if (!labels) return respond(std::move(error));
  auto index = VenueDirectory::OutcomeIndex(*labels, *outcome);
  if (!index) {
    return respond(BadRequest("outcome \"" + *outcome + "\" is not one of the market's outcomes (" +
                                  labels->outcomes[0] + ", " + labels->outcomes[1] + ")",
                              "invalid_outcome"));
  }
  PlaceOrder command;
  command.account = caller.account;
  command.market = *market_id;
  command.outcome = static_cast<std::uint8_t>(*index);
  command.side = *side;
  command.type = *type;
  command.price = price;
  command.trigger_price = trigger;
  command.quantity = quantity;
  command.quote_quantity = quote;
  ctx.Submit(
      std::move(command),
      [outcomes = labels->outcomes](const ApiContext::Committed& c) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("order");
        WriteOrder(w, c.output.order, outcomes);
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void CancelOrdersHandler(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
                         net::Responder respond) {
  JsonBody body;
  net::HttpResponse error;
  if (!body.Parse(req, error)) return respond(std::move(error));
  auto market_id = MarketIdField(body, error);
  if (!market_id) return respond(std::move(error));
  auto ids = body.reader().RequiredStringArray("orderIds", kMaxCancelIds);
  if (!body.ok()) return respond(body.Error());
  if (!MarketFor(ctx, *market_id, error)) return respond(std::move(error));
  CancelOrders command;
  command.account = caller.account;
  command.market = *market_id;
  for (const std::string& text : *ids) {
    auto id = ParseId(text);
    if (!id) {
      return respond(NotFound("order " + text + " not found among your open orders in this market",
                              "order_not_found"));
    }
    command.order_ids.push_back(OrderId(*id));
  }
  ctx.Submit(
      std::move(command),
      [](const ApiContext::Committed& c) {
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("result").BeginObject().Key("dropped").BeginArray();
        for (const Event& e : c.output.events) {
          if (const auto* u = std::get_if<OrderUpdated>(&e)) {
            if (u->order.status == OrderStatus::kCancelled) w.String(FormatId(u->order.id.value()));
          }
        }
        w.EndArray().EndObject().EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

void ListOrdersHandler(ApiContext& ctx, net::HttpRequest& req, const Caller& caller,
                       net::Responder respond) {
  auto market_text = req.Query("marketId");
  if (!market_text || market_text->empty()) {
    return respond(BadRequest("marketId is required", "missing_field"));
  }
  auto id = ParseId(*market_text);
  if (!id || *id > UINT32_MAX) {
    return respond(
        NotFound("market " + std::string(*market_text) + " not found", "unknown_market"));
  }
  net::HttpResponse error;
  const MarketId market(static_cast<std::uint32_t>(*id));
  auto labels = MarketFor(ctx, market, error);
  if (!labels) return respond(std::move(error));
  int outcome_filter = -1;
  if (auto outcome = req.Query("outcome"); outcome && !outcome->empty()) {
    auto index = VenueDirectory::OutcomeIndex(*labels, *outcome);
    if (!index) {
      return respond(BadRequest(
          "outcome \"" + std::string(*outcome) + "\" is not one of the market's outcomes",
          "invalid_outcome"));
    }
    outcome_filter = *index;
  }
  auto limit = QueryInt(req, "limit", 100, 1, 1000, error);
  if (!limit) return respond(std::move(error));
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return respond(std::move(error));
  ctx.Read(
      [account = caller.account, market, outcome_filter, limit = *limit, offset = *offset,
       outcomes = labels->outcomes](const Exchange& x) {
        std::vector<Order> orders;
        x.OpenOrders(account, market, orders);
        if (outcome_filter >= 0) {
          std::erase_if(orders, [&](const Order& o) { return o.outcome != outcome_filter; });
        }
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Key("orders").BeginArray();
        const std::size_t begin =
            std::min<std::size_t>(static_cast<std::size_t>(offset), orders.size());
        const std::size_t end =
            std::min<std::size_t>(begin + static_cast<std::size_t>(limit), orders.size());
        for (std::size_t i = begin; i < end; ++i) WriteOrder(w, orders[i], outcomes);
        w.EndArray();
        w.Field("total", static_cast<std::int64_t>(orders.size()));
        w.EndObject();
        return net::HttpResponse::Json(200, std::move(out));
      },
      std::move(respond));
}

}  // namespace

void RegisterOrdersRoutes(net::Router& router, ApiContext& ctx) {
  net::HttpHandler place =
      ctx.Authed(kScopeOrderPlace, {kRuleGlobal, kRuleOrders},
                 [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
                   PlaceOrderHandler(ctx, req, caller, std::move(respond));
                 });
  auto cancel = [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
    CancelOrdersHandler(ctx, req, caller, std::move(respond));
  };
  // The reference's cancel example POSTs {marketId, orderIds} here (orders_compat.h).
  net::HttpHandler post_cancel = ctx.Authed(kScopeOrderCancel, {kRuleGlobal, kRuleOrders}, cancel);
  router.Post("/api/v1/orders", [place = std::move(place), post_cancel = std::move(post_cancel)](
                                    net::HttpRequest& req, net::Responder respond) {
    if (IsCancelShapedOrderBody(req.body())) return post_cancel(req, std::move(respond));
    place(req, std::move(respond));
  });
  router.Delete("/api/v1/orders",
                ctx.Authed(kScopeOrderCancel, {kRuleGlobal, kRuleOrders}, cancel));
  router.Post("/api/v1/orders/cancel",
              ctx.Authed(kScopeOrderCancel, {kRuleGlobal, kRuleOrders}, cancel));
  router.Get("/api/v1/orders", ctx.Authed(kScopeOrderRead, {kRuleGlobal, kRuleOrders},
                                          [&ctx](net::HttpRequest& req, const Caller& caller,
                                                 net::Responder respond) {
                                            ListOrdersHandler(ctx, req, caller, std::move(respond));
                                          }));
}

}  // namespace probex::venue::api
