#include "mm/domain/position.h"

#include <algorithm>
#include <cmath>

namespace probex::mm {
namespace {

Money Shares(std::int64_t n) { return Money::FromUnits(n * Money::kScale); }

}  // namespace

Position::Position(int outcome_id, std::vector<int> outcome_ids)
    : outcome_id_(outcome_id), outcome_ids_(std::move(outcome_ids)) {}

void Position::AddFill(QuoteSide side, std::int64_t shares, int cents, Money fee) {
  (side == QuoteSide::kBid ? shares_yes_ : shares_no_) += shares;
  cost_ += CostPerShare(side, cents) * shares;
  fees_ += fee;
}

void Position::AddFillAtCost(QuoteSide side, std::int64_t shares, Money cost, Money fee) {
  (side == QuoteSide::kBid ? shares_yes_ : shares_no_) += shares;
  cost_ += cost;
  fees_ += fee;
}

void Position::AddBet(const PositionBet& bet) { bets_.push_back(bet); }

Money Position::total_stake() const {
  Money s;
  for (const PositionBet& b : bets_) s += b.stake;
  return s;
}

Money Position::ResultIf(int winner) const {
  Money result = Shares(winner == outcome_id_ ? shares_yes_ : shares_no_) - cost_ - fees_;
  for (const PositionBet& b : bets_) {
    result -= b.stake;
    if (b.outcome_id == winner) result += BetReturn(b.stake, b.odds, SettlementStatus::kWon);
  }
  return result;
}

Money Position::LockedResult() const {
  std::optional<Money> worst;
  for (int w : outcome_ids_) {
    const Money r = ResultIf(w);
    if (!worst || r < *worst) worst = r;
  }
  return worst.value_or(Money());
}

Money Position::LockedResultWith(const std::vector<PositionBet>& extra) const {
  Position copy = *this;
  for (const PositionBet& b : extra) copy.AddBet(b);
  return copy.LockedResult();
}

Money Position::MarkToFair(const std::vector<double>& fair) const {
  long double total = 0;
  for (std::size_t i = 0; i < outcome_ids_.size() && i < fair.size(); ++i) {
    total += static_cast<long double>(fair[i]) * ResultIf(outcome_ids_[i]).units();
  }
  return Money::FromUnits(static_cast<std::int64_t>(std::llround(total)));
}

Money Position::Realized(std::optional<int> venue_winning_outcome,
                         const std::vector<SettlementStatus>& bet_statuses) const {
  Money result =
      Shares(shares_yes_).MulRate(VenuePayoutPerShare(0, venue_winning_outcome), Rounding::kDown) +
      Shares(shares_no_).MulRate(VenuePayoutPerShare(1, venue_winning_outcome), Rounding::kDown) -
      cost_ - fees_;
  for (std::size_t i = 0; i < bets_.size(); ++i) {
    const SettlementStatus s =
        i < bet_statuses.size() ? bet_statuses[i] : SettlementStatus::kUndecided;
    result += BetReturn(bets_[i].stake, bets_[i].odds, s) - bets_[i].stake;
  }
  return result;
}

}  // namespace probex::mm
