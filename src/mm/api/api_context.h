// ApiContext: what every resource of the client API reaches — the engine, the venue connector
// (balances), the bookmaker feed (names of tournaments and market types), the client directory,
// the clock and the WebSocket hub — plus the options and the multi-client rule: one engine per
// process trades for one client (the trading client); every other client's engine data is empty.
// Thread rule: built once by the service; the members are thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "mm/api/client_directory.h"
#include "mm/connectors/bookmaker/bookmaker_feed.h"
#include "mm/connectors/exchange_connector.h"
#include "mm/engine/mm_engine.h"

namespace probex::mm::api {

struct MmApiOptions {
  std::string trading_client = "default";   // the client the engine trades for
  std::int64_t requests_per_minute = 2000;  // per client (429 beyond)
  std::chrono::milliseconds ws_subscribe_timeout{30'000};
  std::chrono::milliseconds ws_heartbeat{60'000};
  std::chrono::milliseconds accounts_poll{5'000};  // balance checks for the accounts channel
  int ws_connections_per_key = 5;
  std::string operator_key;  // Bearer key of /admin/v1 (empty: the operator API answers 401)
};

class SubscriptionHub;

class ApiContext {
 public:
  ApiContext(MmApiOptions options, MmEngine& engine, ExchangeConnector& venue,
             bookmaker::BookmakerFeed& feed, ClientDirectory& clients, const Clock& clock)
      : options(std::move(options)),
        engine(engine),
        venue(venue),
        feed(feed),
        clients(clients),
        clock(clock) {}
  ~ApiContext();

  // Runs `task` on the API's background thread (slow network calls: balances).
  void Background(std::function<void()> task);

  // Does the engine trade for this client (so its orders, bets, … are the client's)?
  bool Trades(const std::string& client_id) const { return client_id == options.trading_client; }
  // Sets the engine's control state from the trading client's switches (after any change).
  Status ApplyControl(const std::string& reason);

  // Names from the bookmaker, cached: tournament id → (name, category), market type → name.
  std::pair<std::string, std::string> TournamentNames(int sport_id, int tournament_id);
  std::string MarketTypeName(const std::string& market_type);

  const MmApiOptions options;
  MmEngine& engine;
  ExchangeConnector& venue;
  bookmaker::BookmakerFeed& feed;
  ClientDirectory& clients;
  const Clock& clock;
  SubscriptionHub* hub = nullptr;

 private:
  std::mutex names_mu_;
  std::map<int, bookmaker::TournamentInfo> tournaments_;
  std::map<int, bool> sports_loaded_;
  std::map<std::string, std::string> market_names_;
  bool market_names_loaded_ = false;
  std::mutex bg_mu_;
  std::condition_variable bg_cv_;
  std::deque<std::function<void()>> bg_tasks_;
  bool bg_stopping_ = false;
  std::thread bg_thread_;
};

}  // namespace probex::mm::api
