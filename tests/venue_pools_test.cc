// End to end on the real binary: POOL markets and bets (issue 5, docs/venue-pools.md) — a full
// lifecycle with several bettors and hand-computed payouts (time weights under the manual clock,
// a 2% betting fee, dust), refunds on void and when nobody backed the winner, idempotency, the
// operator's betting switch, every bad input with its error body, and the rate limits.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

// A venue with betting_fee 0.02 and pool_time_weight_floor 0.5; high rate limits unless a test
// wants the reference's defaults.
class PoolFixture : public VenueFixture {
 protected:
  virtual bool default_limits() const { return false; }

  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    const std::string pool_settings =
        "[venue]\nbetting_fee = \"0.02\"\npool_time_weight_floor = \"0.5\"\n";
    const std::string config =
        default_limits() ? WriteVenueConfig(dir_->path(), {}, pool_settings)
                         : WriteVenueConfig(dir_->path(),
                                            {"global", "auth_reads", "bets_market", "key_creation"},
                                            pool_settings);
    venue_ = std::make_unique<VenueProcess>(dir_->path() + "/data",
                                            std::vector<std::string>{"--config", config});
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
  }

  static std::string BetBody(const std::string& market, int outcome, const std::string& amount,
                             const std::string& key = "") {
    std::string body = R"({"marketId":")" + market + R"(","outcomeIndex":)" +
                       std::to_string(outcome) + R"(,"amount":)" + amount;
    if (!key.empty()) body += R"(,"idempotencyKey":")" + key + R"(")";
    return body + "}";
  }
  Reply PlaceBet(Trader& t, const std::string& market, int outcome, const std::string& amount,
                 const std::string& key = "") {
    return t.api->Post("/api/v1/bets", BetBody(market, outcome, amount, key));
  }
  void Resolve(const std::string& market, int winner) {
    Reply r = admin_->Post("/admin/v1/markets/" + market + "/resolve",
                           R"({"winningOutcomeIndex":)" + std::to_string(winner) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static void ExpectError(const Reply& r, int status, const std::string& error,
                          const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Str("/error"), error) << r.body;
    EXPECT_EQ(r.Str("/code"), code) << r.body;
    EXPECT_FALSE(r.Str("/message").empty()) << r.body;
  }
  static std::string Balance(Trader& t, const std::string& bucket) {
    Reply b = t.api->Get("/api/v1/balance");
    EXPECT_EQ(b.status, 200) << b.body;
    return b.Str("/balance/" + bucket);
  }
};

TEST_F(PoolFixture, LifecycleWithTimeWeightsFeeAndDustPaysHandComputedAmounts) {
  Trader alice = NewTrader("alice", "1000");
  Trader bob = NewTrader("bob", "1000");
  Trader carol = NewTrader("carol", "1000");
  const std::string market = CreateMarket("Rain in Paris tomorrow?", "POOL", 24);

  // t = 0: weight 1.0; fee 2% of 100 = 2.
  Reply a = PlaceBet(alice, market, 0, "100");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.Str("/bet/marketId"), market);
  EXPECT_EQ(a.Int("/bet/outcomeIndex"), 0);
  EXPECT_EQ(a.Str("/bet/amount"), "100.0000000000");
  EXPECT_EQ(a.Str("/bet/status"), "CONFIRMED");
  EXPECT_EQ(a.Str("/bet/timeWeight"), "1.0000");
  EXPECT_EQ(a.Str("/balanceAfter"), "900.0000000000");
  EXPECT_EQ(a.Str("/fee"), "2.0000000000");
  EXPECT_EQ(Balance(alice, "lockedBets"), "100.0000000000");
  EXPECT_EQ(Balance(alice, "total"), "1000.0000000000");

  // t = 6 h of 24: weight 0.5 + 0.5 × 18/24 = 0.875.
  AdvanceClock(6 * kHourMs);
  Reply c = PlaceBet(carol, market, 1, "150");
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(c.Str("/bet/timeWeight"), "0.8750");
  EXPECT_EQ(c.Str("/fee"), "3.0000000000");

  // t = 12 h: weight 0.75.
  AdvanceClock(6 * kHourMs);
  Reply b = PlaceBet(bob, market, 0, "50");
  ASSERT_EQ(b.status, 200) << b.body;
  EXPECT_EQ(b.Str("/bet/timeWeight"), "0.7500");
  EXPECT_EQ(b.Str("/fee"), "1.0000000000");
  EXPECT_EQ(b.Str("/balanceAfter"), "950.0000000000");

  Reply m = admin_->Get("/api/v1/markets/" + market);
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.Str("/market/type"), "POOL");
  EXPECT_EQ(m.Str("/market/totalPool"), "300.0000000000");
  EXPECT_EQ(m.Int("/market/betCount"), 3);
  EXPECT_EQ(m.Str("/market/outcomes/0/pool"), "150.0000000000");
  EXPECT_EQ(m.Str("/market/outcomes/1/pool"), "150.0000000000");
  EXPECT_EQ(m.Int("/market/outcomes/1/betCount"), 1);

  // Pool-implied odds: payout pool 300 − 6 = 294 over each outcome's 150 = 1.96.
  Reply s = admin_->Get("/api/v1/markets/" + market + "/stats");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.Str("/stats/type"), "POOL");
  EXPECT_EQ(s.Str("/stats/totalPool"), "300.0000000000");
  EXPECT_EQ(s.Str("/stats/fees"), "6.0000000000");
  EXPECT_EQ(s.Str("/stats/payoutPool"), "294.0000000000");
  EXPECT_EQ(s.Str("/stats/outcomes/0/share"), "0.5000");
  EXPECT_EQ(s.Str("/stats/outcomes/0/odds"), "1.9600");
  EXPECT_EQ(s.Str("/stats/outcomes/1/odds"), "1.9600");
  EXPECT_EQ(s.Int("/stats/outcomes/0/betCount"), 2);

  // Past the end the market is ENDED and refuses bets.
  AdvanceClock(12 * kHourMs);
  ExpectError(PlaceBet(bob, market, 0, "1"), 400, "BadRequest", "market_not_active");

  // Outcome 0 wins. Σ winning amount × weight = 100 × 1 + 50 × 0.75 = 137.5.
  // alice: 294 × 100 / 137.5 = 213.818181818… → 213.81818181
  // bob:   294 × 37.5 / 137.5 = 80.181818181… → 80.18181818; dust 0.00000001 to the fee account.
  Resolve(market, 0);
  EXPECT_EQ(Balance(alice, "available"), "1113.8181818100");
  EXPECT_EQ(Balance(bob, "available"), "1030.1818181800");
  EXPECT_EQ(Balance(carol, "available"), "850.0000000000");
  for (Trader* t : {&alice, &bob, &carol}) EXPECT_EQ(Balance(*t, "lockedBets"), "0.0000000000");
  // Conservation: 3000 deposited = the three balances + fee 6 + dust 0.00000001.
  EXPECT_EQ(M("1113.81818181") + M("1030.18181818") + M("850") + M("6.00000001"), M("3000"));
  Reply after = admin_->Get("/api/v1/markets/" + market + "/stats");
  EXPECT_EQ(after.Str("/stats/status"), "RESOLVED");
  EXPECT_EQ(after.Str("/stats/feeCollected"), "6.0000000100");
  EXPECT_EQ(after.Int("/stats/winningOutcomeIndex"), 0);

  // History from the read model, with the market summary embedded.
  Reply list = alice.api->Get("/api/v1/bets");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Int("/total"), 1);
  EXPECT_EQ(list.Str("/bets/0/id"), a.Str("/bet/id"));
  EXPECT_EQ(list.Str("/bets/0/status"), "WON");
  EXPECT_EQ(list.Str("/bets/0/payout"), "213.8181818100");
  EXPECT_EQ(list.Str("/bets/0/timeWeight"), "1.0000");
  EXPECT_EQ(list.Str("/bets/0/market/question"), "Rain in Paris tomorrow?");
  EXPECT_EQ(list.Str("/bets/0/market/status"), "RESOLVED");
  EXPECT_EQ(list.Str("/bets/0/market/outcomes/1/label"), "No");
  EXPECT_FALSE(list.Str("/bets/0/createdAt").empty());
  Reply lost = carol.api->Get("/api/v1/bets?status=LOST&marketId=" + market);
  EXPECT_EQ(lost.Int("/total"), 1);
  EXPECT_EQ(lost.Str("/bets/0/payout"), "0.0000000000");
  EXPECT_EQ(carol.api->Get("/api/v1/bets?status=WON").Int("/total"), 0);
  Reply one = bob.api->Get("/api/v1/bets/" + b.Str("/bet/id"));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.Str("/bet/status"), "WON");
  EXPECT_EQ(one.Str("/bet/payout"), "80.1818181800");
  // Another account's bet is not found.
  ExpectError(carol.api->Get("/api/v1/bets/" + b.Str("/bet/id")), 404, "NotFound", "bet_not_found");
  ExpectError(carol.api->Get("/api/v1/bets/999999"), 404, "NotFound", "bet_not_found");

  // Balance transactions explain every movement.
  Reply tx = bob.api->Get("/api/v1/balance/transactions");
  ASSERT_EQ(tx.status, 200) << tx.body;
  EXPECT_EQ(tx.Str("/transactions/0/type"), "BET_WON");
  EXPECT_EQ(tx.Str("/transactions/0/amount"), "80.1818181800");
  EXPECT_EQ(tx.Str("/transactions/0/lockedChange"), "-50.0000000000");
  EXPECT_EQ(tx.Str("/transactions/1/type"), "BET_PLACED");
}

TEST_F(PoolFixture, VoidAndNoWinnerRefundEveryBet) {
  Trader alice = NewTrader("alice", "100");
  Trader bob = NewTrader("bob", "100");
  const std::string voided = CreateMarket("Voided?", "POOL");
  ASSERT_EQ(PlaceBet(alice, voided, 0, "10").status, 200);
  ASSERT_EQ(PlaceBet(bob, voided, 1, "20.5").status, 200);
  Reply v = admin_->Post("/admin/v1/markets/" + voided + "/void", "{}");
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(Balance(alice, "available"), "100.0000000000");
  EXPECT_EQ(Balance(bob, "available"), "100.0000000000");
  EXPECT_EQ(alice.api->Get("/api/v1/bets").Str("/bets/0/status"), "REFUNDED");
  EXPECT_EQ(bob.api->Get("/api/v1/bets").Str("/bets/0/payout"), "20.5000000000");

  // Nobody backed outcome 1: everybody gets the whole amount back, no fee.
  const std::string lonely = CreateMarket("Nobody on No?", "POOL");
  ASSERT_EQ(PlaceBet(alice, lonely, 0, "30").status, 200);
  ASSERT_EQ(PlaceBet(bob, lonely, 0, "0.0001").status, 200);
  Resolve(lonely, 1);
  EXPECT_EQ(Balance(alice, "available"), "100.0000000000");
  EXPECT_EQ(Balance(bob, "available"), "100.0000000000");
  Reply refunded = alice.api->Get("/api/v1/bets?status=REFUNDED");
  EXPECT_EQ(refunded.Int("/total"), 2);
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + lonely + "/stats").Str("/stats/feeCollected"),
            "0.0000000000");
}

TEST_F(PoolFixture, IdempotencyKeyReplaysTheFirstAnswerAndConflictsOnAnotherPayload) {
  Trader alice = NewTrader("alice", "100");
  const std::string market = CreateMarket("Idempotent?", "POOL");
  Reply first = PlaceBet(alice, market, 1, "12.5", "order-1");
  ASSERT_EQ(first.status, 200) << first.body;
  Reply again = PlaceBet(alice, market, 1, "12.5", "order-1");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);  // the first answer, byte for byte
  EXPECT_EQ(Balance(alice, "available"), "87.5000000000");
  ExpectError(PlaceBet(alice, market, 1, "13", "order-1"), 409, "Conflict", "idempotency_conflict");
  ExpectError(PlaceBet(alice, market, 0, "12.5", "order-1"), 409, "Conflict",
              "idempotency_conflict");
  EXPECT_EQ(Balance(alice, "available"), "87.5000000000");
  EXPECT_EQ(alice.api->Get("/api/v1/bets").Int("/total"), 1);
  // A new key is a new bet.
  ASSERT_EQ(PlaceBet(alice, market, 1, "12.5", "order-2").status, 200);
  EXPECT_EQ(Balance(alice, "lockedBets"), "25.0000000000");
}

TEST_F(PoolFixture, BettingSwitchOffAnswers503AndChangesNothing) {
  Trader alice = NewTrader("alice", "100");
  const std::string market = CreateMarket("Switched?", "POOL");
  ASSERT_EQ(admin_->Put("/admin/v1/switches", R"({"betting":false})").status, 200);
  ExpectError(PlaceBet(alice, market, 0, "1"), 503, "ServiceUnavailable", "betting_disabled");
  EXPECT_EQ(Balance(alice, "available"), "100.0000000000");
  EXPECT_EQ(alice.api->Get("/api/v1/bets").status, 200);  // reads still work
  ASSERT_EQ(admin_->Put("/admin/v1/switches", R"({"betting":true})").status, 200);
  EXPECT_EQ(PlaceBet(alice, market, 0, "1").status, 200);
}

TEST_F(PoolFixture, EveryBadInputHasItsErrorAndChangesNothing) {
  Trader alice = NewTrader("alice", "10");
  const std::string market = CreateMarket("Bad inputs?", "POOL");
  const std::string book = CreateMarket("A book", "ORDER_BOOK");
  auto post = [&](const std::string& body) { return alice.api->Post("/api/v1/bets", body); };
  ExpectError(post("not json"), 400, "BadRequest", "invalid_json");
  ExpectError(post(R"({"outcomeIndex":0,"amount":1})"), 400, "BadRequest", "missing_field");
  ExpectError(post(R"({"marketId":")" + market + R"(","amount":1})"), 400, "BadRequest",
              "missing_field");
  ExpectError(post(R"({"marketId":")" + market + R"(","outcomeIndex":0})"), 400, "BadRequest",
              "missing_field");
  ExpectError(post(BetBody(market, 2, "1")), 400, "BadRequest", "out_of_range");
  ExpectError(post(R"({"marketId":")" + market + R"(","outcomeIndex":"0","amount":1})"), 400,
              "BadRequest", "wrong_type");
  ExpectError(post(BetBody(market, 0, "0.00009999")), 400, "BadRequest", "invalid_bet_amount");
  ExpectError(post(BetBody(market, 0, "0")), 400, "BadRequest", "out_of_range");
  ExpectError(post(BetBody(market, 0, "-5")), 400, "BadRequest", "out_of_range");
  ExpectError(post(BetBody(market, 0, "\"abc\"")), 400, "BadRequest", "invalid_value");
  ExpectError(post(BetBody(market, 0, "10.00000001")), 400, "BadRequest", "insufficient_balance");
  ExpectError(post(BetBody(market, 0, "1", std::string(129, 'k'))), 400, "BadRequest",
              "invalid_value");
  ExpectError(post(BetBody("424242", 0, "1")), 404, "NotFound", "unknown_market");
  ExpectError(post(BetBody("not-an-id", 0, "1")), 404, "NotFound", "unknown_market");
  ExpectError(post(BetBody(book, 0, "1")), 400, "BadRequest", "not_pool_market");
  ExpectError(alice.api->Get("/api/v1/bets?status=OPEN"), 400, "BadRequest", "invalid_query");
  ExpectError(alice.api->Get("/api/v1/bets?limit=101"), 400, "BadRequest", "invalid_query");
  ExpectError(alice.api->Get("/api/v1/bets?marketId=x"), 400, "BadRequest", "invalid_query");
  // Authentication and scopes.
  VenueClient anonymous(venue_->port());
  ExpectError(anonymous.Post("/api/v1/bets", BetBody(market, 0, "1")), 401, "Unauthorized",
              "unauthorized");
  VenueClient reader(venue_->port(), IssueKey(alice.id, R"(["bet:read","balance:read"])"));
  ExpectError(reader.Post("/api/v1/bets", BetBody(market, 0, "1")), 403, "Forbidden",
              "insufficient_scope");
  VenueClient placer(venue_->port(), IssueKey(alice.id, R"(["bet:place"])"));
  ExpectError(placer.Get("/api/v1/bets"), 403, "Forbidden", "insufficient_scope");
  // Nothing changed.
  EXPECT_EQ(Balance(alice, "available"), "10.0000000000");
  EXPECT_EQ(Balance(alice, "lockedBets"), "0.0000000000");
  EXPECT_EQ(alice.api->Get("/api/v1/bets").Int("/total"), 0);
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + market).Int("/market/betCount"), 0);
  // The smallest bet is fine.
  Reply smallest = post(BetBody(market, 0, "0.0001"));
  EXPECT_EQ(smallest.status, 200) << smallest.body;
  EXPECT_EQ(smallest.Str("/fee"), "0.0000020000");
}

TEST_F(PoolFixture, OpenBetsSurviveACrashAndSettleAfterRecovery) {
  Trader alice = NewTrader("alice", "100");
  Trader bob = NewTrader("bob", "100");
  const std::string market = CreateMarket("Crash?", "POOL");
  ASSERT_EQ(PlaceBet(alice, market, 0, "40", "k").status, 200);
  ASSERT_EQ(PlaceBet(bob, market, 1, "60").status, 200);
  venue_->Kill();
  venue_->Restart();
  Reconnect();
  alice.api = std::make_unique<VenueClient>(venue_->port(), alice.key);
  bob.api = std::make_unique<VenueClient>(venue_->port(), bob.key);
  EXPECT_EQ(Balance(alice, "lockedBets"), "40.0000000000");
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + market).Str("/market/totalPool"), "100.0000000000");
  EXPECT_EQ(alice.api->Get("/api/v1/bets").Int("/total"), 1);
  // The idempotency record survived too.
  ExpectError(PlaceBet(alice, market, 0, "41", "k"), 409, "Conflict", "idempotency_conflict");
  // Fee 2% of each: 0.8 + 1.2 = 2; alice alone on the winner takes the payout pool 98.
  Resolve(market, 0);
  EXPECT_EQ(Balance(alice, "available"), "158.0000000000");
  EXPECT_EQ(Balance(bob, "available"), "40.0000000000");
}

class PoolRateLimitTest : public PoolFixture {
 protected:
  bool default_limits() const override { return true; }
};

TEST_F(PoolRateLimitTest, FifteenPerMarketAndSixtyPerMinutePerIp) {
  Trader alice = NewTrader("alice", "1000");
  std::vector<std::string> markets;
  for (int i = 0; i < 5; ++i) markets.push_back(CreateMarket("Limit " + std::to_string(i), "POOL"));
  for (int i = 0; i < 15; ++i) ASSERT_EQ(PlaceBet(alice, markets[0], 0, "1").status, 200) << i;
  Reply limited = PlaceBet(alice, markets[0], 0, "1");
  ExpectError(limited, 429, "RateLimited", "rate_limited");
  EXPECT_NE(limited.Str("/message").find("bets_market"), std::string::npos) << limited.body;
  EXPECT_FALSE(limited.retry_after.empty());
  // Other markets have their own 15; the 60/min of the route counts every bet request (16 so far).
  for (int i = 0; i < 15; ++i) ASSERT_EQ(PlaceBet(alice, markets[1], 1, "1").status, 200) << i;
  for (int i = 0; i < 15; ++i) ASSERT_EQ(PlaceBet(alice, markets[2], 1, "1").status, 200) << i;
  for (int i = 0; i < 14; ++i) ASSERT_EQ(PlaceBet(alice, markets[3], 1, "1").status, 200) << i;
  Reply global = PlaceBet(alice, markets[4], 0, "1");
  ExpectError(global, 429, "RateLimited", "rate_limited");
  EXPECT_NE(global.Str("/message").find("auth_reads"), std::string::npos) << global.body;
  // A minute later (manual clock) the buckets are full again.
  AdvanceClock(60'000);
  EXPECT_EQ(PlaceBet(alice, markets[0], 0, "1").status, 200);
  EXPECT_EQ(Balance(alice, "lockedBets"), "60.0000000000");
}

// A pool that settled by refunding (voided, or nobody backed the winner) takes no betting fee and
// gives every bet its whole amount back: its stats show fees 0 and a payout pool equal to the
// total pool (docs/venue-pools.md).
TEST_F(PoolFixture, ARefundedPoolShowsNoFeeAndPaysOutItsWholeTotal) {
  Trader alice = NewTrader("alice", "100");
  Trader bob = NewTrader("bob", "100");
  const std::string voided = CreateMarket("Voided?", "POOL");
  ASSERT_EQ(PlaceBet(alice, voided, 0, "10").status, 200);
  ASSERT_EQ(PlaceBet(bob, voided, 1, "20.5").status, 200);
  // Before settlement: fees 0.2 + 0.41 would be taken from a 30.5 pool.
  Reply open = admin_->Get("/api/v1/markets/" + voided + "/stats");
  EXPECT_EQ(open.Str("/stats/fees"), "0.6100000000") << open.body;
  EXPECT_EQ(open.Str("/stats/payoutPool"), "29.8900000000") << open.body;
  ASSERT_EQ(admin_->Post("/admin/v1/markets/" + voided + "/void", "{}").status, 200);
  Reply s = admin_->Get("/api/v1/markets/" + voided + "/stats");
  EXPECT_EQ(s.Str("/stats/totalPool"), "30.5000000000") << s.body;
  EXPECT_EQ(s.Str("/stats/feeCollected"), "0.0000000000") << s.body;
  EXPECT_EQ(s.Str("/stats/fees"), "0.0000000000") << s.body;
  EXPECT_EQ(s.Str("/stats/payoutPool"), "30.5000000000") << s.body;

  // Nobody backed the winner: the same.
  const std::string lonely = CreateMarket("Nobody on No?", "POOL");
  ASSERT_EQ(PlaceBet(alice, lonely, 0, "30").status, 200);
  ASSERT_EQ(admin_->Post("/admin/v1/markets/" + lonely + "/resolve", R"({"winningOutcomeIndex":1})")
                .status,
            200);
  Reply l = admin_->Get("/api/v1/markets/" + lonely + "/stats");
  EXPECT_EQ(l.Str("/stats/fees"), "0.0000000000") << l.body;
  EXPECT_EQ(l.Str("/stats/payoutPool"), "30.0000000000") << l.body;

  // A pool that paid winners keeps its fee: 0.6 of 30 on the winning side, 0.2 of 10.
  const std::string paid = CreateMarket("Paid?", "POOL");
  ASSERT_EQ(PlaceBet(alice, paid, 0, "30").status, 200);
  ASSERT_EQ(PlaceBet(bob, paid, 1, "10").status, 200);
  ASSERT_EQ(
      admin_->Post("/admin/v1/markets/" + paid + "/resolve", R"({"winningOutcomeIndex":0})").status,
      200);
  Reply p = admin_->Get("/api/v1/markets/" + paid + "/stats");
  EXPECT_EQ(p.Str("/stats/fees"), "0.8000000000") << p.body;
  EXPECT_EQ(p.Str("/stats/payoutPool"), "39.2000000000") << p.body;
  EXPECT_EQ(p.Str("/stats/feeCollected"), "0.8000000000") << p.body;
}

}  // namespace
}  // namespace probex::testing
