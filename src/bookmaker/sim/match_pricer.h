// MatchPricer: turns a match model into the book's odds. The model: each side scores as a
// Poisson process; the goals (or points) still to come have means `remaining1`/`remaining2`.
// Every outcome is graded (with the settlement rules) over the distribution of final scores,
// which gives its fair price with pushes and half results counted exactly as settlement will:
// fair implied probability = (win + half-win/2) / (win + half-win/2 + loss + half-loss/2).
// Book odds = 1 / (fair × (1 + margin)), rounded down to a thousandth (in the house's favour).
// The limit (max stake, whole units) = base × 1 / (odds − 1), capped at 2 × base, doubled on
// the main line, halved in play. Probabilities are doubles; what leaves here is exact.
// Thread rule: plain value type; Price() is const.
#pragma once

#include <cstdint>
#include <vector>

#include "bookmaker/domain/market_catalogue.h"
#include "bookmaker/domain/odds_board.h"
#include "bookmaker/domain/score.h"

namespace probex::bookmaker {

struct PricerConfig {
  double margin = 0.05;  // overround added to every market
  std::int64_t base_limit_whole = 1000;
  double min_fair_probability = 0.002;  // below (or above 1 − this) an outcome is inactive
};

class MatchPricer {
 public:
  explicit MatchPricer(PricerConfig config) : config_(config) {}

  // Odds for every market of `sport_id` (quotes' timestamps left zero).
  FixtureOdds Price(int sport_id, Score current, double remaining1, double remaining2,
                    bool in_play) const;

  // Fair probabilities of each outcome (by outcomeId order of the catalogue) — for tests.
  struct Fair {
    int outcome_id = 0;
    double probability = 0;  // fair implied probability as above
  };
  std::vector<Fair> FairProbabilities(int sport_id, Score current, double remaining1,
                                      double remaining2) const;

 private:
  PricerConfig config_;
};

// Poisson probabilities P(k) for k = 0..n−1 with the tail folded into the last cell.
std::vector<double> PoissonPmf(double mean, int n);

}  // namespace probex::bookmaker
