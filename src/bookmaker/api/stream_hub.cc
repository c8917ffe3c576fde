#include "bookmaker/api/stream_hub.h"

#include <algorithm>

#include "bookmaker/api/betting_json.h"
#include "bookmaker/api/feed_json.h"

namespace probex::bookmaker {

void StreamHub::AddFeedClient(const std::shared_ptr<net::WebSocketSession>& ws) {
  std::lock_guard lock(mu_);
  feed_.push_back(ws);
}

void StreamHub::AddBettingClient(const std::shared_ptr<net::WebSocketSession>& ws) {
  std::lock_guard lock(mu_);
  betting_.push_back({ws, 0, {}});
}

void StreamHub::LogIn(const net::WebSocketSession* ws, std::int64_t account_id) {
  std::lock_guard lock(mu_);
  for (BettingClient& c : betting_) {
    if (c.ws.get() == ws) c.account_id = account_id;
  }
}

void StreamHub::Subscribe(const net::WebSocketSession* ws,
                          const std::vector<std::string>& channels) {
  std::lock_guard lock(mu_);
  for (BettingClient& c : betting_) {
    if (c.ws.get() == ws) c.channels.insert(channels.begin(), channels.end());
  }
}

void StreamHub::Remove(const net::WebSocketSession* ws) {
  std::lock_guard lock(mu_);
  std::erase_if(feed_, [&](const auto& s) { return s.get() == ws; });
  std::erase_if(betting_, [&](const BettingClient& c) { return c.ws.get() == ws; });
}

std::size_t StreamHub::feed_clients() const {
  std::lock_guard lock(mu_);
  return feed_.size();
}

void StreamHub::SendFeed(const std::string& message) {
  std::lock_guard lock(mu_);
  for (const auto& ws : feed_) ws->Send(message);
}

void StreamHub::SendAccount(std::int64_t account_id, std::string_view channel,
                            const std::string& message) {
  std::lock_guard lock(mu_);
  for (const BettingClient& c : betting_) {
    if (c.account_id == account_id && c.channels.count(std::string(channel)) > 0) {
      c.ws->Send(message);
    }
  }
}

void StreamHub::OnOddsDelta(const Simulator&, const OddsDelta& delta) {
  {
    std::lock_guard lock(mu_);
    if (feed_.empty()) return;
  }
  SendFeed(OddsDeltaMessage(delta, clock_.Now()));
}

void StreamHub::OnFixtureChanged(const Fixture& fixture) {
  {
    std::lock_guard lock(mu_);
    if (feed_.empty() || sim_ == nullptr) return;
  }
  SendFeed(FixtureMessage(*sim_, fixture));
}

void StreamHub::OnOrder(const Order& order) {
  std::string data;
  net::JsonWriter w(data);
  WriteOrder(w, order);
  SendAccount(order.account_id, "orders", ChannelMessage("orders", data));
}

void StreamHub::OnBet(const Bet& bet) {
  std::string data;
  net::JsonWriter w(data);
  WriteBet(w, bet);
  SendAccount(bet.account_id, "bets", ChannelMessage("bets", data));
}

void StreamHub::OnSettlement(const Bet& bet) {
  std::string data;
  net::JsonWriter w(data);
  WriteBet(w, bet);
  SendAccount(bet.account_id, "settlements", ChannelMessage("settlements", data));
}

void StreamHub::OnAccount(const Account& account) {
  std::string data;
  net::JsonWriter w(data);
  WriteAccount(w, account);
  SendAccount(account.account_id, "accounts", ChannelMessage("accounts", data));
}

}  // namespace probex::bookmaker
