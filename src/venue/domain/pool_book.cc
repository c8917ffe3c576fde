#include "venue/domain/pool_book.h"

#include "venue/domain/account_registry.h"

namespace probex::venue {
namespace {

constexpr std::size_t kBetBytes = 8 + 4 + 4 + 1 + 8 + 8 + 4 + 1 + 8 + 8;

void EncodeBet(ByteWriter& w, const Bet& b) {
  w.U64(b.id.value());
  w.U32(b.account.value());
  w.U32(b.market.value());
  w.U8(b.outcome);
  w.Amount(b.amount);
  w.Amount(b.fee);
  w.U32(b.weight);
  w.U8(static_cast<std::uint8_t>(b.status));
  w.Amount(b.payout);
  w.Time(b.created_at);
}

// A CONFIRMED bet as accepted: checks every field.
Bet DecodeBet(ByteReader& r, std::size_t account_count, std::uint64_t next_bet_id) {
  Bet b;
  b.id = BetId(r.U64());
  b.account = AccountId(r.U32());
  b.market = MarketId(r.U32());
  b.outcome = r.U8();
  b.amount = r.Amount();
  b.fee = r.Amount();
  b.weight = r.U32();
  const std::uint8_t status = r.U8();
  b.status = static_cast<BetStatus>(status);
  b.payout = r.Amount();
  b.created_at = r.Time();
  if (b.id.value() == 0 || b.id.value() >= next_bet_id || b.account.value() == 0 ||
      b.account.value() > account_count || b.market.value() == 0 || b.outcome > 1 ||
      b.amount.units() < kMinBetUnits || b.amount.units() > kMaxBetUnits || b.fee.is_negative() ||
      b.fee > b.amount || b.weight == 0 || b.weight > kWeightScale ||
      status != static_cast<std::uint8_t>(BetStatus::kConfirmed) || !b.payout.is_zero()) {
    r.Fail();
  }
  return b;
}

}  // namespace

const PoolMarket* PoolBook::Find(MarketId market) const {
  auto it = markets_.find(market.value());
  return it == markets_.end() ? nullptr : &it->second;
}

const BetReceipt* PoolBook::FindReceipt(AccountId account, std::string_view key) const {
  auto it = receipts_.find(std::make_pair(account.value(), std::string(key)));
  return it == receipts_.end() ? nullptr : &it->second;
}

void PoolBook::AddReceipt(AccountId account, std::string key, BetReceipt receipt) {
  receipts_.emplace(std::make_pair(account.value(), std::move(key)), std::move(receipt));
}

void PoolBook::Encode(ByteWriter& w) const {
  w.U64(next_bet_id_);
  w.U32(static_cast<std::uint32_t>(markets_.size()));
  for (const auto& [id, m] : markets_) {
    w.U32(id);
    w.Amount(m.pools[0]);
    w.Amount(m.pools[1]);
    w.I64(m.bet_counts[0]);
    w.I64(m.bet_counts[1]);
    w.Amount(m.fees);
    w.Bool(m.settled);
    w.Amount(m.fee_collected);
    w.U32(static_cast<std::uint32_t>(m.bets.size()));
    for (const Bet& b : m.bets) EncodeBet(w, b);
  }
  w.U32(static_cast<std::uint32_t>(receipts_.size()));
  for (const auto& [key, receipt] : receipts_) {
    w.U32(key.first);
    w.String(key.second);
    EncodeBet(w, receipt.bet);
    w.Amount(receipt.balance_after);
  }
}

Result<PoolBook> PoolBook::Decode(ByteReader& r, std::size_t account_count) {
  auto corrupt = [](const std::string& why) {
    return MakeError("corrupt_snapshot", "venue snapshot: pools: " + why);
  };
  PoolBook book;
  book.next_bet_id_ = r.U64();
  if (!r.ok() || book.next_bet_id_ == 0) return corrupt("bad bet counter");
  const std::uint32_t market_count = r.Count(4 + 8 * 5 + 1 + 8 + 4);
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i < market_count && r.ok(); ++i) {
    const std::uint32_t id = r.U32();
    if (id <= previous) return corrupt("markets out of order");
    previous = id;
    PoolMarket m;
    m.pools = {r.Amount(), r.Amount()};
    m.bet_counts = {r.I64(), r.I64()};
    m.fees = r.Amount();
    m.settled = r.Bool();
    m.fee_collected = r.Amount();
    const std::uint32_t bets = r.Count(kBetBytes);
    if (!r.ok()) break;
    if (m.settled && bets != 0) return corrupt("open bets in a settled pool");
    std::array<__int128, 2> sums{};
    std::array<std::int64_t, 2> counts{};
    __int128 fees = 0;
    std::uint64_t last_id = 0;
    m.bets.reserve(bets);
    for (std::uint32_t k = 0; k < bets && r.ok(); ++k) {
      Bet b = DecodeBet(r, account_count, book.next_bet_id_);
      if (!r.ok()) break;
      if (b.market.value() != id || b.id.value() <= last_id) return corrupt("bad bet");
      last_id = b.id.value();
      sums[b.outcome] += b.amount.units();
      counts[b.outcome] += 1;
      fees += b.fee.units();
      m.bets.push_back(b);
    }
    if (!r.ok()) break;
    if (m.pools[0].is_negative() || m.pools[1].is_negative() || m.bet_counts[0] < 0 ||
        m.bet_counts[1] < 0 || m.fees.is_negative() || m.fee_collected.is_negative() ||
        (!m.settled &&
         (sums[0] != m.pools[0].units() || sums[1] != m.pools[1].units() ||
          counts != m.bet_counts || fees != m.fees.units() || !m.fee_collected.is_zero()))) {
      return corrupt("pool totals do not match its bets");
    }
    book.markets_.emplace(id, std::move(m));
  }
  if (!r.ok()) return corrupt("truncated pool section");
  const std::uint32_t receipt_count = r.Count(4 + 4 + kBetBytes + 8);
  for (std::uint32_t i = 0; i < receipt_count && r.ok(); ++i) {
    const std::uint32_t account = r.U32();
    std::string key = r.String(kMaxIdempotencyKeyBytes);
    BetReceipt receipt;
    receipt.bet = DecodeBet(r, account_count, book.next_bet_id_);
    receipt.balance_after = r.Amount();
    if (!r.ok()) break;
    if (key.empty() || receipt.bet.account.value() != account ||
        receipt.balance_after.is_negative() ||
        book.receipts_.count(std::make_pair(account, key)) != 0) {
      return corrupt("bad bet receipt");
    }
    book.receipts_.emplace(std::make_pair(account, std::move(key)), std::move(receipt));
  }
  if (!r.ok()) return corrupt("truncated receipts");
  return book;
}

}  // namespace probex::venue
