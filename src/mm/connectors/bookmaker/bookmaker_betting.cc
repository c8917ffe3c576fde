#include "mm/connectors/bookmaker/bookmaker_betting.h"

#include <boost/json.hpp>

#include "net/http_client.h"
#include "net/json_writer.h"
#include "net/websocket_client.h"

namespace probex::mm::bookmaker {
namespace {

std::string Text(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return "";
}

// Numbers come as JSON numbers (exact texts kept by ParseJson are not reachable from a bare
// value, so the shortest round-trip decimal is used: prices have ≤ 3 and stakes ≤ 2 decimals).
Money MoneyOf(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr) return Money();
  if (v->is_string()) return Money::Parse(v->as_string()).value_or(Money());
  if (v->is_int64()) return Money::FromWhole(v->as_int64()).value_or(Money());
  if (v->is_double()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.8f", v->as_double());
    return Money::Parse(buf).value_or(Money());
  }
  return Money();
}

std::string OrderJson(const HedgeBetRequest& r) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Key("orders").BeginArray().BeginObject();
  w.Field("requestUuid", r.request_uuid).Field("fixtureId", r.fixture_id);
  w.Field("outcomeId", r.outcome_id).Field("playerId", "0");
  w.Key("orderPrice").MoneyNumber(r.min_odds);
  w.Key("orderStake").MoneyNumber(r.stake);
  w.Field("acceptPartialStake", false).Field("userRef", "probex-mm-hedge");
  w.EndObject().EndArray().EndObject();
  return out;
}

}  // namespace

std::optional<BetView> ParseBet(const boost::json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  BetView b;
  b.bet_id = Text(o, "betId");
  if (b.bet_id.empty()) return std::nullopt;
  b.request_uuid = Text(o, "requestUuid");
  b.fixture_id = Text(o, "fixtureId");
  if (const auto* id = o.if_contains("outcomeId"); id && id->is_int64()) {
    b.outcome_id = static_cast<int>(id->as_int64());
  }
  b.price = MoneyOf(o, "price");
  b.stake = MoneyOf(o, "stake");
  b.bet_status = Text(o, "betStatus");
  b.settlement =
      FromBetSettlement(Text(o, "settlementStatus")).value_or(SettlementStatus::kUndecided);
  b.payout = MoneyOf(o, "payout");
  return b;
}

BookmakerBetting::BookmakerBetting(BettingOptions options) : options_(std::move(options)) {}

BookmakerBetting::~BookmakerBetting() { Stop(); }

HedgeBetResult BookmakerBetting::Place(const HedgeBetRequest& request) {
  net::HttpClientOptions ho;
  ho.connect_timeout = options_.request_timeout;
  ho.request_timeout = options_.request_timeout;
  net::HttpClient client(options_.host, options_.port, ho);
  const std::string body = OrderJson(request);
  HedgeBetResult result;
  for (int attempt = 0; attempt <= options_.transport_retries; ++attempt) {
    auto r = client.SendJson("POST", "/place-orders", body, {{"X-API-Key", options_.api_key}});
    if (!r.ok()) {
      result.error = r.error().code + ": " + r.error().message;
      continue;  // the same requestUuid: a resend cannot bet twice
    }
    if (r->status == 429 || r->status >= 500) {
      result.error = "HTTP " + std::to_string(r->status);
      continue;
    }
    if (r->status != 200 || !r->json.root.is_object()) {
      result.outcome = HedgeOutcome::kDeclined;
      result.decline_reason = "HTTP_" + std::to_string(r->status);
      return result;
    }
    const auto& o = r->json.root.as_object();
    const auto* accepted = o.if_contains("acceptedOrders");
    if (accepted && accepted->is_array() && !accepted->as_array().empty()) {
      const auto& order = accepted->as_array()[0].as_object();
      result.outcome = HedgeOutcome::kAccepted;
      result.bet.request_uuid = request.request_uuid;
      result.bet.bet_id = Text(order, "betId");
      result.bet.fixture_id = request.fixture_id;
      result.bet.outcome_id = request.outcome_id;
      result.bet.price = MoneyOf(order, "filledPrice");
      result.bet.stake = MoneyOf(order, "filledStake");
      result.bet.bet_status = "PLACED";
      return result;
    }
    const auto* declined = o.if_contains("declinedOrders");
    if (declined && declined->is_array() && !declined->as_array().empty() &&
        declined->as_array()[0].is_object()) {
      result.outcome = HedgeOutcome::kDeclined;
      result.decline_reason = Text(declined->as_array()[0].as_object(), "declineReason");
      return result;
    }
    result.error = "an answer with neither accepted nor declined orders";
  }
  result.outcome = HedgeOutcome::kUnknown;
  return result;
}

Result<std::vector<BetView>> BookmakerBetting::Bets(std::int64_t after_bet_id) {
  net::HttpClientOptions ho;
  ho.connect_timeout = options_.request_timeout;
  ho.request_timeout = options_.request_timeout;
  net::HttpClient client(options_.host, options_.port, ho);
  std::vector<BetView> out;
  for (;;) {
    auto r = client.GetJson("/bets?limit=1000&afterBetId=" + std::to_string(after_bet_id),
                            {{"X-API-Key", options_.api_key}});
    if (!r.ok()) return r.error();
    if (r->status != 200 || !r->json.root.is_object()) {
      return MakeError("bookmaker_error", "GET /bets: HTTP " + std::to_string(r->status));
    }
    const auto& o = r->json.root.as_object();
    const auto* bets = o.if_contains("bets");
    if (bets == nullptr || !bets->is_array()) return MakeError("bad_response", "no bets array");
    for (const auto& v : bets->as_array()) {
      if (auto b = ParseBet(v)) out.push_back(std::move(*b));
    }
    const auto* next = o.if_contains("nextAfterBetId");
    if (next == nullptr || !next->is_int64()) break;
    after_bet_id = next->as_int64();
  }
  return out;
}

void BookmakerBetting::Start(BetListener* listener) {
  listener_ = listener;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void BookmakerBetting::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BookmakerBetting::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

void BookmakerBetting::Run() {
  // Reads (and drops) messages until the subscription is confirmed; false when it never is.
  auto await_subscribed = [this](net::WebSocketClient& ws) {
    for (int i = 0; i < 50 && !stopping(); ++i) {
      auto msg = ws.Receive(std::chrono::milliseconds(100));
      if (!msg.ok()) {
        if (msg.error().code == "timeout") continue;
        return false;
      }
      if (msg->closed()) return false;
      auto doc = net::ParseJson(msg->data);
      if (!doc.ok() || !doc->root.is_object()) continue;
      const auto* type = doc->root.as_object().if_contains("type");
      if (type != nullptr && type->is_string() && type->as_string() == "subscribed") return true;
    }
    return false;
  };
  while (!stopping()) {
    net::WebSocketClient ws;
    if (ws.Connect(options_.host, options_.port, "/ws").ok()) {
      std::string login;
      net::JsonWriter w(login);
      w.BeginObject().Field("type", "login").Field("apiKey", options_.api_key).EndObject();
      (void)ws.Send(login);
      (void)ws.Send(R"({"type":"subscribe","channels":["bets","settlements"]})");
      // Bets settled while not connected are never streamed again: once subscribed, every bet's
      // current state is read once per connection, before the stream's (newer) messages.
      if (await_subscribed(ws)) {
        if (auto bets = Bets(); bets.ok()) {
          for (const auto& bet : *bets) listener_->OnBet(bet);
        }
      }
      while (!stopping()) {
        auto msg = ws.Receive(std::chrono::milliseconds(100));
        if (!msg.ok()) {
          if (msg.error().code == "timeout") continue;
          break;
        }
        if (msg->closed()) break;
        auto doc = net::ParseJson(msg->data);
        if (!doc.ok() || !doc->root.is_object()) continue;
        const auto& o = doc->root.as_object();
        const auto* data = o.if_contains("data");
        if (data == nullptr) continue;
        if (auto bet = ParseBet(*data)) listener_->OnBet(*bet);
      }
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::milliseconds(300), [this] { return stopping_; });
  }
}

}  // namespace probex::mm::bookmaker
