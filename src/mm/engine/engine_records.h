// The records the engine keeps and persists: engine orders (the 55-tech order fields) and hedge
// bets. Quantities are whole venue shares; stakes and prices are exact Money; times are
// Timestamps. Thread rule: plain value types, owned by the engine thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/money.h"
#include "common/time.h"
#include "mm/domain/order_status.h"
#include "mm/domain/quote_pricer.h"
#include "mm/domain/settlement.h"

namespace probex::mm {

struct EngineOrder {
  std::string order_id;  // the engine's client id ("mmo-…"), recorded before the order is sent
  std::string fixture_id;
  int outcome_id = 0;  // the bookmaker outcome outcome 0 stands for
  int bookmaker_market_id = 0;
  int sport_id = 0;
  int tournament_id = 0;
  std::string market_type;
  std::string exchange = "unhedged";
  std::string exchange_market_id;
  std::string exchange_order_id;    // empty until the venue answered
  std::string exchange_outcome_id;  // the venue outcome label traded (outcome 0's)
  QuoteSide side = QuoteSide::kBid;
  OrderStatus order_status = OrderStatus::kPendingPlacement;
  MatchedStatus matched_status = MatchedStatus::kNotMatched;
  int order_cents = 0;
  std::int64_t order_quantity = 0;
  std::int64_t matched_quantity = 0;
  Money fees;  // cumulative venue fees
  // The venue cost of the matched quantity at the prices the fills executed at (stored as
  // matched_stake; fills of a crossing order execute at the resting order's better price).
  Money matched_cost;
  SettlementStatus settlement_status = SettlementStatus::kUndecided;
  Money bookmaker_outcome_price;  // the odds the quote was priced from (O for an ask, C's first
                                  // for a bid)
  Money bookmaker_outcome_limit;
  Timestamp created_at;
  std::optional<Timestamp> matched_at;
  Timestamp updated_at;

  // orderStake / matchedStake: the venue cost of the order's and of the matched quantity.
  Money order_stake() const { return CostPerShare(side, order_cents) * order_quantity; }
  Money matched_stake() const { return matched_cost; }
};

struct HedgeBet {
  std::string bet_id;  // the requestUuid sent to the bookmaker
  std::string order_id;
  std::string fixture_id;
  int outcome_id = 0;
  std::string bookmaker = "probex";
  std::string bookmaker_bet_id;
  std::int64_t shares = 0;  // the venue shares this bet hedges
  Money requested_price;    // the minimum odds asked
  Money placed_price;
  Money placed_stake;
  BetStatus bet_status = BetStatus::kPending;
  SettlementStatus settlement_status = SettlementStatus::kUndecided;
  Money payout;
  int attempt = 1;
  bool flagged = false;  // retries gave up: unhedged exposure
  std::string decline_reason;
  Timestamp placed_at;
};

}  // namespace probex::mm
