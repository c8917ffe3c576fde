// End-to-end: CTM rounds and the price oracle on the real binary, with the manual clock and the
// operator's price push, so every phase change happens exactly when the test advances time:
// a scheduled BLITZ round from creation through OPEN and HEATMAP to payout with many players
// (heatmap buckets, ranks, hand-computed payouts with fee and dust, my-predictions, my-stats);
// streaks across operator (EVENT) rounds; voided rounds (operator, fewer than two players);
// the ctm switch's 503; every bad input with its error body; the WS prices room; a recorded
// file replayed by the oracle; state surviving a restart.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "net/websocket_client.h"
#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

using std::chrono::milliseconds;

double Num(const Reply& r, std::string_view pointer) {
  const boost::json::value* v = r.At(pointer);
  return v != nullptr && v->is_number() ? v->to_number<double>() : -1.0;
}

// The error body of the reference: {"error", "message", "code"}.
#define EXPECT_ERROR(reply, http_status, type, code_text) \
  do {                                                    \
    const ::probex::testing::Reply& _r = (reply);         \
    EXPECT_EQ(_r.status, http_status) << _r.body;         \
    EXPECT_EQ(_r.Str("/error"), type) << _r.body;         \
    EXPECT_EQ(_r.Str("/code"), code_text) << _r.body;     \
    EXPECT_FALSE(_r.Str("/message").empty()) << _r.body;  \
  } while (0)

class VenueCtmTest : public VenueFixture {
 protected:
  // BTC only, BLITZ schedule (5 min: 3 OPEN, 1 HEATMAP, 1 LOCKED), prices pushed by the test.
  virtual std::string ctm_config() const { return "round_types = \"BLITZ\"\n"; }
  virtual std::vector<std::string> oracle_args() const { return {"--oracle", "push"}; }

  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    const std::string config = WriteVenueConfig(
        dir_->path(), {"global", "auth_reads", "orders", "ctm_predict", "price_history"},
        "[venue.oracle]\nassets = \"BTC\"\n[venue.ctm]\n" + ctm_config());
    std::vector<std::string> extra = {"--config", config};
    for (const std::string& a : oracle_args()) extra.push_back(a);
    venue_ = std::make_unique<VenueProcess>(dir_->path() + "/data", extra);
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
  }

  void Push(const std::string& price, const std::string& bid = "", const std::string& ask = "") {
    std::string body = R"({"asset":"BTC","price":)" + price;
    if (!bid.empty()) body += R"(,"bid":)" + bid + R"(,"ask":)" + ask;
    Reply r = admin_->Post("/admin/v1/oracle/prices", body + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Advances the manual clock to `t` (no-op when already there).
  void AdvanceTo(Timestamp t) {
    const std::int64_t ms = (t.micros() - Now().micros() + 999) / 1000;
    if (ms > 0) AdvanceClock(ms);
  }
  Timestamp TimeAt(const Reply& r, std::string_view pointer) {
    auto t = ParseIso8601(r.Str(pointer));
    EXPECT_TRUE(t.ok()) << pointer << " in " << r.body;
    return t ? *t : Timestamp();
  }
  Reply Predict(Trader& t, const std::string& round, const std::string& price,
                const std::string& key = "") {
    std::string body = R"({"predictedPrice":)" + price;
    if (!key.empty()) body += R"(,"idempotencyKey":")" + key + "\"";
    return t.api->Post("/api/v1/ctm/rounds/" + round + "/predict", body + "}");
  }
  // An EVENT round starting now: OPEN 60 s, HEATMAP 60 s, LOCKED 60 s.
  std::string EventRound(const std::string& extra = "") {
    const Timestamp now = Now();
    Reply r = admin_->Post("/admin/v1/ctm/rounds",
                           R"({"asset":"BTC","question":"BTC in 3 min?","heatmapStartsAt":")" +
                               FormatIso8601(now.PlusSeconds(60)) + R"(","lockedStartsAt":")" +
                               FormatIso8601(now.PlusSeconds(120)) + R"(","resolvesAt":")" +
                               FormatIso8601(now.PlusSeconds(180)) + R"(","entryFeeBlind":10)" +
                               extra + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Str("/round/roundType"), "EVENT");
    EXPECT_EQ(r.Str("/round/status"), "OPEN");
    return r.Str("/round/id");
  }
  Reply Round(const std::string& id) { return admin_->Get("/api/v1/ctm/rounds/" + id); }
};

TEST_F(VenueCtmTest, ScheduledBlitzRoundFromOpenThroughHeatmapToRankedPayout) {
  // The scheduler created the next BLITZ round ahead of time.
  Reply list = admin_->Get("/api/v1/ctm/rounds?asset=BTC&roundType=BLITZ&status=OPEN&sort=asc");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_GE(list.Int("/total"), 1) << list.body;
  const std::string id = list.Str("/rounds/0/id");
  const Timestamp open = TimeAt(list, "/rounds/0/openStartsAt");
  const Timestamp heatmap = TimeAt(list, "/rounds/0/heatmapStartsAt");
  const Timestamp locked = TimeAt(list, "/rounds/0/lockedStartsAt");
  const Timestamp resolves = TimeAt(list, "/rounds/0/resolvesAt");
  EXPECT_EQ(open.micros() % 300'000'000, 0) << "aligned to 5 minutes";
  EXPECT_EQ(heatmap, open.PlusSeconds(180));
  EXPECT_EQ(locked, open.PlusSeconds(240));
  EXPECT_EQ(resolves, open.PlusSeconds(300));
  EXPECT_EQ(list.Str("/rounds/0/question"), "Where will BTC be in 5 min?");
  EXPECT_EQ(list.Str("/rounds/0/entryFeeBlind"), "10.0000000000");

  AdvanceTo(open);
  Push("84000", "83999", "84001");
  std::vector<Trader> players;
  for (int i = 0; i < 21; ++i)
    players.push_back(NewTrader("player" + std::to_string(i + 1), "1000"));
  // Eleven BLIND predictions: 84010, 84020, ..., 84110.
  for (int i = 0; i < 11; ++i) {
    Reply r = Predict(players[static_cast<std::size_t>(i)], id, std::to_string(84010 + 10 * i),
                      i == 0 ? "first" : "");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Str("/phase"), "BLIND");
    EXPECT_EQ(r.Str("/fee"), "10.0000000000");
    EXPECT_EQ(r.Str("/balanceAfter"), "990.0000000000");
    EXPECT_EQ(r.Str("/prediction/status"), "CONFIRMED");
    EXPECT_EQ(r.Str("/prediction/roundId"), id);
  }
  // The same idempotency key and payload: the first answer; another payload: 409.
  Reply again = Predict(players[0], id, "84010", "first");
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Str("/prediction/id"), "1");
  EXPECT_ERROR(Predict(players[0], id, "84011", "first"), 409, "Conflict", "idempotency_conflict");
  // No heatmap while OPEN.
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/" + id + "/heatmap"), 403, "Forbidden",
               "heatmap_not_revealed");

  AdvanceTo(heatmap);
  EXPECT_EQ(Round(id).Str("/round/status"), "HEATMAP");
  Reply hm = admin_->Get("/api/v1/ctm/rounds/" + id + "/heatmap?bucketCount=5");
  ASSERT_EQ(hm.status, 200) << hm.body;
  // [84010, 84110] in 5 buckets of 20: 2, 2, 2, 2 and 3 (the last includes its top).
  const int expected[5] = {2, 2, 2, 2, 3};
  for (int b = 0; b < 5; ++b) {
    const std::string at = "/heatmap/" + std::to_string(b);
    EXPECT_DOUBLE_EQ(Num(hm, at + "/min"), 84010 + 20 * b) << hm.body;
    EXPECT_DOUBLE_EQ(Num(hm, at + "/max"), 84030 + 20 * b) << hm.body;
    EXPECT_EQ(hm.Int(at + "/count"), expected[b]) << hm.body;
  }
  Reply hm20 = admin_->Get("/api/v1/ctm/rounds/" + id + "/heatmap");
  ASSERT_EQ(hm20.status, 200);
  ASSERT_EQ(hm20.json.at("heatmap").as_array().size(), 20u);
  std::int64_t counted = 0;
  for (const auto& bucket : hm20.json.at("heatmap").as_array()) {
    counted += bucket.at("count").as_int64();
  }
  EXPECT_EQ(counted, 11);

  // Ten HEATMAP predictions at twice the fee; one of them lands closest.
  for (int i = 11; i < 21; ++i) {
    const std::string price = i == 11 ? "84014" : std::to_string(85000 + i);
    Reply r = Predict(players[static_cast<std::size_t>(i)], id, price);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Str("/phase"), "HEATMAP");
    EXPECT_EQ(r.Str("/fee"), "20.0000000000");
    EXPECT_EQ(r.Str("/balanceAfter"), "980.0000000000");
  }

  AdvanceTo(locked);
  EXPECT_EQ(Round(id).Str("/round/status"), "LOCKED");
  EXPECT_ERROR(Predict(players[3], id, "84000"), 400, "BadRequest", "round_locked");
  Push("84013", "84012.5", "84013.5");  // the last price at or before resolvesAt

  AdvanceTo(resolves);
  Push("99999");  // after resolvesAt: not the settlement price
  Reply res = admin_->Get("/api/v1/ctm/rounds/" + id + "/results");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.Str("/round/status"), "RESOLVED");
  // Pool 11 × 10 + 10 × 20 = 310; fee 5% = 15.5; payout pool 294.5 to the closest
  // W = ⌊21 / 10⌋ = 2, weighted 2 and 1: 196.33333333 and 98.16666666; dust 0.00000001.
  EXPECT_EQ(res.Str("/result/settlementPrice"), "84013.0000000000");
  EXPECT_EQ(res.Str("/result/totalPool"), "310.0000000000");
  EXPECT_EQ(res.Str("/result/platformFee"), "15.5000000000");
  EXPECT_EQ(res.Str("/result/payoutPool"), "294.5000000000");
  EXPECT_EQ(res.Str("/result/dust"), "0.0000000100");
  EXPECT_EQ(res.Int("/result/totalPredictions"), 21);
  EXPECT_EQ(res.Int("/result/uniquePlayers"), 21);
  EXPECT_EQ(res.Int("/topPredictions/0/rank"), 1);
  EXPECT_EQ(res.Str("/topPredictions/0/predictedPrice"), "84014.0000000000");
  EXPECT_EQ(res.Str("/topPredictions/0/payoutAmount"), "196.3333333300");
  EXPECT_EQ(res.Int("/topPredictions/1/rank"), 2);
  EXPECT_EQ(res.Str("/topPredictions/1/distance"), "3.0000000000");
  EXPECT_EQ(res.Str("/topPredictions/1/payoutAmount"), "98.1666666600");
  EXPECT_EQ(res.Int("/topPredictions/2/rank"), 3);
  EXPECT_EQ(res.Str("/topPredictions/2/payoutAmount"), "0.0000000000");

  Reply mine = players[11].api->Get("/api/v1/ctm/my-predictions?roundId=" + id);
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Str("/predictions/0/phase"), "HEATMAP");
  EXPECT_EQ(mine.Str("/predictions/0/status"), "WON");
  EXPECT_EQ(mine.Str("/predictions/0/distance"), "1.0000000000");
  EXPECT_EQ(mine.Int("/predictions/0/rank"), 1);
  EXPECT_EQ(mine.Str("/predictions/0/payoutAmount"), "196.3333333300");
  EXPECT_EQ(mine.Str("/predictions/0/round/status"), "RESOLVED");
  EXPECT_EQ(mine.Str("/predictions/0/round/asset"), "BTC");
  Reply lost = players[5].api->Get("/api/v1/ctm/my-predictions");
  EXPECT_EQ(lost.Str("/predictions/0/status"), "LOST");
  EXPECT_EQ(lost.Int("/predictions/0/rank"), 7);  // behind 84014 and 84010..84050
  EXPECT_EQ(lost.Str("/predictions/0/distance"), "47.0000000000");

  Reply stats = players[11].api->Get("/api/v1/ctm/my-stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Int("/stats/totalRounds"), 1);
  EXPECT_EQ(stats.Int("/stats/totalPredictions"), 1);
  EXPECT_EQ(stats.Int("/stats/totalWins"), 1);
  EXPECT_EQ(stats.Str("/stats/totalPayouts"), "196.3333333300");
  EXPECT_EQ(stats.Int("/stats/bestRank"), 1);
  EXPECT_EQ(stats.Int("/stats/currentStreak"), 1);
  EXPECT_EQ(stats.Str("/stats/avgDistance"), "1.0000000000");

  // Money: winners paid to available, losers' entries gone, nothing left locked.
  Reply b12 = players[11].api->Get("/api/v1/balance");
  EXPECT_EQ(b12.Str("/balance/available"), "1176.3333333300") << b12.body;
  EXPECT_EQ(b12.Str("/balance/lockedBets"), "0.0000000000") << b12.body;
  Reply b1 = players[0].api->Get("/api/v1/balance");
  EXPECT_EQ(b1.Str("/balance/available"), "1088.1666666600") << b1.body;
  EXPECT_EQ(players[2].api->Get("/api/v1/balance").Str("/balance/available"), "990.0000000000");

  Reply history = admin_->Get("/api/v1/ctm/rounds/" + id + "/price-history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.Str("/asset"), "BTC");
  ASSERT_EQ(history.json.at("prices").as_array().size(), 2u) << history.body;
  EXPECT_DOUBLE_EQ(Num(history, "/prices/0/price"), 84000);
  EXPECT_DOUBLE_EQ(Num(history, "/prices/1/price"), 84013);
  EXPECT_DOUBLE_EQ(Num(history, "/prices/1/bid"), 84012.5);
  EXPECT_EQ(history.Int("/prices/0/timestamp"), open.millis());

  // The state survives a crash (journal replay): same results, same stats.
  venue_->Restart();
  Reconnect();
  players[11].api = std::make_unique<VenueClient>(venue_->port(), players[11].key);
  EXPECT_EQ(players[11].api->Get("/api/v1/ctm/my-stats").body, stats.body);
  EXPECT_EQ(admin_->Get("/api/v1/ctm/rounds/" + id + "/results").body, res.body);
}

class VenueCtmEventTest : public VenueCtmTest {
 protected:
  std::string ctm_config() const override { return "round_types = \"\"\n"; }
};

TEST_F(VenueCtmEventTest, StreaksAcrossRoundsAndVoidedRoundsRefund) {
  Trader a = NewTrader("alice", "100");
  Trader b = NewTrader("bob", "100");
  Push("100");
  // alice wins, wins, loses, wins.
  const char* picks[4][2] = {{"100", "150"}, {"101", "150"}, {"150", "100"}, {"100", "150"}};
  for (const auto& pick : picks) {
    const std::string id = EventRound();
    ASSERT_EQ(Predict(a, id, pick[0]).status, 200);
    ASSERT_EQ(Predict(b, id, pick[1]).status, 200);
    AdvanceClock(180'000);
    ASSERT_EQ(Round(id).Str("/round/status"), "RESOLVED");
  }
  Reply sa = a.api->Get("/api/v1/ctm/my-stats");
  EXPECT_EQ(sa.Int("/stats/totalRounds"), 4) << sa.body;
  EXPECT_EQ(sa.Int("/stats/totalWins"), 3);
  EXPECT_EQ(sa.Int("/stats/currentStreak"), 1);
  EXPECT_EQ(sa.Int("/stats/bestStreak"), 2);
  EXPECT_EQ(sa.Str("/stats/totalPayouts"), "57.0000000000");  // 3 × (20 − 5%)
  EXPECT_EQ(sa.Str("/stats/avgDistance"), "12.7500000000");   // (0 + 1 + 50 + 0) / 4
  Reply sb = b.api->Get("/api/v1/ctm/my-stats");
  EXPECT_EQ(sb.Int("/stats/totalWins"), 1);
  EXPECT_EQ(sb.Int("/stats/currentStreak"), 0);
  EXPECT_EQ(sb.Int("/stats/bestStreak"), 1);
  EXPECT_EQ(a.api->Get("/api/v1/balance").Str("/balance/available"), "117.0000000000");
  EXPECT_EQ(b.api->Get("/api/v1/balance").Str("/balance/available"), "79.0000000000");

  // Voided by the operator: entries refunded at once.
  const std::string voided = EventRound();
  ASSERT_EQ(Predict(a, voided, "1").status, 200);
  ASSERT_EQ(Predict(b, voided, "2").status, 200);
  Reply v = admin_->Post("/admin/v1/ctm/rounds/" + voided + "/void", "");
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.Str("/round/status"), "VOIDED");
  EXPECT_EQ(v.Str("/round/voidReason"), "operator");
  EXPECT_ERROR(admin_->Post("/admin/v1/ctm/rounds/" + voided + "/void", ""), 409, "Conflict",
               "round_already_settled");
  EXPECT_EQ(a.api->Get("/api/v1/balance").Str("/balance/available"), "117.0000000000");
  EXPECT_EQ(a.api->Get("/api/v1/ctm/my-predictions?roundId=" + voided).Str("/predictions/0/status"),
            "REFUNDED");
  Reply vr = admin_->Get("/api/v1/ctm/rounds/" + voided + "/results");
  EXPECT_EQ(vr.status, 200) << vr.body;
  EXPECT_EQ(vr.Str("/result/voidReason"), "operator");
  EXPECT_TRUE(vr.At("/result/settlementPrice")->is_null());

  // Fewer than two distinct players: voided at resolution, refunded.
  const std::string lonely = EventRound();
  ASSERT_EQ(Predict(a, lonely, "100").status, 200);
  ASSERT_EQ(Predict(a, lonely, "101").status, 200);
  EXPECT_EQ(a.api->Get("/api/v1/balance").Str("/balance/lockedBets"), "20.0000000000");
  AdvanceClock(180'000);
  Reply lr = Round(lonely);
  EXPECT_EQ(lr.Str("/round/status"), "VOIDED");
  EXPECT_EQ(lr.Str("/round/voidReason"), "too_few_players");
  EXPECT_EQ(a.api->Get("/api/v1/balance").Str("/balance/available"), "117.0000000000");
  // Voided rounds do not break or extend streaks.
  EXPECT_EQ(a.api->Get("/api/v1/ctm/my-stats").Int("/stats/currentStreak"), 1);

  Reply all = admin_->Get("/api/v1/ctm/rounds?status=VOIDED,RESOLVED&sort=asc&limit=2&offset=4");
  EXPECT_EQ(all.Int("/total"), 6) << all.body;
  ASSERT_EQ(all.json.at("rounds").as_array().size(), 2u);
  EXPECT_EQ(all.Str("/rounds/0/id"), voided);
  EXPECT_EQ(admin_->Get("/api/v1/ctm/rounds?status=OPEN").Int("/total"), 0);
}

TEST_F(VenueCtmEventTest, CtmSwitchAnswers503AndReadsStayUp) {
  Trader a = NewTrader("alice", "100");
  const std::string id = EventRound();
  Reply off = admin_->Put("/admin/v1/switches", R"({"ctm":false})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_ERROR(Predict(a, id, "1"), 503, "ServiceUnavailable", "ctm_disabled");
  EXPECT_EQ(Round(id).status, 200);
  EXPECT_EQ(a.api->Get("/api/v1/balance").Str("/balance/available"), "100.0000000000");
  ASSERT_EQ(admin_->Put("/admin/v1/switches", R"({"ctm":true})").status, 200);
  EXPECT_EQ(Predict(a, id, "1").status, 200);
}

TEST_F(VenueCtmEventTest, EveryBadInputHasItsErrorBody) {
  Trader a = NewTrader("alice", "15");
  Trader reader = NewTrader("reader", "");
  reader.key = IssueKey(reader.id, R"(["market:read"])");
  reader.api = std::make_unique<VenueClient>(venue_->port(), reader.key);
  const std::string id = EventRound();

  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds?status=OPEN,NOPE"), 400, "BadRequest",
               "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds?roundType=MEGA"), 400, "BadRequest",
               "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds?limit=0"), 400, "BadRequest", "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds?limit=101"), 400, "BadRequest", "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds?offset=-1"), 400, "BadRequest", "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds?sort=up"), 400, "BadRequest", "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/abc"), 404, "NotFound", "round_not_found");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/999"), 404, "NotFound", "round_not_found");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/999/heatmap"), 404, "NotFound", "round_not_found");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/999/price-history"), 404, "NotFound",
               "round_not_found");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/" + id + "/heatmap?bucketCount=4"), 400,
               "BadRequest", "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/" + id + "/heatmap?bucketCount=51"), 400,
               "BadRequest", "invalid_query");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/" + id + "/heatmap"), 403, "Forbidden",
               "heatmap_not_revealed");
  EXPECT_ERROR(admin_->Get("/api/v1/ctm/rounds/" + id + "/results"), 400, "BadRequest",
               "round_not_resolved");

  // Predict.
  VenueClient anonymous(venue_->port());
  EXPECT_ERROR(anonymous.Post("/api/v1/ctm/rounds/" + id + "/predict", R"({"predictedPrice":1})"),
               401, "Unauthorized", "unauthorized");
  EXPECT_EQ(Predict(reader, id, "1").status, 403);
  EXPECT_ERROR(a.api->Post("/api/v1/ctm/rounds/" + id + "/predict", "{}"), 400, "BadRequest",
               "missing_field");
  EXPECT_ERROR(a.api->Post("/api/v1/ctm/rounds/" + id + "/predict", "not json"), 400, "BadRequest",
               "invalid_json");
  EXPECT_ERROR(Predict(a, id, "-1"), 400, "BadRequest", "out_of_range");
  EXPECT_ERROR(Predict(a, id, "\"abc\""), 400, "BadRequest", "invalid_value");
  EXPECT_ERROR(Predict(a, id, "1.123456789"), 400, "BadRequest", "invalid_value");
  EXPECT_ERROR(Predict(a, id, "2000000000"), 400, "BadRequest", "invalid_prediction");
  EXPECT_ERROR(Predict(a, id, "1", std::string(129, 'k')), 400, "BadRequest", "invalid_value");
  EXPECT_ERROR(Predict(a, "999", "1"), 404, "NotFound", "round_not_found");
  EXPECT_ERROR(Predict(a, "x", "1"), 404, "NotFound", "round_not_found");
  ASSERT_EQ(Predict(a, id, "1").status, 200);
  EXPECT_ERROR(Predict(a, id, "2"), 400, "BadRequest", "insufficient_balance");  // 5 left
  EXPECT_EQ(a.api->Get("/api/v1/balance").Str("/balance/available"), "5.0000000000");
  AdvanceClock(120'000);
  EXPECT_ERROR(Predict(a, id, "3"), 400, "BadRequest", "round_locked");
  AdvanceClock(60'000);
  EXPECT_ERROR(Predict(a, id, "3"), 400, "BadRequest", "round_closed");

  // Reads behind a key.
  EXPECT_ERROR(anonymous.Get("/api/v1/ctm/my-predictions"), 401, "Unauthorized", "unauthorized");
  EXPECT_ERROR(anonymous.Get("/api/v1/ctm/my-stats"), 401, "Unauthorized", "unauthorized");
  EXPECT_ERROR(a.api->Get("/api/v1/ctm/my-predictions?roundId=999"), 404, "NotFound",
               "round_not_found");
  EXPECT_ERROR(a.api->Get("/api/v1/ctm/my-predictions?limit=0"), 400, "BadRequest",
               "invalid_query");

  // Operator.
  EXPECT_ERROR(anonymous.Post("/admin/v1/oracle/prices", R"({"asset":"BTC","price":1})"), 401,
               "Unauthorized", "unauthorized");
  EXPECT_ERROR(admin_->Post("/admin/v1/oracle/prices", R"({"asset":"BTC"})"), 400, "BadRequest",
               "missing_field");
  EXPECT_ERROR(admin_->Post("/admin/v1/oracle/prices", R"({"asset":"btc","price":1})"), 400,
               "BadRequest", "invalid_oracle_price");
  EXPECT_ERROR(
      admin_->Post("/admin/v1/oracle/prices", R"({"asset":"BTC","price":10,"bid":11,"ask":12})"),
      400, "BadRequest", "invalid_oracle_price");
  EXPECT_ERROR(admin_->Post("/admin/v1/oracle/prices", R"({"asset":"BTC","price":0})"), 400,
               "BadRequest", "out_of_range");
  EXPECT_ERROR(admin_->Post("/admin/v1/oracle/prices", R"({"asset":"BTC","price":1,"x":1})"), 400,
               "BadRequest", "unknown_field");
  const std::string now = FormatIso8601(Now());
  EXPECT_ERROR(admin_->Post("/admin/v1/ctm/rounds", R"({"asset":"BTC","heatmapStartsAt":")" + now +
                                                        R"(","lockedStartsAt":")" + now +
                                                        R"(","resolvesAt":")" + now + R"("})"),
               400, "BadRequest", "invalid_round_definition");
  EXPECT_ERROR(admin_->Post("/admin/v1/ctm/rounds", R"({"asset":"BTC"})"), 400, "BadRequest",
               "missing_field");
  EXPECT_ERROR(admin_->Post("/admin/v1/ctm/rounds/999/void", ""), 404, "NotFound",
               "round_not_found");
  // Nothing above changed the round list.
  EXPECT_EQ(admin_->Get("/api/v1/ctm/rounds").Int("/total"), 1);
}

TEST_F(VenueCtmEventTest, PushedPricesStreamToThePricesRoom) {
  net::WebSocketClient ws;
  ASSERT_TRUE(ws.Connect("127.0.0.1", venue_->port(), "/ws", {}).ok());
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"prices:BTC","id":1})").ok());
  auto ack = ws.Receive(milliseconds(10'000));
  ASSERT_TRUE(ack.ok());
  EXPECT_NE(ack->data.find("\"subscribed\""), std::string::npos) << ack->data;
  ASSERT_TRUE(ws.Send(R"({"op":"subscribe","room":"prices:btc","id":2})").ok());
  auto bad = ws.Receive(milliseconds(10'000));
  ASSERT_TRUE(bad.ok());
  EXPECT_NE(bad->data.find("\"error\""), std::string::npos) << bad->data;

  const Timestamp now = Now();
  Push("84000.5", "84000", "84001");
  auto m = ws.Receive(milliseconds(10'000));
  ASSERT_TRUE(m.ok());
  auto v = boost::json::parse(m->data);
  EXPECT_EQ(v.at("type").as_string(), "crypto_price_update") << m->data;
  EXPECT_EQ(v.at("room").as_string(), "prices:BTC");
  EXPECT_EQ(v.at("asset").as_string(), "BTC");
  EXPECT_DOUBLE_EQ(v.at("price").to_number<double>(), 84000.5);
  EXPECT_DOUBLE_EQ(v.at("bid").to_number<double>(), 84000);
  EXPECT_DOUBLE_EQ(v.at("ask").to_number<double>(), 84001);
  EXPECT_EQ(v.at("timestamp").as_int64(), now.millis());
  EXPECT_EQ(v.at("seq").as_int64(), 1);
  Push("84002");
  auto m2 = ws.Receive(milliseconds(10'000));
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(boost::json::parse(m2->data).at("seq").as_int64(), 2) << m2->data;
  Reply prices = admin_->Get("/admin/v1/oracle/prices");
  EXPECT_DOUBLE_EQ(Num(prices, "/prices/0/price"), 84002) << prices.body;
}

// The oracle replays a recorded CSV at the recording's pace on the service clock.
class VenueCtmReplayTest : public VenueCtmEventTest {
 protected:
  std::vector<std::string> oracle_args() const override {
    const std::string path =
        ::testing::TempDir() + "/ctm_recording_" + std::to_string(::getpid()) + ".csv";
    std::ofstream out(path);
    out << "timestamp,asset,price,bid,ask\n"
        << "1712318400000,BTC,84100.5,84099,84102\n"
        << "1712318410000,BTC,84110.25,84109,84111.5\n";
    return {"--oracle", "file:" + path};
  }
  // Polls the operator's latest prices until BTC shows `price` (the feed runs on its own thread).
  bool WaitForPrice(double price) {
    for (int i = 0; i < 200; ++i) {
      if (Num(admin_->Get("/admin/v1/oracle/prices"), "/prices/0/price") == price) return true;
      std::this_thread::sleep_for(milliseconds(25));
    }
    return false;
  }
};

TEST_F(VenueCtmReplayTest, RecordedFileIsReplayedAsJournaledTicks) {
  EXPECT_TRUE(WaitForPrice(84100.5));
  AdvanceClock(9'000);
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_DOUBLE_EQ(Num(admin_->Get("/admin/v1/oracle/prices"), "/prices/0/price"), 84100.5);
  AdvanceClock(1'000);
  EXPECT_TRUE(WaitForPrice(84110.25));
  Reply p = admin_->Get("/admin/v1/oracle/prices");
  EXPECT_DOUBLE_EQ(Num(p, "/prices/0/ask"), 84111.5);
}

}  // namespace
}  // namespace probex::testing
