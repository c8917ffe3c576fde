// Review of a POOL market's figures once it settled by refunding (voided, or nobody backed the
// winner): no betting fee is taken and every bet gets its whole amount back, so the market's
// stats show fees 0 and a payout pool equal to the total pool (docs/venue-pools.md).
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

class VenuePoolRefundTest : public VenueFixture {
 protected:
  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    const std::string config = dir_->path() + "/venue.toml";
    std::ofstream out(config);
    out << "[venue]\nbetting_fee = \"0.02\"\npool_time_weight_floor = \"0.5\"\n"
        << "[venue.rate_limits]\n";
    for (const char* rule : {"global", "auth_reads", "bets_market", "key_creation"}) {
      out << rule << " = \"1000000/min\"\n";
    }
    out.close();
    venue_ = std::make_unique<VenueProcess>(dir_->path() + "/data",
                                            std::vector<std::string>{"--config", config});
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
  }
  Reply Bet(Trader& t, const std::string& market, int outcome, const std::string& amount) {
    return t.api->Post("/api/v1/bets", R"({"marketId":")" + market + R"(","outcomeIndex":)" +
                                           std::to_string(outcome) + R"(,"amount":)" + amount +
                                           "}");
  }
};

TEST_F(VenuePoolRefundTest, ARefundedPoolShowsNoFeeAndPaysOutItsWholeTotal) {
  Trader alice = NewTrader("alice", "100");
  Trader bob = NewTrader("bob", "100");
  const std::string voided = CreateMarket("Voided?", "POOL");
  ASSERT_EQ(Bet(alice, voided, 0, "10").status, 200);
  ASSERT_EQ(Bet(bob, voided, 1, "20.5").status, 200);
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
  ASSERT_EQ(Bet(alice, lonely, 0, "30").status, 200);
  ASSERT_EQ(admin_->Post("/admin/v1/markets/" + lonely + "/resolve", R"({"winningOutcomeIndex":1})")
                .status,
            200);
  Reply l = admin_->Get("/api/v1/markets/" + lonely + "/stats");
  EXPECT_EQ(l.Str("/stats/fees"), "0.0000000000") << l.body;
  EXPECT_EQ(l.Str("/stats/payoutPool"), "30.0000000000") << l.body;

  // A pool that paid winners keeps its fee: 0.6 of 30 on the winning side, 0.2 of 10.
  const std::string paid = CreateMarket("Paid?", "POOL");
  ASSERT_EQ(Bet(alice, paid, 0, "30").status, 200);
  ASSERT_EQ(Bet(bob, paid, 1, "10").status, 200);
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
