#include "bookmaker/domain/grading.h"

namespace probex::bookmaker {
namespace {

SettlementStatus WonIf(bool won) { return won ? SettlementStatus::kWon : SettlementStatus::kLost; }

}  // namespace

SettlementStatus GradeOutcome(const MarketSpec& market, int outcome_index, Score s) {
  int home = s.participant1;
  int away = s.participant2;
  switch (market.kind) {
    case MarketKind::kMatchResult:
      if (outcome_index == 0) return WonIf(home > away);
      if (outcome_index == 1) return WonIf(home == away);
      return WonIf(away > home);
    case MarketKind::kMoneyline:
      if (home == away) return SettlementStatus::kPush;
      return WonIf(outcome_index == 0 ? home > away : away > home);
    case MarketKind::kBothTeamsToScore: {
      bool both = home > 0 && away > 0;
      return WonIf(outcome_index == 0 ? both : !both);
    }
    case MarketKind::kTotal: {
      int total4 = 4 * (home + away);
      return GradeLine(outcome_index == 0 ? total4 - market.line_quarters
                                          : market.line_quarters - total4);
    }
    case MarketKind::kHandicap:
      return GradeLine(outcome_index == 0 ? 4 * (home - away) + market.line_quarters
                                          : 4 * (away - home) - market.line_quarters);
  }
  return SettlementStatus::kUnsettled;
}

}  // namespace probex::bookmaker
