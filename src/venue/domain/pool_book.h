// PoolBook: the betting state of the venue's POOL markets — per market the two outcome pools,
// counts and fees, and the open (CONFIRMED) bets until the market settles — plus the first
// answer to every bet placed with an idempotency key. Part of the Exchange state: changed only by
// journaled commands, encoded in the snapshot and the state hash. Settled bets are not kept
// (their final state is in the events and the read model), but a market's totals are.
// Thread rule: not thread-safe; owned by the Exchange (the sequencer thread).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "venue/domain/ids.h"
#include "venue/domain/pool.h"
#include "venue/domain/wire.h"

namespace probex::venue {

// The answer to a bet: the bet as accepted and the bettor's available balance right after.
struct BetReceipt {
  Bet bet;
  Money balance_after;
};

struct PoolMarket {
  std::array<Money, 2> pools{};  // Σ amounts per outcome
  std::array<std::int64_t, 2> bet_counts{};
  Money fees;  // Σ bet fees
  bool settled = false;
  Money fee_collected;    // at settlement: fee + dust (zero when refunded)
  std::vector<Bet> bets;  // open bets, id order; empty once settled

  Money total() const { return pools[0] + pools[1]; }
  std::int64_t bet_count() const { return bet_counts[0] + bet_counts[1]; }
};

class PoolBook {
 public:
  // nullptr when no bet was ever placed on the market.
  const PoolMarket* Find(MarketId market) const;
  PoolMarket& At(MarketId market) { return markets_[market.value()]; }
  const std::map<std::uint32_t, PoolMarket>& markets() const { return markets_; }

  const BetReceipt* FindReceipt(AccountId account, std::string_view key) const;
  void AddReceipt(AccountId account, std::string key, BetReceipt receipt);
  std::size_t receipt_count() const { return receipts_.size(); }

  std::uint64_t next_bet_id() const { return next_bet_id_; }
  BetId TakeBetId() { return BetId(next_bet_id_++); }

  void Encode(ByteWriter& w) const;
  // Validates every bet and total; `account_count` bounds account ids. The caller checks the
  // markets' types and the accounts' lockedBets.
  static Result<PoolBook> Decode(ByteReader& r, std::size_t account_count);

 private:
  std::map<std::uint32_t, PoolMarket> markets_;  // by market id
  std::map<std::pair<std::uint32_t, std::string>, BetReceipt, std::less<>> receipts_;
  std::uint64_t next_bet_id_ = 1;
};

}  // namespace probex::venue
