// Ledger: every unit of money and every share the venue holds. Money sits in buckets — the four
// balances of each account, one escrow per market, and the fee account — and moves only through
// three posting primitives: Transfer (bucket → bucket), ExternalIn (a deposit enters) and
// ExternalOut (a withdrawal leaves). So, by construction,
//   external_in − external_out == Σ account buckets + Σ escrow + fee account
// holds after every posting. Shares move through MintSets / MergeSets (a complete set is
// created against exactly 1.00 into escrow, or destroyed against exactly 1.00 out of it),
// MoveLockedShares and Redeem, so per market supply(o0) == supply(o1) == escrow / 1.00.
// A posting that would drive a bucket negative is an impossible state (callers check balances
// first and reject): it aborts. Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "venue/domain/flat_index.h"
#include "venue/domain/ids.h"
#include "venue/domain/segmented.h"
#include "venue/domain/wire.h"

namespace probex::venue {

struct AccountBalances {
  Money available;
  Money locked_bets;
  Money locked_engine;
  Money locked_withdraws;
  Money total_deposited;  // statistics, not buckets
  Money total_withdrawn;

  Money total() const { return available + locked_bets + locked_engine + locked_withdraws; }
};

// Shares of one account in one market. `shares` counts all held shares, `locked` the part that
// open asks have reserved for delivery (locked ≤ shares).
struct Position {
  AccountId account;
  MarketId market;
  std::array<std::int64_t, 2> shares{};
  std::array<std::int64_t, 2> locked{};

  std::int64_t free(int outcome) const { return shares[outcome] - locked[outcome]; }
};

class Ledger {
 public:
  // Head and tail (order pool slots) of the intrusive list of an account's open orders in one
  // market, kept by Exchange next to the position it belongs to (one cache line for both). Not
  // ledger state: not encoded, not hashed.
  struct OrderList {
    std::uint32_t head = 0xFFFFFFFFu;
    std::uint32_t tail = 0xFFFFFFFFu;
  };
  enum class Bucket : std::uint8_t { kAvailable, kLockedBets, kLockedEngine, kLockedWithdraws };
  // A place money can sit.
  struct Ref {
    enum class Kind : std::uint8_t { kAccount, kEscrow, kFees };
    Kind kind;
    Bucket bucket;
    std::uint32_t index;  // account or market index (id − 1)

    static Ref Account(AccountId id, Bucket b) { return Ref{Kind::kAccount, b, id.value() - 1}; }
    static Ref Escrow(MarketId id) {
      return Ref{Kind::kEscrow, Bucket::kAvailable, id.value() - 1};
    }
    static Ref Fees() { return Ref{Kind::kFees, Bucket::kAvailable, 0}; }
  };
  static constexpr std::uint32_t kNoPosition = FlatIndex::kMissing;
  static constexpr std::int64_t kMaxShares = 1'000'000'000'000;

  AccountId AddAccount();
  // Opens the escrow of the next market (markets are dense: the n-th call is market n).
  void AddMarket();

  bool HasAccount(AccountId id) const { return id.value() >= 1 && id.value() <= accounts_.size(); }
  std::size_t account_count() const { return accounts_.size(); }
  std::size_t market_count() const { return escrow_.size(); }
  const AccountBalances& balances(AccountId id) const { return accounts_[id.value() - 1]; }
  Money escrow(MarketId id) const { return escrow_[id.value() - 1]; }
  Money fees() const { return fees_; }
  Money external_in() const { return external_in_; }
  Money external_out() const { return external_out_; }
  Money Get(Ref ref) const { return const_cast<Ledger*>(this)->Slot(ref); }

  // ---- Posting primitives (money). ----
  // Inline: several run per fill. Buckets are non-negative and their sum is capped by the money
  // ever deposited, so after the source check neither side can overflow.
  [[gnu::always_inline]] void Transfer(Ref from, Ref to, Money amount) {
    if (amount.is_zero()) return;
    Money& source = Slot(from);
    if (amount.is_negative() || source < amount) BadTransfer();
    source = Money::FromUnits(source.units() - amount.units());
    Money& target = Slot(to);
    target = Money::FromUnits(target.units() + amount.units());
    if (from.kind == Ref::Kind::kAccount) TouchAccount(from.index);
    if (to.kind == Ref::Kind::kAccount) TouchAccount(to.index);
  }
  void ExternalIn(Ref to, Money amount);     // deposit: also counts total_deposited
  void ExternalOut(Ref from, Money amount);  // withdrawal: also counts total_withdrawn

  // ---- Positions and share primitives. ----
  // The position id of (account, market), created empty if absent.
  std::uint32_t PositionFor(AccountId account, MarketId market);
  std::uint32_t FindPosition(AccountId account, MarketId market) const;
  const Position& position(std::uint32_t id) const { return positions_[id]; }
  OrderList& order_list(std::uint32_t id) { return positions_[id].orders; }
  const OrderList& order_list(std::uint32_t id) const { return positions_[id].orders; }
  std::size_t position_count() const { return positions_.size(); }
  const std::vector<std::uint32_t>& market_positions(MarketId id) const {
    return market_positions_[id.value() - 1];
  }
  std::int64_t sets_outstanding(MarketId id) const { return sets_[id.value() - 1]; }

  // Hints for batches (read nothing they fetch, change nothing): the index entry of (account,
  // market); the position slot (with the account's order list) of a known position id; an
  // account's balances.
  void PrefetchPositionEntry(AccountId account, MarketId market) const {
    position_index_.Prefetch(PositionKey(account, market));
  }
  void PrefetchPosition(std::uint32_t pos) const {
    const char* p = reinterpret_cast<const char*>(&positions_[pos]);
    __builtin_prefetch(p);
    __builtin_prefetch(p + sizeof(PositionSlot) - 1);
  }
  void PrefetchAccount(AccountId account) const {
    if (HasAccount(account)) __builtin_prefetch(&accounts_[account.value() - 1]);
  }

  // Inline: one to three run per order and per fill.
  [[gnu::always_inline]] void LockShares(std::uint32_t pos, int outcome, std::int64_t quantity) {
    Position& p = positions_[pos];
    if (quantity < 0 || p.free(outcome) < quantity) BadShares("locking more shares than free");
    p.locked[outcome] += quantity;
  }
  [[gnu::always_inline]] void UnlockShares(std::uint32_t pos, int outcome, std::int64_t quantity) {
    Position& p = positions_[pos];
    if (quantity < 0 || p.locked[outcome] < quantity) BadShares("unlocking more than locked");
    p.locked[outcome] -= quantity;
  }
  // Locked shares of `outcome` leave `from` and arrive (unlocked) at `to`.
  [[gnu::always_inline]] void MoveLockedShares(std::uint32_t from, std::uint32_t to, int outcome,
                                               std::int64_t quantity) {
    Position& f = positions_[from];
    if (quantity < 0 || f.locked[outcome] < quantity) BadShares("delivering unlocked shares");
    f.locked[outcome] -= quantity;
    f.shares[outcome] -= quantity;
    positions_[to].shares[outcome] += quantity;
  }
  // Creates `quantity` complete sets: payer0 and payer1 together put exactly quantity × 1.00 into
  // the market's escrow; holder0 receives outcome-0 shares, holder1 outcome-1 shares.
  [[gnu::always_inline]] void MintSets(MarketId market, Ref payer0, Money pay0, Ref payer1,
                                       Money pay1, std::uint32_t holder0, std::uint32_t holder1,
                                       std::int64_t quantity) {
    if (quantity <= 0 || static_cast<__int128>(pay0.units()) + pay1.units() !=
                             static_cast<__int128>(Money::kScale) * quantity) {
      BadShares("mint not backed by 1.00/set");
    }
    const Ref escrow = Ref::Escrow(market);
    Transfer(payer0, escrow, pay0);
    Transfer(payer1, escrow, pay1);
    positions_[holder0].shares[0] += quantity;
    positions_[holder1].shares[1] += quantity;
    sets_[market.value() - 1] += quantity;
  }
  // Destroys `quantity` complete sets: holder0 delivers locked outcome-0 shares, holder1 locked
  // outcome-1 shares; exactly quantity × 1.00 leaves escrow as get0 + get1.
  [[gnu::always_inline]] void MergeSets(MarketId market, std::uint32_t holder0, Ref to0, Money get0,
                                        std::uint32_t holder1, Ref to1, Money get1,
                                        std::int64_t quantity) {
    if (quantity <= 0 || static_cast<__int128>(get0.units()) + get1.units() !=
                             static_cast<__int128>(Money::kScale) * quantity) {
      BadShares("merge not 1.00/set");
    }
    Position& h0 = positions_[holder0];
    Position& h1 = positions_[holder1];
    if (h0.locked[0] < quantity || h1.locked[1] < quantity) BadShares("merging unlocked shares");
    h0.locked[0] -= quantity;
    h0.shares[0] -= quantity;
    h1.locked[1] -= quantity;
    h1.shares[1] -= quantity;
    sets_[market.value() - 1] -= quantity;
    const Ref escrow = Ref::Escrow(market);
    Transfer(escrow, to0, get0);
    Transfer(escrow, to1, get1);
  }
  // Resolution: the position's unlocked shares are cancelled and `payout` moves from escrow to
  // the holder's available balance. The caller pays out the whole supply, then CloseSupply.
  void Redeem(std::uint32_t pos, Money payout);
  // After every position of a market is redeemed: escrow must be empty.
  void CloseSupply(MarketId market);

  // ---- Change tracking for events (not part of the state): the accounts whose balances a
  // command changed (BalanceChanged). Positions are not tracked: no consumer needs a per-command
  // position event (readers query positions; fills and locks are in the order and trade events).
  void BeginBatch() {
    ++epoch_;
    touched_accounts_.clear();
  }
  const std::vector<AccountId>& touched_accounts() const { return touched_accounts_; }

  // Recomputes Σ buckets and compares with external_in − external_out; and per market, the
  // share supply of both outcomes with escrow / 1.00. For tests and recovery checks.
  bool CheckConservation() const;

  void Encode(ByteWriter& w) const;
  static Result<Ledger> Decode(ByteReader& r);

 private:
  static std::uint64_t PositionKey(AccountId a, MarketId m) {
    return (static_cast<std::uint64_t>(a.value()) << 32) | m.value();
  }
  Money& Slot(Ref ref) {
    switch (ref.kind) {
      case Ref::Kind::kAccount: {
        AccountBalances& a = accounts_[ref.index];
        switch (ref.bucket) {
          case Bucket::kAvailable:
            return a.available;
          case Bucket::kLockedBets:
            return a.locked_bets;
          case Bucket::kLockedEngine:
            return a.locked_engine;
          case Bucket::kLockedWithdraws:
            return a.locked_withdraws;
        }
        break;
      }
      case Ref::Kind::kEscrow:
        return escrow_[ref.index];
      case Ref::Kind::kFees:
        return fees_;
    }
    BadRef();
  }
  [[noreturn]] static void BadRef();
  [[noreturn]] static void BadTransfer();
  [[noreturn]] static void BadShares(const char* what);
  // A command touches a handful of accounts: while the touched list is short it is
  // searched (it is in cache; the per-account epoch array is not), and from kShortTouchList
  // entries on the epochs take over (marked for the listed entries at the switch), so a command
  // touching many (a resolution) stays linear.
  static constexpr std::size_t kShortTouchList = 8;
  [[gnu::always_inline]] void TouchAccount(std::uint32_t index) {
    auto& touched = touched_accounts_;
    const AccountId id(index + 1);
    if (!touched.empty() && touched.back() == id) return;  // the common repeat
    if (touched.size() < kShortTouchList) {
      for (AccountId a : touched) {
        if (a == id) return;
      }
      touched.push_back(id);
      if (touched.size() == kShortTouchList) {
        for (AccountId a : touched) account_epoch_[a.value() - 1] = epoch_;
      }
      return;
    }
    if (account_epoch_[index] != epoch_) {
      account_epoch_[index] = epoch_;
      touched.push_back(id);
    }
  }

  std::vector<AccountBalances> accounts_;
  std::vector<Money> escrow_;
  std::vector<std::int64_t> sets_;
  std::vector<std::vector<std::uint32_t>> market_positions_;
  Money fees_;
  Money external_in_;
  Money external_out_;
  struct PositionSlot : Position {
    OrderList orders;
  };
  Segmented<PositionSlot> positions_;  // chunked: growth copies and frees nothing
  FlatIndex position_index_;

  std::uint64_t epoch_ = 1;
  std::vector<std::uint64_t> account_epoch_;
  std::vector<AccountId> touched_accounts_;
};

}  // namespace probex::venue
