// GET /api/v1/trading/status and POST /api/v1/trading/pause|resume|stop|start {"reason"?}.
// Pause keeps resting orders and places nothing new; stop cancels every quote too. The client's
// switches combine with the operator's (soft pause, system stop, emergency) by the reference's
// precedence (domain/trading_status); the trading client's result drives the engine.
#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"

namespace probex::mm::api {

std::string TradingStatusJson(ApiContext& ctx, const ClientRecord& client,
                              std::string_view result) {
  const ManualControl m = ctx.clients.Manual(client.id);
  const SystemControl s = ctx.clients.System();
  const TradingStatus status = StatusOf(ctx.clients.SwitchesOf(client.id));
  std::string out;
  net::JsonWriter w(out);
  auto time = [&](std::string_view key, const std::optional<Timestamp>& t) {
    w.Key(key);
    if (t) {
      w.Time(*t);
    } else {
      w.Null();
    }
  };
  auto text = [&](std::string_view key, const std::string& v) {
    w.Key(key);
    if (v.empty()) {
      w.Null();
    } else {
      w.String(v);
    }
  };
  w.BeginObject().Field("client", client.id).Field("clientName", client.name);
  w.Field("oddsFormat", client.odds_format).Field("status", TradingStatusName(status));
  w.Field("tradingActive", status == TradingStatus::kLive);
  w.Field("manualPaused", m.paused);
  time("manualPausedAt", m.paused_at);
  text("manualPauseReason", m.pause_reason);
  w.Field("manualStopped", m.stopped);
  time("manualStoppedAt", m.stopped_at);
  text("manualStopReason", m.stop_reason);
  w.Field("systemTradingBlocked", s.blocked()).Field("emergencyActive", s.emergency);
  w.Field("systemStopped", s.system_stopped).Field("softPaused", s.soft_paused);
  text("systemReason", s.blocked() ? s.reason : "");
  w.Key("systemDurationSeconds");
  if (s.blocked() && s.since) {
    w.Int(std::max<std::int64_t>(0, (ctx.clock.Now().micros() - s.since->micros()) / 1'000'000));
  } else {
    w.Null();
  }
  if (!result.empty()) w.Field("result", result);
  w.EndObject();
  return out;
}

namespace {

enum class Action { kPause, kResume, kStop, kStart };

void Control(ApiContext& ctx, net::HttpRequest& req, net::Responder respond, Action action) {
  auto client = Authenticate(ctx, req, respond);
  if (!client) return;
  Validation v;
  auto doc = ParseBody(req, v, true);
  std::string reason;
  if (doc) {
    net::FieldErrors errors;
    auto r = net::JsonReader::Root(*doc, errors);
    if (r) {
      if (auto text = r->OptionalString("reason", net::StringRule{0, 500})) reason = *text;
      r->RejectUnknownFields({"reason"});
    }
    v.AddFieldErrors(errors);
  }
  if (!v.ok()) return respond(v.Response());
  ManualControl m = ctx.clients.Manual(client->id);
  const Timestamp now = ctx.clock.Now();
  std::string result;
  switch (action) {
    case Action::kPause:
      result = m.paused ? "already_paused" : "paused";
      if (!m.paused) m.paused_at = now;
      m.paused = true;
      m.pause_reason = reason;
      break;
    case Action::kResume:
      result = m.paused ? "resumed" : "not_paused";
      m.paused = false;
      m.paused_at.reset();
      m.pause_reason.clear();
      break;
    case Action::kStop:
      result = m.stopped ? "already_stopped" : "stopped";
      if (!m.stopped) m.stopped_at = now;
      m.stopped = true;
      m.stop_reason = reason;
      break;
    case Action::kStart:
      result = m.stopped ? "started" : "not_stopped";
      m.stopped = false;
      m.stopped_at.reset();
      m.stop_reason.clear();
      break;
  }
  if (Status st = ctx.clients.SetManual(client->id, m); !st.ok()) {
    return respond(Detail(500, st.error().message));
  }
  if (ctx.Trades(client->id)) {
    if (Status st = ctx.ApplyControl(client->id + ": " + result +
                                     (reason.empty() ? "" : " (" + reason + ")"));
        !st.ok()) {
      return respond(Detail(500, st.error().message));
    }
  }
  respond(JsonOk(TradingStatusJson(ctx, *client, result)));
}

}  // namespace

void AddTradingRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/trading/status",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        auto client = Authenticate(*ctx, req, respond);
        if (!client) return;
        respond(JsonOk(TradingStatusJson(*ctx, *client)));
      },
      ClientRoute(ctx));
  for (auto [path, action] : {std::pair{"/api/v1/trading/pause", Action::kPause},
                              std::pair{"/api/v1/trading/resume", Action::kResume},
                              std::pair{"/api/v1/trading/stop", Action::kStop},
                              std::pair{"/api/v1/trading/start", Action::kStart}}) {
    router.Post(
        path,
        [ctx, action = action](net::HttpRequest& req, net::Responder respond) {
          Control(*ctx, req, std::move(respond), action);
        },
        ClientRoute(ctx));
  }
}

}  // namespace probex::mm::api
