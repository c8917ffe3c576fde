#include "bookmaker/domain/odds_board.h"

namespace probex::bookmaker {

std::optional<OddsDelta> OddsBoard::Apply(const std::string& fixture_id, const FixtureOdds& target,
                                          Timestamp now) {
  FixtureOdds& current = fixtures_[fixture_id];
  bool is_new = current.markets.empty() && !target.markets.empty();
  OddsDelta delta;
  delta.fixture_id = fixture_id;
  bool flags_changed = is_new || current.bookmaker_is_active != target.bookmaker_is_active ||
                       current.suspended != target.suspended;
  current.bookmaker_is_active = target.bookmaker_is_active;
  current.suspended = target.suspended;
  for (const auto& [market_id, target_market] : target.markets) {
    MarketQuotes& market = current.markets[market_id];
    OddsDelta::MarketChange change;
    change.market_id = market_id;
    change.market_active = target_market.market_active;
    bool market_changed = is_new || market.market_active != target_market.market_active;
    market.market_active = target_market.market_active;
    for (const auto& [outcome_id, quote] : target_market.outcomes) {
      auto it = market.outcomes.find(outcome_id);
      if (it != market.outcomes.end() && it->second.SameQuote(quote)) continue;
      PlayerQuote updated = quote;
      updated.changed_at = now;
      market.outcomes[outcome_id] = updated;
      change.players.emplace_back(outcome_id, updated);
    }
    if (market_changed || !change.players.empty()) delta.markets.push_back(std::move(change));
  }
  if (!flags_changed && delta.markets.empty()) return std::nullopt;
  delta.bookmaker_is_active = current.bookmaker_is_active;
  delta.suspended = current.suspended;
  delta.seq = ++seq_;
  return delta;
}

const FixtureOdds* OddsBoard::Find(const std::string& fixture_id) const {
  auto it = fixtures_.find(fixture_id);
  return it == fixtures_.end() ? nullptr : &it->second;
}

void MergeDelta(FixtureOdds& odds, const OddsDelta& delta) {
  odds.bookmaker_is_active = delta.bookmaker_is_active;
  odds.suspended = delta.suspended;
  for (const auto& change : delta.markets) {
    MarketQuotes& market = odds.markets[change.market_id];
    market.market_active = change.market_active;
    for (const auto& [outcome_id, quote] : change.players) market.outcomes[outcome_id] = quote;
  }
}

}  // namespace probex::bookmaker
