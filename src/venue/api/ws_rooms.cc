#include "venue/api/ws_rooms.h"

#include <algorithm>
#include <cstdio>

#include "net/json.h"
#include "net/json_writer.h"
#include "venue/api/history_api.h"
#include "venue/api/market_data_api.h"
#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

constexpr std::size_t kMaxRoomsPerClient = 100;
constexpr std::uint32_t kUserRoomScopes = kScopeOrderRead | kScopeBalanceRead;

std::string MarketRoomName(std::uint32_t market) { return "market:" + std::to_string(market); }

// {"type":"error","error":..., "message":..., "op"?, "room"?, "id"?}
std::string ErrorMessage(std::string_view error, std::string_view message, std::string_view op,
                         std::string_view room, const std::string& id_json) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", "error").Field("error", error).Field("message", message);
  if (!op.empty()) w.Field("op", op);
  if (!room.empty()) w.Field("room", room);
  if (!id_json.empty()) w.Key("id").RawJson(id_json);
  w.EndObject();
  return out;
}

}  // namespace

void WsRooms::Register(net::Router& router, ApiContext& ctx) {
  auto rooms = std::make_shared<WsRooms>(ctx);
  rooms->Start();
  ctx.OnStop([rooms] { rooms->Stop(); });
  router.AddWebSocket(
      "/ws", [rooms](net::HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws) {
        rooms->OnOpen(req, ws);
      });
  ctx.Own(rooms);
}

void WsRooms::Start() {
  subscription_ =
      ctx_.engine().Subscribe([this](const ApiContext::Committed& c) { OnCommitted(c); });
  auto loaded = ctx_.engine().Query([this](const Exchange& x) {
    std::vector<std::pair<std::uint32_t, int>> ignored;
    std::vector<Order> open;
    for (const Market& m : x.markets()) {
      if (m.type != MarketType::kOrderBook) continue;
      x.OpenOrdersInMarket(m.id, open);
      for (const Order& o : open) TrackOrder(o, ignored);
    }
    return x.last_seq();
  });
  std::lock_guard lock(ready_mu_);
  if (loaded) {
    start_seq_ = *loaded;
  } else {
    std::fprintf(stderr, "ws rooms: cannot load the book: %s\n", loaded.error().message.c_str());
  }
  ready_ = true;
  ready_cv_.notify_all();
}

void WsRooms::Stop() { ctx_.engine().Unsubscribe(subscription_); }

// ---- Connections (their strands). ----

void WsRooms::OnOpen(net::HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws) {
  if (auto denied = ctx_.Limit(req, nullptr, {kRuleGlobal})) return ws->Reject(std::move(*denied));
  auto client = std::make_shared<Client>();
  client->session = ws;
  if (req.Header("Authorization")) {
    auto caller = ctx_.Authenticate(req);
    if (!caller) return ws->Reject(caller.error());
    client->account = caller->account;
    client->key_id = caller->key_id;
    client->scopes = caller->scopes;
    std::lock_guard lock(mu_);
    RememberKey(client);
  }
  ws->SetOnMessage([this, client](std::string message, bool binary) {
    if (binary) {
      return SendTo(client, ErrorMessage("BadRequest", "send JSON text messages", "", "", ""));
    }
    OnMessage(client, message);
  });
  ws->SetOnClose([this, client](std::uint16_t, std::string_view) { OnClose(client); });
}

void WsRooms::SendTo(const std::shared_ptr<Client>& client, const std::string& text) {
  if (auto session = client->session.lock()) session->Send(text);
}

void WsRooms::OnMessage(const std::shared_ptr<Client>& client, const std::string& text) {
  auto doc = net::ParseJson(text);
  if (!doc || !doc->root.is_object()) {
    return SendTo(client, ErrorMessage("BadRequest",
                                       doc ? "a message must be a JSON object"
                                           : "invalid JSON: " + doc.error().message,
                                       "", "", ""));
  }
  const boost::json::object& obj = doc->root.as_object();
  std::string id_json;
  if (const auto* id = obj.if_contains("id");
      id != nullptr && (id->is_string() || id->is_number())) {
    id_json = net::ToJson(*id);
  }
  const auto* op_value = obj.if_contains("op");
  if (op_value == nullptr || !op_value->is_string()) {
    return SendTo(client,
                  ErrorMessage("BadRequest", "op is required: subscribe, unsubscribe, auth or ping",
                               "", "", id_json));
  }
  const std::string op(op_value->as_string());
  auto string_field = [&](std::string_view name) -> std::optional<std::string> {
    const auto* v = obj.if_contains(name);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
  };

  if (op == "ping") {
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject().Field("type", "pong").Key("time").Time(ctx_.clock().Now());
    if (!id_json.empty()) w.Key("id").RawJson(id_json);
    w.EndObject();
    return SendTo(client, out);
  }
  if (auto key = string_field("key")) {
    // Authenticate exactly as the REST API does, from a Bearer header.
    net::HttpRequest::BeastRequest beast;
    beast.method(boost::beast::http::verb::get);
    beast.target("/ws");
    beast.set(boost::beast::http::field::authorization, "Bearer " + *key);
    auto req = net::HttpRequest::FromBeast(std::move(beast), "", "");
    if (!req) {
      return SendTo(client, ErrorMessage("Unauthorized", "invalid API key", op, "", id_json));
    }
    auto caller = ctx_.Authenticate(*req);
    if (!caller) {
      return SendTo(client,
                    ErrorMessage("Unauthorized", "invalid or revoked API key", op, "", id_json));
    }
    std::lock_guard lock(mu_);
    if (client->account.valid() && client->account != caller->account &&
        client->rooms.erase("user") != 0) {
      // Another account's key: the old account's private room is left (subscribe again to get
      // the new one's), so a connection never keeps streaming an account it no longer speaks for.
      if (auto it = user_rooms_.find(client->account.value()); it != user_rooms_.end()) {
        std::erase(it->second.members, client);
      }
    }
    client->account = caller->account;
    client->key_id = caller->key_id;
    client->scopes = caller->scopes;
    RememberKey(client);
  }
  if (op == "auth") {
    std::lock_guard lock(mu_);
    if (!client->account.valid()) {
      return SendTo(client, ErrorMessage("Unauthorized", "key is required", op, "", id_json));
    }
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject()
        .Field("type", "authenticated")
        .Field("accountId", FormatId(client->account.value()));
    if (!id_json.empty()) w.Key("id").RawJson(id_json);
    w.EndObject();
    return SendTo(client, out);
  }
  if (op != "subscribe" && op != "unsubscribe") {
    return SendTo(
        client, ErrorMessage("BadRequest",
                             "unknown op \"" + op + "\": use subscribe, unsubscribe, auth or ping",
                             op, "", id_json));
  }
  auto room = string_field("room");
  if (!room) {
    return SendTo(client,
                  ErrorMessage("BadRequest",
                               "room is required (\"market:<id>\", \"prices:<asset>\" or \"user\")",
                               op, "", id_json));
  }
  if (op == "subscribe") {
    Subscribe(client, *room, id_json);
  } else {
    Unsubscribe(client, *room, id_json);
  }
}

void WsRooms::Subscribe(const std::shared_ptr<Client>& client, const std::string& room,
                        const std::string& id_json) {
  const bool user = room == "user";
  std::uint32_t id = 0;
  if (room.rfind("prices:", 0) == 0) {
    if (!ValidCtmAsset(std::string_view(room).substr(7))) {
      return SendTo(client, ErrorMessage("BadRequest",
                                         "unknown room \"" + room +
                                             "\": an asset is 1..10 characters of A-Z 0-9",
                                         "subscribe", room, id_json));
    }
    std::lock_guard lock(mu_);
    if (client->rooms.count(room) == 0 && client->rooms.size() >= kMaxRoomsPerClient) {
      return SendTo(client, ErrorMessage("BadRequest", "at most 100 rooms per connection",
                                         "subscribe", room, id_json));
    }
    Room& r = price_rooms_[room];
    if (client->rooms.insert(room).second) r.members.push_back(client);
    std::string out;
    net::JsonWriter w(out);
    w.BeginObject().Field("type", "subscribed").Field("room", room).Field("seq", r.seq);
    if (!id_json.empty()) w.Key("id").RawJson(id_json);
    w.EndObject();
    return SendTo(client, out);
  }
  if (!user) {
    std::optional<std::uint64_t> market;
    if (room.rfind("market:", 0) == 0) market = ParseId(std::string_view(room).substr(7));
    if (!market || *market > UINT32_MAX) {
      return SendTo(client,
                    ErrorMessage("BadRequest",
                                 "unknown room \"" + room +
                                     "\": use \"market:<id>\", \"prices:<asset>\" or \"user\"",
                                 "subscribe", room, id_json));
    }
    id = static_cast<std::uint32_t>(*market);
    if (!ctx_.directory().Market(MarketId(id))) {
      return SendTo(client, ErrorMessage("NotFound", "market " + FormatId(id) + " not found",
                                         "subscribe", room, id_json));
    }
  }
  std::lock_guard lock(mu_);
  if (user) {
    if (!client->account.valid()) {
      return SendTo(client, ErrorMessage("Unauthorized",
                                         "the user room needs an API key: send \"key\" or an "
                                         "Authorization header",
                                         "subscribe", room, id_json));
    }
    if ((client->scopes & kUserRoomScopes) != kUserRoomScopes) {
      return SendTo(client, ErrorMessage("Forbidden",
                                         "the user room needs the scopes order:read and "
                                         "balance:read",
                                         "subscribe", room, id_json));
    }
    id = client->account.value();
  }
  if (client->rooms.count(room) == 0 && client->rooms.size() >= kMaxRoomsPerClient) {
    return SendTo(client, ErrorMessage("BadRequest", "at most 100 rooms per connection",
                                       "subscribe", room, id_json));
  }
  Room& r = user ? user_rooms_[id] : market_rooms_[id];
  if (client->rooms.insert(room).second) r.members.push_back(client);
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", "subscribed").Field("room", room).Field("seq", r.seq);
  if (!id_json.empty()) w.Key("id").RawJson(id_json);
  w.EndObject();
  SendTo(client, out);
}

void WsRooms::Unsubscribe(const std::shared_ptr<Client>& client, const std::string& room,
                          const std::string& id_json) {
  std::lock_guard lock(mu_);
  if (client->rooms.erase(room) == 0) {
    return SendTo(client, ErrorMessage("NotFound", "not subscribed to \"" + room + "\"",
                                       "unsubscribe", room, id_json));
  }
  Room* r = nullptr;
  if (auto it = price_rooms_.find(room); it != price_rooms_.end()) {
    r = &it->second;
  } else if (room == "user") {
    if (auto it = user_rooms_.find(client->account.value()); it != user_rooms_.end()) {
      r = &it->second;
    }
  } else if (auto market = ParseId(std::string_view(room).substr(7)); market) {
    if (auto it = market_rooms_.find(static_cast<std::uint32_t>(*market));
        it != market_rooms_.end()) {
      r = &it->second;
    }
  }
  if (r != nullptr) std::erase(r->members, client);
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("type", "unsubscribed").Field("room", room);
  if (!id_json.empty()) w.Key("id").RawJson(id_json);
  w.EndObject();
  SendTo(client, out);
}

void WsRooms::RememberKey(const std::shared_ptr<Client>& client) {
  if (client->key_id == 0) return;
  auto& clients = clients_by_key_[client->key_id];
  std::erase_if(clients, [](const std::weak_ptr<Client>& c) { return c.expired(); });
  clients.push_back(client);
}

void WsRooms::CloseRevoked(std::uint64_t key_id) {
  std::vector<std::shared_ptr<net::WebSocketSession>> sessions;
  {
    std::lock_guard lock(mu_);
    auto it = clients_by_key_.find(key_id);
    if (it == clients_by_key_.end()) return;
    for (const auto& weak : it->second) {
      auto client = weak.lock();
      // A connection that re-authenticated with another key since is not this key's any more.
      if (!client || client->key_id != key_id) continue;
      if (auto session = client->session.lock()) sessions.push_back(std::move(session));
    }
    clients_by_key_.erase(it);
  }
  const std::string message = ErrorMessage("Unauthorized", "the API key was revoked", "", "", "");
  for (const auto& session : sessions) {
    session->Send(message);
    session->Close(net::close_code::kPolicyViolation, "API key revoked");
  }
}

void WsRooms::OnClose(const std::shared_ptr<Client>& client) {
  std::lock_guard lock(mu_);
  if (auto it = clients_by_key_.find(client->key_id); it != clients_by_key_.end()) {
    std::erase_if(it->second, [&](const std::weak_ptr<Client>& c) {
      auto held = c.lock();
      return !held || held == client;
    });
    if (it->second.empty()) clients_by_key_.erase(it);
  }
  for (const std::string& room : client->rooms) {
    if (auto it = price_rooms_.find(room); it != price_rooms_.end()) {
      std::erase(it->second.members, client);
    } else if (room == "user") {
      if (auto it = user_rooms_.find(client->account.value()); it != user_rooms_.end()) {
        std::erase(it->second.members, client);
      }
    } else if (auto market = ParseId(std::string_view(room).substr(7)); market) {
      if (auto it = market_rooms_.find(static_cast<std::uint32_t>(*market));
          it != market_rooms_.end()) {
        std::erase(it->second.members, client);
      }
    }
  }
  client->rooms.clear();
}

// ---- Fan-out (the feed thread). ----

void WsRooms::TrackOrder(const Order& order, std::vector<std::pair<std::uint32_t, int>>& changed) {
  const std::uint64_t id = order.id.value();
  const std::int64_t resting =
      order.type == OrderType::kLimit && order.status == OrderStatus::kPlaced && !order.by_quote()
          ? order.remaining()
          : 0;
  MarketBook& book = books_[order.market.value()];
  const int side = static_cast<int>(order.book_side());
  const int price = order.book_price();
  auto it = orders_.find(id);
  if (it != orders_.end() && it->second.resting > 0) {
    const Order& old = it->second.order;
    Level& level = book.levels[static_cast<int>(old.book_side())][old.book_price()];
    level.quantity -= it->second.resting;
    level.orders -= 1;
    changed.emplace_back(order.market.value(),
                         static_cast<int>(old.book_side()) * 100 + old.book_price());
  }
  if (resting > 0) {
    Level& level = book.levels[side][price];
    level.quantity += resting;
    level.orders += 1;
    changed.emplace_back(order.market.value(), side * 100 + price);
  }
  if (order.open()) {
    orders_[id] = OpenOrder{order, resting};
  } else if (it != orders_.end()) {
    orders_.erase(it);
  }
}

void WsRooms::WriteBookChanges(net::JsonWriter& w, MarketId market, const std::vector<int>& keys) {
  const MarketBook& book = books_[market.value()];
  auto labels = ctx_.directory().Market(market);
  w.Field("marketId", FormatId(market.value())).Key("changes").BeginArray();
  for (int key : keys) {
    const int side = key / 100;  // 0: outcome-0 buyers, 1: outcome-0 sellers
    const int price = key % 100;
    const Level& level = book.levels[side][price];
    for (int outcome = 0; outcome < 2; ++outcome) {
      // Buyers of outcome 0 at p are sellers of outcome 1 at 1 − p (ARCHITECTURE §4).
      const bool bid = (side == 0) == (outcome == 0);
      w.BeginObject();
      w.Field("outcome", labels ? labels->outcomes[static_cast<std::size_t>(outcome)] : "");
      w.Field("outcomeIndex", outcome);
      w.Field("side", bid ? "bid" : "ask");
      w.Key("price").PriceNumber(Price::FromCents(outcome == 0 ? price : 100 - price));
      w.Field("quantity", level.quantity);
      w.Field("orders", static_cast<std::int64_t>(level.orders));
      w.EndObject();
    }
  }
  w.EndArray();
}

void WsRooms::OnCommitted(const ApiContext::Committed& c) {
  {
    std::unique_lock lock(ready_mu_);
    ready_cv_.wait(lock, [&] { return ready_; });
  }
  if (c.seq <= start_seq_ || !c.output.ok()) return;
  if (const auto* revoke = std::get_if<RevokeApiKey>(&c.command)) CloseRevoked(revoke->key_id);

  std::lock_guard lock(mu_);
  // Sends one message to a room: the room's seq moves whether or not anyone listens; the body is
  // built only for listeners.
  auto emit = [&](bool user, std::uint32_t id, std::string_view type, auto&& body) {
    Room& room = user ? user_rooms_[id] : market_rooms_[id];
    ++room.seq;
    if (room.members.empty()) return;
    std::string text;
    net::JsonWriter w(text);
    w.BeginObject().Field("type", type);
    w.Field("room", user ? std::string("user") : MarketRoomName(id));
    w.Field("seq", room.seq).Field("commandSeq", c.seq);
    body(w);
    w.EndObject();
    bool dead = false;
    for (const auto& member : room.members) {
      auto session = member->session.lock();
      if (!session || !session->Send(text)) dead = true;
    }
    if (dead) {
      std::erase_if(room.members, [](const std::shared_ptr<Client>& m) {
        auto session = m->session.lock();
        return !session || session->closed();
      });
    }
  };

  std::vector<std::pair<std::uint32_t, int>> changed;
  for (const Event& event : c.output.events) {
    if (const auto* e = std::get_if<OrderUpdated>(&event)) {
      TrackOrder(e->order, changed);
      const Order& o = e->order;
      emit(true, o.account.value(), "order", [&](net::JsonWriter& w) {
        auto labels = ctx_.directory().Market(o.market);
        w.Key("order");
        WriteOrder(w, o, labels ? labels->outcomes : std::array<std::string, 2>{});
      });
    } else if (const auto* e = std::get_if<Trade>(&event)) {
      const Trade& t = *e;
      auto labels = ctx_.directory().Market(t.market);
      const std::array<std::string, 2> names =
          labels ? labels->outcomes : std::array<std::string, 2>{};
      emit(false, t.market.value(), "trade", [&](net::JsonWriter& w) {
        w.Key("trade");
        WriteMarketTrade(w, t, names);
      });
      const std::pair<OrderId, bool> legs[2] = {{t.buy_order, t.buyer_is_taker},
                                                {t.sell_order, !t.buyer_is_taker}};
      for (const auto& [order_id, taker] : legs) {
        auto it = orders_.find(order_id.value());
        if (it == orders_.end()) continue;
        const Order& o = it->second.order;
        engine::FillRecord fill;
        fill.trade = t.id;
        fill.order = order_id;
        fill.market = t.market;
        fill.outcome = o.outcome;
        fill.side = o.side;
        fill.type = o.type;
        fill.price = o.outcome == 0 ? t.price : 100 - t.price;
        fill.quantity = t.quantity;
        fill.fee = order_id == t.buy_order ? t.buyer_fee : t.seller_fee;
        fill.taker = taker;
        fill.settlement = t.settlement;
        fill.at = t.at;
        emit(true, o.account.value(), "fill", [&](net::JsonWriter& w) {
          w.Key("fill");
          WriteFill(w, fill, names, /*with_market=*/true);
        });
      }
    } else if (const auto* e = std::get_if<BalanceChanged>(&event)) {
      emit(true, e->account.value(), "balance", [&](net::JsonWriter& w) {
        w.Key("balance");
        WriteBalances(w, e->balances);
      });
    } else if (const auto* e = std::get_if<OraclePriceUpdated>(&event)) {
      const std::string name = "prices:" + std::string(e->asset());
      Room& room = price_rooms_[name];
      ++room.seq;
      if (room.members.empty()) continue;
      std::string text;
      net::JsonWriter w(text);
      w.BeginObject().Field("type", "crypto_price_update").Field("room", name);
      w.Field("seq", room.seq).Field("commandSeq", c.seq).Field("asset", e->asset());
      w.Key("price").MoneyNumber(e->price);
      w.Key("bid").MoneyNumber(e->bid);
      w.Key("ask").MoneyNumber(e->ask);
      w.Field("timestamp", e->at.millis()).EndObject();
      for (const auto& member : room.members) {
        if (auto session = member->session.lock()) session->Send(text);
      }
    } else if (const auto* e = std::get_if<MarketStatusChanged>(&event)) {
      emit(false, e->market.value(), "market_status", [&](net::JsonWriter& w) {
        w.Field("marketId", FormatId(e->market.value()));
        w.Field("status", MarketStatusName(e->status));
        w.Key("winningOutcomeIndex");
        if (e->winning_outcome == kNoOutcome) {
          w.Null();
        } else {
          w.Int(e->winning_outcome);
        }
      });
    }
  }
  if (changed.empty()) return;
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  for (std::size_t i = 0; i < changed.size();) {
    const std::uint32_t market = changed[i].first;
    std::vector<int> keys;
    for (; i < changed.size() && changed[i].first == market; ++i) keys.push_back(changed[i].second);
    emit(false, market, "book",
         [&](net::JsonWriter& w) { WriteBookChanges(w, MarketId(market), keys); });
  }
}

}  // namespace probex::venue::api
