// VenueFixture: a gtest fixture around one `probex venue` process with helpers for the operator
// API (users, keys, deposits, markets, clock) and money assertions. Shared by the venue_*_test.cc
// end-to-end tests. By default the rate limits are raised (a config file) so functional tests can
// make many calls; rate-limit tests start a venue with the reference's defaults instead.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "common/money.h"
#include "common/time.h"
#include "venue_process.h"

namespace probex::testing {

inline Money M(std::string_view text) {
  auto m = Money::Parse(text);
  if (!m) throw std::runtime_error("bad money literal");
  return *m;
}

class VenueFixture : public ::testing::Test {
 protected:
  // Whether to raise the rate limits (most tests) or keep the reference's defaults.
  virtual bool high_limits() const { return true; }

  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    std::vector<std::string> extra;
    if (high_limits()) {
      extra = {"--config", WriteVenueConfig(dir_->path(), kFunctionalTestRules)};
    }
    venue_ = std::make_unique<VenueProcess>(dir_->path() + "/data", extra);
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
  }
  void TearDown() override {
    admin_.reset();
    venue_.reset();
    dir_.reset();
  }

  // Reconnects the operator client after a restart.
  void Reconnect() { admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey); }

  std::string CreateUser(const std::string& name) {
    Reply r = admin_->Post("/admin/v1/users", R"({"username":")" + name + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/user/id");
  }
  // A key with the given scopes (JSON array text) or the defaults.
  std::string IssueKey(const std::string& user, const std::string& scopes_json = "") {
    std::string body = R"({"kind":"ak")";
    if (!scopes_json.empty()) body += R"(,"scopes":)" + scopes_json;
    body += "}";
    Reply r = admin_->Post("/admin/v1/users/" + user + "/api-keys", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/key");
  }
  void Deposit(const std::string& user, const std::string& amount) {
    Reply r =
        admin_->Post("/admin/v1/users/" + user + "/deposits", R"({"amount":")" + amount + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  Timestamp Now() {
    Reply r = admin_->Get("/admin/v1/clock");
    auto t = ParseIso8601(r.Str("/now"));
    return t ? *t : Timestamp();
  }
  void AdvanceClock(std::int64_t ms) {
    Reply r = admin_->Post("/admin/v1/clock/advance", R"({"ms":)" + std::to_string(ms) + "}");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  // An ORDER_BOOK (or POOL) market ending `hours` from now; returns its id.
  std::string CreateMarket(const std::string& question, const std::string& type = "ORDER_BOOK",
                           int hours = 24, const std::string& category = "Crypto",
                           const std::string& outcomes = R"(["Yes","No"])") {
    const std::string end = FormatIso8601(Now().PlusSeconds(hours * 3600LL));
    Reply r = admin_->Post("/admin/v1/markets",
                           R"({"type":")" + type + R"(","question":")" + question +
                               R"(","category":")" + category + R"(","outcomes":)" + outcomes +
                               R"(,"endTime":")" + end + R"(","feeRate":0.02})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/market/id");
  }

  // A user with a default key and `deposit` CC; returns {id, client}.
  struct Trader {
    std::string id;
    std::string key;
    std::unique_ptr<VenueClient> api;
  };
  Trader NewTrader(const std::string& name, const std::string& deposit) {
    Trader t;
    t.id = CreateUser(name);
    t.key = IssueKey(t.id);
    if (!deposit.empty()) Deposit(t.id, deposit);
    t.api = std::make_unique<VenueClient>(venue_->port(), t.key);
    return t;
  }

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<VenueProcess> venue_;
  std::unique_ptr<VenueClient> admin_;
};

// Asserts the caller's balance buckets (available, lockedEngine) through GET /api/v1/balance.
#define EXPECT_BALANCE(client, avail, locked_engine)                                           \
  do {                                                                                         \
    ::probex::testing::Reply _b = (client).Get("/api/v1/balance");                             \
    ASSERT_EQ(_b.status, 200) << _b.body;                                                      \
    EXPECT_EQ(_b.Str("/balance/available"), ::probex::testing::M(avail).ToString())            \
        << "available; " << _b.body;                                                           \
    EXPECT_EQ(_b.Str("/balance/lockedEngine"), ::probex::testing::M(locked_engine).ToString()) \
        << "lockedEngine; " << _b.body;                                                        \
  } while (0)

}  // namespace probex::testing
