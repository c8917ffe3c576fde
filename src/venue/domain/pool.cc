#include "venue/domain/pool.h"

namespace probex::venue {

std::string_view BetStatusName(BetStatus status) {
  switch (status) {
    case BetStatus::kPending:
      return "PENDING";
    case BetStatus::kConfirmed:
      return "CONFIRMED";
    case BetStatus::kWon:
      return "WON";
    case BetStatus::kLost:
      return "LOST";
    case BetStatus::kRefunded:
      return "REFUNDED";
  }
  return "?";
}

std::uint32_t TimeWeight(Timestamp open, Timestamp end, Timestamp at, std::uint32_t floor) {
  const std::int64_t duration = end.micros() - open.micros();
  if (duration <= 0) return floor;
  std::int64_t remaining = end.micros() - at.micros();
  if (remaining < 0) remaining = 0;
  if (remaining > duration) remaining = duration;
  const auto span = static_cast<__int128>(kWeightScale - floor);
  return floor + static_cast<std::uint32_t>(span * remaining / duration);
}

Money BetFee(Money amount, Money rate) { return amount.MulRate(rate, Rounding::kUp); }

unsigned __int128 MulDivFloor(unsigned __int128 a, unsigned __int128 b, unsigned __int128 c) {
  using U = unsigned __int128;
  constexpr U kMax = ~U{0};
  if (a == 0 || b == 0) return 0;
  if (b <= kMax / a) return a * b / c;
  // 256-bit product from 64-bit limbs, then restoring long division by c.
  const U mask = (U{1} << 64) - 1;
  const U a0 = a & mask, a1 = a >> 64, b0 = b & mask, b1 = b >> 64;
  const U p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const U middle = (p00 >> 64) + (p01 & mask) + (p10 & mask);
  const U low = (p00 & mask) | (middle << 64);
  const U high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
  U quotient = 0;
  U remainder = 0;
  for (int bit = 255; bit >= 0; --bit) {
    const bool carry = (remainder >> 127) != 0;
    const U next = bit >= 128 ? (high >> (bit - 128)) & 1 : (low >> bit) & 1;
    remainder = (remainder << 1) | next;
    if (carry || remainder >= c) {
      remainder -= c;  // exact modulo 2^128: the true remainder is below c
      if (bit < 128) quotient |= U{1} << bit;
    }
  }
  return quotient;
}

void SettlePool(const std::vector<Bet>& bets, bool voided, std::uint8_t winner,
                PoolSettlement& out) {
  using U = unsigned __int128;
  out.payouts.assign(bets.size(), Money::Zero());
  std::int64_t total = 0;
  std::int64_t fee = 0;
  U weighted = 0;  // Σ over winning bets of amount × weight
  for (const Bet& b : bets) {
    total += b.amount.units();
    fee += b.fee.units();
    if (b.outcome == winner) weighted += static_cast<U>(b.amount.units()) * b.weight;
  }
  out.total = Money::FromUnits(total);
  out.refund = voided || weighted == 0;
  if (out.refund) {
    for (std::size_t i = 0; i < bets.size(); ++i) out.payouts[i] = bets[i].amount;
    out.fee = Money::Zero();
    out.payout_pool = out.total;
    out.paid = out.total;
    out.dust = Money::Zero();
    return;
  }
  const std::int64_t pool = total - fee;
  std::int64_t paid = 0;
  for (std::size_t i = 0; i < bets.size(); ++i) {
    const Bet& b = bets[i];
    if (b.outcome != winner) continue;
    const U stake = static_cast<U>(b.amount.units()) * b.weight;
    const auto payout =
        static_cast<std::int64_t>(MulDivFloor(static_cast<U>(pool), stake, weighted));
    out.payouts[i] = Money::FromUnits(payout);
    paid += payout;
  }
  out.fee = Money::FromUnits(fee);
  out.payout_pool = Money::FromUnits(pool);
  out.paid = Money::FromUnits(paid);
  out.dust = Money::FromUnits(pool - paid);
}

}  // namespace probex::venue
