#include "bookmaker/domain/market_catalogue.h"

#include <algorithm>

namespace probex::bookmaker {

std::string MarketSpec::MarketType() const {
  switch (kind) {
    case MarketKind::kMatchResult:
      return "1x2";
    case MarketKind::kMoneyline:
      return "moneyline";
    case MarketKind::kTotal:
      return "totals";
    case MarketKind::kHandicap:
      return "spreads";
    case MarketKind::kBothTeamsToScore:
      return "btts";
  }
  return "1x2";
}

std::string FormatQuarters(int quarters) {
  std::string sign = quarters < 0 ? "-" : "";
  int q = quarters < 0 ? -quarters : quarters;
  std::string whole = std::to_string(q / 4);
  switch (q % 4) {
    case 1:
      return sign + whole + ".25";
    case 2:
      return sign + whole + ".5";
    case 3:
      return sign + whole + ".75";
    default:
      return q == 0 ? "0" : sign + whole;
  }
}

const MarketCatalogue& MarketCatalogue::Standard() {
  static const MarketCatalogue catalogue;
  return catalogue;
}

MarketCatalogue::MarketCatalogue() {
  sports_ = {{kSoccerSportId, "soccer", "Soccer"},
             {kBasketballSportId, "basketball", "Basketball"}};
  markets_.push_back({101,
                      "Full Time Result",
                      MarketKind::kMatchResult,
                      "fulltime",
                      0,
                      kSoccerSportId,
                      {{101, "1"}, {102, "X"}, {103, "2"}}});
  markets_.push_back({104,
                      "Both Teams To Score",
                      MarketKind::kBothTeamsToScore,
                      "fulltime",
                      0,
                      kSoccerSportId,
                      {{104, "Yes"}, {105, "No"}}});
  for (int q = 2; q <= 18; ++q) {
    int id = 1000 + 2 * q;
    markets_.push_back({id,
                        "Over/Under " + FormatQuarters(q),
                        MarketKind::kTotal,
                        "fulltime",
                        q,
                        kSoccerSportId,
                        {{id, "Over"}, {id + 1, "Under"}}});
  }
  for (int q = -8; q <= 8; ++q) {
    int id = 1100 + 2 * (q + 8);
    std::string line = (q > 0 ? "+" : "") + FormatQuarters(q);
    markets_.push_back({id,
                        "Asian Handicap " + line,
                        MarketKind::kHandicap,
                        "fulltime",
                        q,
                        kSoccerSportId,
                        {{id, "1"}, {id + 1, "2"}}});
  }
  markets_.push_back({111,
                      "Moneyline",
                      MarketKind::kMoneyline,
                      "fulltime",
                      0,
                      kBasketballSportId,
                      {{111, "1"}, {112, "2"}}});
}

std::vector<const MarketSpec*> MarketCatalogue::ForSport(int sport_id) const {
  std::vector<const MarketSpec*> out;
  for (const MarketSpec& m : markets_) {
    if (m.sport_id == sport_id) out.push_back(&m);
  }
  return out;
}

const MarketSpec* MarketCatalogue::FindMarket(int market_id) const {
  for (const MarketSpec& m : markets_) {
    if (m.market_id == market_id) return &m;
  }
  return nullptr;
}

std::optional<MarketCatalogue::OutcomeRef> MarketCatalogue::FindOutcome(int outcome_id) const {
  for (const MarketSpec& m : markets_) {
    for (std::size_t i = 0; i < m.outcomes.size(); ++i) {
      if (m.outcomes[i].outcome_id == outcome_id) return OutcomeRef{&m, static_cast<int>(i)};
    }
  }
  return std::nullopt;
}

}  // namespace probex::bookmaker
