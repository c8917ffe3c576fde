// Test helper: recomputes the venue invariants of ARCHITECTURE §3 independently of the code that
// maintains them (its own fee/lock arithmetic and side translation), for scenario and property
// tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "venue/domain/exchange.h"

namespace probex::venue::testing {

// Cash per share an order that pays at most `cents` must hold: the price plus one share's fee,
// rate × min(c, 1 − c), rounded up to the unit.
inline __int128 LockPerShare(Money rate, int cents) {
  const __int128 m = std::min(cents, 100 - cents);
  const __int128 fee_num = static_cast<__int128>(rate.units()) * m;  // fee × 100 in units
  return static_cast<__int128>(cents) * 1'000'000 + (fee_num + 99) / 100;
}

inline __int128 ExpectedCashLock(const Order& o, Money rate) {
  const bool buys_outcome0 = (o.outcome == 0) == (o.side == OrderSide::kBid);
  if (o.type == OrderType::kLimit) {
    const int book_price = o.outcome == 0 ? o.price : 100 - o.price;
    const int pay = buys_outcome0 ? book_price : 100 - book_price;
    return LockPerShare(rate, pay) * (o.quantity - o.cum_quantity - o.locked_shares);
  }
  if (o.quantity > 0) return LockPerShare(rate, 99) * (o.quantity - o.locked_shares);
  __int128 worst = 0;
  for (int c = 1; c <= 99; ++c) {
    const __int128 num = static_cast<__int128>(o.quote_quantity.units()) * LockPerShare(rate, c);
    const __int128 den = static_cast<__int128>(c) * 1'000'000;
    worst = std::max(worst, (num + den - 1) / den);
  }
  return worst;
}

inline ::testing::AssertionResult CheckInvariants(const Exchange& x) {
  const Ledger& ledger = x.ledger();
  // Money conservation, recomputed.
  __int128 held = ledger.fees().units();
  for (std::uint32_t a = 1; a <= ledger.account_count(); ++a) {
    held += ledger.balances(AccountId(a)).total().units();
  }
  for (const Market& m : x.markets()) held += ledger.escrow(m.id).units();
  if (held != static_cast<__int128>(ledger.external_in().units()) - ledger.external_out().units()) {
    return ::testing::AssertionFailure() << "money not conserved";
  }
  if (!ledger.CheckConservation()) return ::testing::AssertionFailure() << "ledger self-check";
  // Share supply per market.
  std::map<std::uint32_t, std::array<std::int64_t, 2>> supply;
  for (std::uint32_t p = 0; p < ledger.position_count(); ++p) {
    const Position& pos = ledger.position(p);
    supply[pos.market.value()][0] += pos.shares[0];
    supply[pos.market.value()][1] += pos.shares[1];
  }
  // Locks recomputed from the open orders.
  std::map<std::uint32_t, __int128> cash;
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::array<std::int64_t, 2>> shares;
  std::vector<Order> orders;
  std::vector<DepthLevel> bids, asks;
  for (const Market& m : x.markets()) {
    const auto& s = supply[m.id.value()];
    if (s[0] != s[1] ||
        static_cast<__int128>(s[0]) * Money::kScale != ledger.escrow(m.id).units()) {
      return ::testing::AssertionFailure()
             << "market " << m.id.value() << " supply " << s[0] << "/" << s[1] << " escrow "
             << ledger.escrow(m.id).ToPlainString();
    }
    x.Depth(m.id, 0, 1, bids, asks);
    if (!bids.empty() && !asks.empty() && bids[0].price >= asks[0].price) {
      return ::testing::AssertionFailure() << "crossed book in market " << m.id.value();
    }
    x.OpenOrdersInMarket(m.id, orders);
    for (const Order& o : orders) {
      if (o.status != OrderStatus::kPlaced) {
        return ::testing::AssertionFailure() << "open order " << o.id.value() << " not Placed";
      }
      if (o.locked_shares < 0 || (o.side == OrderSide::kBid && o.locked_shares != 0) ||
          (o.quantity > 0 && o.locked_shares > o.quantity - o.cum_quantity)) {
        return ::testing::AssertionFailure() << "bad share lock on order " << o.id.value();
      }
      const __int128 want = ExpectedCashLock(o, m.fee_rate);
      if (want != o.locked_cash.units()) {
        return ::testing::AssertionFailure()
               << "order " << o.id.value() << " locks " << o.locked_cash.ToPlainString()
               << " but its worst case is " << static_cast<long long>(want) << " units";
      }
      cash[o.account.value()] += want;
      shares[{o.account.value(), m.id.value()}][o.outcome] += o.locked_shares;
    }
  }
  // Option collateral stays in the writer's locked_engine until settlement.
  for (const OptionPosition& p : x.options().positions()) {
    if (p.settled) continue;
    if (p.collateral != MaxPayoff(p.series.type, p.series.strike_bps) * p.quantity) {
      return ::testing::AssertionFailure() << "option position " << p.id << " collateral";
    }
    cash[p.writer.value()] += p.collateral.units();
  }
  std::map<std::uint32_t, __int128> withdrawing;
  for (const auto& [id, w] : x.pending_withdrawals()) {
    withdrawing[w.account.value()] += static_cast<__int128>(w.amount.units()) + w.fee.units();
  }
  for (std::uint32_t a = 1; a <= ledger.account_count(); ++a) {
    const AccountBalances& b = ledger.balances(AccountId(a));
    if (b.locked_engine.units() != cash[a]) {
      return ::testing::AssertionFailure()
             << "account " << a << " locked_engine " << b.locked_engine.ToPlainString()
             << " != open orders' worst case " << static_cast<long long>(cash[a]);
    }
    if (b.locked_withdraws.units() != withdrawing[a]) {
      return ::testing::AssertionFailure() << "account " << a << " locked_withdraws mismatch";
    }
    if (b.available.is_negative()) return ::testing::AssertionFailure() << "negative balance";
  }
  // Pools: lockedBets is exactly the open bets' amounts; an open pool's totals are its bets'.
  std::map<std::uint32_t, __int128> betting;
  for (const auto& [id, pool] : x.pools().markets()) {
    std::array<__int128, 2> sums{};
    __int128 fees = 0;
    for (const Bet& b : pool.bets) {
      betting[b.account.value()] += b.amount.units();
      sums[b.outcome & 1] += b.amount.units();
      fees += b.fee.units();
      if (b.status != BetStatus::kConfirmed || b.weight == 0 || b.weight > kWeightScale) {
        return ::testing::AssertionFailure() << "bad open bet " << b.id.value();
      }
    }
    if (!pool.settled && (sums[0] != pool.pools[0].units() || sums[1] != pool.pools[1].units() ||
                          fees != pool.fees.units())) {
      return ::testing::AssertionFailure() << "pool " << id << " totals differ from its bets";
    }
  }
  // CTM entries of unsettled rounds are locked the same way.
  for (const CtmRound& round : x.ctm().rounds()) {
    if (round.final()) continue;
    for (std::uint64_t id : round.predictions) {
      const CtmPrediction& p = x.ctm().predictions()[id - 1];
      betting[p.account.value()] += p.amount.units();
    }
  }
  for (std::uint32_t a = 1; a <= ledger.account_count(); ++a) {
    if (ledger.balances(AccountId(a)).locked_bets.units() != betting[a]) {
      return ::testing::AssertionFailure() << "account " << a << " locked_bets mismatch";
    }
  }
  for (std::uint32_t p = 0; p < ledger.position_count(); ++p) {
    const Position& pos = ledger.position(p);
    const auto& want = shares[{pos.account.value(), pos.market.value()}];
    if (pos.locked[0] != want[0] || pos.locked[1] != want[1]) {
      return ::testing::AssertionFailure() << "share locks of account " << pos.account.value()
                                           << " in market " << pos.market.value();
    }
  }
  return ::testing::AssertionSuccess();
}

// One step of a property test: `c` must survive the command codec; it is applied as command `seq`
// at `now`; a reject must leave no event and (with `check`) the state hash unchanged; with `check`
// the invariants must hold after it. `scratch` is reused for the encoding.
inline ::testing::AssertionResult ApplyChecked(Exchange& x, const Exchange::Command& c,
                                               std::uint64_t seq, Timestamp now,
                                               Exchange::Output& out, bool check,
                                               std::string& scratch) {
  scratch.clear();
  Exchange::EncodeCommand(c, scratch);
  auto decoded = Exchange::DecodeCommand(scratch);
  if (!decoded.ok() || !(*decoded == c)) {
    return ::testing::AssertionFailure() << "codec round trip failed: " << DescribeCommand(c);
  }
  const std::uint64_t before = check ? x.StateHash() : 0;
  x.Apply(c, seq, now, out);
  if (!out.ok()) {
    if (!out.events.empty()) {
      return ::testing::AssertionFailure() << "reject with events: " << DescribeCommand(c);
    }
    if (check && x.StateHash() != before) {
      return ::testing::AssertionFailure() << "reject " << RejectCodeName(out.reject)
                                           << " changed the state: " << DescribeCommand(c);
    }
  }
  if (check) {
    auto ok = CheckInvariants(x);
    if (!ok) {
      return ::testing::AssertionFailure()
             << "after command " << seq << " (" << DescribeCommand(c) << "): " << ok.message();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace probex::venue::testing
