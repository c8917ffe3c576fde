// SubscriptionHub: the client API's WebSocket /ws/subscribe. No auth at connect: the client sends
// {"type":"subscribe","apiKey"|"api_key","channels":[…]} within `ws_subscribe_timeout` and gets
// {"type":"subscribed","subscriptionId","channels"}; then {"type":"broadcast","channel","event":
// "INSERT"|"UPDATE","payload",("old")} for its channels — orders, bets (engine records as they are
// saved), accounts (balances checked every `accounts_poll`), scores (fixture statuses), emergency
// (the operator's switches) — where `old` holds the previous values of the changed fields;
// {"type":"ping"} → {"type":"pong"}; {"type":"heartbeat"} every `ws_heartbeat`;
// {"type":"unsubscribe"}. Errors {"type":"error","message"} then close (1008): "apiKey required",
// "Invalid apiKey format", "Invalid API key", "Connection limit exceeded" (5 per key), and the
// subscribe timeout. A plain GET is 426 (the router).
// Thread rule: thread-safe; engine callbacks arrive on the engine thread and never block.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "mm/api/api_context.h"
#include "mm/api/records_json.h"
#include "mm/engine/engine_observer.h"
#include "net/websocket_session.h"

namespace probex::mm::api {

class SubscriptionHub final : public EngineObserver {
 public:
  explicit SubscriptionHub(ApiContext& ctx);
  ~SubscriptionHub() override;

  // Knows the engine's records loaded at start (so their next change is an UPDATE), then starts
  // the timer thread (subscribe timeouts, heartbeats, balance checks).
  void Start();
  void Stop();
  void Accept(const std::shared_ptr<net::WebSocketSession>& ws);

  void OnOrderSaved(const EngineOrder& order) override;
  void OnBetSaved(const HedgeBet& bet) override;
  void OnFixtureStatus(const std::string& fixture_id, int status_id) override;
  void PublishSystem(const SystemControl& before, const SystemControl& now);

 private:
  struct Sub {
    std::shared_ptr<net::WebSocketSession> ws;
    std::int64_t deadline_ns = 0;
    bool subscribed = false;
    std::string id;
    std::string client;
    std::string key_hash;
    std::set<std::string> channels;
    std::int64_t next_heartbeat_ns = 0;
    bool accounts_snapshot = false;  // owes an INSERT of each account at the next check
  };

  void OnMessage(net::WebSocketSession* ws, const std::string& text);
  void OnClose(net::WebSocketSession* ws);
  // Error then close; mu_ held.
  void Fail(Sub& sub, const std::string& message);
  // To every subscriber of `channel` (of `client` when not empty); mu_ held.
  void BroadcastLocked(const std::string& channel, const std::string& client, bool insert,
                       const Fields& payload, const Fields& old);
  // INSERT or UPDATE against the last fields seen under `key` in `last`.
  void Publish(std::map<std::string, Fields>& last, const std::string& key,
               const std::string& channel, const std::string& client, Fields now);
  void Run();
  void PollAccounts();

  ApiContext& ctx_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
  std::map<net::WebSocketSession*, Sub> subs_;
  std::map<std::string, int> per_key_;  // key hash → subscribed connections
  std::map<std::string, Fields> orders_, bets_, scores_, accounts_;
  std::int64_t next_accounts_ns_ = 0;
};

}  // namespace probex::mm::api
