// WsRooms: the venue's WebSocket /ws (protocol in docs/venue-ws.md). Clients subscribe to rooms
// `market:<id>` (aggregated book level changes, trades, market status) and, with an API key that
// has order:read and balance:read, `user` (their own order updates, fills and balance changes).
// Rooms `prices:<asset>` stream the oracle's ticks (crypto_price_update, docs/venue-ctm.md).
// Every room message carries the room's sequence number `seq` (consecutive per room, counted
// whether or not anyone listens) and the engine's `commandSeq`, so a client that sees a gap
// resyncs from the REST snapshot (GET /markets/:id/orderbook carries the commandSeq it reflects).
//
// Fan-out runs on its own engine feed subscriber thread: a mirror of the resting book and of the
// open orders turns each committed command's events into room messages. Sending never blocks: a
// client whose bounded queue overflows is disconnected by its WebSocketSession.
// Thread rule: Register before the server starts; the rest is internal (the feed thread and the
// connections' strands share the rooms under one mutex).
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/json_writer.h"
#include "net/router.h"
#include "net/websocket_session.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

class WsRooms {
 public:
  // Creates the rooms, subscribes to the engine's feed, loads the resting book, adds the /ws
  // route, and hands ownership and the stop hook to `ctx`.
  static void Register(net::Router& router, ApiContext& ctx);

  explicit WsRooms(ApiContext& ctx) : ctx_(ctx) {}
  WsRooms(const WsRooms&) = delete;
  WsRooms& operator=(const WsRooms&) = delete;

 private:
  struct Client {
    std::weak_ptr<net::WebSocketSession> session;
    AccountId account;         // 0 until authenticated
    std::uint64_t key_id = 0;  // the key it authenticated with; 0 = none
    std::uint32_t scopes = 0;
    std::set<std::string> rooms;  // guarded by WsRooms::mu_
  };
  struct Room {
    std::uint64_t seq = 0;
    std::vector<std::shared_ptr<Client>> members;
  };
  struct Level {
    std::int64_t quantity = 0;
    std::uint32_t orders = 0;
  };
  struct MarketBook {
    std::array<std::array<Level, 100>, 2> levels{};  // [book side][outcome-0 cents]
  };
  struct OpenOrder {
    Order order;
    std::int64_t resting = 0;  // shares this order shows in the book
  };
  // One message for one room, built only when the room has listeners.
  struct Outgoing {
    bool user = false;
    std::uint32_t id = 0;  // market or account id
    std::string body;      // the fields after "seq" and "commandSeq", without braces
  };

  void Start();
  void Stop();
  void OnOpen(net::HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws);
  void OnMessage(const std::shared_ptr<Client>& client, const std::string& text);
  void OnClose(const std::shared_ptr<Client>& client);
  void SendTo(const std::shared_ptr<Client>& client, const std::string& text);
  void Subscribe(const std::shared_ptr<Client>& client, const std::string& room,
                 const std::string& id_json);
  void Unsubscribe(const std::shared_ptr<Client>& client, const std::string& room,
                   const std::string& id_json);

  void OnCommitted(const ApiContext::Committed& c);
  // Closes (1008, after an error message) every connection authenticated with a revoked key.
  void CloseRevoked(std::uint64_t key_id);
  void RememberKey(const std::shared_ptr<Client>& client);  // mu_ held
  void TrackOrder(const Order& order, std::vector<std::pair<std::uint32_t, int>>& changed);
  void WriteBookChanges(net::JsonWriter& w, MarketId market, const std::vector<int>& keys);

  ApiContext& ctx_;
  std::uint64_t subscription_ = 0;

  std::mutex ready_mu_;
  std::condition_variable ready_cv_;
  bool ready_ = false;
  std::uint64_t start_seq_ = 0;

  // Feed thread only (after the start-up load).
  std::unordered_map<std::uint64_t, OpenOrder> orders_;
  std::unordered_map<std::uint32_t, MarketBook> books_;

  std::mutex mu_;
  std::unordered_map<std::uint32_t, Room> market_rooms_;
  std::unordered_map<std::uint32_t, Room> user_rooms_;
  std::unordered_map<std::string, Room> price_rooms_;  // "prices:<asset>" → room
  // Connections by the key they authenticated with, so a revocation reaches every one of them.
  std::unordered_map<std::uint64_t, std::vector<std::weak_ptr<Client>>> clients_by_key_;
};

}  // namespace probex::venue::api
