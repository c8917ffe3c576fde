#include "mm/api/subscription_hub.h"

#include "mm/api/accounts_json.h"
#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"
#include "net/api_key.h"
#include "net/json.h"
#include "net/json_writer.h"
#include "net/router.h"

namespace probex::mm::api {
namespace {

const std::set<std::string> kChannels = {"orders", "bets", "accounts", "scores", "emergency"};

std::int64_t Ns(std::chrono::milliseconds ms) { return ms.count() * 1'000'000; }

std::string Str(std::string_view s) {
  std::string out;
  net::JsonWriter::AppendQuoted(out, s);
  return out;
}

std::string ErrorMessage(std::string_view message) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", "error").Field("message", message).EndObject();
  return out;
}

std::string BroadcastMessage(const std::string& channel, bool insert, const Fields& payload,
                             const Fields& old) {
  std::string msg = R"({"type":"broadcast","channel":)" + Str(channel) + R"(,"event":)" +
                    (insert ? std::string(R"("INSERT")") : std::string(R"("UPDATE")")) +
                    R"(,"payload":)" + ObjectOf(payload);
  if (!insert) msg += R"(,"old":)" + ObjectOf(old);
  return msg + "}";
}

Fields SystemFields(const SystemControl& s) {
  return {{"emergencyActive", s.emergency ? "true" : "false"},
          {"systemStopped", s.system_stopped ? "true" : "false"},
          {"softPaused", s.soft_paused ? "true" : "false"},
          {"systemTradingBlocked", s.blocked() ? "true" : "false"},
          {"systemReason", s.blocked() && !s.reason.empty() ? Str(s.reason) : "null"}};
}

}  // namespace

SubscriptionHub::SubscriptionHub(ApiContext& ctx) : ctx_(ctx) {}

SubscriptionHub::~SubscriptionHub() { Stop(); }

void SubscriptionHub::Start() {
  // Read outside mu_: the engine thread may be publishing (and taking mu_) meanwhile.
  const std::vector<EngineOrder> orders = ctx_.engine.Orders();
  const std::vector<HedgeBet> bets = ctx_.engine.Bets();
  {
    std::lock_guard lock(mu_);
    for (const EngineOrder& o : orders) orders_.try_emplace(o.order_id, OrderFields(o));
    for (const HedgeBet& b : bets) {
      bets_.try_emplace(b.bet_id, BetFields(b, ctx_.options.trading_client));
    }
  }
  thread_ = std::thread([this] { Run(); });
}

void SubscriptionHub::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  subs_.clear();
}

void SubscriptionHub::Accept(const std::shared_ptr<net::WebSocketSession>& ws) {
  std::lock_guard lock(mu_);
  Sub& sub = subs_[ws.get()];
  sub.ws = ws;
  sub.deadline_ns = MonotonicNanos() + Ns(ctx_.options.ws_subscribe_timeout);
  net::WebSocketSession* raw = ws.get();
  ws->SetOnMessage([this, raw](std::string text, bool) { OnMessage(raw, text); });
  ws->SetOnClose([this, raw](std::uint16_t, std::string_view) { OnClose(raw); });
}

void SubscriptionHub::OnClose(net::WebSocketSession* ws) {
  std::lock_guard lock(mu_);
  auto it = subs_.find(ws);
  if (it == subs_.end()) return;
  if (it->second.subscribed) {
    if (--per_key_[it->second.key_hash] <= 0) per_key_.erase(it->second.key_hash);
  }
  subs_.erase(it);
}

void SubscriptionHub::Fail(Sub& sub, const std::string& message) {
  sub.ws->Send(ErrorMessage(message));
  sub.ws->Close(net::close_code::kPolicyViolation, message);
  sub.deadline_ns = std::numeric_limits<std::int64_t>::max();  // no second timeout error
}

void SubscriptionHub::OnMessage(net::WebSocketSession* ws, const std::string& text) {
  std::lock_guard lock(mu_);
  auto it = subs_.find(ws);
  if (it == subs_.end()) return;
  Sub& sub = it->second;
  auto doc = net::ParseJson(text);
  if (!doc.ok() || !doc->root.is_object()) {
    sub.ws->Send(ErrorMessage("Invalid message: expected a JSON object"));
    return;
  }
  const auto& o = doc->root.as_object();
  const auto* type = o.if_contains("type");
  const std::string t = type != nullptr && type->is_string() ? std::string(type->as_string()) : "";
  if (t == "ping") {
    sub.ws->Send(R"({"type":"pong"})");
    return;
  }
  if (t == "unsubscribe") {
    std::set<std::string> removed;
    const auto* ch = o.if_contains("channels");
    if (ch != nullptr && ch->is_array()) {
      for (const auto& c : ch->as_array()) {
        if (c.is_string() && sub.channels.erase(std::string(c.as_string())) != 0) {
          removed.insert(std::string(c.as_string()));
        }
      }
    } else {
      removed = std::exchange(sub.channels, {});
    }
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject().Field("type", "unsubscribed").Key("channels").BeginArray();
    for (const auto& c : removed) w.String(c);
    w.EndArray().EndObject();
    sub.ws->Send(std::move(out));
    return;
  }
  if (t != "subscribe") {
    sub.ws->Send(ErrorMessage("Unknown message type: '" + t + "'"));
    return;
  }
  const auto* key = o.if_contains("apiKey");
  if (key == nullptr) key = o.if_contains("api_key");
  if (key == nullptr || !key->is_string() || key->as_string().empty()) {
    return Fail(sub, "apiKey required");
  }
  const std::string presented(key->as_string());
  if (!net::IsUuid(presented)) return Fail(sub, "Invalid apiKey format");
  auto record = ctx_.clients.Authenticate(presented);
  if (!record.ok()) return Fail(sub, "Invalid API key");
  std::set<std::string> channels;
  const auto* ch = o.if_contains("channels");
  if (ch == nullptr || !ch->is_array() || ch->as_array().empty()) {
    channels = kChannels;
  } else {
    for (const auto& c : ch->as_array()) {
      const std::string name = c.is_string() ? std::string(c.as_string()) : net::ToJson(c);
      if (kChannels.count(name) == 0) {
        sub.ws->Send(ErrorMessage("Invalid channel: '" + name +
                                  "' (orders, bets, accounts, scores, emergency)"));
        continue;
      }
      channels.insert(name);
    }
  }
  if (!sub.subscribed) {
    if (per_key_[record->hash] >= ctx_.options.ws_connections_per_key) {
      return Fail(sub, "Connection limit exceeded");
    }
    ++per_key_[record->hash];
    sub.subscribed = true;
    sub.key_hash = record->hash;
    sub.id = "sub_" + net::RandomBase62(16);
    sub.next_heartbeat_ns = MonotonicNanos() + Ns(ctx_.options.ws_heartbeat);
  } else if (sub.key_hash != record->hash) {
    return Fail(sub, "Invalid API key");
  }
  sub.client = record->owner;
  if (channels.count("accounts") != 0 && sub.channels.count("accounts") == 0) {
    sub.accounts_snapshot = true;
  }
  sub.channels.insert(channels.begin(), channels.end());
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", "subscribed").Field("subscriptionId", sub.id);
  w.Key("channels").BeginArray();
  for (const auto& c : sub.channels) w.String(c);
  w.EndArray().EndObject();
  sub.ws->Send(std::move(out));
}

void SubscriptionHub::BroadcastLocked(const std::string& channel, const std::string& client,
                                      bool insert, const Fields& payload, const Fields& old) {
  std::string msg;
  for (auto& [raw, sub] : subs_) {
    if (!sub.subscribed || sub.channels.count(channel) == 0) continue;
    if (!client.empty() && sub.client != client) continue;
    if (msg.empty()) msg = BroadcastMessage(channel, insert, payload, old);
    sub.ws->Send(msg);
  }
}

void SubscriptionHub::Publish(std::map<std::string, Fields>& last, const std::string& key,
                              const std::string& channel, const std::string& client, Fields now) {
  std::lock_guard lock(mu_);
  auto it = last.find(key);
  if (it == last.end()) {
    BroadcastLocked(channel, client, true, now, {});
    last.emplace(key, std::move(now));
    return;
  }
  Fields old = ChangedFrom(it->second, now);
  if (old.empty()) return;  // nothing the client can see changed
  BroadcastLocked(channel, client, false, now, old);
  it->second = std::move(now);
}

void SubscriptionHub::OnOrderSaved(const EngineOrder& order) {
  Publish(orders_, order.order_id, "orders", ctx_.options.trading_client, OrderFields(order));
}

void SubscriptionHub::OnBetSaved(const HedgeBet& bet) {
  Publish(bets_, bet.bet_id, "bets", ctx_.options.trading_client,
          BetFields(bet, ctx_.options.trading_client));
}

void SubscriptionHub::OnFixtureStatus(const std::string& fixture_id, int status_id) {
  Publish(scores_, fixture_id, "scores", ctx_.options.trading_client,
          {{"fixtureId", Str(fixture_id)}, {"statusId", std::to_string(status_id)}});
}

void SubscriptionHub::PublishSystem(const SystemControl& before, const SystemControl& now) {
  const Fields b = SystemFields(before), n = SystemFields(now);
  Fields old = ChangedFrom(b, n);
  if (old.empty()) return;
  std::lock_guard lock(mu_);
  BroadcastLocked("emergency", "", false, n, old);
}

void SubscriptionHub::PollAccounts() {
  bool wanted = false;
  {
    std::lock_guard lock(mu_);
    for (const auto& [raw, sub] : subs_) {
      wanted = wanted ||
               (sub.subscribed && sub.channels.count("accounts") != 0 && ctx_.Trades(sub.client));
    }
  }
  if (!wanted) return;
  auto client = ctx_.clients.Find(ctx_.options.trading_client);
  if (!client) return;
  std::vector<Fields> accounts = AccountFields(ctx_, *client);
  std::lock_guard lock(mu_);
  for (Fields& now : accounts) {
    const std::string key = now.front().second + "/" + now[1].second;  // exchange/accountName
    auto it = accounts_.find(key);
    const bool insert = it == accounts_.end();
    const Fields old = insert ? Fields{} : ChangedFrom(it->second, now);
    for (auto& [raw, sub] : subs_) {
      if (!sub.subscribed || sub.channels.count("accounts") == 0 || sub.client != client->id) {
        continue;
      }
      // A new subscriber gets the current state once; the others what changed.
      if (sub.accounts_snapshot) {
        sub.ws->Send(BroadcastMessage("accounts", true, now, {}));
      } else if (insert || !old.empty()) {
        sub.ws->Send(BroadcastMessage("accounts", insert, now, old));
      }
    }
    accounts_[key] = std::move(now);
  }
  for (auto& [raw, sub] : subs_) {
    if (sub.subscribed && sub.channels.count("accounts") != 0) sub.accounts_snapshot = false;
  }
}

void SubscriptionHub::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(20));
    if (stopping_) break;
    const std::int64_t now = MonotonicNanos();
    for (auto& [raw, sub] : subs_) {
      if (!sub.subscribed && now >= sub.deadline_ns) {
        Fail(sub, "Subscription timeout: send a subscribe message within " +
                      std::to_string(ctx_.options.ws_subscribe_timeout.count() / 1000) +
                      " seconds");
      } else if (sub.subscribed && now >= sub.next_heartbeat_ns) {
        sub.ws->Send(R"({"type":"heartbeat","timestamp":)" + Str(FormatIso8601(ctx_.clock.Now())) +
                     "}");
        sub.next_heartbeat_ns = now + Ns(ctx_.options.ws_heartbeat);
      }
    }
    if (now >= next_accounts_ns_) {
      next_accounts_ns_ = now + Ns(ctx_.options.accounts_poll);
      lock.unlock();
      PollAccounts();
      lock.lock();
    }
  }
}

void AddSubscribeRoute(net::Router& router, ApiContext* ctx) {
  router.AddWebSocket("/ws/subscribe",
                      [ctx](net::HttpRequest&, const std::shared_ptr<net::WebSocketSession>& ws) {
                        ws->options().max_queued_bytes = 16 << 20;
                        if (ctx->hub == nullptr) {
                          return ws->Reject(Detail(503, "subscriptions are not available"));
                        }
                        ctx->hub->Accept(ws);
                      });
}

}  // namespace probex::mm::api
