#include "venue/api/rate_policy.h"

#include <charconv>

namespace probex::venue::api {
namespace {

constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 3'600'000;

const std::vector<std::pair<std::string_view, net::RateRule>>& Defaults() {
  static const std::vector<std::pair<std::string_view, net::RateRule>> defaults = {
      {kRuleGlobal, {600, kMinute}},       {kRuleAuthReads, {60, kMinute}},
      {kRuleBetsPerMarket, {15, kMinute}}, {kRuleCtmPredict, {80, kMinute}},
      {kRuleOrders, {60, kMinute}},        {kRulePriceHistory, {300, kMinute}},
      {kRuleWithdrawals, {5, kMinute}},    {kRuleKeyCreation, {10, kHour}},
      {kRuleDeskMaker, {6000, kMinute}},   {kRuleDeskTaker, {600, kMinute}},
  };
  return defaults;
}

bool IsKnownRule(std::string_view rule) {
  for (const auto& [name, r] : Defaults()) {
    if (name == rule) return true;
  }
  return false;
}

bool ValidTierName(std::string_view tier) {
  if (tier.empty() || tier.size() > 32) return false;
  for (char c : tier) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace

RatePolicy::RatePolicy() {
  auto& standard = tiers_[std::string(kDefaultTier)];
  auto& maker = tiers_[std::string(kMarketMakerTier)];
  for (const auto& [name, rule] : Defaults()) {
    standard[std::string(name)] = rule;
    maker[std::string(name)] = net::RateRule{rule.limit * 100, rule.period_ms};
  }
}

Result<net::RateRule> RatePolicy::ParseRule(std::string_view text) {
  const std::size_t slash = text.find('/');
  auto bad = [&] {
    return MakeError("invalid_config", "rate limit '" + std::string(text) +
                                           "' must look like 600/min (periods: s, min, hour)");
  };
  if (slash == std::string_view::npos) return bad();
  std::int64_t limit = 0;
  const std::string_view count = text.substr(0, slash);
  auto [ptr, ec] = std::from_chars(count.data(), count.data() + count.size(), limit);
  if (ec != std::errc() || ptr != count.data() + count.size() || limit < 0) return bad();
  const std::string_view unit = text.substr(slash + 1);
  std::int64_t period = 0;
  if (unit == "s" || unit == "sec" || unit == "second") {
    period = 1000;
  } else if (unit == "min" || unit == "minute") {
    period = kMinute;
  } else if (unit == "hour" || unit == "h") {
    period = kHour;
  } else {
    return bad();
  }
  return net::RateRule{limit, period};
}

Status RatePolicy::Configure(const std::map<std::string, std::string>& config) {
  constexpr std::string_view kLimits = "rate_limits.";
  constexpr std::string_view kTiers = "rate_tiers.";
  // Defaults first, so that tiers configured below fall back to the configured defaults.
  for (const auto& [key, value] : config) {
    if (key.rfind(kLimits, 0) != 0) continue;
    const std::string rule = key.substr(kLimits.size());
    if (!IsKnownRule(rule)) return MakeError("invalid_config", "unknown rate rule in " + key);
    auto parsed = ParseRule(value);
    if (!parsed) return MakeError("invalid_config", key + ": " + parsed.error().message);
    tiers_[std::string(kDefaultTier)][rule] = *parsed;
  }
  for (const auto& [key, value] : config) {
    if (key.rfind(kTiers, 0) != 0) continue;
    const std::string rest = key.substr(kTiers.size());
    const std::size_t dot = rest.find('.');
    if (dot == std::string::npos) return MakeError("invalid_config", key + ": expected tier.rule");
    const std::string tier = rest.substr(0, dot);
    const std::string rule = rest.substr(dot + 1);
    if (!ValidTierName(tier)) {
      return MakeError("invalid_config", key + ": tier names are [a-z0-9_-]{1,32}");
    }
    if (!IsKnownRule(rule)) return MakeError("invalid_config", "unknown rate rule in " + key);
    auto parsed = ParseRule(value);
    if (!parsed) return MakeError("invalid_config", key + ": " + parsed.error().message);
    auto [it, inserted] = tiers_.try_emplace(tier);
    if (inserted) it->second = tiers_.find(kDefaultTier)->second;
    it->second[rule] = *parsed;
  }
  return OkStatus();
}

void RatePolicy::Install(net::RateLimiter& limiter) const {
  for (const auto& [tier, rules] : tiers_) {
    for (const auto& [rule, limit] : rules) limiter.SetRule(RuleName(rule, tier), limit);
  }
}

std::vector<std::string> RatePolicy::tier_names() const {
  std::vector<std::string> names;
  for (const auto& [tier, rules] : tiers_) names.push_back(tier);
  return names;
}

std::string RatePolicy::RuleName(std::string_view rule, std::string_view tier) const {
  if (tier.empty() || tier == kDefaultTier || tiers_.find(tier) == tiers_.end()) {
    return std::string(rule);
  }
  return std::string(rule) + "@" + std::string(tier);
}

std::optional<net::RateRule> RatePolicy::Rule(std::string_view rule, std::string_view tier) const {
  auto it = tiers_.find(tier.empty() ? kDefaultTier : tier);
  if (it == tiers_.end()) it = tiers_.find(kDefaultTier);
  auto r = it->second.find(std::string(rule));
  if (r == it->second.end()) return std::nullopt;
  return r->second;
}

}  // namespace probex::venue::api
