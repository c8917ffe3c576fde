#include "venue/domain/ledger.h"

#include <cstdio>
#include <cstdlib>

namespace probex::venue {
namespace {

[[noreturn]] void Impossible(const char* what) {
  std::fprintf(stderr, "probex ledger: impossible posting: %s\n", what);
  std::abort();
}

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

void Ledger::BadShares(const char* what) { Impossible(what); }

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
  position_index_.Insert(key, id);
  market_positions_[market.value() - 1].push_back(id);
  return id;
}

std::uint32_t Ledger::FindPosition(AccountId account, MarketId market) const {
  return position_index_.Find(PositionKey(account, market));
}

void Ledger::Redeem(std::uint32_t pos, Money payout) {
  Position& p = positions_[pos];
  if (p.locked[0] != 0 || p.locked[1] != 0) Impossible("redeeming locked shares");
  p.shares = {0, 0};
  Transfer(Ref::Escrow(p.market), Ref::Account(p.account, Bucket::kAvailable), payout);
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
