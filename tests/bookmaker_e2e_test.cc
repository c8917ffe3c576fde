// End-to-end tests of `probex bookmaker` (the real binary, env PROBEX_BIN) on loopback: port 0,
// a temporary data directory, --clock manual, time moved only through the operator API.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "net/http_client.h"
#include "net/websocket_client.h"
#include "process_harness.h"

namespace probex {
namespace {

namespace json = boost::json;
constexpr char kKey[] = "bk_test_key_0123456789";
constexpr char kOtherKey[] = "bk_other_key_0123456789";

using testing::JsonClient;
using testing::Reply;
using testing::TempDir;

// `probex bookmaker` with a small seeded season; `manual_clock` false runs on the system clock
// (with --speed from `extra`).
class BookmakerProcess : public testing::ProbexProcess {
 public:
  BookmakerProcess(std::string data_dir, std::vector<std::string> extra, bool manual_clock = true)
      : ProbexProcess("bookmaker", Args(std::move(data_dir), std::move(extra), manual_clock)) {}

 private:
  static std::vector<std::string> Args(std::string data_dir, std::vector<std::string> extra,
                                       bool manual_clock) {
    std::vector<std::string> args = {"--data-dir",
                                     std::move(data_dir),
                                     "--clock",
                                     manual_clock ? "manual" : "system",
                                     "--fixtures",
                                     "8",
                                     "--first-kickoff",
                                     "600",
                                     "--kickoff-interval",
                                     "300"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
};

class Client : public JsonClient {
 public:
  explicit Client(std::uint16_t port, std::string key = kKey)
      : JsonClient(port, std::move(key), testing::AuthHeader::kApiKey) {}
  Reply Get(const std::string& target) { return Call("GET", target); }
  Reply Post(const std::string& target, std::string_view body) {
    return Call("POST", target, body);
  }
  void Advance(std::int64_t seconds) {
    Reply r = Post("/admin/clock/advance", "{\"seconds\":" + std::to_string(seconds) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

const json::value& At(const json::value& v, std::string_view pointer) {
  static const json::value kNull;
  boost::system::error_code ec;
  const json::value* p = v.find_pointer(pointer, ec);
  return p != nullptr ? *p : kNull;
}

std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

void DeepMerge(json::value& into, const json::value& from) {
  if (!into.is_object() || !from.is_object()) {
    into = from;
    return;
  }
  for (const auto& [k, v] : from.as_object()) {
    auto& target = into.as_object()[k];
    if (target.is_object() && v.is_object()) {
      DeepMerge(target, v);
    } else {
      target = v;
    }
  }
}

std::string Order(std::string uuid, std::string fixture, int outcome, std::string price,
                  std::string stake, bool partial = false) {
  return "{\"requestUuid\":\"" + uuid + "\",\"fixtureId\":\"" + fixture +
         "\",\"outcomeId\":" + std::to_string(outcome) + ",\"playerId\":0,\"orderPrice\":" + price +
         ",\"orderStake\":" + stake + (partial ? ",\"acceptPartialStake\":true" : "") + "}";
}

std::string Price(Client& c, const std::string& fixture, int outcome) {
  Reply r = c.Get("/betslip?fixtureId=" + fixture + "&outcomeId=" + std::to_string(outcome));
  return json::serialize(At(r.json, "/price"));
}

class BookmakerE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    process_ = std::make_unique<BookmakerProcess>(
        dir_.path(),
        std::vector<std::string>{"--api-key", kKey, "--api-key", kOtherKey, "--seed", "77",
                                 "--drops-per-hour", "0", "--cancel-probability", "0"});
    client_ = std::make_unique<Client>(process_->port());
  }

  TempDir dir_;
  std::unique_ptr<BookmakerProcess> process_;
  std::unique_ptr<Client> client_;
};

TEST_F(BookmakerE2ETest, FeedSnapshotPlusWebSocketDeltasRebuildTheServersOdds) {
  net::WebSocketClient ws;
  ASSERT_TRUE(ws.Connect("127.0.0.1", process_->port(), std::string("/v4/ws?apiKey=") + kKey).ok());
  auto welcome = ws.Receive(std::chrono::seconds(5));
  ASSERT_TRUE(welcome.ok());
  const std::string fixture = "id100000001";
  Reply snapshot = client_->Get("/v4/odds?fixtureId=" + fixture);
  ASSERT_EQ(snapshot.status, 200);
  std::uint64_t seq = At(snapshot.json, "/updateSeq").to_number<std::uint64_t>();
  json::value odds = At(snapshot.json, "/bookmakerOdds");
  client_->Advance(20 * 60);  // drift, kick-off and 10 minutes of play
  Reply goal = client_->Post("/admin/fixtures/" + fixture + "/goal", "{\"participant\":2}");
  ASSERT_EQ(goal.status, 200) << goal.body;
  client_->Advance(5 * 60);
  Reply after = client_->Get("/v4/odds?fixtureId=" + fixture);
  std::uint64_t target = At(after.json, "/updateSeq").to_number<std::uint64_t>();
  ASSERT_GT(target, seq);
  std::uint64_t last = 0;
  int applied = 0;
  while (last < target) {
    auto m = ws.Receive(std::chrono::seconds(10));
    ASSERT_TRUE(m.ok()) << "stream stopped at seq " << last;
    json::value msg = json::parse(m->data);
    if (Str(At(msg, "/type")) != "odds") continue;
    last = At(msg, "/seq").to_number<std::uint64_t>();
    if (last <= seq || Str(At(msg, "/fixtureId")) != fixture) continue;
    DeepMerge(odds, At(msg, "/bookmakerOdds"));
    ++applied;
  }
  EXPECT_GT(applied, 3);
  EXPECT_EQ(json::serialize(odds), json::serialize(At(after.json, "/bookmakerOdds")));
}

TEST_F(BookmakerE2ETest, PlacementAcceptedDeclinedForEachReasonAndReplayedByRequestUuid) {
  const std::string f = "id100000002";
  std::string price = Price(*client_, f, 101);
  Reply ok =
      client_->Post("/place-orders", "{\"orders\":[" + Order("u-1", f, 101, price, "25") + "]}");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Str(At(ok.json, "/status")), "accepted");
  std::int64_t order_id = At(ok.json, "/acceptedOrders/0/orderId").as_int64();
  // The same requestUuid again: the first answer, nothing new placed.
  Reply again =
      client_->Post("/place-orders", "{\"orders\":[" + Order("u-1", f, 101, price, "25") + "]}");
  EXPECT_EQ(At(again.json, "/acceptedOrders/0/orderId").as_int64(), order_id);
  Reply slip = client_->Get("/betslip?fixtureId=" + f + "&outcomeId=102");
  std::string limit = json::serialize(At(slip.json, "/limit"));
  std::string too_much = std::to_string(std::stoll(limit) + 1);
  Reply mixed =
      client_->Post("/place-orders", "{\"orders\":[" + Order("u-2", f, 102, "1000", "10") + "," +
                                         Order("u-3", f, 102, "1.01", too_much) + "," +
                                         Order("u-4", f, 9999, "1.01", "10") + "," +
                                         Order("u-5", f, 102, "1.01", "0.5") + "," +
                                         Order("u-6", f, 102, "1.01", too_much, true) + "]}");
  ASSERT_EQ(mixed.status, 200) << mixed.body;
  EXPECT_EQ(Str(At(mixed.json, "/status")), "partial-success");
  EXPECT_EQ(Str(At(mixed.json, "/declinedOrders/0/declineReason")), "ODDS_CHANGED");
  EXPECT_EQ(Str(At(mixed.json, "/declinedOrders/1/declineReason")), "STAKE_EXCEEDS_LIMIT");
  EXPECT_EQ(Str(At(mixed.json, "/declinedOrders/2/declineReason")), "SELECTION_NOT_FOUND");
  EXPECT_EQ(Str(At(mixed.json, "/declinedOrders/3/declineReason")), "STAKE_BELOW_MINIMUM");
  EXPECT_EQ(Str(At(mixed.json, "/acceptedOrders/0/status")), "PARTIALLY_FILLED");
  EXPECT_EQ(json::serialize(At(mixed.json, "/acceptedOrders/0/filledStake")), limit);
  // Suspended by the operator.
  ASSERT_EQ(client_->Post("/admin/fixtures/" + f + "/suspension", "{\"suspended\":true}").status,
            200);
  Reply suspended =
      client_->Post("/place-orders", "{\"orders\":[" + Order("u-7", f, 101, "1.01", "10") + "]}");
  EXPECT_EQ(Str(At(suspended.json, "/status")), "declined");
  EXPECT_EQ(Str(At(suspended.json, "/declinedOrders/0/declineReason")), "SUSPENDED");
  // Lists with keyset cursors; another key sees none of it.
  Reply orders = client_->Get("/orders?limit=2");
  ASSERT_EQ(At(orders.json, "/orders").as_array().size(), 2u);
  std::int64_t cursor = At(orders.json, "/nextAfterOrderId").as_int64();
  Reply rest = client_->Get("/orders?afterOrderId=" + std::to_string(cursor));
  EXPECT_EQ(At(rest.json, "/orders").as_array().size(), 5u);
  Client other(process_->port(), kOtherKey);
  EXPECT_TRUE(At(other.Get("/bets").json, "/bets").as_array().empty());
  Client nobody(process_->port(), "wrong-key");
  Reply denied = nobody.Get("/v4/fixtures");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(Str(At(denied.json, "/error")), "Unauthorized");
}

TEST_F(BookmakerE2ETest, AStagedGoalSuspendsTheFixtureUntilTheBookReopens) {
  const std::string f = "id100000001";
  client_->Advance(601);  // kick-off at +600 s
  Reply live = client_->Get("/v4/scores?fixtureId=" + f);
  ASSERT_EQ(At(live.json, "/statusId").as_int64(), 1);
  std::int64_t away = At(live.json, "/scores/periods/result/participant2Score").as_int64();
  ASSERT_EQ(client_->Post("/admin/fixtures/" + f + "/goal", "{\"participant\":2}").status, 200);
  Reply odds = client_->Get("/v4/odds?fixtureId=" + f);
  EXPECT_TRUE(At(odds.json, "/bookmakerOdds/probex/suspended").as_bool());
  Reply scores = client_->Get("/v4/scores?fixtureId=" + f);
  EXPECT_EQ(At(scores.json, "/scores/periods/result/participant2Score").as_int64(), away + 1);
  Reply declined =
      client_->Post("/place-orders", "{\"orders\":[" + Order("g-1", f, 103, "1.01", "10") + "]}");
  EXPECT_EQ(Str(At(declined.json, "/declinedOrders/0/declineReason")), "SUSPENDED");
  client_->Advance(91);
  Reply reopened = client_->Get("/v4/odds?fixtureId=" + f);
  Reply now_scores = client_->Get("/v4/scores?fixtureId=" + f);
  // Reopened, unless the simulation scored again inside the window.
  if (At(now_scores.json, "/scores/periods/result/participant1Score") ==
          At(scores.json, "/scores/periods/result/participant1Score") &&
      At(now_scores.json, "/scores/periods/result/participant2Score") ==
          At(scores.json, "/scores/periods/result/participant2Score")) {
    EXPECT_FALSE(At(reopened.json, "/bookmakerOdds/probex/suspended").as_bool());
  }
}

TEST_F(BookmakerE2ETest, SettlementGradesAndPaysEveryMarketType) {
  const std::string f = "id100000003";
  struct Leg {
    int outcome;
    std::string expected;
  };
  // Final 2–1: 1X2 home wins, draw loses; BTTS yes wins; Over 2.25 wins; Over 3.0 pushes;
  // Under 2.75 half-loses; AH home −0.25 wins; AH home −1.0 pushes; AH away +0.75 (the away
  // side of market −0.75) half-loses; AH home −1.25 half-loses.
  std::vector<Leg> legs = {
      {101, "WON"},           {102, "LOST"},       {104, "WON"},
      {1000 + 18, "WON"},     {1000 + 24, "PUSH"}, {1000 + 22 + 1, "HALF_LOST"},
      {1100 + 14, "WON"},     {1100 + 8, "PUSH"},  {1100 + 2 * 5 + 1, "HALF_LOST"},
      {1100 + 6, "HALF_LOST"}};
  std::string orders;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    if (!orders.empty()) orders += ",";
    orders += Order("s-" + std::to_string(i), f, legs[i].outcome, "1.01", "10");
  }
  Reply placed = client_->Post("/place-orders", "{\"orders\":[" + orders + "]}");
  ASSERT_EQ(Str(At(placed.json, "/status")), "accepted") << placed.body;
  Reply before = client_->Get("/accounts");
  ASSERT_EQ(client_
                ->Post("/admin/fixtures/" + f + "/final",
                       "{\"participant1Score\":2,\"participant2Score\":1}")
                .status,
            200);
  Reply bets = client_->Get("/bets?fixtureId=" + f);
  const auto& list = At(bets.json, "/bets").as_array();
  ASSERT_EQ(list.size(), legs.size());
  double expected_credit = 0;
  for (std::size_t i = 0; i < legs.size(); ++i) {
    EXPECT_EQ(Str(At(list[i], "/settlementStatus")), legs[i].expected) << legs[i].outcome;
    double price = At(list[i], "/price").to_number<double>();
    double payout = At(list[i], "/payout").to_number<double>();
    const std::string& s = legs[i].expected;
    double want = s == "WON" ? 10 * price : s == "PUSH" ? 10 : s == "HALF_LOST" ? 5 : 0;
    EXPECT_NEAR(payout, want, 1e-6) << legs[i].outcome;
    expected_credit += want;
  }
  Reply after = client_->Get("/accounts");
  EXPECT_NEAR(At(after.json, "/0/balance").to_number<double>() -
                  At(before.json, "/0/balance").to_number<double>(),
              expected_credit, 1e-6);
  Reply settlements = client_->Get("/v4/settlements?fixtureId=" + f);
  EXPECT_EQ(Str(At(settlements.json, "/markets/1000/outcomes/1000/players/0/result")), "");
  EXPECT_EQ(Str(At(settlements.json, "/markets/101/outcomes/101/players/0/result")), "WIN");
  EXPECT_EQ(Str(At(settlements.json, "/markets/1024/outcomes/1024/players/0/result")), "PUSH");
  EXPECT_EQ(Str(At(settlements.json, "/markets/1022/outcomes/1023/players/0/result")), "HALFLOSS");
}

TEST_F(BookmakerE2ETest, AccountsBetsAndIdempotencySurviveARestart) {
  const std::string f = "id100000005";
  Reply placed =
      client_->Post("/place-orders", "{\"orders\":[" + Order("r-1", f, 101, "1.01", "40") + "]}");
  ASSERT_EQ(Str(At(placed.json, "/status")), "accepted");
  client_->Advance(120);
  Reply odds_before = client_->Get("/v4/odds?fixtureId=" + f);
  Reply balance_before = client_->Get("/accounts");
  process_->Kill();
  process_->Start();
  Client c(process_->port());
  EXPECT_EQ(c.Get("/accounts").body, balance_before.body);
  EXPECT_EQ(At(c.Get("/bets").json, "/bets").as_array().size(), 1u);
  Reply replay =
      c.Post("/place-orders", "{\"orders\":[" + Order("r-1", f, 101, "1.01", "40") + "]}");
  EXPECT_EQ(At(replay.json, "/acceptedOrders/0/orderId"),
            At(placed.json, "/acceptedOrders/0/orderId"));
  // The season is rebuilt at the same time: the same odds.
  EXPECT_EQ(json::serialize(At(c.Get("/v4/odds?fixtureId=" + f).json, "/bookmakerOdds")),
            json::serialize(At(odds_before.json, "/bookmakerOdds")));
}

// Runs a fixed script against a fresh process and returns every odds message streamed.
std::vector<std::string> OddsStream(const std::string& seed) {
  TempDir dir;
  BookmakerProcess p(dir.path(), {"--api-key", kKey, "--seed", seed});
  Client c(p.port());
  net::WebSocketClient ws;
  EXPECT_TRUE(ws.Connect("127.0.0.1", p.port(), std::string("/v4/ws?apiKey=") + kKey).ok());
  EXPECT_TRUE(ws.Receive(std::chrono::seconds(5)).ok());
  for (int i = 0; i < 12; ++i) c.Advance(150);
  std::uint64_t target =
      At(c.Get("/v4/odds?fixtureId=id100000001").json, "/updateSeq").to_number<std::uint64_t>();
  std::vector<std::string> out;
  std::uint64_t last = 0;
  while (last < target) {
    auto m = ws.Receive(std::chrono::seconds(10));
    if (!m.ok()) break;
    json::value msg = json::parse(m->data);
    if (Str(At(msg, "/type")) != "odds") continue;
    last = At(msg, "/seq").to_number<std::uint64_t>();
    // The publication stamp is wall-clock time: everything else must repeat exactly.
    EXPECT_TRUE(msg.as_object().erase("publishedAtUs") == 1) << m->data;
    out.push_back(json::serialize(msg));
  }
  return out;
}

TEST(BookmakerDeterminismTest, OneSeedGivesIdenticalOddsStreams) {
  std::vector<std::string> a = OddsStream("5");
  std::vector<std::string> b = OddsStream("5");
  std::vector<std::string> c = OddsStream("6");
  ASSERT_GT(a.size(), 20u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(BookmakerKeyTest, AKeyIsCreatedOnFirstStartWithMode0600) {
  TempDir dir;
  std::string key;
  {
    BookmakerProcess p(dir.path(), {});
    std::FILE* f = std::fopen((dir.path() + "/api.key").c_str(), "r");
    ASSERT_NE(f, nullptr);
    char buf[256] = {};
    ASSERT_NE(std::fgets(buf, sizeof buf, f), nullptr);
    std::fclose(f);
    key = buf;
    key.erase(key.find_last_not_of("\n") + 1);
    struct stat st {};
    ASSERT_EQ(::stat((dir.path() + "/api.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600);
    Client c(p.port(), key);
    EXPECT_EQ(c.Get("/accounts").status, 200);
  }
  BookmakerProcess again(dir.path(), {});
  EXPECT_EQ(Client(again.port(), key).Get("/accounts").status, 200);
}

// The next message on a WebSocket as JSON (null when nothing came within 10 s or it closed).
json::value NextJson(net::WebSocketClient& ws) {
  auto m = ws.Receive(std::chrono::seconds(10));
  if (!m.ok() || m->closed()) return json::value();
  return json::parse(m->data);
}

TEST_F(BookmakerE2ETest, BettingWebSocketPushesTheKeysOwnOrdersBetsSettlementsAndAccounts) {
  const std::string f = "id100000003";
  net::WebSocketClient anonymous, impostor, mine, other;
  for (auto* ws : {&anonymous, &impostor, &mine, &other}) {
    ASSERT_TRUE(ws->Connect("127.0.0.1", process_->port(), "/ws").ok());
  }
  // Channels need a login first; a wrong key is refused and the connection closed.
  ASSERT_TRUE(anonymous.Send(R"({"type":"subscribe","channels":["orders"]})").ok());
  json::value refused = NextJson(anonymous);
  EXPECT_EQ(Str(At(refused, "/type")), "subscribe");
  EXPECT_FALSE(At(refused, "/success").as_bool());
  ASSERT_TRUE(impostor.Send(R"({"type":"login","apiKey":"not-a-key"})").ok());
  json::value denied = NextJson(impostor);
  EXPECT_EQ(Str(At(denied, "/type")), "login");
  EXPECT_FALSE(At(denied, "/success").as_bool());
  auto closed = impostor.Receive(std::chrono::seconds(10));
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(closed->closed());
  EXPECT_EQ(closed->close_code, 1008);

  for (auto [ws, key, channels] :
       {std::tuple{&mine, kKey, R"(["orders","bets","settlements","accounts","nonsense"])"},
        std::tuple{&other, kOtherKey, R"(["orders"])"}}) {
    ASSERT_TRUE(ws->Send(std::string(R"({"type":"login","apiKey":")") + key + "\"}").ok());
    json::value login = NextJson(*ws);
    EXPECT_EQ(Str(At(login, "/type")), "login");
    EXPECT_TRUE(At(login, "/success").as_bool());
    ASSERT_TRUE(ws->Send(std::string(R"({"type":"subscribe","channels":)") + channels + "}").ok());
    json::value subscribed = NextJson(*ws);
    EXPECT_EQ(Str(At(subscribed, "/type")), "subscribed");
  }

  std::string price = Price(*client_, f, 101);
  Reply placed =
      client_->Post("/place-orders", "{\"orders\":[" + Order("w-1", f, 101, price, "10") + "]}");
  ASSERT_EQ(Str(At(placed.json, "/status")), "accepted") << placed.body;
  std::int64_t order_id = At(placed.json, "/acceptedOrders/0/orderId").as_int64();
  std::int64_t bet_id = At(placed.json, "/acceptedOrders/0/betId").as_int64();
  Reply balance_after_stake = client_->Get("/accounts");

  json::value order = NextJson(mine);
  EXPECT_EQ(Str(At(order, "/channel")), "orders");
  EXPECT_EQ(Str(At(order, "/type")), "update");
  EXPECT_EQ(At(order, "/data/orderId").as_int64(), order_id);
  EXPECT_EQ(Str(At(order, "/data/status")), "FILLED");
  json::value bet = NextJson(mine);
  EXPECT_EQ(Str(At(bet, "/channel")), "bets");
  EXPECT_EQ(At(bet, "/data/betId").as_int64(), bet_id);
  EXPECT_EQ(Str(At(bet, "/data/settlementStatus")), "UNSETTLED");
  json::value account = NextJson(mine);
  EXPECT_EQ(Str(At(account, "/channel")), "accounts");
  EXPECT_EQ(json::serialize(At(account, "/data/balance")),
            json::serialize(At(balance_after_stake.json, "/0/balance")));

  ASSERT_EQ(client_
                ->Post("/admin/fixtures/" + f + "/final",
                       "{\"participant1Score\":1,\"participant2Score\":0}")
                .status,
            200);
  Reply balance_after_win = client_->Get("/accounts");
  json::value settlement = NextJson(mine);
  EXPECT_EQ(Str(At(settlement, "/channel")), "settlements");
  EXPECT_EQ(At(settlement, "/data/betId").as_int64(), bet_id);
  EXPECT_EQ(Str(At(settlement, "/data/settlementStatus")), "WON");
  json::value paid = NextJson(mine);
  EXPECT_EQ(Str(At(paid, "/channel")), "accounts");
  EXPECT_EQ(json::serialize(At(paid, "/data/balance")),
            json::serialize(At(balance_after_win.json, "/0/balance")));

  // The other key's socket saw none of that: its first push is its own order.
  Client other_client(process_->port(), kOtherKey);
  std::string other_price = Price(other_client, "id100000002", 101);
  Reply other_placed = other_client.Post(
      "/place-orders",
      "{\"orders\":[" + Order("w-other", "id100000002", 101, other_price, "5") + "]}");
  ASSERT_EQ(Str(At(other_placed.json, "/status")), "accepted") << other_placed.body;
  json::value first = NextJson(other);
  EXPECT_EQ(Str(At(first, "/channel")), "orders");
  EXPECT_EQ(Str(At(first, "/data/requestUuid")), "w-other");
  // Subscribed to orders only: no bets or accounts follow, the next message answers a ping.
  ASSERT_TRUE(other.Send(R"({"type":"ping"})").ok());
  EXPECT_EQ(Str(At(NextJson(other), "/type")), "pong");
}

TEST(BookmakerRateLimitTest, OverTheLimitAKeyGets429WithRetryAfterAndOtherKeysDoNot) {
  TempDir dir;
  BookmakerProcess p(dir.path(), {"--api-key", kKey, "--api-key", kOtherKey, "--rate-limit", "2"});
  Client c(p.port());
  EXPECT_EQ(c.Get("/v4/sports").status, 200);
  EXPECT_EQ(c.Get("/accounts").status, 200);
  Reply limited = c.Get("/v4/sports");
  ASSERT_EQ(limited.status, 429) << limited.body;
  // Two per minute: a token comes back within 30 s.
  int retry_after = std::stoi(limited.retry_after.empty() ? "0" : limited.retry_after);
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 30);
  EXPECT_EQ(Str(At(limited.json, "/error")), "RateLimited");
  EXPECT_EQ(At(limited.json, "/code").as_int64(), 429);
  EXPECT_FALSE(Str(At(limited.json, "/message")).empty());
  EXPECT_EQ(c.Get("/accounts").status, 429);  // one bucket per key, across routes
  EXPECT_EQ(Client(p.port(), kOtherKey).Get("/v4/sports").status, 200);
}

TEST(BookmakerSpeedTest, SpeedRunsTheSeasonFasterAndItsClockSurvivesARestart) {
  TempDir dir;
  std::vector<std::string> args = {
      "--api-key", kKey, "--speed", "600", "--drops-per-hour", "0", "--cancel-probability", "0"};
  auto process = std::make_unique<BookmakerProcess>(dir.path(), args, /*manual_clock=*/false);
  Client c(process->port());
  Reply clock = c.Get("/admin/clock");
  EXPECT_EQ(Str(At(clock.json, "/mode")), "system");
  EXPECT_EQ(c.Post("/admin/clock/advance", "{\"seconds\":1}").status, 409);
  // The first kick-off is 600 season seconds after the start: about a second at 600×, ten
  // minutes in real time.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  std::int64_t status = 0;
  while (status == 0 && std::chrono::steady_clock::now() < deadline) {
    status = At(c.Get("/v4/scores?fixtureId=id100000001").json, "/statusId").as_int64();
    if (status == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GE(status, 1) << "the season did not reach the first kick-off";
  std::string before = Str(At(c.Get("/admin/clock").json, "/now"));
  ASSERT_EQ(process->Terminate(), 0);
  process = std::make_unique<BookmakerProcess>(dir.path(), args, /*manual_clock=*/false);
  Client again(process->port());
  // The season time resumes where it stopped (ISO-8601 of one width compares as text), so the
  // fixture is still under way or over, not back before its kick-off.
  EXPECT_GE(Str(At(again.Get("/admin/clock").json, "/now")), before);
  EXPECT_GE(At(again.Get("/v4/scores?fixtureId=id100000001").json, "/statusId").as_int64(), 1);
}

}  // namespace
}  // namespace probex
