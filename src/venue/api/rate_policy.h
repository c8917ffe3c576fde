// RatePolicy: the venue's rate-limit table (the Unhedged reference's numbers as defaults) and the
// per-user tiers for market makers, applied on a net::RateLimiter.
//
// Rules (name → default): global 600/min, auth_reads 60/min (bets and authenticated reads),
// bets_market 15/min (bets per market), ctm_predict 80/min, orders 60/min (order book place,
// cancel and read — one bucket), price_history 300/min, withdrawals 5/min, key_creation 10/hour;
// the options desk: desk_maker 6000/min and desk_taker 600/min, both per API key (ARCHITECTURE §7).
// Requests of the default tier are counted per client IP (the reference: "Limits are applied per
// IP"); a user given another tier (PUT /admin/v1/users/:id/rate-tier) is counted per account
// under that tier's limits, so a market maker behind a shared address neither starves nor is
// starved by others.
//
// Configuration (TOML, under [venue], or PROBEX_VENUE_RATE_LIMITS_<RULE> in the environment):
//   [rate_limits]            global = "600/min"   orders = "60/min"   key_creation = "10/hour"
//   [rate_tiers.market_maker] global = "60000/min"   orders = "60000/min"
// Periods: s, min, hour (e.g. "5/s", "600/min"). A tier's missing rules take the default's
// limits. Built-in tiers: "standard" (the defaults) and "market_maker" (100× every default).
// Thread rule: configure before the server starts; afterwards read-only, safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "net/rate_limiter.h"

namespace probex::venue::api {

inline constexpr std::string_view kRuleGlobal = "global";
inline constexpr std::string_view kRuleAuthReads = "auth_reads";
inline constexpr std::string_view kRuleBetsPerMarket = "bets_market";
inline constexpr std::string_view kRuleCtmPredict = "ctm_predict";
inline constexpr std::string_view kRuleOrders = "orders";
inline constexpr std::string_view kRulePriceHistory = "price_history";
inline constexpr std::string_view kRuleWithdrawals = "withdrawals";
inline constexpr std::string_view kRuleKeyCreation = "key_creation";
// The options desk (Convallax transport), counted per API key: a maker's mk_live key on the maker
// routes (channel 1 and 3 connections, channel 2 quotes, confirmations, wallet), a taker's ak_ key
// on the RFQ routes.
inline constexpr std::string_view kRuleDeskMaker = "desk_maker";
inline constexpr std::string_view kRuleDeskTaker = "desk_taker";

inline constexpr std::string_view kDefaultTier = "standard";
inline constexpr std::string_view kMarketMakerTier = "market_maker";

class RatePolicy {
 public:
  // The reference's table and the two built-in tiers.
  RatePolicy();

  // Applies "rate_limits.<rule>" and "rate_tiers.<tier>.<rule>" entries of a flattened config
  // (ServiceOptions::config). Errors name the bad key or value.
  Status Configure(const std::map<std::string, std::string>& config);

  // "600/min" → {600, 60000}. Errors: invalid_config.
  static Result<net::RateRule> ParseRule(std::string_view text);

  // Installs every rule of every tier on `limiter` ("orders" for the default tier,
  // "orders@market_maker" for another).
  void Install(net::RateLimiter& limiter) const;

  bool HasTier(std::string_view tier) const { return tiers_.count(std::string(tier)) != 0; }
  std::vector<std::string> tier_names() const;
  // The limiter rule name of `rule` under `tier` (unknown or empty tier → the default tier).
  std::string RuleName(std::string_view rule, std::string_view tier) const;
  std::optional<net::RateRule> Rule(std::string_view rule, std::string_view tier) const;

 private:
  // tier → rule → limit.
  std::map<std::string, std::map<std::string, net::RateRule>, std::less<>> tiers_;
};

}  // namespace probex::venue::api
