#include "bookmaker/sim/match_pricer.h"

#include <algorithm>
#include <cmath>

#include "bookmaker/domain/grading.h"

namespace probex::bookmaker {
namespace {

// Cells of the remaining-score grid: enough that the folded tail is negligible.
int GridSize(double mean) {
  return std::max(8, static_cast<int>(std::ceil(mean + 8.0 * std::sqrt(mean) + 4.0)));
}

struct Weights {
  double win = 0;   // win + half-win / 2
  double loss = 0;  // loss + half-loss / 2
};

}  // namespace

std::vector<double> PoissonPmf(double mean, int n) {
  std::vector<double> p(n, 0.0);
  double term = std::exp(-mean);
  double sum = 0;
  for (int k = 0; k < n; ++k) {
    if (k > 0) term *= mean / k;
    p[k] = term;
    sum += term;
  }
  p[n - 1] += std::max(0.0, 1.0 - sum);
  return p;
}

std::vector<MatchPricer::Fair> MatchPricer::FairProbabilities(int sport_id, Score current,
                                                              double remaining1,
                                                              double remaining2) const {
  std::vector<const MarketSpec*> markets = MarketCatalogue::Standard().ForSport(sport_id);
  std::vector<std::vector<Weights>> weights(markets.size());
  for (std::size_t m = 0; m < markets.size(); ++m) weights[m].resize(markets[m]->outcomes.size());
  std::vector<double> p1 = PoissonPmf(remaining1, GridSize(remaining1));
  std::vector<double> p2 = PoissonPmf(remaining2, GridSize(remaining2));
  bool two_way = sport_id == kBasketballSportId;
  for (std::size_t i = 0; i < p1.size(); ++i) {
    for (std::size_t j = 0; j < p2.size(); ++j) {
      double p = p1[i] * p2[j];
      if (p < 1e-12) continue;
      Score final{current.participant1 + static_cast<int>(i),
                  current.participant2 + static_cast<int>(j)};
      for (std::size_t m = 0; m < markets.size(); ++m) {
        for (std::size_t o = 0; o < markets[m]->outcomes.size(); ++o) {
          Weights& w = weights[m][o];
          if (two_way && final.participant1 == final.participant2) {
            // A level score goes to overtime: priced as a coin flip.
            w.win += p / 2;
            w.loss += p / 2;
            continue;
          }
          switch (GradeOutcome(*markets[m], static_cast<int>(o), final)) {
            case SettlementStatus::kWon:
              w.win += p;
              break;
            case SettlementStatus::kHalfWon:
              w.win += p / 2;
              break;
            case SettlementStatus::kLost:
              w.loss += p;
              break;
            case SettlementStatus::kHalfLost:
              w.loss += p / 2;
              break;
            default:
              break;
          }
        }
      }
    }
  }
  std::vector<Fair> out;
  for (std::size_t m = 0; m < markets.size(); ++m) {
    for (std::size_t o = 0; o < markets[m]->outcomes.size(); ++o) {
      const Weights& w = weights[m][o];
      double total = w.win + w.loss;
      out.push_back({markets[m]->outcomes[o].outcome_id, total > 0 ? w.win / total : 0.0});
    }
  }
  return out;
}

FixtureOdds MatchPricer::Price(int sport_id, Score current, double remaining1, double remaining2,
                               bool in_play) const {
  std::vector<Fair> fair = FairProbabilities(sport_id, current, remaining1, remaining2);
  const MarketCatalogue& catalogue = MarketCatalogue::Standard();
  FixtureOdds odds;
  for (const Fair& f : fair) {
    auto ref = catalogue.FindOutcome(f.outcome_id);
    PlayerQuote q;
    double book = f.probability * (1.0 + config_.margin);
    std::int64_t milli =
        book > 0 ? static_cast<std::int64_t>(std::floor(1000.0 / book)) : Odds::kMaxThousandths;
    milli = std::clamp(milli, Odds::kMinThousandths, Odds::kMaxThousandths);
    q.price = Odds::FromThousandths(milli);
    q.active = f.probability >= config_.min_fair_probability &&
               f.probability <= 1.0 - config_.min_fair_probability;
    std::int64_t limit =
        config_.base_limit_whole * 1000 / std::max<std::int64_t>(1000, milli - 1000);
    limit = std::min(limit, 2 * config_.base_limit_whole);
    if (in_play) limit /= 2;
    q.limit = Money::FromWhole(limit).value();
    MarketQuotes& market = odds.markets[ref->market->market_id];
    market.outcomes[f.outcome_id] = q;
  }
  // Main lines: the totals and handicap lines whose two prices are closest to each other;
  // single-line markets are always main. Main lines take twice the limit.
  auto best_line = [&](MarketKind kind) {
    int best = 0;
    std::int64_t best_gap = INT64_MAX;
    for (const auto& [market_id, market] : odds.markets) {
      const MarketSpec* spec = catalogue.FindMarket(market_id);
      if (spec->kind != kind) continue;
      const PlayerQuote& a = market.outcomes.at(spec->outcomes[0].outcome_id);
      const PlayerQuote& b = market.outcomes.at(spec->outcomes[1].outcome_id);
      if (!a.active || !b.active) continue;
      std::int64_t gap = std::abs(a.price.thousandths() - b.price.thousandths());
      if (gap < best_gap) {
        best_gap = gap;
        best = market_id;
      }
    }
    return best;
  };
  int main_total = best_line(MarketKind::kTotal);
  int main_handicap = best_line(MarketKind::kHandicap);
  for (auto& [market_id, market] : odds.markets) {
    const MarketSpec* spec = catalogue.FindMarket(market_id);
    bool main = spec->kind == MarketKind::kTotal      ? market_id == main_total
                : spec->kind == MarketKind::kHandicap ? market_id == main_handicap
                                                      : true;
    for (auto& [outcome_id, q] : market.outcomes) {
      q.main_line = main;
      if (main) q.limit = q.limit * 2;
    }
  }
  for (auto& [market_id, market] : odds.markets) {
    market.market_active = std::any_of(market.outcomes.begin(), market.outcomes.end(),
                                       [](const auto& o) { return o.second.active; });
  }
  return odds;
}

}  // namespace probex::bookmaker
