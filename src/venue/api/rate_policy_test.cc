#include "venue/api/rate_policy.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "venue/api/venue_directory.h"

namespace probex::venue::api {
namespace {

TEST(RatePolicyTest, ParsesPeriods) {
  auto r = RatePolicy::ParseRule("600/min");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->limit, 600);
  EXPECT_EQ(r->period_ms, 60'000);
  EXPECT_EQ(RatePolicy::ParseRule("10/hour")->period_ms, 3'600'000);
  EXPECT_EQ(RatePolicy::ParseRule("5/s")->period_ms, 1'000);
  EXPECT_FALSE(RatePolicy::ParseRule("600").ok());
  EXPECT_FALSE(RatePolicy::ParseRule("x/min").ok());
  EXPECT_FALSE(RatePolicy::ParseRule("6/day").ok());
  EXPECT_FALSE(RatePolicy::ParseRule("-1/min").ok());
}

TEST(RatePolicyTest, DefaultsAreTheReferenceTable) {
  RatePolicy policy;
  EXPECT_EQ(policy.Rule(kRuleGlobal, "")->limit, 600);
  EXPECT_EQ(policy.Rule(kRuleOrders, "")->limit, 60);
  EXPECT_EQ(policy.Rule(kRuleAuthReads, "")->limit, 60);
  EXPECT_EQ(policy.Rule(kRuleBetsPerMarket, "")->limit, 15);
  EXPECT_EQ(policy.Rule(kRuleCtmPredict, "")->limit, 80);
  EXPECT_EQ(policy.Rule(kRulePriceHistory, "")->limit, 300);
  EXPECT_EQ(policy.Rule(kRuleWithdrawals, "")->limit, 5);
  EXPECT_EQ(policy.Rule(kRuleKeyCreation, "")->limit, 10);
  EXPECT_EQ(policy.Rule(kRuleKeyCreation, "")->period_ms, 3'600'000);
  EXPECT_EQ(policy.Rule(kRuleOrders, kMarketMakerTier)->limit, 6000);
  EXPECT_EQ(policy.RuleName(kRuleOrders, ""), "orders");
  EXPECT_EQ(policy.RuleName(kRuleOrders, kDefaultTier), "orders");
  EXPECT_EQ(policy.RuleName(kRuleOrders, kMarketMakerTier), "orders@market_maker");
  EXPECT_EQ(policy.RuleName(kRuleOrders, "nosuchtier"), "orders");
}

TEST(RatePolicyTest, ConfigureOverridesDefaultsAndAddsTiers) {
  RatePolicy policy;
  ASSERT_TRUE(policy
                  .Configure({{"rate_limits.orders", "120/min"},
                              {"rate_tiers.gold.orders", "1000/min"},
                              {"port", "8700"}})
                  .ok());
  EXPECT_EQ(policy.Rule(kRuleOrders, "")->limit, 120);
  EXPECT_TRUE(policy.HasTier("gold"));
  EXPECT_EQ(policy.Rule(kRuleOrders, "gold")->limit, 1000);
  // A new tier takes the configured defaults for the rules it does not name.
  EXPECT_EQ(policy.Rule(kRuleGlobal, "gold")->limit, 600);
  EXPECT_FALSE(RatePolicy().Configure({{"rate_limits.nope", "1/min"}}).ok());
  EXPECT_FALSE(RatePolicy().Configure({{"rate_limits.orders", "fast"}}).ok());
  EXPECT_FALSE(RatePolicy().Configure({{"rate_tiers.Bad Tier.orders", "1/min"}}).ok());

  ManualClock clock;
  net::RateLimiter limiter(clock);
  policy.Install(limiter);
  for (int i = 0; i < 120; ++i) ASSERT_TRUE(limiter.Take("orders", "ip").allowed);
  net::RateDecision denied = limiter.Take("orders", "ip");
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.retry_after_ms, 500);
  EXPECT_TRUE(limiter.Take("orders@gold", "ip").allowed);
}

TEST(VenueDirectoryTest, OutcomeLabels) {
  MarketLabels m{MarketType::kOrderBook, {"Trump", "Harris"}};
  EXPECT_EQ(VenueDirectory::OutcomeIndex(m, "Harris"), 1);
  EXPECT_EQ(VenueDirectory::OutcomeIndex(m, "trump"), 0);
  EXPECT_EQ(VenueDirectory::OutcomeIndex(m, "YES"), 0);
  EXPECT_EQ(VenueDirectory::OutcomeIndex(m, "no"), 1);
  EXPECT_FALSE(VenueDirectory::OutcomeIndex(m, "maybe").has_value());
  MarketLabels swapped{MarketType::kOrderBook, {"No", "Yes"}};
  EXPECT_EQ(VenueDirectory::OutcomeIndex(swapped, "YES"), 1);
}

TEST(VenueDirectoryTest, FollowsCommittedKeyCommands) {
  Exchange x;
  ExchangeOutput out;
  Timestamp now = Timestamp::FromSeconds(1'767'225'600);
  x.Apply(CreateUser{"alice"}, 1, now, out);
  ASSERT_TRUE(out.ok());
  VenueDirectory directory;
  directory.Load(x);
  EXPECT_TRUE(directory.HasUser(AccountId(1)));
  const std::string hash(64, 'c');
  CreateApiKey create{AccountId(1), ApiKeyKind::kAk, hash, "ak_x", kScopeOrderRead, ""};
  x.Apply(create, 2, now, out);
  ASSERT_TRUE(out.ok());
  directory.Observe(create, out, now);
  auto grant = directory.FindKey(hash);
  ASSERT_TRUE(grant.has_value());
  EXPECT_EQ(grant->account, AccountId(1));
  EXPECT_EQ(grant->scopes, kScopeOrderRead);
  // A rejected command changes nothing; an accepted revoke removes the key.
  RevokeApiKey foreign{AccountId(2), grant->key_id};
  x.Apply(foreign, 3, now, out);
  directory.Observe(foreign, out, now);
  EXPECT_TRUE(directory.FindKey(hash).has_value());
  RevokeApiKey revoke{AccountId(1), grant->key_id};
  x.Apply(revoke, 4, now, out);
  directory.Observe(revoke, out, now);
  EXPECT_FALSE(directory.FindKey(hash).has_value());
  // Reloading from the exchange agrees.
  VenueDirectory reloaded;
  reloaded.Load(x);
  EXPECT_FALSE(reloaded.FindKey(hash).has_value());
}

}  // namespace
}  // namespace probex::venue::api
