// Pool betting (ARCHITECTURE §4 "Pool markets"): bets, their time weight and fee, and the exact
// settlement arithmetic of a POOL market. Pure functions over plain values; the state that holds
// bets is PoolBook (pool_book.h). Rounding (docs/venue-pools.md): a bet's weight rounds down to
// 1/10000, its fee rounds up to the Money unit, payouts round down, and the dust left by the
// payouts goes to the fee account, so a settlement pays out exactly what the bets put in.
// Thread rule: plain value types and pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/money.h"
#include "common/strong_id.h"
#include "common/time.h"
#include "venue/domain/ids.h"

namespace probex::venue {

struct BetIdTag {};
using BetId = StrongId<BetIdTag, std::uint64_t>;

// PENDING is part of the reference's vocabulary; the venue confirms a bet in the same command
// that accepts it, so a bet is never seen PENDING.
enum class BetStatus : std::uint8_t {
  kPending = 0,
  kConfirmed = 1,
  kWon = 2,
  kLost = 3,
  kRefunded = 4
};
std::string_view BetStatusName(BetStatus status);  // "PENDING" | "CONFIRMED" | ...

// Time weights are integers in 1/10000 ("1.0000" = 10000).
inline constexpr std::uint32_t kWeightScale = 10'000;
// The smallest bet: 0.0001 CC.
inline constexpr std::int64_t kMinBetUnits = Money::kScale / 10'000;
// The largest bet: 1,000,000,000 CC (the largest deposit).
inline constexpr std::int64_t kMaxBetUnits = 1'000'000'000 * Money::kScale;
// The betting fee rate is within 0..0.5.
inline constexpr std::int64_t kMaxBetFeeRateUnits = Money::kScale / 2;

struct Bet {
  BetId id;
  AccountId account;
  MarketId market;
  std::uint8_t outcome = 0;
  Money amount;              // moved from available to lockedBets at placement
  Money fee;                 // the bet's share of the betting fee, taken at resolution
  std::uint32_t weight = 0;  // timeWeight × 10000
  BetStatus status = BetStatus::kConfirmed;
  Money payout;  // WON: the payout; REFUNDED: the amount; otherwise zero
  Timestamp created_at;
};

// floor + (10000 − floor) × (end − at) / (end − open), rounded down; `at` is clamped to
// [open, end], so a bet at the market's opening weighs 10000 and one at its end `floor`.
// Requires open < end and 1 ≤ floor ≤ 10000.
std::uint32_t TimeWeight(Timestamp open, Timestamp end, Timestamp at, std::uint32_t floor);

// The fee of a bet: ceil(amount × rate) in Money units (rate within 0..0.5, so fee ≤ amount).
Money BetFee(Money amount, Money rate);

// floor(a × b / c) for c > 0 and a result that fits 128 bits, exact even when a × b does not
// fit 128 bits.
unsigned __int128 MulDivFloor(unsigned __int128 a, unsigned __int128 b, unsigned __int128 c);

// The result of settling one pool.
struct PoolSettlement {
  bool refund = false;  // voided, or no bet on the winning outcome: every bet gets its amount
  Money total;          // Σ amounts
  Money fee;            // Σ fees (zero when refunding)
  Money payout_pool;    // total − fee (refund: total)
  Money paid;           // Σ payouts
  Money dust;           // payout_pool − paid, to the fee account
  std::vector<Money> payouts;  // per bet, in the order given
};

// Settles `bets` for the winning outcome `winner` (ignored when `voided`):
//   refund when voided or no bet is on `winner`; otherwise
//   payout pool P = Σ amount − Σ fee, and each winning bet i gets
//   floor(P × amount_i × weight_i / Σ_winning(amount × weight)); losing bets get 0.
// `out` is reused (its vector keeps its capacity).
void SettlePool(const std::vector<Bet>& bets, bool voided, std::uint8_t winner,
                PoolSettlement& out);

}  // namespace probex::venue
