#include "venue/domain/ledger.h"

#include <cstdio>
#include <cstdlib>

namespace probex::venue {
namespace {

[[noreturn]] void Impossible(const char* what) {
  std::fprintf(stderr, "probex ledger: impossible posting: %s\n", what);
  std::abort();
}

constexpr Money kOne = Money::FromUnits(Money::kScale);

}  // namespace

AccountId Ledger::AddAccount() {
  accounts_.emplace_back();
  account_epoch_.push_back(0);
  return AccountId(static_cast<std::uint32_t>(accounts_.size()));
}

void Ledger::AddMarket() {
  escrow_.push_back(Money::Zero());
  sets_.push_back(0);
  market_positions_.emplace_back();
}

void Ledger::BadRef() { Impossible("bad ref"); }

void Ledger::BadTransfer() { Impossible("transfer exceeds the source bucket"); }

void Ledger::ExternalIn(Ref to, Money amount) {
  if (amount.is_negative()) Impossible("negative deposit");
  external_in_ += amount;
  Slot(to) += amount;
  if (to.kind == Ref::Kind::kAccount) {
    accounts_[to.index].total_deposited += amount;
    TouchAccount(to.index);
  }
}

void Ledger::ExternalOut(Ref from, Money amount) {
  Money& source = Slot(from);
  if (amount.is_negative() || source < amount) Impossible("withdrawal exceeds the source bucket");
  source -= amount;
  external_out_ += amount;
  if (from.kind == Ref::Kind::kAccount) {
    accounts_[from.index].total_withdrawn += amount;
    TouchAccount(from.index);
  }
}

std::uint32_t Ledger::PositionFor(AccountId account, MarketId market) {
  const std::uint64_t key = PositionKey(account, market);
  std::uint32_t id = position_index_.Find(key);
  if (id != FlatIndex::kMissing) return id;
  id = static_cast<std::uint32_t>(positions_.size());
  positions_.push_back(PositionSlot{Position{account, market, {}, {}}, {}});
  position_epoch_.push_back(0);
  position_index_.Insert(key, id);
  market_positions_[market.value() - 1].push_back(id);
  return id;
}

std::uint32_t Ledger::FindPosition(AccountId account, MarketId market) const {
  return position_index_.Find(PositionKey(account, market));
}

void Ledger::LockShares(std::uint32_t pos, int outcome, std::int64_t quantity) {
  Position& p = positions_[pos];
  if (quantity < 0 || p.free(outcome) < quantity) Impossible("locking more shares than free");
  p.locked[outcome] += quantity;
  TouchPosition(pos);
}

void Ledger::UnlockShares(std::uint32_t pos, int outcome, std::int64_t quantity) {
  Position& p = positions_[pos];
  if (quantity < 0 || p.locked[outcome] < quantity) Impossible("unlocking more than locked");
  p.locked[outcome] -= quantity;
  TouchPosition(pos);
}

void Ledger::MoveLockedShares(std::uint32_t from, std::uint32_t to, int outcome,
                              std::int64_t quantity) {
  Position& f = positions_[from];
  if (quantity < 0 || f.locked[outcome] < quantity) Impossible("delivering unlocked shares");
  f.locked[outcome] -= quantity;
  f.shares[outcome] -= quantity;
  positions_[to].shares[outcome] += quantity;
  TouchPosition(from);
  TouchPosition(to);
}

void Ledger::MintSets(MarketId market, Ref payer0, Money pay0, Ref payer1, Money pay1,
                      std::uint32_t holder0, std::uint32_t holder1, std::int64_t quantity) {
  if (quantity <= 0 || pay0 + pay1 != kOne * quantity) Impossible("mint not backed by 1.00/set");
  const Ref escrow = Ref::Escrow(market);
  Transfer(payer0, escrow, pay0);
  Transfer(payer1, escrow, pay1);
  positions_[holder0].shares[0] += quantity;
  positions_[holder1].shares[1] += quantity;
  sets_[market.value() - 1] += quantity;
  TouchPosition(holder0);
  TouchPosition(holder1);
}

void Ledger::MergeSets(MarketId market, std::uint32_t holder0, Ref to0, Money get0,
                       std::uint32_t holder1, Ref to1, Money get1, std::int64_t quantity) {
  if (quantity <= 0 || get0 + get1 != kOne * quantity) Impossible("merge not 1.00/set");
  Position& h0 = positions_[holder0];
  Position& h1 = positions_[holder1];
  if (h0.locked[0] < quantity || h1.locked[1] < quantity) Impossible("merging unlocked shares");
  h0.locked[0] -= quantity;
  h0.shares[0] -= quantity;
  h1.locked[1] -= quantity;
  h1.shares[1] -= quantity;
  sets_[market.value() - 1] -= quantity;
  const Ref escrow = Ref::Escrow(market);
  Transfer(escrow, to0, get0);
  Transfer(escrow, to1, get1);
  TouchPosition(holder0);
  TouchPosition(holder1);
}

void Ledger::Redeem(std::uint32_t pos, Money payout) {
  Position& p = positions_[pos];
  if (p.locked[0] != 0 || p.locked[1] != 0) Impossible("redeeming locked shares");
  p.shares = {0, 0};
  Transfer(Ref::Escrow(p.market), Ref::Account(p.account, Bucket::kAvailable), payout);
  TouchPosition(pos);
}

void Ledger::CloseSupply(MarketId market) {
  if (!escrow_[market.value() - 1].is_zero()) Impossible("escrow left after redemption");
  sets_[market.value() - 1] = 0;
}

bool Ledger::CheckConservation() const {
  __int128 sum = fees_.units();
  if (fees_.is_negative()) return false;
  for (const AccountBalances& a : accounts_) {
    sum += static_cast<__int128>(a.available.units()) + a.locked_bets.units() +
           a.locked_engine.units() + a.locked_withdraws.units();
  }
  for (Money e : escrow_) {
    if (e.is_negative()) return false;
    sum += e.units();
  }
  if (sum != static_cast<__int128>(external_in_.units()) - external_out_.units()) return false;
  std::vector<std::int64_t> supply0(escrow_.size(), 0), supply1(escrow_.size(), 0);
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    const Position& p = positions_[i];
    if (p.locked[0] < 0 || p.locked[1] < 0 || p.locked[0] > p.shares[0] ||
        p.locked[1] > p.shares[1]) {
      return false;
    }
    supply0[p.market.value() - 1] += p.shares[0];
    supply1[p.market.value() - 1] += p.shares[1];
  }
  for (std::size_t m = 0; m < escrow_.size(); ++m) {
    if (supply0[m] != supply1[m] || supply0[m] != sets_[m]) return false;
    if (static_cast<__int128>(escrow_[m].units()) !=
        static_cast<__int128>(Money::kScale) * sets_[m]) {
      return false;
    }
  }
  return true;
}

void Ledger::Encode(ByteWriter& w) const {
  w.Amount(external_in_);
  w.Amount(external_out_);
  w.Amount(fees_);
  w.U32(static_cast<std::uint32_t>(accounts_.size()));
  for (const AccountBalances& a : accounts_) {
    w.Amount(a.available);
    w.Amount(a.locked_bets);
    w.Amount(a.locked_engine);
    w.Amount(a.locked_withdraws);
    w.Amount(a.total_deposited);
    w.Amount(a.total_withdrawn);
  }
  w.U32(static_cast<std::uint32_t>(escrow_.size()));
  for (std::size_t m = 0; m < escrow_.size(); ++m) {
    w.Amount(escrow_[m]);
    w.I64(sets_[m]);
  }
  w.U32(static_cast<std::uint32_t>(positions_.size()));
  for (std::size_t i = 0; i < positions_.size(); ++i) {
    const Position& p = positions_[i];
    w.U32(p.account.value());
    w.U32(p.market.value());
    w.I64(p.shares[0]);
    w.I64(p.shares[1]);
    w.I64(p.locked[0]);
    w.I64(p.locked[1]);
  }
}

Result<Ledger> Ledger::Decode(ByteReader& r) {
  Ledger l;
  l.external_in_ = r.Amount();
  l.external_out_ = r.Amount();
  l.fees_ = r.Amount();
  const std::uint32_t accounts = r.Count(48);
  for (std::uint32_t i = 0; i < accounts && r.ok(); ++i) {
    l.AddAccount();
    AccountBalances& a = l.accounts_.back();
    a.available = r.Amount();
    a.locked_bets = r.Amount();
    a.locked_engine = r.Amount();
    a.locked_withdraws = r.Amount();
    a.total_deposited = r.Amount();
    a.total_withdrawn = r.Amount();
    if (a.available.is_negative() || a.locked_bets.is_negative() || a.locked_engine.is_negative() ||
        a.locked_withdraws.is_negative()) {
      r.Fail();
    }
  }
  const std::uint32_t markets = r.Count(16);
  for (std::uint32_t m = 0; m < markets && r.ok(); ++m) {
    l.AddMarket();
    l.escrow_.back() = r.Amount();
    l.sets_.back() = r.I64();
    if (l.sets_.back() < 0 || l.sets_.back() > INT64_MAX / Money::kScale) r.Fail();
  }
  const std::uint32_t positions = r.Count(40);
  for (std::uint32_t i = 0; i < positions && r.ok(); ++i) {
    AccountId account(r.U32());
    MarketId market(r.U32());
    if (!r.ok() || !l.HasAccount(account) || market.value() < 1 || market.value() > markets ||
        l.FindPosition(account, market) != kNoPosition) {
      r.Fail();
      break;
    }
    std::uint32_t id = l.PositionFor(account, market);
    Position& p = l.positions_[id];
    for (int o = 0; o < 2; ++o) p.shares[o] = r.I64();
    for (int o = 0; o < 2; ++o) p.locked[o] = r.I64();
    for (int o = 0; o < 2; ++o) {
      if (p.shares[o] < 0 || p.shares[o] > kMaxShares) r.Fail();
    }
  }
  if (!r.ok()) return MakeError("corrupt_snapshot", "ledger section is truncated or invalid");
  // Sums are recomputed in 128 bits, so crafted values cannot overflow here.
  if (!l.CheckConservation()) {
    return MakeError("corrupt_snapshot", "ledger does not balance");
  }
  return l;
}

}  // namespace probex::venue
