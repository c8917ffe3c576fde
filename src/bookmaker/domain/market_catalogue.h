// MarketCatalogue: the sports the book offers and, per sport, its markets and outcomes in the
// shape of OddsPapi's /v4/markets. A market's id is its first outcome's id; every line of a
// totals or handicap market is its own market. Lines are integer quarter goals (2.25 → 9).
// Id scheme: soccer (sportId 10) 1X2 101 (101 "1", 102 "X", 103 "2"); both teams to score 104
// (104 Yes, 105 No); totals 1000 + 2q (over, then under) for q = 2..18 (0.5..4.5); Asian
// handicap 1100 + 2(q + 8) (home at line q, then away at −q) for q = −8..8 (−2.0..+2.0).
// Basketball (sportId 11, two-way) moneyline 111 (111 "1", 112 "2"), overtime included.
// Thread rule: immutable after construction; Standard() is safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace probex::bookmaker {

inline constexpr int kSoccerSportId = 10;
inline constexpr int kBasketballSportId = 11;

enum class MarketKind { kMatchResult, kMoneyline, kTotal, kHandicap, kBothTeamsToScore };

struct OutcomeSpec {
  int outcome_id = 0;
  std::string name;
};

struct MarketSpec {
  int market_id = 0;
  std::string name;
  MarketKind kind = MarketKind::kMatchResult;
  std::string period = "fulltime";
  // The line in quarter goals: totals' goal line, handicaps' home line; 0 for other markets.
  int line_quarters = 0;
  int sport_id = 0;
  std::vector<OutcomeSpec> outcomes;

  // OddsPapi marketType: "1x2", "moneyline", "totals", "spreads", "btts".
  std::string MarketType() const;
};

struct SportSpec {
  int sport_id = 0;
  std::string slug;
  std::string name;
};

// "2.25", "-0.75", "0": a quarter-goal line as an exact decimal.
std::string FormatQuarters(int quarters);

class MarketCatalogue {
 public:
  static const MarketCatalogue& Standard();

  const std::vector<SportSpec>& sports() const { return sports_; }
  const std::vector<MarketSpec>& markets() const { return markets_; }
  std::vector<const MarketSpec*> ForSport(int sport_id) const;
  const MarketSpec* FindMarket(int market_id) const;

  struct OutcomeRef {
    const MarketSpec* market = nullptr;
    int index = 0;  // position in market->outcomes
  };
  std::optional<OutcomeRef> FindOutcome(int outcome_id) const;

 private:
  MarketCatalogue();
  std::vector<SportSpec> sports_;
  std::vector<MarketSpec> markets_;
};

}  // namespace probex::bookmaker
