// StreamHub: the bookmaker's WebSocket fan-out. Feed clients (/v4/ws) get every odds delta and
// fixture update; betting clients (/ws) log in with their key, subscribe to channels (orders,
// bets, settlements, accounts) and get their own account's events only. It is the Sportsbook's
// Publisher: messages are rendered once under the Sportsbook lock and queued to each session
// (WebSocketSession::Send never blocks; a slow client is dropped by its bounded queue). Odds
// messages carry the wall-clock time they were published (`clock`) for latency measurement.
// Thread rule: thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bookmaker/api/sportsbook.h"
#include "common/clock.h"
#include "net/websocket_session.h"

namespace probex::bookmaker {

class StreamHub final : public Publisher {
 public:
  explicit StreamHub(const Clock& clock) : clock_(clock) {}

  void AddFeedClient(const std::shared_ptr<net::WebSocketSession>& ws);
  // A betting session, not yet logged in.
  void AddBettingClient(const std::shared_ptr<net::WebSocketSession>& ws);
  void LogIn(const net::WebSocketSession* ws, std::int64_t account_id);
  void Subscribe(const net::WebSocketSession* ws, const std::vector<std::string>& channels);
  void Remove(const net::WebSocketSession* ws);
  std::size_t feed_clients() const;

  void OnOddsDelta(const Simulator& sim, const OddsDelta& delta) override;
  void OnFixtureChanged(const Fixture& fixture) override;
  void OnOrder(const Order& order) override;
  void OnBet(const Bet& bet) override;
  void OnSettlement(const Bet& bet) override;
  void OnAccount(const Account& account) override;

  // For fixture messages the hub needs the simulator (set once at wiring).
  void SetSimulatorView(const Simulator* sim) { sim_ = sim; }

 private:
  struct BettingClient {
    std::shared_ptr<net::WebSocketSession> ws;
    std::int64_t account_id = 0;  // 0 until logged in
    std::set<std::string> channels;
  };
  void SendFeed(const std::string& message);
  void SendAccount(std::int64_t account_id, std::string_view channel, const std::string& message);

  const Clock& clock_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<net::WebSocketSession>> feed_;
  std::vector<BettingClient> betting_;
  const Simulator* sim_ = nullptr;
};

}  // namespace probex::bookmaker
