// Settlement statuses of engine orders and hedge bets (the 55-tech enums) and how they follow
// from the bookmaker's results: the feed's per-outcome results (WIN, LOSE, HALFWIN, HALFLOSS,
// CANCELLED, PUSH, UNDECIDED), the betting API's bet statuses (WON, LOST, HALF_WON, HALF_LOST,
// VOID, PUSH, UNSETTLED) and the venue's resolution. Thread rule: pure.
#pragma once

#include <optional>
#include <string_view>

#include "common/money.h"
#include "mm/domain/quote_pricer.h"

namespace probex::mm {

enum class SettlementStatus { kUndecided, kWon, kLost, kVoid, kHalfWon, kHalfLost };

// "UNDECIDED", "WON", "LOST", "VOID", "HALF_WON", "HALF_LOST".
std::string_view SettlementStatusName(SettlementStatus status);
std::optional<SettlementStatus> ParseSettlementStatus(std::string_view name);

// The feed's result names (OddsPapi settlements); PUSH and CANCELLED are VOID.
std::optional<SettlementStatus> FromFeedResult(std::string_view result);
// The betting API's names (WON, LOST, HALF_WON, HALF_LOST, VOID, PUSH, UNSETTLED).
std::optional<SettlementStatus> FromBetSettlement(std::string_view name);

// The status of the side that wins when the outcome wins, seen from the other side.
SettlementStatus Opposite(SettlementStatus status);

// An engine order's status from the result of bookmaker outcome O (which outcome 0 stands for):
// a bid holds outcome 0 (wins with O), an ask holds outcome 1 (wins against O).
SettlementStatus OrderSettlement(QuoteSide side, SettlementStatus outcome_result);

// What a bet returns (stake included): WON stake×o, HALF_WON stake×(o+1)/2, VOID stake,
// HALF_LOST stake/2, LOST 0, UNDECIDED 0. Rounded down to 8 decimals once, as the bookmaker pays.
Money BetReturn(Money stake, Money odds, SettlementStatus status);

// The venue's payout per share of outcome `held` (0 or 1) after resolution: 1 for the winning
// outcome, 0 for the other, 0.50 each when voided (winning_outcome nullopt).
Money VenuePayoutPerShare(int held, std::optional<int> winning_outcome);

}  // namespace probex::mm
