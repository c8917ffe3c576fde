// End-to-end: the venue's WebSocket /ws on the real binary — market rooms with consecutive
// per-room sequence numbers, a client that misses messages (disconnected while trading goes on)
// detecting the gap by seq and rebuilding the book from the REST snapshot plus later messages,
// the user room (own orders, fills, balances) behind a key, and protocol errors.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <tuple>

#include "net/websocket_client.h"
#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

using std::chrono::milliseconds;

boost::json::value Receive(net::WebSocketClient& ws) {
  auto m = ws.Receive(milliseconds(10'000));
  if (!m) {
    ADD_FAILURE() << "no message: " << m.error().message;
    return nullptr;
  }
  if (m->closed()) {
    ADD_FAILURE() << "closed: " << m->close_code;
    return nullptr;
  }
  boost::system::error_code ec;
  auto v = boost::json::parse(m->data, ec);
  EXPECT_FALSE(ec) << m->data;
  return v;
}

std::string Type(const boost::json::value& v) {
  if (!v.is_object()) return "";
  const auto* t = v.as_object().if_contains("type");
  return t != nullptr && t->is_string() ? std::string(t->as_string()) : "";
}

std::int64_t IntAt(const boost::json::value& v, std::string_view pointer) {
  boost::system::error_code ec;
  const auto* p = v.find_pointer(pointer, ec);
  return p != nullptr && p->is_int64() ? p->as_int64() : -1;
}

// A client's copy of one market's book: (outcome, side, cents) → (quantity, orders).
using Book = std::map<std::tuple<int, std::string, int>, std::pair<std::int64_t, std::int64_t>>;

int Cents(const boost::json::value& price) {
  return static_cast<int>(std::lround(price.to_number<double>() * 100));
}

Book BookFromRest(const Reply& r) {
  Book book;
  for (const auto& outcome : r.json.at("outcomes").as_array()) {
    const int index = static_cast<int>(outcome.at("index").as_int64());
    for (const char* side : {"bids", "asks"}) {
      for (const auto& level : outcome.at(side).as_array()) {
        book[{index, side == std::string("bids") ? "bid" : "ask", Cents(level.at("price"))}] = {
            level.at("quantity").as_int64(), level.at("orders").as_int64()};
      }
    }
  }
  return book;
}

void ApplyBookMessage(Book& book, const boost::json::value& msg) {
  for (const auto& c : msg.at("changes").as_array()) {
    const auto key = std::make_tuple(static_cast<int>(c.at("outcomeIndex").as_int64()),
                                     std::string(c.at("side").as_string()), Cents(c.at("price")));
    if (c.at("quantity").as_int64() == 0) {
      book.erase(key);
    } else {
      book[key] = {c.at("quantity").as_int64(), c.at("orders").as_int64()};
    }
  }
}

class VenueWsTest : public VenueFixture {
 protected:
  void SetUp() override {
    VenueFixture::SetUp();
    market_ = CreateMarket("Will it snow?");
    a_ = NewTrader("alice", "1000");
    b_ = NewTrader("bob", "1000");
  }
  void Place(Trader& t, const std::string& outcome, const std::string& side,
             const std::string& price, int quantity) {
    Reply r = t.api->Post("/api/v1/orders", R"({"marketId":")" + market_ + R"(","outcome":")" +
                                                outcome + R"(","side":")" + side +
                                                R"(","type":"Limit","price":)" + price +
                                                R"(,"quantity":)" + std::to_string(quantity) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  void Connect(net::WebSocketClient& ws, const std::string& key = "") {
    net::HttpHeaders headers;
    if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
    ASSERT_TRUE(ws.Connect("127.0.0.1", venue_->port(), "/ws", headers).ok());
  }
  // Subscribes and returns the room's seq from the acknowledgement.
  std::int64_t Subscribe(net::WebSocketClient& ws, const std::string& room) {
    EXPECT_TRUE(ws.Send(R"({"op":"subscribe","room":")" + room + R"(","id":7})").ok());
    auto ack = Receive(ws);
    EXPECT_EQ(Type(ack), "subscribed") << boost::json::serialize(ack);
    EXPECT_EQ(IntAt(ack, "/id"), 7);
    return IntAt(ack, "/seq");
  }
  Reply Snapshot() {
    return VenueClient(venue_->port()).Get("/api/v1/markets/" + market_ + "/orderbook?depth=99");
  }

  std::string market_;
  Trader a_;
  Trader b_;
};

TEST_F(VenueWsTest, MarketRoomSequenceGapDetectionAndResyncFromRest) {
  net::WebSocketClient ws;
  Connect(ws);
  const std::string room = "market:" + market_;
  std::int64_t last_seq = Subscribe(ws, room);
  Book book = BookFromRest(Snapshot());
  EXPECT_TRUE(book.empty());

  // Live: every room message follows the previous one by exactly 1.
  Place(a_, "Yes", "bid", "0.55", 5);
  auto msg = Receive(ws);
  ASSERT_EQ(Type(msg), "book") << boost::json::serialize(msg);
  EXPECT_EQ(IntAt(msg, "/seq"), last_seq + 1);
  EXPECT_EQ(std::string(msg.at("room").as_string()), room);
  last_seq = IntAt(msg, "/seq");
  ApplyBookMessage(book, msg);
  EXPECT_EQ(book, BookFromRest(Snapshot()));

  Place(b_, "Yes", "ask", "0.55", 2);  // a trade, then the level shrinks
  auto trade = Receive(ws);
  ASSERT_EQ(Type(trade), "trade") << boost::json::serialize(trade);
  EXPECT_EQ(IntAt(trade, "/seq"), last_seq + 1);
  EXPECT_EQ(IntAt(trade, "/trade/quantity"), 2);
  auto level = Receive(ws);
  ASSERT_EQ(Type(level), "book");
  EXPECT_EQ(IntAt(level, "/seq"), last_seq + 2);
  last_seq = IntAt(level, "/seq");
  ApplyBookMessage(book, level);
  EXPECT_EQ(book, BookFromRest(Snapshot()));

  // The client drops; trading goes on without it.
  ASSERT_TRUE(ws.Close().ok());
  Place(a_, "Yes", "bid", "0.50", 3);
  Place(b_, "Yes", "ask", "0.60", 4);
  Place(b_, "Yes", "ask", "0.50", 1);

  net::WebSocketClient again;
  Connect(again);
  const std::int64_t resumed = Subscribe(again, room);
  ASSERT_GT(resumed, last_seq + 1) << "the gap must show in the room's seq";
  // Gap detected: resync from the REST snapshot, then apply only messages after its commandSeq.
  Reply snap = Snapshot();
  const std::int64_t snapshot_seq = snap.Int("/seq");
  book = BookFromRest(snap);
  Place(a_, "Yes", "bid", "0.52", 6);
  Place(b_, "Yes", "ask", "0.45", 2);  // trades at 0.55 then a level update
  std::int64_t seq = resumed;
  std::int64_t expected_levels = 2;
  while (expected_levels > 0) {
    auto m = Receive(again);
    ASSERT_FALSE(m.is_null());
    ASSERT_EQ(IntAt(m, "/seq"), seq + 1) << boost::json::serialize(m);
    seq = IntAt(m, "/seq");
    if (Type(m) != "book") continue;
    // Fan-out is asynchronous: messages of commands placed while the client was away may still
    // arrive after the new subscription; the snapshot already holds them.
    if (IntAt(m, "/commandSeq") <= snapshot_seq) continue;
    --expected_levels;
    ApplyBookMessage(book, m);
  }
  const Book rest = BookFromRest(Snapshot());
  EXPECT_EQ(book, rest);
  EXPECT_EQ(rest.count({0, "bid", 52}), 1u);
  EXPECT_EQ(rest.count({1, "ask", 48}), 1u);  // the YES bid at 0.52 seen from NO
}

TEST_F(VenueWsTest, UserRoomCarriesOwnOrdersFillsAndBalances) {
  net::WebSocketClient ws;
  Connect(ws, a_.key);
  std::int64_t seq = Subscribe(ws, "user");
  Place(a_, "Yes", "bid", "0.40", 10);
  Place(b_, "Yes", "ask", "0.40", 4);  // fills 4 of A's order

  bool saw_fill = false;
  bool saw_partial = false;
  bool saw_balance = false;
  while (!(saw_fill && saw_partial && saw_balance)) {
    auto m = Receive(ws);
    ASSERT_FALSE(m.is_null());
    ASSERT_EQ(IntAt(m, "/seq"), seq + 1) << boost::json::serialize(m);
    seq = IntAt(m, "/seq");
    const std::string type = Type(m);
    if (type == "fill") {
      saw_fill = true;
      EXPECT_EQ(std::string(m.at_pointer("/fill/outcome").as_string()), "Yes");
      EXPECT_EQ(std::string(m.at_pointer("/fill/side").as_string()), "bid");
      EXPECT_EQ(IntAt(m, "/fill/quantity"), 4);
      EXPECT_EQ(std::string(m.at_pointer("/fill/liquidity").as_string()), "maker");
      EXPECT_EQ(std::string(m.at_pointer("/fill/marketId").as_string()), market_);
    } else if (type == "order") {
      if (IntAt(m, "/order/cum_quantity") == 4) {
        saw_partial = true;
        EXPECT_EQ(std::string(m.at_pointer("/order/status").as_string()), "Placed");
      }
    } else if (type == "balance") {
      saw_balance = saw_fill;  // the balance after the fill
    }
  }
  // Nothing of B's reaches A: B's own order never shows up here.
  ASSERT_TRUE(ws.Send(R"({"op":"ping","id":"p1"})").ok());
  auto pong = Receive(ws);
  EXPECT_EQ(Type(pong), "pong");
  EXPECT_EQ(std::string(pong.at("id").as_string()), "p1");
}

TEST_F(VenueWsTest, ProtocolErrorsAndKeyInAMessage) {
  net::WebSocketClient ws;
  Connect(ws);
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"user"})").ok());
  auto denied = Receive(ws);
  EXPECT_EQ(Type(denied), "error");
  EXPECT_EQ(std::string(denied.at("error").as_string()), "Unauthorized");
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"market:999"})").ok());
  EXPECT_EQ(std::string(Receive(ws).at("error").as_string()), "NotFound");
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"prices"})").ok());
  EXPECT_EQ(std::string(Receive(ws).at("error").as_string()), "BadRequest");
  ASSERT_TRUE(ws.Send("not json").ok());
  EXPECT_EQ(std::string(Receive(ws).at("error").as_string()), "BadRequest");
  ASSERT_TRUE(ws.Send(R"({"op":"dance"})").ok());
  EXPECT_EQ(std::string(Receive(ws).at("error").as_string()), "BadRequest");
  ASSERT_TRUE(ws.Send(R"({"op":"unsubscribe","room":"market:1"})").ok());
  EXPECT_EQ(std::string(Receive(ws).at("error").as_string()), "NotFound");

  // A key without balance:read cannot join the user room; a full default key can, in a message.
  const std::string narrow = IssueKey(a_.id, R"(["order:read"])");
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"user","key":")" + narrow + R"("})").ok());
  EXPECT_EQ(std::string(Receive(ws).at("error").as_string()), "Forbidden");
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"user","key":")" + a_.key + R"("})").ok());
  EXPECT_EQ(Type(Receive(ws)), "subscribed");
  ASSERT_TRUE(ws.Send(R"({"op":"unsubscribe","room":"user"})").ok());
  EXPECT_EQ(Type(Receive(ws)), "unsubscribed");

  // A bad key in the upgrade request is refused with 401 before the upgrade.
  net::WebSocketClient bad;
  net::HttpHeaders headers{{"Authorization", "Bearer ak_not_a_real_key"}};
  auto connected = bad.Connect("127.0.0.1", venue_->port(), "/ws", headers);
  ASSERT_FALSE(connected.ok());
  EXPECT_NE(connected.error().message.find("401"), std::string::npos) << connected.error().message;
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// Authenticating as another account leaves the first account's private room: nothing of it
// reaches the connection any more.
TEST_F(VenueWsTest, ReauthenticatingAsAnotherAccountLeavesTheOldUserRoom) {
  net::WebSocketClient ws;
  Connect(ws, a_.key);
  Subscribe(ws, "user");
  ASSERT_TRUE(ws.Send(R"({"op":"auth","key":")" + b_.key + R"(","id":2})").ok());
  auto authed = Receive(ws);
  ASSERT_EQ(Type(authed), "authenticated") << boost::json::serialize(authed);
  Place(a_, "Yes", "bid", "0.30", 5);  // A's activity: must not arrive
  ASSERT_TRUE(ws.Send(R"({"op":"ping","id":"after"})").ok());
  auto next = Receive(ws);
  EXPECT_EQ(Type(next), "pong") << boost::json::serialize(next);
  // Unsubscribing the old room is now an error: the connection is not in it.
  ASSERT_TRUE(ws.Send(R"({"op":"unsubscribe","room":"user","id":3})").ok());
  auto gone = Receive(ws);
  EXPECT_EQ(Type(gone), "error") << boost::json::serialize(gone);
}

// Revoking a key ends every connection that authenticated with it (an error message, then close
// 1008); a connection of the same account on another key stays, and the key cannot reconnect.
TEST_F(VenueWsTest, RevokingAKeyClosesItsConnections) {
  Reply created = a_.api->Post("/api/v1/api-keys", R"({"name":"ws"})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string second_key = created.Str("/key");
  const std::string second_id = created.Str("/apiKey/id");
  net::WebSocketClient by_header;
  Connect(by_header, second_key);
  Subscribe(by_header, "user");
  net::WebSocketClient by_message;
  Connect(by_message);
  ASSERT_TRUE(by_message.Send(R"({"op":"auth","key":")" + second_key + R"(","id":1})").ok());
  ASSERT_EQ(Type(Receive(by_message)), "authenticated");
  net::WebSocketClient other_key;
  Connect(other_key, a_.key);
  Subscribe(other_key, "user");

  Reply revoked = a_.api->Delete("/api/v1/api-keys/" + second_id);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  for (net::WebSocketClient* ws : {&by_header, &by_message}) {
    auto error = Receive(*ws);
    EXPECT_EQ(Type(error), "error") << boost::json::serialize(error);
    auto closed = ws->Receive(milliseconds(10'000));
    ASSERT_TRUE(closed.ok()) << closed.error().message;
    ASSERT_TRUE(closed->closed());
    EXPECT_EQ(closed->close_code, 1008);
  }
  ASSERT_TRUE(other_key.Send(R"({"op":"ping","id":"still"})").ok());
  EXPECT_EQ(Type(Receive(other_key)), "pong");
  net::WebSocketClient again;
  net::HttpHeaders headers;
  headers.emplace_back("Authorization", "Bearer " + second_key);
  EXPECT_FALSE(again.Connect("127.0.0.1", venue_->port(), "/ws", headers).ok());
}

}  // namespace
}  // namespace probex::testing
