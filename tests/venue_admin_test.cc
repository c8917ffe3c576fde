// The operator API and `probex admin` against the real binary: operator auth, the CLI round trip
// (user, key, deposit, tier, market, end/resolve/void, withdrawals, switches, clock), the
// operator key file created on first start with mode 0600, and rate limits with their defaults
// (429 + Retry-After, refill on the manual clock, the market-maker tier).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

using CliResult = CommandOutput;

// Runs `probex admin --venue URL --key KEY args...` and captures stdout.
CliResult Admin(const VenueProcess& venue, const std::vector<std::string>& args) {
  std::string command =
      "'" + ProbexBin() + "' admin --venue " + venue.url() + " --key " + kOperatorKey;
  for (const std::string& a : args) command += " '" + a + "'";
  return RunCommand(command + " 2>/dev/null");
}

class VenueAdminTest : public VenueFixture {};

TEST_F(VenueAdminTest, OperatorKeyIsRequired) {
  VenueClient none(venue_->port());
  EXPECT_EQ(none.Post("/admin/v1/users", R"({"username":"x"})").status, 401);
  VenueClient wrong(venue_->port(), "op_wrong");
  Reply r = wrong.Post("/admin/v1/users", R"({"username":"xyz"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.Str("/error"), "Unauthorized");
  // A user's API key is not an operator key.
  Trader t = NewTrader("notop", "");
  VenueClient user(venue_->port(), t.key);
  EXPECT_EQ(user.Post("/admin/v1/users", R"({"username":"abc"})").status, 401);
  // Bad input to the operator API: 400 naming the problem; duplicate username: 409.
  EXPECT_EQ(admin_->Post("/admin/v1/users", R"({"username":"a b"})").status, 400);
  EXPECT_EQ(admin_->Post("/admin/v1/users", R"({"username":"NOTOP"})").status, 409);
  EXPECT_EQ(admin_->Post("/admin/v1/users/999/deposits", R"({"amount":"1"})").status, 404);
  EXPECT_EQ(admin_->Post("/admin/v1/users/" + t.id + "/deposits", R"({"amount":"-1"})").status,
            400);
  EXPECT_EQ(admin_->Put("/admin/v1/users/" + t.id + "/rate-tier", R"({"tier":"gold"})").status,
            400);
  Reply past = admin_->Post("/admin/v1/markets",
                            R"({"type":"ORDER_BOOK","question":"Q","category":"c",)"
                            R"("outcomes":["Yes","No"],"endTime":"2001-01-01T00:00:00Z"})");
  EXPECT_EQ(past.status, 400) << past.body;
  EXPECT_EQ(
      admin_
          ->Post("/admin/v1/markets", R"({"type":"ORDER_BOOK","question":"Q","category":"c",)"
                                      R"("outcomes":["Yes"],"endTime":"2099-01-01T00:00:00Z"})")
          .status,
      400);
}

TEST_F(VenueAdminTest, CliOracleAndCtmRounds) {
  CliResult tick = Admin(*venue_, {"push-price", "--asset", "BTC", "--price", "97000.5", "--bid",
                                   "96999", "--ask", "97001"});
  ASSERT_EQ(tick.exit_code, 0) << tick.out;
  EXPECT_EQ(tick.Str("/price/asset"), "BTC");
  CliResult prices = Admin(*venue_, {"prices"});
  ASSERT_EQ(prices.exit_code, 0) << prices.out;
  EXPECT_NE(prices.out.find("BTC"), std::string::npos) << prices.out;
  // Bad input is the API's 400, exit code 1, nothing changed.
  EXPECT_EQ(Admin(*venue_, {"push-price", "--asset", "BTC", "--price", "-1"}).exit_code, 1);

  const Timestamp now = Now();
  CliResult round =
      Admin(*venue_,
            {"create-round", "--asset", "BTC", "--heatmap-at", FormatIso8601(now.PlusSeconds(600)),
             "--locked-at", FormatIso8601(now.PlusSeconds(900)), "--resolves-at",
             FormatIso8601(now.PlusSeconds(1200)), "--question", "BTC at noon?", "--entry-fee", "2",
             "--heatmap-fee-multiplier", "3", "--platform-fee-rate", "0.1"});
  ASSERT_EQ(round.exit_code, 0) << round.out;
  const std::string id = round.Str("/round/id");
  ASSERT_FALSE(id.empty()) << round.out;
  EXPECT_EQ(round.Str("/round/entryFeeBlind"), "2.0000000000");
  Reply listed = admin_->Get("/api/v1/ctm/rounds/" + id);
  ASSERT_EQ(listed.status, 200) << listed.body;
  // Resolution before the lock: refused.
  EXPECT_EQ(Admin(*venue_, {"create-round", "--asset", "BTC", "--heatmap-at",
                            FormatIso8601(now.PlusSeconds(900)), "--locked-at",
                            FormatIso8601(now.PlusSeconds(600)), "--resolves-at",
                            FormatIso8601(now.PlusSeconds(1200))})
                .exit_code,
            1);
  CliResult voided = Admin(*venue_, {"void-round", "--round", id});
  ASSERT_EQ(voided.exit_code, 0) << voided.out;
  EXPECT_EQ(Admin(*venue_, {"void-round", "--round", id}).exit_code, 1);  // 409 already settled
  CliResult schedules = Admin(*venue_, {"ctm-schedules"});
  EXPECT_EQ(schedules.exit_code, 0) << schedules.out;
}

TEST_F(VenueAdminTest, CliRoundTrip) {
  CliResult user = Admin(*venue_, {"create-user", "--username", "cli_user"});
  ASSERT_EQ(user.exit_code, 0) << user.out;
  const std::string id = user.Str("/user/id");
  ASSERT_FALSE(id.empty()) << user.out;

  CliResult key = Admin(
      *venue_, {"create-key", "--user", id, "--scopes",
                "market:read,balance:read,order:place,order:read,user:read", "--name", "cli"});
  ASSERT_EQ(key.exit_code, 0) << key.out;
  const std::string secret = key.Str("/key");
  ASSERT_EQ(secret.rfind("ak_", 0), 0u) << key.out;

  CliResult deposit = Admin(*venue_, {"deposit", "--user", id, "--amount", "250.5"});
  ASSERT_EQ(deposit.exit_code, 0) << deposit.out;
  EXPECT_EQ(deposit.Str("/balance/available"), "250.5000000000");

  CliResult tier = Admin(*venue_, {"set-rate-tier", "--user", id, "--tier", "market_maker"});
  ASSERT_EQ(tier.exit_code, 0) << tier.out;
  EXPECT_EQ(tier.Str("/user/rateTier"), "market_maker");

  const std::string end = FormatIso8601(Now().PlusSeconds(7200));
  CliResult market =
      Admin(*venue_, {"create-market", "--question", "CLI market?", "--category", "Test",
                      "--outcomes", "YES,NO", "--end-time", end, "--metadata", R"({"k":1})"});
  ASSERT_EQ(market.exit_code, 0) << market.out;
  const std::string market_id = market.Str("/market/id");
  EXPECT_EQ(market.Str("/market/status"), "ACTIVE");
  EXPECT_EQ(market.Str("/market/feeRate"), "0.0200000000");

  VenueClient api(venue_->port(), secret);
  Reply order = api.Post("/api/v1/orders", R"({"marketId":")" + market_id +
                                               R"(","outcome":"YES","side":"bid","type":"Limit",)"
                                               R"("price":0.5,"quantity":10})");
  ASSERT_EQ(order.status, 200) << order.body;
  EXPECT_EQ(api.Get("/api/v1/users/me").Str("/user/rateTier"), "market_maker");

  CliResult shown = Admin(*venue_, {"show-user", "--user", id});
  ASSERT_EQ(shown.exit_code, 0);
  EXPECT_EQ(shown.Str("/balance/lockedEngine"), "5.1000000000");

  CliResult off = Admin(*venue_, {"switches", "--orders", "off"});
  ASSERT_EQ(off.exit_code, 0) << off.out;
  EXPECT_EQ(api.Post("/api/v1/orders", R"({"marketId":")" + market_id +
                                           R"(","outcome":"YES","side":"bid","type":"Limit",)"
                                           R"("price":0.5,"quantity":1})")
                .status,
            503);
  ASSERT_EQ(Admin(*venue_, {"switches", "--orders", "on"}).exit_code, 0);
  CliResult switches = Admin(*venue_, {"switches"});
  EXPECT_TRUE(switches.json.at_pointer("/switches/orders").as_bool());

  CliResult ended = Admin(*venue_, {"end-market", "--market", market_id});
  ASSERT_EQ(ended.exit_code, 0) << ended.out;
  EXPECT_EQ(ended.Str("/market/status"), "ENDED");
  EXPECT_EQ(Admin(*venue_, {"show-user", "--user", id}).Str("/balance/lockedEngine"),
            "0.0000000000");
  CliResult resolved = Admin(*venue_, {"resolve-market", "--market", market_id, "--winner", "1"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.out;
  EXPECT_EQ(resolved.Str("/market/status"), "RESOLVED");
  // Resolving twice is refused with exit code 1.
  EXPECT_EQ(Admin(*venue_, {"resolve-market", "--market", market_id, "--winner", "0"}).exit_code,
            1);
  CliResult voided = Admin(*venue_, {"void-market", "--market", market_id});
  EXPECT_EQ(voided.exit_code, 1);

  CliResult clock = Admin(*venue_, {"advance-clock", "--ms", "60000"});
  ASSERT_EQ(clock.exit_code, 0) << clock.out;
  EXPECT_FALSE(clock.Str("/now").empty());

  CliResult pending = Admin(*venue_, {"withdrawals"});
  ASSERT_EQ(pending.exit_code, 0);
  EXPECT_EQ(pending.json.at_pointer("/total").as_int64(), 0);
  EXPECT_EQ(Admin(*venue_, {"approve-withdrawal", "--id", "77"}).exit_code, 1);
}

// Without --operator-key the venue creates DATA_DIR/operator.key (0600) and keeps it.
TEST(VenueOperatorKeyFile, CreatedOnFirstStartWithMode0600) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  std::string key;
  {
    VenueProcess venue(data, {}, /*with_operator_key=*/false);
    struct stat st {};
    ASSERT_EQ(::stat((data + "/operator.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::ifstream in(data + "/operator.key");
    std::getline(in, key);
    ASSERT_GE(key.size(), 16u);
    VenueClient op(venue.port(), key);
    EXPECT_EQ(op.Post("/admin/v1/users", R"({"username":"first"})").status, 200);
    EXPECT_EQ(venue.Terminate(), 0);
  }
  VenueProcess again(data, {}, /*with_operator_key=*/false);
  VenueClient op(again.port(), key);
  EXPECT_EQ(op.Get("/admin/v1/users/1").Str("/user/username"), "first");
}

class VenueRateLimitTest : public VenueFixture {
 protected:
  bool high_limits() const override { return false; }
};

TEST_F(VenueRateLimitTest, ReferenceDefaultsThen429WithRetryAfter) {
  Trader t = NewTrader("limited", "1000");
  const std::string market = CreateMarket("Limits?");
  // Order book: 60/min per IP, shared by place, cancel and read.
  int ok = 0;
  Reply last;
  for (int i = 0; i < 61; ++i) {
    last = t.api->Get("/api/v1/orders?marketId=" + market);
    if (last.status == 200) ++ok;
  }
  EXPECT_EQ(ok, 60);
  EXPECT_EQ(last.status, 429) << last.body;
  EXPECT_EQ(last.Str("/error"), "RateLimited");
  EXPECT_FALSE(last.Str("/message").empty());
  EXPECT_EQ(last.retry_after, "1");
  Reply place = t.api->Post("/api/v1/orders", R"({"marketId":")" + market +
                                                  R"(","outcome":"YES","side":"bid",)"
                                                  R"("type":"Limit","price":0.5,"quantity":1})");
  EXPECT_EQ(place.status, 429);
  // Other classes still answer: balance reads have their own 60/min.
  EXPECT_EQ(t.api->Get("/api/v1/balance").status, 200);
  // Time refills the bucket (manual clock: one token per second).
  AdvanceClock(1000);
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=" + market).status, 200);
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=" + market).status, 429);

  // Key creation: 10/hour.
  int created = 0;
  Reply key;
  for (int i = 0; i < 11; ++i) {
    key = t.api->Post("/api/v1/api-keys", R"({"scopes":["market:read"]})");
    if (key.status == 200) ++created;
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(key.status, 429);
  EXPECT_EQ(key.retry_after, "360");

  // A market maker on its tier is counted per account with far higher limits.
  ASSERT_EQ(
      admin_->Put("/admin/v1/users/" + t.id + "/rate-tier", R"({"tier":"market_maker"})").status,
      200);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(t.api->Get("/api/v1/orders?marketId=" + market).status, 200) << i;
  }
}

TEST_F(VenueRateLimitTest, WithdrawalsFivePerMinute) {
  const std::string user = CreateUser("wlimit");
  Deposit(user, "1000");
  VenueClient w(venue_->port(), IssueKey(user, R"(["balance:withdraw"])"));
  int ok = 0;
  Reply last;
  for (int i = 0; i < 6; ++i) {
    last = w.Post("/api/v1/balance/withdraw", R"({"amount":"1","destination":"d"})");
    if (last.status == 200) ++ok;
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(last.status, 429);
  EXPECT_EQ(last.retry_after, "12");
}

}  // namespace
}  // namespace probex::testing
