// End-to-end tests of the MM client API's WebSocket /ws/subscribe (docs/mm-api.md) on the real
// binaries (mm_api_fixture.h), with short intervals configured (subscribe timeout 400 ms,
// heartbeat 150 ms, balance checks 100 ms) so nothing waits for the 30 s / 60 s defaults.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "mm_api_fixture.h"
#include "net/websocket_client.h"

namespace probex {
namespace {

namespace json = boost::json;
using testing::JsonClient;
using testing::kClientKey;
using testing::MmStack;
using testing::Reply;
using testing::WaitFor;

constexpr std::size_t kQuotes = 6;

class Ws {
 public:
  explicit Ws(std::uint16_t port) {
    Status st = client_.Connect("127.0.0.1", port, "/ws/subscribe");
    if (!st.ok()) throw std::runtime_error("connect: " + st.error().message);
  }
  void Send(const std::string& text) { ASSERT_TRUE(client_.Send(text).ok()); }
  void Subscribe(const std::string& channels, const std::string& key = kClientKey,
                 const char* field = "apiKey") {
    Send(std::string(R"({"type":"subscribe",")") + field + R"(":")" + key + R"(","channels":)" +
         channels + "}");
  }
  // The next message satisfying `match` (others — heartbeats, unrelated broadcasts — skipped);
  // null when the connection closed or nothing came within 20 s. `closed` tells which.
  json::value Next(const std::function<bool(const json::value&)>& match, bool* closed = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = client_.Receive(std::chrono::milliseconds(200));
      if (!m.ok()) {
        if (m.error().code == "timeout") continue;
        if (closed != nullptr) *closed = true;
        return nullptr;
      }
      if (m->closed()) {
        if (closed != nullptr) *closed = true;
        return nullptr;
      }
      boost::system::error_code ec;
      json::value v = json::parse(m->data, ec);
      if (!ec && match(v)) return v;
    }
    return nullptr;
  }
  json::value NextType(const std::string& type) {
    return Next([&](const json::value& v) { return v.at("type") == type.c_str(); });
  }
  // The next message that is not a heartbeat.
  json::value NextNonHeartbeat() {
    return Next([](const json::value& v) { return v.at("type") != "heartbeat"; });
  }
  json::value NextBroadcast(const std::string& channel,
                            const std::function<bool(const json::value&)>& match) {
    return Next([&](const json::value& v) {
      return v.at("type") == "broadcast" && v.at("channel") == channel.c_str() && match(v);
    });
  }
  // True when the server closed the connection (after any messages still queued).
  bool ClosedByServer() {
    bool closed = false;
    Next([](const json::value&) { return false; }, &closed);
    return closed;
  }

 private:
  net::WebSocketClient client_;
};

std::string Str(const json::value& v, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value* p = v.find_pointer(pointer, ec);
  return p != nullptr && p->is_string() ? std::string(p->as_string()) : "";
}

class MmWsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new MmStack(
        "ws_subscribe_timeout_ms = 400\nws_heartbeat_ms = 150\naccounts_poll_ms = 100\n");
    ASSERT_TRUE(stack_->WaitQuoting(kQuotes));
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(stack_, nullptr); }
  static MmStack& S() { return *stack_; }
  static std::unique_ptr<Ws> Connect() { return std::make_unique<Ws>(S().mm_port()); }
  static std::unique_ptr<Ws> Subscribed(const std::string& channels,
                                        const std::string& key = kClientKey) {
    auto ws = Connect();
    ws->Subscribe(channels, key);
    json::value ack = ws->NextType("subscribed");
    EXPECT_FALSE(ack.is_null());
    return ws;
  }
  static void Post(const std::string& path) {
    Reply r = S().Client().Post(path, "");
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
  }
  static MmStack* stack_;
};

MmStack* MmWsTest::stack_ = nullptr;

TEST_F(MmWsTest, PlainGetIs426) {
  Reply r = JsonClient(S().mm_port()).Get("/ws/subscribe");
  EXPECT_EQ(r.status, 426);
  EXPECT_FALSE(r.Str("/detail").empty()) << r.body;
}

TEST_F(MmWsTest, SubscribeIsAcknowledgedThenPingPongAndHeartbeats) {
  auto ws = Connect();
  ws->Subscribe(R"(["orders","bets"])");
  json::value ack = ws->NextNonHeartbeat();
  ASSERT_FALSE(ack.is_null());
  EXPECT_EQ(ack.at("type"), "subscribed");
  EXPECT_EQ(Str(ack, "/subscriptionId").rfind("sub_", 0), 0u) << ack;
  EXPECT_EQ(json::serialize(ack.at("channels")), R"(["bets","orders"])");
  ws->Send(R"({"type":"ping"})");
  EXPECT_EQ(ws->NextNonHeartbeat().at("type"), "pong");
  json::value beat = ws->NextType("heartbeat");
  ASSERT_FALSE(beat.is_null());
  EXPECT_FALSE(Str(beat, "/timestamp").empty());
  ws->Send(R"({"type":"dance"})");
  json::value err = ws->NextNonHeartbeat();
  EXPECT_EQ(err.at("type"), "error");
  EXPECT_EQ(Str(err, "/message"), "Unknown message type: 'dance'");

  // The old spelling, and every channel when none are named.
  auto snake = Connect();
  snake->Send(std::string(R"({"type":"subscribe","api_key":")") + kClientKey + R"("})");
  json::value all = snake->NextType("subscribed");
  EXPECT_EQ(json::serialize(all.at("channels")),
            R"(["accounts","bets","emergency","orders","scores"])");
  // A channel that does not exist is reported; the others are subscribed.
  auto odd = Connect();
  odd->Subscribe(R"(["orders","weather"])");
  json::value warn = odd->NextNonHeartbeat();
  EXPECT_EQ(warn.at("type"), "error");
  EXPECT_NE(Str(warn, "/message").find("weather"), std::string::npos);
  EXPECT_EQ(json::serialize(odd->NextType("subscribed").at("channels")), R"(["orders"])");
}

TEST_F(MmWsTest, AuthErrorsAreSentThenTheConnectionCloses) {
  struct Case {
    std::string message;
    std::string expected;
  };
  for (const Case& c :
       {Case{R"({"type":"subscribe","channels":["orders"]})", "apiKey required"},
        Case{R"({"type":"subscribe","apiKey":"","channels":["orders"]})", "apiKey required"},
        Case{R"({"type":"subscribe","apiKey":"abc","channels":["orders"]})",
             "Invalid apiKey format"},
        Case{R"({"type":"subscribe","apiKey":"00000000-0000-4000-8000-000000000000"})",
             "Invalid API key"}}) {
    auto ws = Connect();
    ws->Send(c.message);
    json::value err = ws->NextNonHeartbeat();
    ASSERT_FALSE(err.is_null()) << c.message;
    EXPECT_EQ(err.at("type"), "error");
    EXPECT_EQ(Str(err, "/message"), c.expected);
    EXPECT_TRUE(ws->ClosedByServer()) << c.message;
  }
  // A key sent at connect is not authentication: the subscribe message still must come.
  auto silent = Connect();
  json::value timeout = silent->NextNonHeartbeat();
  ASSERT_FALSE(timeout.is_null());
  EXPECT_EQ(timeout.at("type"), "error");
  EXPECT_NE(Str(timeout, "/message").find("timeout"), std::string::npos) << timeout;
  EXPECT_TRUE(silent->ClosedByServer());
}

TEST_F(MmWsTest, FiveConnectionsPerKey) {
  std::vector<std::unique_ptr<Ws>> five;
  for (int i = 0; i < 5; ++i) five.push_back(Subscribed(R"(["emergency"])"));
  auto sixth = Connect();
  sixth->Subscribe(R"(["emergency"])");
  json::value err = sixth->NextNonHeartbeat();
  EXPECT_EQ(Str(err, "/message"), "Connection limit exceeded");
  EXPECT_TRUE(sixth->ClosedByServer());
  // Another key has its own five.
  Reply beta = S().Operator().Post("/admin/v1/clients", R"({"id":"ws-beta","name":"B"})");
  ASSERT_EQ(beta.status, 201) << beta.body;
  auto other = Subscribed(R"(["emergency"])", beta.Str("/apiKey"));
  // Closing one frees a place.
  five.pop_back();
  ASSERT_TRUE(WaitFor([] {
    auto ws = Connect();
    ws->Subscribe(R"(["emergency"])");
    return ws->NextNonHeartbeat().at("type") == "subscribed";
  }));
}

TEST_F(MmWsTest, OrderChangesAreBroadcastWithTheOldValues) {
  auto ws = Subscribed(R"(["orders"])");
  Post("/api/v1/trading/pause");
  auto open = S().SettledOpenOrders();
  ASSERT_EQ(open.size(), kQuotes);
  const std::string id = std::string(open[0].at("orderId").as_string());
  Post("/api/v1/orders/" + id + "/cancel");
  json::value update = ws->NextBroadcast(
      "orders", [&](const json::value& v) { return Str(v, "/payload/orderId") == id; });
  ASSERT_FALSE(update.is_null());
  EXPECT_EQ(update.at("event"), "UPDATE");
  EXPECT_EQ(Str(update, "/payload/orderStatus"), "CANCELLED");
  EXPECT_EQ(Str(update, "/old/orderStatus"), "PLACED");
  EXPECT_EQ(update.at("old").as_object().count("orderId"), 0u);  // only what changed
  EXPECT_EQ(update.at("payload").as_object().size(), 16u);

  Post("/api/v1/trading/resume");
  json::value insert =
      ws->NextBroadcast("orders", [](const json::value& v) { return v.at("event") == "INSERT"; });
  ASSERT_FALSE(insert.is_null());
  EXPECT_EQ(Str(insert, "/payload/orderStatus"), "PENDING_PLACEMENT");
  EXPECT_EQ(insert.as_object().count("old"), 0u);
  const std::string fresh = Str(insert, "/payload/orderId");
  json::value placed = ws->NextBroadcast(
      "orders", [&](const json::value& v) { return Str(v, "/payload/orderId") == fresh; });
  ASSERT_FALSE(placed.is_null());
  EXPECT_EQ(Str(placed, "/payload/orderStatus"), "PLACED");
  EXPECT_EQ(Str(placed, "/old/orderStatus"), "PENDING_PLACEMENT");
  EXPECT_TRUE(placed.at("old").at("exchangeOrderId").is_null());
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

TEST_F(MmWsTest, FillsBroadcastOrderAndBetChangesAndBalances) {
  auto ws = Subscribed(R"(["orders","bets","accounts"])");
  json::value account = ws->NextBroadcast("accounts", [](const json::value&) { return true; });
  ASSERT_FALSE(account.is_null());
  EXPECT_EQ(account.at("event"), "INSERT");
  EXPECT_EQ(Str(account, "/payload/exchange"), "unhedged");
  EXPECT_EQ(Str(account, "/payload/status"), "active");

  const auto& market = S().markets()[0];
  Reply bought = S().Taker().Post(
      "/api/v1/orders",
      R"({"marketId":")" + market.id +
          R"(","outcome":"YES","side":"bid","type":"Limit","price":0.99,"quantity":2})");
  ASSERT_EQ(bought.status, 200) << bought.body;
  json::value matched = ws->NextBroadcast(
      "orders", [](const json::value& v) { return v.at("old").as_object().count("matchedStake"); });
  ASSERT_FALSE(matched.is_null());
  EXPECT_EQ(Str(matched, "/payload/matchedStatus"), "PARTIALLY_MATCHED");
  EXPECT_EQ(Str(matched, "/old/matchedStatus"), "NOT_MATCHED");
  EXPECT_TRUE(matched.at("old").at("matchedAt").is_null());
  const std::string order = Str(matched, "/payload/orderId");

  json::value bet = ws->NextBroadcast("bets", [](const json::value&) { return true; });
  ASSERT_FALSE(bet.is_null());
  EXPECT_EQ(bet.at("event"), "INSERT");
  EXPECT_EQ(Str(bet, "/payload/orderId"), order);
  EXPECT_EQ(Str(bet, "/payload/client"), "alpha");
  const std::string bet_id = Str(bet, "/payload/betId");
  json::value placed = ws->NextBroadcast("bets", [&](const json::value& v) {
    return Str(v, "/payload/betId") == bet_id && Str(v, "/payload/betStatus") == "PLACED";
  });
  ASSERT_FALSE(placed.is_null());
  EXPECT_EQ(placed.at("event"), "UPDATE");
  EXPECT_EQ(Str(placed, "/old/betStatus"), "PENDING");

  // The fill moved the venue balance: an UPDATE with the old values.
  json::value moved =
      ws->NextBroadcast("accounts", [](const json::value& v) { return v.at("event") == "UPDATE"; });
  ASSERT_FALSE(moved.is_null());
  EXPECT_FALSE(moved.at("old").as_object().empty());
}

TEST_F(MmWsTest, EmergencyGoesToEveryClientAndDataOnlyToItsOwner) {
  Reply beta = S().Operator().Post("/admin/v1/clients", R"({"id":"ws-gamma","name":"G"})");
  ASSERT_EQ(beta.status, 201) << beta.body;
  auto theirs = Subscribed(R"(["orders","emergency"])", beta.Str("/apiKey"));
  auto ours = Subscribed(R"(["orders","emergency"])");
  Post("/api/v1/trading/pause");
  const std::string id = S().PlacedOrderId();
  ASSERT_FALSE(id.empty());
  Post("/api/v1/orders/" + id + "/cancel");
  ASSERT_FALSE(ours->NextBroadcast("orders", [](const json::value&) { return true; }).is_null());

  Reply set = S().Operator().Post("/admin/v1/system", R"({"emergency":true,"reason":"drill"})");
  ASSERT_EQ(set.status, 200) << set.body;
  for (Ws* ws : {ours.get(), theirs.get()}) {
    json::value e = ws->Next([](const json::value& v) { return v.at("type") == "broadcast"; });
    ASSERT_FALSE(e.is_null());
    EXPECT_EQ(e.at("channel"), "emergency");  // gamma saw no order of alpha's first
    EXPECT_EQ(e.at("event"), "UPDATE");
    EXPECT_TRUE(e.at("payload").at("emergencyActive").as_bool());
    EXPECT_FALSE(e.at("old").at("emergencyActive").as_bool());
    EXPECT_EQ(Str(e, "/payload/systemReason"), "drill");
  }
  ASSERT_EQ(S().Operator().Post("/admin/v1/system", R"({"emergency":false})").status, 200);
  json::value cleared = ours->NextBroadcast("emergency", [](const json::value&) { return true; });
  EXPECT_FALSE(cleared.at("payload").at("emergencyActive").as_bool());
  Post("/api/v1/trading/resume");
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

TEST_F(MmWsTest, UnsubscribedChannelsGetNothingMore) {
  auto ws = Subscribed(R"(["orders","emergency"])");
  ws->Send(R"({"type":"unsubscribe","channels":["orders"]})");
  json::value done = ws->NextType("unsubscribed");
  EXPECT_EQ(json::serialize(done.at("channels")), R"(["orders"])");
  Post("/api/v1/trading/pause");
  const std::string id = S().PlacedOrderId();
  ASSERT_FALSE(id.empty());
  Post("/api/v1/orders/" + id + "/cancel");  // answered after the change was broadcast
  ws->Send(R"({"type":"ping"})");
  EXPECT_EQ(ws->NextNonHeartbeat().at("type"), "pong");
  ws->Send(R"({"type":"unsubscribe"})");
  EXPECT_EQ(json::serialize(ws->NextType("unsubscribed").at("channels")), R"(["emergency"])");
  Post("/api/v1/trading/resume");
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

// Last: moves the bookmaker's season to the first kick-off.
TEST_F(MmWsTest, ZzFixtureStatusesAreBroadcastOnScores) {
  auto ws = Subscribed(R"(["scores"])");
  JsonClient book(S().bookmaker().port(), testing::kBookKey, testing::AuthHeader::kApiKey);
  Reply r = book.Post("/admin/clock/advance", R"({"seconds":7300})");
  ASSERT_EQ(r.status, 200) << r.body;
  // Every fixture's status was seen at start (statusId 0); the kick-off is an UPDATE.
  json::value live = ws->NextBroadcast(
      "scores", [](const json::value& v) { return v.at("payload").at("statusId") == 1; });
  ASSERT_FALSE(live.is_null());
  EXPECT_EQ(live.at("event"), "UPDATE");
  EXPECT_FALSE(Str(live, "/payload/fixtureId").empty());
  EXPECT_EQ(live.at("old").at("statusId").as_int64(), 0);
  EXPECT_EQ(live.at("old").as_object().count("fixtureId"), 0u);
}

}  // namespace
}  // namespace probex
