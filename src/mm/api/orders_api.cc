// Orders: GET /api/v1/orders (fixtureId, exchange, status as a comma list, fromDate, toDate on
// createdAt, page, pageSize; newest first), GET /api/v1/orders/open, GET /api/v1/orders/:orderId,
// POST /api/v1/orders/:orderId/cancel (404 unknown, 409 not open, 502 the venue failed) and
// POST /api/v1/orders/cancel {orderIds | fixtureId | exchange; empty: every open order} →
// {cancelled: [ids], failed: [{orderId, detail}]}, 502 when the venue failed any of them.
#include <algorithm>

#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"
#include "mm/api/records_json.h"

namespace probex::mm::api {
namespace {

const std::vector<std::string_view> kOrderStatuses = {"PENDING_PLACEMENT", "PLACED", "FILLED",
                                                      "CANCELLED",         "FAILED", "EXPIRED"};

std::vector<EngineOrder> ClientOrders(ApiContext& ctx, const ClientRecord& client) {
  if (!ctx.Trades(client.id)) return {};
  std::vector<EngineOrder> orders = ctx.engine.Orders();
  std::stable_sort(orders.begin(), orders.end(), [](const EngineOrder& a, const EngineOrder& b) {
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.order_id > b.order_id;
  });
  return orders;
}

void List(ApiContext& ctx, net::HttpRequest& req, net::Responder respond, bool open_only) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  QueryReader q(req, v);
  auto fixture = q.Text("fixtureId", "fixture_id");
  auto exchange = q.Text("exchange");
  std::vector<std::string> statuses;
  std::optional<Timestamp> from, to;
  if (!open_only) {
    statuses = q.List("status", "order_status", kOrderStatuses);
    from = q.Date("fromDate", "from_date", false);
    to = q.Date("toDate", "to_date", true);
  }
  Paging paging = Paging::Read(q);
  if (!v.ok()) return respond(v.Response());
  std::vector<std::string> items;
  for (const EngineOrder& o : ClientOrders(ctx, *client)) {
    if (fixture && o.fixture_id != *fixture) continue;
    if (exchange && o.exchange != *exchange) continue;
    if (open_only && IsTerminal(o.order_status)) continue;
    if (!statuses.empty() && std::find(statuses.begin(), statuses.end(),
                                       OrderStatusName(o.order_status)) == statuses.end()) {
      continue;
    }
    if (from && o.created_at < *from) continue;
    if (to && o.created_at > *to) continue;
    items.push_back(ObjectOf(OrderFields(o)));
  }
  respond(JsonOk(PageJson("orders", items, paging)));
}

std::optional<EngineOrder> FindOrder(ApiContext& ctx, const ClientRecord& client,
                                     std::string_view id) {
  for (EngineOrder& o : ClientOrders(ctx, client)) {
    if (o.order_id == id) return std::move(o);
  }
  return std::nullopt;
}

void CancelOne(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  const std::string id(req.PathParam("orderId").value_or(""));
  if (!FindOrder(ctx, *client, id)) return respond(Detail(404, "Order " + id + " not found"));
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  ApiContext* c = &ctx;
  ClientRecord owner = *client;
  ctx.engine.CancelOrders({id}, [c, shared, owner, id](std::vector<CancelOutcome> outcomes) {
    const CancelOutcome& r = outcomes.front();
    switch (r.code) {
      case CancelOutcome::Code::kNotFound:
        return (*shared)(Detail(404, "Order " + id + " not found"));
      case CancelOutcome::Code::kNotOpen:
        return (*shared)(Detail(409, "Order " + id + " cannot be cancelled: " + r.detail));
      case CancelOutcome::Code::kFailed:
        return (*shared)(Detail(502, "Order " + id + " was not cancelled: " + r.detail));
      case CancelOutcome::Code::kCancelled:
        break;
    }
    // On the engine thread: its reads run inline here.
    auto o = FindOrder(*c, owner, id);
    (*shared)(o ? JsonOk(ObjectOf(OrderFields(*o))) : Detail(404, "Order " + id + " not found"));
  });
}

void CancelMany(ApiContext& ctx, net::HttpRequest& req, net::Responder respond) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  auto doc = ParseBody(req, v, true);
  std::optional<std::vector<std::string>> ids;
  std::optional<std::string> fixture, exchange;
  if (doc) {
    net::FieldErrors errors;
    if (auto r = net::JsonReader::Root(*doc, errors)) {
      ids = r->OptionalStringArray({"orderIds", "order_ids"}, 2000);
      fixture = r->OptionalString({"fixtureId", "fixture_id"});
      exchange = r->OptionalString("exchange");
      r->RejectUnknownFields({"orderIds", "order_ids", "fixtureId", "fixture_id", "exchange"});
    }
    v.AddFieldErrors(errors);
  }
  if (!v.ok()) return respond(v.Response());
  std::vector<std::string> targets;
  std::vector<std::pair<std::string, std::string>> failed;  // id, detail
  const std::vector<EngineOrder> orders = ClientOrders(ctx, *client);
  if (ids) {
    for (const std::string& id : *ids) {
      auto it = std::find_if(orders.begin(), orders.end(),
                             [&](const EngineOrder& o) { return o.order_id == id; });
      if (it == orders.end()) {
        failed.emplace_back(id, "order not found");
      } else {
        targets.push_back(id);
      }
    }
  } else {
    for (const EngineOrder& o : orders) {
      if (IsTerminal(o.order_status) || o.order_status == OrderStatus::kPendingPlacement) continue;
      if (fixture && o.fixture_id != *fixture) continue;
      if (exchange && o.exchange != *exchange) continue;
      targets.push_back(o.order_id);
    }
  }
  auto finish = [](net::Responder& r, const std::vector<std::string>& cancelled,
                   const std::vector<std::pair<std::string, std::string>>& failures,
                   bool venue_failed) {
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject().Key("cancelled").BeginArray();
    for (const auto& id : cancelled) w.String(id);
    w.EndArray().Key("failed").BeginArray();
    for (const auto& [id, detail] : failures) {
      w.BeginObject().Field("orderId", id).Field("detail", detail).EndObject();
    }
    w.EndArray().EndObject();
    r(JsonOk(std::move(out), venue_failed ? 502 : 200));
  };
  if (targets.empty()) return finish(respond, {}, failed, false);
  auto shared = std::make_shared<net::Responder>(std::move(respond));
  ctx.engine.CancelOrders(targets, [shared, failed, finish](std::vector<CancelOutcome> outcomes) {
    std::vector<std::string> cancelled;
    auto failures = failed;
    bool venue_failed = false;
    for (const CancelOutcome& c : outcomes) {
      if (c.code == CancelOutcome::Code::kCancelled) {
        cancelled.push_back(c.order_id);
      } else {
        failures.emplace_back(c.order_id, c.detail);
        venue_failed = venue_failed || c.code == CancelOutcome::Code::kFailed;
      }
    }
    finish(*shared, cancelled, failures, venue_failed);
  });
}

}  // namespace

void AddOrdersRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/orders",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        List(*ctx, req, std::move(respond), false);
      },
      ClientRoute(ctx));
  router.Get(
      "/api/v1/orders/open",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        List(*ctx, req, std::move(respond), true);
      },
      ClientRoute(ctx));
  router.Get(
      "/api/v1/orders/:orderId",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        auto client = Authenticate(*ctx, req, respond);
        if (!client) return;
        const std::string id(req.PathParam("orderId").value_or(""));
        auto o = FindOrder(*ctx, *client, id);
        if (!o) return respond(Detail(404, "Order " + id + " not found"));
        respond(JsonOk(ObjectOf(OrderFields(*o))));
      },
      ClientRoute(ctx));
  router.Post(
      "/api/v1/orders/:orderId/cancel",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        CancelOne(*ctx, req, std::move(respond));
      },
      ClientRoute(ctx));
  router.Post(
      "/api/v1/orders/cancel",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        CancelMany(*ctx, req, std::move(respond));
      },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
