// End-to-end tests of the MM engine's client API (docs/mm-api.md, the 55-tech reference) on the
// real binaries: `probex bookmaker` + `probex venue` (manual clocks) + `probex mm` quoting three
// venue markets for its trading client "alpha" (mm_api_fixture.h). One stack serves the suite;
// each test leaves the engine live and quoting as it found it. The last test stops the venue.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <string>

#include "mm_api_fixture.h"

namespace probex {
namespace {

namespace json = boost::json;
using testing::JsonClient;
using testing::kClientKey;
using testing::MmStack;
using testing::Reply;
using testing::WaitFor;

constexpr std::size_t kQuotes = 6;  // three markets, a bid and an ask each

class MmApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new MmStack();
    ASSERT_TRUE(stack_->WaitQuoting(kQuotes)) << "the engine never quoted the three markets";
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(stack_, nullptr); }
  // A failed test must not leave the next one paused or stopped.
  void TearDown() override {
    if (stack_ == nullptr || Status() == "live") return;
    C().Post("/api/v1/trading/resume", "");
    C().Post("/api/v1/trading/start", "");
    stack_->WaitQuoting(kQuotes);
  }

  static MmStack& S() { return *stack_; }
  static JsonClient C() { return stack_->Client(); }

  // The detail text of an error answer.
  static std::string DetailOf(const Reply& r) { return r.Str("/detail"); }
  // The first 422 entry's loc as "a.b.c".
  static std::string LocOf(const Reply& r) {
    const json::value* d = r.At("/detail/0/loc");
    if (d == nullptr || !d->is_array()) return "";
    std::string out;
    for (const auto& p : d->as_array()) {
      if (!out.empty()) out += ".";
      out += p.is_string() ? std::string(p.as_string()) : json::serialize(p);
    }
    return out;
  }
  static std::int64_t Total(const Reply& r) { return r.Int("/total"); }
  static std::string Status() { return C().Get("/api/v1/trading/status").Str("/status"); }
  static void Post(const std::string& path, const std::string& body = "") {
    Reply r = C().Post(path, body);
    ASSERT_EQ(r.status, 200) << path << ": " << r.body;
  }

  static MmStack* stack_;
};

MmStack* MmApiTest::stack_ = nullptr;

TEST_F(MmApiTest, OnlyAnXApiKeyOfAClientAuthenticates) {
  JsonClient none(S().mm_port());
  Reply r = none.Get("/api/v1/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_FALSE(DetailOf(r).empty()) << r.body;
  JsonClient bearer(S().mm_port(), kClientKey, testing::AuthHeader::kBearer);
  r = bearer.Get("/api/v1/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(DetailOf(r).find("X-API-Key"), std::string::npos) << r.body;
  EXPECT_EQ(S().Client("not-a-uuid").Get("/api/v1/orders").status, 401);
  r = S().Client("00000000-0000-4000-8000-000000000000").Get("/api/v1/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(DetailOf(r), "Invalid API key");

  r = C().Get("/api/v1/me");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/client"), "alpha");
  EXPECT_EQ(r.Str("/clientName"), "Alpha Trading");
  EXPECT_TRUE(r.At("/active")->as_bool());
  // The key is case-insensitive (a UUID).
  std::string upper = kClientKey;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(S().Client(upper).Get("/api/v1/me").status, 200);

  Reply missing = C().Get("/api/v1/nothing-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_FALSE(DetailOf(missing).empty());
}

TEST_F(MmApiTest, OperatorCreatesClientsAndKeysFromTheCli) {
  auto created = S().AdminMm({"client", "create", "--id", "beta", "--name", "Beta Fund",
                              "--odds-format", "american", "--exchange-accounts", "kalshi-1",
                              "--trading-parameters", R"({"limitRatio":0.25})"});
  ASSERT_EQ(created.exit_code, 0) << created.out;
  const std::string key = std::string(created.json.at("apiKey").as_string());
  EXPECT_EQ(created.json.at("client").at("oddsFormat").as_string(), "american");
  EXPECT_EQ(created.json.at("client").at("tradingParameters").at("limitRatio").as_double(), 0.25);
  EXPECT_FALSE(created.json.at("client").at("trading").as_bool());

  JsonClient beta = S().Client(key);
  Reply me = beta.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Str("/client"), "beta");
  EXPECT_EQ(beta.Get("/api/v1/trading/status").Str("/oddsFormat"), "american");
  // Another client's engine data is not beta's.
  EXPECT_EQ(Total(beta.Get("/api/v1/orders")), 0);
  EXPECT_EQ(Total(beta.Get("/api/v1/bets")), 0);
  EXPECT_EQ(Total(beta.Get("/api/v1/positions")), 0);
  EXPECT_EQ(beta.Get("/api/v1/tournaments").json.as_array().size(), 0u);
  EXPECT_EQ(beta.Get("/api/v1/sports/10/market-types").json.as_array().size(), 0u);
  EXPECT_EQ(beta.Get("/api/v1/accounts").json.as_array().size(), 0u);
  const std::string alpha_order = std::string(S().OpenOrders().at(0).at("orderId").as_string());
  EXPECT_EQ(beta.Get("/api/v1/orders/" + alpha_order).status, 404);
  EXPECT_EQ(beta.Post("/api/v1/orders/" + alpha_order + "/cancel", "").status, 404);
  // Beta's switches are its own: pausing beta does not pause alpha's engine.
  Reply paused = beta.Post("/api/v1/trading/pause", "");
  EXPECT_EQ(paused.Str("/status"), "manual_paused");
  EXPECT_EQ(Status(), "live");
  EXPECT_EQ(beta.Post("/api/v1/trading/resume", "").Str("/status"), "live");

  auto duplicate = S().AdminMm({"client", "create", "--id", "beta", "--name", "Again"});
  EXPECT_EQ(duplicate.exit_code, 1);
  EXPECT_NE(duplicate.out.find("409"), std::string::npos) << duplicate.out;

  auto second = S().AdminMm({"client", "key", "--client", "beta"});
  ASSERT_EQ(second.exit_code, 0) << second.out;
  const std::string key2 = std::string(second.json.at("apiKey").as_string());
  EXPECT_NE(key2, key);
  EXPECT_EQ(S().Client(key2).Get("/api/v1/me").Str("/client"), "beta");
  auto revoked = S().AdminMm(
      {"client", "revoke-key", "--key-id", std::string(created.json.at("keyId").as_string())});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.out;
  EXPECT_EQ(beta.Get("/api/v1/me").status, 401);
  EXPECT_EQ(S().Client(key2).Get("/api/v1/me").status, 200);

  auto list = S().AdminMm({"client", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.out;
  std::set<std::string> ids;
  for (const auto& c : list.json.at("clients").as_array()) {
    ids.insert(std::string(c.at("id").as_string()));
    EXPECT_EQ(c.as_object().count("apiKey"), 0u);  // keys are never shown again
  }
  EXPECT_TRUE(ids.count("alpha") == 1 && ids.count("beta") == 1);

  // The operator API needs the operator key and validates its input.
  EXPECT_EQ(S().Client().Post("/admin/v1/clients", R"({"name":"x"})").status, 401);
  Reply bad = S().Operator().Post("/admin/v1/clients", R"({"name":"","oddsFormat":"roman"})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.At("/detail")->as_array().size(), 2u) << bad.body;
  EXPECT_EQ(LocOf(bad), "body.name");
  EXPECT_EQ(S().Operator().Post("/admin/v1/clients/nobody/api-keys", "").status, 404);
}

TEST_F(MmApiTest, OrdersListWithFiltersPagingAndBothSpellings) {
  Reply all = C().Get("/api/v1/orders?pageSize=2000");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_GE(Total(all), static_cast<std::int64_t>(kQuotes));
  EXPECT_EQ(all.Int("/page"), 1);
  EXPECT_EQ(all.Int("/pageSize"), 2000);
  const json::object& first = all.At("/orders/0")->as_object();
  for (const char* field :
       {"orderId", "fixtureId", "outcomeId", "exchange", "exchangeOrderId", "exchangeOutcomeId",
        "orderStatus", "matchedStatus", "orderCents", "orderStake", "matchedStake",
        "settlementStatus", "bookmakerOutcomePrice", "bookmakerOutcomeLimit", "createdAt",
        "matchedAt"}) {
    EXPECT_EQ(first.count(field), 1u) << field;
  }
  EXPECT_EQ(first.at("exchange").as_string(), "unhedged");
  EXPECT_EQ(first.at("settlementStatus").as_string(), "UNDECIDED");
  const std::int64_t total = Total(all);

  Reply def = C().Get("/api/v1/orders");
  EXPECT_EQ(def.Int("/pageSize"), 50);
  Reply p1 = C().Get("/api/v1/orders?pageSize=2&page=1");
  Reply p2 = C().Get("/api/v1/orders?page_size=2&page=2");
  ASSERT_EQ(p1.At("/orders")->as_array().size(), 2u);
  ASSERT_EQ(p2.At("/orders")->as_array().size(), 2u);
  EXPECT_EQ(p2.Int("/pageSize"), 2);
  EXPECT_EQ(Total(p1), total);
  EXPECT_NE(p1.Str("/orders/0/orderId"), p2.Str("/orders/0/orderId"));
  EXPECT_EQ(p1.Str("/orders/1/orderId"), all.Str("/orders/1/orderId"));
  EXPECT_EQ(p2.Str("/orders/0/orderId"), all.Str("/orders/2/orderId"));
  Reply beyond = C().Get("/api/v1/orders?page=1000");
  EXPECT_EQ(beyond.At("/orders")->as_array().size(), 0u);
  EXPECT_EQ(Total(beyond), total);

  const std::string fixture = S().markets()[0].fixture_id;
  for (const std::string q : {"fixtureId=", "fixture_id="}) {
    Reply f = C().Get("/api/v1/orders?pageSize=2000&status=PLACED&" + q + fixture);
    ASSERT_EQ(f.status, 200);
    EXPECT_EQ(Total(f), 4) << q << f.body;  // 1x2 and totals, two sides each
    for (const auto& o : f.At("/orders")->as_array()) EXPECT_EQ(o.at("fixtureId"), fixture.c_str());
  }
  EXPECT_EQ(Total(C().Get("/api/v1/orders?status=PLACED&exchange=unhedged")), 6);
  EXPECT_EQ(Total(C().Get("/api/v1/orders?exchange=kalshi")), 0);
  Reply placed = C().Get("/api/v1/orders?status=PLACED&pageSize=2000");
  for (const auto& o : placed.At("/orders")->as_array()) EXPECT_EQ(o.at("orderStatus"), "PLACED");
  EXPECT_EQ(Total(C().Get("/api/v1/orders?status=PLACED,FILLED,CANCELLED")),
            total - Total(C().Get("/api/v1/orders?status=PENDING_PLACEMENT,FAILED,EXPIRED")));
  EXPECT_EQ(Total(C().Get("/api/v1/orders?fromDate=2099-01-01")), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/orders?to_date=2000-01-01")), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/orders?from_date=2000-01-01T00:00:00Z&toDate=2099-12-31")),
            total);

  // Validation: 422 with loc/msg/type.
  Reply bad = C().Get("/api/v1/orders?status=PLACED,BOGUS");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(LocOf(bad), "query.status");
  EXPECT_EQ(bad.Str("/detail/0/type"), "enum");
  bad = C().Get("/api/v1/orders?pageSize=2001");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(LocOf(bad), "query.pageSize");
  EXPECT_EQ(bad.Str("/detail/0/type"), "less_than_equal");
  bad = C().Get("/api/v1/orders?page=0&fromDate=yesterday");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.At("/detail")->as_array().size(), 2u) << bad.body;
  EXPECT_FALSE(bad.Str("/detail/0/msg").empty());

  // One order; open orders.
  const std::string id = all.Str("/orders/0/orderId");
  Reply one = C().Get("/api/v1/orders/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.Str("/orderId"), id);
  Reply nope = C().Get("/api/v1/orders/mmo-nope");
  EXPECT_EQ(nope.status, 404);
  EXPECT_EQ(DetailOf(nope), "Order mmo-nope not found");
  Reply open = C().Get("/api/v1/orders/open?pageSize=3");
  EXPECT_EQ(Total(open), 6);
  EXPECT_EQ(open.At("/orders")->as_array().size(), 3u);
  EXPECT_EQ(Total(C().Get("/api/v1/orders/open?fixture_id=" + fixture)), 4);
}

TEST_F(MmApiTest, PauseKeepsRestingOrdersAndStopCancelsThem) {
  Reply st = C().Get("/api/v1/trading/status");
  ASSERT_EQ(st.status, 200);
  for (const char* field :
       {"client", "clientName", "oddsFormat", "status", "tradingActive", "manualPaused",
        "manualPausedAt", "manualPauseReason", "manualStopped", "manualStoppedAt",
        "manualStopReason", "systemTradingBlocked", "emergencyActive", "systemStopped",
        "softPaused", "systemReason", "systemDurationSeconds"}) {
    EXPECT_NE(st.At(std::string("/") + field), nullptr) << field;
  }
  EXPECT_EQ(st.Str("/status"), "live");
  EXPECT_TRUE(st.At("/tradingActive")->as_bool());
  EXPECT_EQ(st.Str("/oddsFormat"), "decimal");

  Reply bad = C().Post("/api/v1/trading/pause", R"({"reason":5})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(LocOf(bad), "body.reason");
  EXPECT_EQ(C().Post("/api/v1/trading/pause", "{nope").status, 422);

  Reply paused = C().Post("/api/v1/trading/pause", R"({"reason":"lunch"})");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(paused.Str("/result"), "paused");
  EXPECT_EQ(paused.Str("/status"), "manual_paused");
  EXPECT_EQ(paused.Str("/manualPauseReason"), "lunch");
  EXPECT_FALSE(paused.Str("/manualPausedAt").empty());
  EXPECT_FALSE(paused.At("/tradingActive")->as_bool());
  EXPECT_EQ(C().Post("/api/v1/trading/pause", "").Str("/result"), "already_paused");
  // Paused: the resting orders stay, a cancelled one is not replaced.
  const auto open = S().SettledOpenOrders();
  EXPECT_EQ(open.size(), kQuotes);
  const std::string victim = std::string(open.at(0).at("orderId").as_string());
  Reply cancelled = C().Post("/api/v1/orders/" + victim + "/cancel", "");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Str("/orderStatus"), "CANCELLED");
  C().Get("/api/v1/me");  // let the engine run a few events
  EXPECT_EQ(S().OpenCount(), kQuotes - 1);

  Reply resumed = C().Post("/api/v1/trading/resume", "");
  EXPECT_EQ(resumed.Str("/result"), "resumed");
  EXPECT_EQ(resumed.Str("/status"), "live");
  EXPECT_TRUE(resumed.At("/manualPausedAt")->is_null());
  ASSERT_TRUE(S().WaitQuoting(kQuotes));

  Reply stopped = C().Post("/api/v1/trading/stop", R"({"reason":"risk"})");
  ASSERT_EQ(stopped.status, 200);
  EXPECT_EQ(stopped.Str("/status"), "manual_stopped");
  EXPECT_EQ(stopped.Str("/manualStopReason"), "risk");
  ASSERT_TRUE(WaitFor([] { return S().OpenCount() == 0; })) << "stop must cancel every quote";
  for (const auto& o : open) {
    Reply r = C().Get("/api/v1/orders/" + std::string(o.at("orderId").as_string()));
    EXPECT_EQ(r.Str("/orderStatus"), "CANCELLED") << r.body;
  }
  // Precedence: stopped beats paused; start leaves the pause.
  EXPECT_EQ(C().Post("/api/v1/trading/pause", "").Str("/status"), "manual_stopped");
  Reply started = C().Post("/api/v1/trading/start", "");
  EXPECT_EQ(started.Str("/result"), "started");
  EXPECT_EQ(started.Str("/status"), "manual_paused");
  EXPECT_EQ(S().OpenCount(), 0u);  // paused: nothing new
  EXPECT_EQ(C().Post("/api/v1/trading/start", "").Str("/result"), "not_stopped");
  EXPECT_EQ(C().Post("/api/v1/trading/resume", "").Str("/status"), "live");
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

TEST_F(MmApiTest, OperatorSwitchesOverrideTheClientsByPrecedence) {
  JsonClient op = S().Operator();
  EXPECT_EQ(JsonClient(S().mm_port(), "wrong", testing::AuthHeader::kBearer)
                .Post("/admin/v1/system", R"({"softPaused":true})")
                .status,
            401);
  auto soft = S().AdminMm({"system", "--soft-pause", "on", "--reason", "maintenance"});
  ASSERT_EQ(soft.exit_code, 0) << soft.out;
  EXPECT_TRUE(soft.json.at("softPaused").as_bool());
  Reply st = C().Get("/api/v1/trading/status");
  EXPECT_EQ(st.Str("/status"), "soft_paused");
  EXPECT_TRUE(st.At("/systemTradingBlocked")->as_bool());
  EXPECT_EQ(st.Str("/systemReason"), "maintenance");
  EXPECT_GE(st.Int("/systemDurationSeconds"), 0);
  EXPECT_EQ(S().OpenCount(), kQuotes);  // a soft pause keeps resting orders
  // The client's own pause ranks below the operator's.
  EXPECT_EQ(C().Post("/api/v1/trading/pause", "").Str("/status"), "soft_paused");
  EXPECT_EQ(C().Post("/api/v1/trading/resume", "").Str("/status"), "soft_paused");

  auto stop = S().AdminMm({"system", "--system-stop", "on"});
  ASSERT_EQ(stop.exit_code, 0) << stop.out;
  EXPECT_EQ(Status(), "system_stopped");
  ASSERT_TRUE(WaitFor([] { return S().OpenCount() == 0; }));
  Reply emergency = op.Post("/admin/v1/system", R"({"emergency":true,"reason":"feed breach"})");
  ASSERT_EQ(emergency.status, 200) << emergency.body;
  st = C().Get("/api/v1/trading/status");
  EXPECT_EQ(st.Str("/status"), "emergency");
  EXPECT_TRUE(st.At("/emergencyActive")->as_bool());
  EXPECT_EQ(st.Str("/systemReason"), "feed breach");
  EXPECT_EQ(op.Post("/admin/v1/system", R"({"emergency":"yes"})").status, 422);

  auto clear =
      S().AdminMm({"system", "--soft-pause", "off", "--system-stop", "off", "--emergency", "off"});
  ASSERT_EQ(clear.exit_code, 0) << clear.out;
  EXPECT_FALSE(clear.json.at("systemTradingBlocked").as_bool());
  st = C().Get("/api/v1/trading/status");
  EXPECT_EQ(st.Str("/status"), "live");
  EXPECT_TRUE(st.At("/systemReason")->is_null());
  EXPECT_TRUE(st.At("/systemDurationSeconds")->is_null());
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
  auto shown = S().AdminMm({"system"});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_FALSE(shown.json.at("emergencyActive").as_bool());
}

TEST_F(MmApiTest, CancelOneAndBulkCancelByIdsFixtureOrAll) {
  Post("/api/v1/trading/pause");  // no re-quotes while we look
  ASSERT_EQ(S().SettledOpenOrders().size(), kQuotes);
  // Two orders of the first fixture (it has four: 1x2 and totals).
  const std::string first_fixture = S().markets()[0].fixture_id;
  auto open = S().OpenOrders("&fixtureId=" + first_fixture);
  ASSERT_EQ(open.size(), 4u);
  const std::string id = std::string(open[0].at("orderId").as_string());
  Reply one = C().Post("/api/v1/orders/" + id + "/cancel", "");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Str("/orderId"), id);
  EXPECT_EQ(one.Str("/orderStatus"), "CANCELLED");
  Reply again = C().Post("/api/v1/orders/" + id + "/cancel", "");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(DetailOf(again).find("CANCELLED"), std::string::npos) << again.body;
  EXPECT_EQ(C().Post("/api/v1/orders/mmo-none/cancel", "").status, 404);

  const std::string id2 = std::string(open[1].at("orderId").as_string());
  Reply bulk = C().Post("/api/v1/orders/cancel", R"({"orderIds":[")" + id2 + R"(","mmo-x"]})");
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(bulk.At("/cancelled")->as_array().size(), 1u);
  EXPECT_EQ(bulk.Str("/cancelled/0"), id2);
  EXPECT_EQ(bulk.Str("/failed/0/orderId"), "mmo-x");
  EXPECT_EQ(bulk.Str("/failed/0/detail"), "order not found");
  EXPECT_EQ(C().Post("/api/v1/orders/cancel", R"({"orderIds":"x"})").status, 422);

  const std::string fixture = S().markets()[2].fixture_id;
  ASSERT_EQ(S().OpenCount("&fixtureId=" + fixture), 2u);
  Reply by_fixture = C().Post("/api/v1/orders/cancel", R"({"fixture_id":")" + fixture + R"("})");
  ASSERT_EQ(by_fixture.status, 200) << by_fixture.body;
  EXPECT_EQ(by_fixture.At("/cancelled")->as_array().size(), 2u);
  EXPECT_EQ(S().OpenCount("&fixtureId=" + fixture), 0u);

  const std::size_t rest = S().OpenCount();
  ASSERT_GT(rest, 0u);
  Reply everything = C().Post("/api/v1/orders/cancel", "");
  ASSERT_EQ(everything.status, 200) << everything.body;
  EXPECT_EQ(everything.At("/cancelled")->as_array().size(), rest);
  EXPECT_EQ(everything.At("/failed")->as_array().size(), 0u);
  EXPECT_EQ(S().OpenCount(), 0u);
  Reply nothing = C().Post("/api/v1/orders/cancel", "{}");
  EXPECT_EQ(nothing.status, 200);
  EXPECT_EQ(nothing.body, R"({"cancelled":[],"failed":[]})");

  Post("/api/v1/trading/resume");
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

TEST_F(MmApiTest, FillsAreHedgedAndShowInBetsPositionsAndPnl) {
  // A taker lifts the engine's ask on the first market: the engine sold YES, holds NO, and
  // backs the bookmaker outcome with a hedge bet.
  // Buying YES at 0.99 crosses only the engine's ask.
  const auto& market = S().markets()[0];
  Reply bought = S().Taker().Post(
      "/api/v1/orders",
      R"({"marketId":")" + market.id +
          R"(","outcome":"YES","side":"bid","type":"Limit","price":0.99,"quantity":3})");
  ASSERT_EQ(bought.status, 200) << bought.body;
  ASSERT_TRUE(WaitFor([] {
    Reply b = C().Get("/api/v1/bets?status=PLACED");
    return Total(b) >= 1;
  })) << C().Get("/api/v1/bets").body;

  Reply bets = C().Get("/api/v1/bets");
  ASSERT_EQ(bets.status, 200);
  const json::object& bet = bets.At("/bets/0")->as_object();
  for (const char* f : {"betId", "orderId", "client", "bookmaker", "bookmakerBetId", "placedPrice",
                        "placedStake", "betStatus", "settlementStatus", "placedAt"}) {
    EXPECT_EQ(bet.count(f), 1u) << f;
  }
  EXPECT_EQ(bet.at("client"), "alpha");
  EXPECT_EQ(bet.at("bookmaker"), "probex");
  EXPECT_EQ(bet.at("settlementStatus"), "UNDECIDED");
  const std::string order_id = std::string(bet.at("orderId").as_string());
  Reply filled = C().Get("/api/v1/orders/" + order_id);
  EXPECT_EQ(filled.Str("/matchedStatus"), "PARTIALLY_MATCHED");
  EXPECT_FALSE(filled.Str("/matchedAt").empty());
  EXPECT_GT(filled.At("/matchedStake")->to_number<double>(), 0.0);
  EXPECT_EQ(filled.Str("/fixtureId"), market.fixture_id);

  for (const std::string q : {"orderId=", "order_id="}) {
    EXPECT_EQ(Total(C().Get("/api/v1/bets?" + q + order_id)), Total(bets)) << q;
  }
  EXPECT_EQ(Total(C().Get("/api/v1/bets?fixture_id=" + market.fixture_id)), Total(bets));
  EXPECT_EQ(Total(C().Get("/api/v1/bets?fixtureId=" + S().markets()[2].fixture_id)), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/bets?bookmaker=probex&status=PLACED,FAILED")), Total(bets));
  EXPECT_EQ(Total(C().Get("/api/v1/bets?bookmaker=pinnacle")), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/bets?status=DECLINED")), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/bets?fromDate=2099-01-01")), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/bets?to_date=2099-01-01&pageSize=1")), Total(bets));
  Reply bad = C().Get("/api/v1/bets?status=WON");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(LocOf(bad), "query.status");

  Reply positions = C().Get("/api/v1/positions");
  ASSERT_EQ(positions.status, 200);
  ASSERT_EQ(Total(positions), 1) << positions.body;
  EXPECT_EQ(positions.Str("/positions/0/fixtureId"), market.fixture_id);
  EXPECT_EQ(positions.Str("/positions/0/exchangeMarketId"), market.id);
  EXPECT_EQ(positions.Int("/positions/0/sharesNo"), 3);
  EXPECT_EQ(positions.Int("/positions/0/sharesYes"), 0);
  EXPECT_FALSE(positions.At("/positions/0/realized")->as_bool());
  EXPECT_EQ(Total(C().Get("/api/v1/positions?fixtureId=" + S().markets()[2].fixture_id)), 0);
  EXPECT_EQ(Total(C().Get("/api/v1/positions?page=2&pageSize=1")), 1);
  EXPECT_EQ(Total(C().Get("/api/v1/positions?exchange=unhedged&fixture_id=" + market.fixture_id)),
            1);
  EXPECT_EQ(Total(C().Get("/api/v1/positions?exchange=kalshi")), 0);
  EXPECT_EQ(C().Get("/api/v1/positions?pageSize=0").status, 422);

  Reply summary = C().Get("/api/v1/positions/summary");
  ASSERT_EQ(summary.status, 200);
  EXPECT_EQ(summary.Int("/totalOrders"), Total(C().Get("/api/v1/orders")));
  EXPECT_EQ(summary.Int("/fixtureCount"), 2);
  EXPECT_EQ(summary.Int("/exchangeCount"), 1);
  EXPECT_EQ(summary.Int("/openCount"), static_cast<std::int64_t>(S().OpenCount()));
  EXPECT_GT(summary.At("/totalMatched")->to_number<double>(), 0.0);
  EXPECT_GT(summary.At("/totalOpen")->to_number<double>(), 0.0);
  EXPECT_GT(summary.At("/totalStake")->to_number<double>(),
            summary.At("/totalMatched")->to_number<double>());
  EXPECT_GE(summary.Int("/cancelledCount"), 0);
  EXPECT_EQ(summary.Int("/filledCount"), 0);

  Reply pnl = C().Get("/api/v1/pnl");
  ASSERT_EQ(pnl.status, 200);
  EXPECT_EQ(pnl.Int("/unsettledCount"), 1);
  EXPECT_EQ(pnl.Int("/settledCount"), 0);
  EXPECT_GT(pnl.At("/turnover")->to_number<double>(),
            pnl.At("/totalMatchedStake")->to_number<double>());  // + the hedge stake
  EXPECT_DOUBLE_EQ(pnl.At("/totalMatchedStake")->to_number<double>(),
                   filled.At("/matchedStake")->to_number<double>());
  EXPECT_DOUBLE_EQ(pnl.At("/pnl")->to_number<double>(),
                   pnl.At("/unrealizedPnl")->to_number<double>());
  EXPECT_TRUE(pnl.At("/fromDate")->is_null());
  Reply later = C().Get("/api/v1/pnl?from_date=2099-01-01&toDate=2099-02-01");
  EXPECT_EQ(later.Int("/unsettledCount"), 0);
  EXPECT_EQ(later.At("/turnover")->to_number<double>(), 0.0);
  EXPECT_EQ(later.Str("/fromDate"), "2099-01-01T00:00:00.000Z");
  EXPECT_EQ(C().Get("/api/v1/pnl?fromDate=soon").status, 422);
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

TEST_F(MmApiTest, AccountsShowTheVenueBalanceFromTheConnector) {
  Reply r = C().Get("/api/v1/accounts");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json.as_array().size(), 1u);
  EXPECT_EQ(r.Str("/0/exchange"), "unhedged");
  EXPECT_EQ(r.Str("/0/accountName"), "unhedged");
  EXPECT_EQ(r.Str("/0/status"), "active");
  const double balance = r.At("/0/balance")->to_number<double>();
  EXPECT_GT(balance, 99000.0);
  EXPECT_LE(balance, 100000.0);
  EXPECT_GT(r.At("/0/locked")->to_number<double>(), 0.0);  // the resting quotes
  EXPECT_DOUBLE_EQ(
      r.At("/0/available")->to_number<double>() + r.At("/0/locked")->to_number<double>(), balance);
}

TEST_F(MmApiTest, DisablingAMarketTypePullsItsQuotesAtOnce) {
  Reply types = C().Get("/api/v1/sports/10/market-types");
  ASSERT_EQ(types.status, 200) << types.body;
  std::set<std::string> enabled;
  for (const auto& t : types.json.as_array()) {
    EXPECT_FALSE(t.at("marketName").as_string().empty());
    if (t.at("enabled").as_bool()) enabled.insert(std::string(t.at("marketType").as_string()));
  }
  EXPECT_EQ(enabled, (std::set<std::string>{"1x2", "totals"}));
  EXPECT_EQ(C().Get("/api/v1/sports/11/market-types").json.as_array().size(), 0u);
  Reply bad = C().Get("/api/v1/sports/soccer/market-types");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(LocOf(bad), "path.sportId");

  auto totals_open = [] {
    std::size_t n = 0;
    for (const auto& o : S().OpenOrders()) n += o.at("outcomeId").as_int64() == 1020;
    return n;
  };
  ASSERT_EQ(totals_open(), 2u);
  Reply off = C().Patch("/api/v1/client/market-allowlist",
                        R"({"sportId":10,"marketTypes":{"totals":false}})");
  ASSERT_EQ(off.status, 200) << off.body;
  for (const auto& t : off.json.as_array()) {
    EXPECT_EQ(t.at("enabled").as_bool(), t.at("marketType") != "totals");
  }
  ASSERT_TRUE(WaitFor([&] { return totals_open() == 0; })) << "totals quotes were not pulled";
  EXPECT_EQ(S().OpenCount(), kQuotes - 2);

  Reply unknown = C().Patch("/api/v1/client/market-allowlist",
                            R"({"sport_id":10,"market_types":{"corners":false}})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(DetailOf(unknown), "Market type 'corners' not found for sport 10");
  Reply invalid = C().Patch("/api/v1/client/market-allowlist",
                            R"({"sportId":"ten","marketTypes":{"totals":"no"}})");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.At("/detail")->as_array().size(), 2u) << invalid.body;
  EXPECT_EQ(C().Patch("/api/v1/client/market-allowlist", "").status, 422);
  // Snake-case spelling toggles too.
  Reply snake = C().Patch("/api/v1/client/market-allowlist",
                          R"({"sport_id":10,"market_types":{"1x2":false}})");
  ASSERT_EQ(snake.status, 200) << snake.body;
  ASSERT_TRUE(WaitFor([] { return S().OpenCount() == 0; }));

  Reply all = C().Post("/api/v1/client/market-allowlist/activate-all", R"({"sportId":10})");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Int("/activated"), 2);
  for (const auto& t : all.At("/marketTypes")->as_array()) EXPECT_TRUE(t.at("enabled").as_bool());
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
  EXPECT_EQ(C().Post("/api/v1/client/market-allowlist/activate-all", "").Int("/activated"), 0);
}

TEST_F(MmApiTest, DeactivatingATournamentWithOpenOrdersNeedsCancelOrders) {
  Reply list = C().Get("/api/v1/tournaments");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json.as_array().size(), 2u) << list.body;
  const int tournament = S().markets()[2].tournament_id;
  json::object row;
  for (const auto& t : list.json.as_array()) {
    EXPECT_FALSE(t.at("tournamentName").as_string().empty());
    EXPECT_FALSE(t.at("categoryName").as_string().empty());
    EXPECT_EQ(t.at("sportId").as_int64(), 10);
    EXPECT_TRUE(t.at("active").as_bool());
    if (t.at("tournamentId").as_int64() == tournament) row = t.as_object();
  }
  ASSERT_EQ(row.at("openOrders").as_int64(), 2);
  EXPECT_EQ(C().Get("/api/v1/tournaments?sportId=11").json.as_array().size(), 0u);
  EXPECT_EQ(C().Get("/api/v1/tournaments?sport_id=10&active=false").json.as_array().size(), 0u);
  EXPECT_EQ(C().Get("/api/v1/tournaments?active=maybe").status, 422);

  const std::string path = "/api/v1/tournaments/" + std::to_string(tournament);
  Reply blocked = C().Post(path + "/deactivate", "");
  EXPECT_EQ(blocked.status, 409);
  EXPECT_NE(DetailOf(blocked).find("2 open orders"), std::string::npos) << blocked.body;
  EXPECT_EQ(S().OpenCount("&fixtureId=" + S().markets()[2].fixture_id), 2u);

  Reply done = C().Post(path + "/deactivate?cancelOrders=true", "");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_FALSE(done.At("/active")->as_bool());
  EXPECT_EQ(done.At("/cancelledOrders")->as_array().size(), 2u);
  ASSERT_TRUE(
      WaitFor([&] { return S().OpenCount("&fixtureId=" + S().markets()[2].fixture_id) == 0; }));
  EXPECT_EQ(S().OpenCount(), kQuotes - 2);
  Reply inactive = C().Get("/api/v1/tournaments?active=false");
  ASSERT_EQ(inactive.json.as_array().size(), 1u);
  EXPECT_EQ(inactive.Int("/0/openOrders"), 0);
  // With no open orders, deactivating needs no flag.
  EXPECT_EQ(C().Post(path + "/deactivate", "").status, 200);

  Reply on = C().Post(path + "/activate", "");
  ASSERT_EQ(on.status, 200);
  EXPECT_TRUE(on.At("/active")->as_bool());
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
  EXPECT_EQ(C().Post("/api/v1/tournaments/999999/activate", "").status, 404);
  Reply bad = C().Post("/api/v1/tournaments/abc/deactivate?cancel_orders=true", "");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(LocOf(bad), "path.tournamentId");
}

TEST_F(MmApiTest, MoreThan2000RequestsAMinuteIs429ForThatClientOnly) {
  Reply created = S().Operator().Post("/admin/v1/clients", R"({"id":"busy","name":"Busy"})");
  ASSERT_EQ(created.status, 201) << created.body;
  JsonClient busy = S().Client(created.Str("/apiKey"));
  int ok = 0;
  Reply limited;
  for (int i = 0; i < 20000; ++i) {
    Reply r = busy.Get("/api/v1/me");
    if (r.status == 429) {
      limited = r;
      break;
    }
    ASSERT_EQ(r.status, 200);
    ++ok;
  }
  EXPECT_GE(ok, 2000);  // the bucket holds 2,000
  ASSERT_EQ(limited.status, 429);
  EXPECT_FALSE(DetailOf(limited).empty()) << limited.body;
  EXPECT_FALSE(limited.retry_after.empty());
  EXPECT_EQ(C().Get("/api/v1/me").status, 200);  // alpha has its own bucket
}

TEST_F(MmApiTest, ClientsKeysAndSwitchesSurviveARestart) {
  Reply created = S().Operator().Post(
      "/admin/v1/clients", R"({"id":"durable","name":"Durable","odds_format":"fractional"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = created.Str("/apiKey");
  ASSERT_EQ(C().Post("/api/v1/trading/pause", R"({"reason":"before restart"})").status, 200);
  S().mm().Restart();  // SIGKILL, then the same arguments
  Reply st = C().Get("/api/v1/trading/status");
  ASSERT_EQ(st.status, 200) << st.body;
  EXPECT_EQ(st.Str("/status"), "manual_paused");
  EXPECT_EQ(st.Str("/manualPauseReason"), "before restart");
  Reply durable = S().Client(key).Get("/api/v1/trading/status");
  EXPECT_EQ(durable.Str("/client"), "durable");
  EXPECT_EQ(durable.Str("/oddsFormat"), "fractional");
  // The orders recorded before the crash are still the client's.
  EXPECT_GE(Total(C().Get("/api/v1/orders")), static_cast<std::int64_t>(kQuotes));
  Post("/api/v1/trading/resume");
  ASSERT_TRUE(S().WaitQuoting(kQuotes));
}

// Last: stops the venue. A cancel the venue cannot take is a 502 with what failed.
TEST_F(MmApiTest, ZzCancelsTheVenueCannotTakeAre502) {
  Post("/api/v1/trading/pause");
  // Paused: what rests stays (a replacement under way when the pause came may leave one fewer).
  auto open = S().SettledOpenOrders();
  ASSERT_GE(open.size(), 2u);
  S().venue().Kill();
  const std::string id = std::string(open[0].at("orderId").as_string());
  Reply one = C().Post("/api/v1/orders/" + id + "/cancel", "");
  EXPECT_EQ(one.status, 502) << one.body;
  EXPECT_NE(DetailOf(one).find("venue"), std::string::npos) << one.body;
  Reply bulk = C().Post("/api/v1/orders/cancel", "");
  EXPECT_EQ(bulk.status, 502) << bulk.body;
  EXPECT_EQ(bulk.At("/cancelled")->as_array().size(), 0u);
  EXPECT_EQ(bulk.At("/failed")->as_array().size(), open.size());
  EXPECT_NE(bulk.Str("/failed/0/detail").find("venue"), std::string::npos);
  Reply accounts = C().Get("/api/v1/accounts");
  EXPECT_EQ(accounts.Str("/0/status"), "unavailable");
}

}  // namespace
}  // namespace probex
