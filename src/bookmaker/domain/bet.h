// Bet: an accepted stake at a price on one outcome, and its settlement.
// Thread rule: plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "bookmaker/domain/odds.h"
#include "bookmaker/domain/settlement.h"
#include "common/money.h"
#include "common/time.h"

namespace probex::bookmaker {

enum class BetStatus { kPending, kPlaced, kConfirmed, kRejected, kCancelled, kFailed, kVoid };
std::string_view BetStatusName(BetStatus status);
std::optional<BetStatus> ParseBetStatus(std::string_view name);

struct Bet {
  std::int64_t bet_id = 0;
  std::int64_t order_id = 0;
  std::int64_t account_id = 0;
  std::string request_uuid;
  std::string fixture_id;
  int market_id = 0;
  int outcome_id = 0;
  std::string player_id = "0";
  Odds price;
  Money stake;
  BetStatus bet_status = BetStatus::kConfirmed;
  SettlementStatus settlement_status = SettlementStatus::kUnsettled;
  Money payout;  // what settlement paid back (stake included); zero while unsettled
  Timestamp placed_at;
  std::optional<Timestamp> settled_at;
  std::string user_ref;
};

}  // namespace probex::bookmaker
