// Position: what the engine holds on one venue binary market (outcome 0 = bookmaker outcome O of
// one bookmaker market) and the bets that hedge it, with exact P&L per result:
//   result(w) = venue payout if w wins + Σ returns of bets on w − venue cost − venue fees − Σ
//   stakes
// for every outcome w of the bookmaker market. The locked result is the minimum over w; realized
// P&L uses the actual settlement; unrealized marks each scenario at the devigged fair value.
// Thread rule: plain value type (the engine thread owns it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/money.h"
#include "mm/domain/quote_pricer.h"
#include "mm/domain/settlement.h"

namespace probex::mm {

struct PositionBet {
  int outcome_id = 0;
  Money stake;
  Money odds;
};

class Position {
 public:
  // `outcome_ids`: every outcome of the bookmaker market; `outcome_id`: the one outcome 0 is.
  Position(int outcome_id, std::vector<int> outcome_ids);

  // A venue fill: a bid buys outcome 0 at p, an ask buys outcome 1 at 1 − p.
  void AddFill(QuoteSide side, std::int64_t shares, int cents, Money fee);
  // A venue fill whose cost (of outcome 0 for a bid, of outcome 1 for an ask) is known exactly.
  void AddFillAtCost(QuoteSide side, std::int64_t shares, Money cost, Money fee);
  void AddBet(const PositionBet& bet);

  // The result if `winner` wins (VOID results are handled by Realized).
  Money ResultIf(int winner) const;
  // min over outcomes of ResultIf: what is locked whatever happens.
  Money LockedResult() const;
  // The locked result if `extra` bets were added (to judge a re-priced hedge).
  Money LockedResultWith(const std::vector<PositionBet>& extra) const;
  // Σ_w fair(w) × ResultIf(w), rounded to the nearest unit (half away from zero); fair indexed like
  // outcome_ids.
  Money MarkToFair(const std::vector<double>& fair) const;
  // Realized P&L once the venue resolved (winning_outcome nullopt = voided) and each bet is
  // settled (statuses in the order bets were added).
  Money Realized(std::optional<int> venue_winning_outcome,
                 const std::vector<SettlementStatus>& bet_statuses) const;

  int outcome_id() const { return outcome_id_; }
  const std::vector<int>& outcome_ids() const { return outcome_ids_; }
  std::int64_t shares_yes() const { return shares_yes_; }
  std::int64_t shares_no() const { return shares_no_; }
  Money venue_cost() const { return cost_; }
  Money venue_fees() const { return fees_; }
  Money total_stake() const;
  const std::vector<PositionBet>& bets() const { return bets_; }

 private:
  int outcome_id_;
  std::vector<int> outcome_ids_;
  std::int64_t shares_yes_ = 0;
  std::int64_t shares_no_ = 0;
  Money cost_;
  Money fees_;
  std::vector<PositionBet> bets_;
};

}  // namespace probex::mm
