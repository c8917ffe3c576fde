// Exchange: pool betting — PlaceBet and the settlement of POOL markets (ARCHITECTURE §4,
// docs/venue-pools.md). Money of an open bet sits in the bettor's lockedBets; at settlement each
// bet's amount passes through the market's escrow, from which the payouts, the fee and the dust
// leave, so escrow is zero again afterwards and the ledger conserves money exactly.
#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

using Bucket = Ledger::Bucket;
using Ref = Ledger::Ref;

bool SamePayload(const Bet& first, const PlaceBet& c) {
  return first.market == c.market && first.outcome == c.outcome && first.amount == c.amount;
}

}  // namespace

void Exchange::Handle(const PlaceBet& c) {
  if (!ledger_.HasAccount(c.account)) return Reject(RejectCode::kUnknownAccount);
  if (!switches_.betting) return Reject(RejectCode::kBettingDisabled);
  if (c.idempotency_key.size() > kMaxIdempotencyKeyBytes) {
    return Reject(RejectCode::kInvalidIdempotencyKey);
  }
  if (!c.idempotency_key.empty()) {
    if (const BetReceipt* first = pools_.FindReceipt(c.account, c.idempotency_key)) {
      if (!SamePayload(first->bet, c)) return Reject(RejectCode::kIdempotencyConflict);
      out_->bet = *first;
      out_->created_id = first->bet.id.value();
      out_->replayed = true;
      return;
    }
  }
  const Market* m = MarketFor(c.market);
  if (m == nullptr) return Reject(RejectCode::kUnknownMarket);
  if (m->type != MarketType::kPool) return Reject(RejectCode::kNotPoolMarket);
  if (m->status != MarketStatus::kActive || now_ >= m->end_time) {
    return Reject(RejectCode::kMarketNotActive);
  }
  if (c.outcome > 1) return Reject(RejectCode::kInvalidOutcome);
  if (c.amount.units() < kMinBetUnits || c.amount.units() > kMaxBetUnits) {
    return Reject(RejectCode::kInvalidBetAmount);
  }
  if (c.fee_rate.is_negative() || c.fee_rate.units() > kMaxBetFeeRateUnits || c.weight_floor == 0 ||
      c.weight_floor > kWeightScale) {
    return Reject(RejectCode::kInvalidBettingSettings);
  }
  if (ledger_.balances(c.account).available < c.amount) {
    return Reject(RejectCode::kInsufficientBalance);
  }
  ledger_.Transfer(Ref::Account(c.account, Bucket::kAvailable),
                   Ref::Account(c.account, Bucket::kLockedBets), c.amount);
  Bet bet;
  bet.id = pools_.TakeBetId();
  bet.account = c.account;
  bet.market = c.market;
  bet.outcome = c.outcome;
  bet.amount = c.amount;
  bet.fee = BetFee(c.amount, c.fee_rate);
  bet.weight = TimeWeight(m->created_at, m->end_time, now_, c.weight_floor);
  bet.status = BetStatus::kConfirmed;
  bet.created_at = now_;
  PoolMarket& pool = pools_.At(c.market);
  pool.pools[c.outcome] += c.amount;
  pool.bet_counts[c.outcome] += 1;
  pool.fees += bet.fee;
  pool.bets.push_back(bet);
  BetReceipt receipt{bet, ledger_.balances(c.account).available};
  if (!c.idempotency_key.empty()) pools_.AddReceipt(c.account, c.idempotency_key, receipt);
  out_->bet = receipt;
  out_->created_id = bet.id.value();
  Emit(BetPlaced{bet});
}

void Exchange::SettlePoolMarket(const Market& market, bool voided, std::uint8_t winner) {
  auto it = pools_.markets().find(market.id.value());
  if (it == pools_.markets().end()) return;
  PoolMarket& pool = pools_.At(market.id);
  SettlePool(pool.bets, voided, winner, settlement_);
  const Ref escrow = Ref::Escrow(market.id);
  if (settlement_.refund) {
    for (Bet& bet : pool.bets) {
      ledger_.Transfer(Ref::Account(bet.account, Bucket::kLockedBets),
                       Ref::Account(bet.account, Bucket::kAvailable), bet.amount);
      bet.payout = bet.amount;
      bet.status = BetStatus::kRefunded;
    }
  } else {
    // Every stake into escrow first, then the payouts out of it.
    for (const Bet& bet : pool.bets) {
      ledger_.Transfer(Ref::Account(bet.account, Bucket::kLockedBets), escrow, bet.amount);
    }
    for (std::size_t i = 0; i < pool.bets.size(); ++i) {
      Bet& bet = pool.bets[i];
      bet.payout = settlement_.payouts[i];
      ledger_.Transfer(escrow, Ref::Account(bet.account, Bucket::kAvailable), bet.payout);
      bet.status = bet.outcome == winner ? BetStatus::kWon : BetStatus::kLost;
    }
  }
  // Escrow now holds exactly fee + dust (zero when refunding).
  ledger_.Transfer(escrow, Ref::Fees(), settlement_.fee + settlement_.dust);
  pool.fee_collected = settlement_.fee + settlement_.dust;
  pool.settled = true;
  out_->events.reserve(out_->events.size() + pool.bets.size());
  for (const Bet& bet : pool.bets) Emit(BetSettled{bet});
  pool.bets.clear();
  pool.bets.shrink_to_fit();
}

}  // namespace probex::venue
