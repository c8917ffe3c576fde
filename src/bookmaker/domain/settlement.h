// Settlement rules of the sportsbook: grading a line bet in integer quarter-goals and the money a
// graded bet returns. Whole and half lines win, push or lose on the margin; a quarter line
// splits the stake onto its two neighbouring lines and combines their grades.
// Pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "bookmaker/domain/odds.h"
#include "common/money.h"

namespace probex::bookmaker {

enum class SettlementStatus { kUnsettled, kWon, kLost, kVoid, kHalfWon, kHalfLost, kPush };

// Bet-side names (55-tech ABP): UNSETTLED, WON, LOST, VOID, HALF_WON, HALF_LOST, PUSH.
std::string_view SettlementStatusName(SettlementStatus status);
std::optional<SettlementStatus> ParseSettlementStatus(std::string_view name);
// Feed-side names (OddsPapi settlements): UNDECIDED, WIN, LOSE, CANCELLED, HALFWIN, HALFLOSS, PUSH.
std::string_view FeedResultName(SettlementStatus status);

// Grades a line selection whose advantage, in quarter goals, is `adjusted_quarters`: the
// selection's own score margin × 4 plus its line in quarters (AH −0.25 on a draw: 0 − 1 = −1).
// Even values are whole or half lines: > 0 WON, 0 PUSH, < 0 LOST. Odd values are quarter lines:
// graded as half the stake on each neighbour (adjusted ± 1) and combined.
SettlementStatus GradeLine(int adjusted_quarters);

// What a settled bet pays back (stake included), rounded down to the unit:
// WON s·p, HALF_WON s/2·p + s/2, PUSH and VOID s, HALF_LOST s/2, LOST 0. UNSETTLED pays 0.
Money SettlementReturn(Money stake, Odds price, SettlementStatus status);

}  // namespace probex::bookmaker
