// Exchange: canonical snapshot encoding, decoding with full consistency checks, and the state
// hash. Layout (little-endian): magic, version, counters, ledger, markets, pending withdrawals,
// then per market its resting orders in book order (side, price ascending, FIFO) and its armed
// stops in id order, then the pool book (pool markets, open bets, bet receipts). Slots and
// hash-table layout are not encoded, so equal states encode equal.
#include <algorithm>
#include <bit>
#include <cstring>

#include "venue/domain/clob_pricing.h"
#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

constexpr std::uint32_t kSnapshotMagic = 0x53565850;  // "PXVS"
// 2: market description/metadata, registry, switches; 3: CTM rounds and oracle prices, the pool
// book, then the options RFQ desk (at the end).
constexpr std::uint8_t kSnapshotVersion = 3;
constexpr std::size_t kMaxMetadataBytes = 16 * 1024;
constexpr std::size_t kMaxTextBytes = 4096;
constexpr std::size_t kOrderBytes = 8 + 4 + 8 + 8 * 8;  // one encoded order

void EncodeOrder(ByteWriter& w, const Order& o) {
  w.U64(o.id.value());
  w.U32(o.account.value());
  w.U8(o.outcome);
  w.U8(static_cast<std::uint8_t>(o.side));
  w.U8(static_cast<std::uint8_t>(o.type));
  w.U8(static_cast<std::uint8_t>(o.status));
  w.U8(static_cast<std::uint8_t>(o.reason));
  w.U8(o.price);
  w.U8(o.trigger_price);
  w.U8(o.last_exec_price);
  w.I64(o.quantity);
  w.Amount(o.quote_quantity);
  w.I64(o.cum_quantity);
  w.Amount(o.cum_quote_quantity);
  w.Amount(o.cum_fees);
  w.Time(o.created_at);
  w.Amount(o.locked_cash);
  w.I64(o.locked_shares);
}

Order DecodeOrder(ByteReader& r, MarketId market) {
  Order o;
  o.id = OrderId(r.U64());
  o.account = AccountId(r.U32());
  o.market = market;
  o.outcome = r.U8();
  const std::uint8_t side = r.U8();
  const std::uint8_t type = r.U8();
  const std::uint8_t status = r.U8();
  const std::uint8_t reason = r.U8();
  if (o.outcome > 1 || side > 1 || type > 3 || status != 1 || reason != 0) r.Fail();
  o.side = static_cast<OrderSide>(side);
  o.type = static_cast<OrderType>(type);
  o.status = OrderStatus::kPlaced;
  o.price = r.U8();
  o.trigger_price = r.U8();
  o.last_exec_price = r.U8();
  o.quantity = r.I64();
  o.quote_quantity = r.Amount();
  o.cum_quantity = r.I64();
  o.cum_quote_quantity = r.Amount();
  o.cum_fees = r.Amount();
  o.created_at = r.Time();
  o.locked_cash = r.Amount();
  o.locked_shares = r.I64();
  return o;
}

std::uint64_t Fmix(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

}  // namespace

void Exchange::EncodeSnapshot(std::string& out) const {
  ByteWriter w(out);
  w.U32(kSnapshotMagic);
  w.U8(kSnapshotVersion);
  w.U64(next_order_id_);
  w.U64(next_trade_id_);
  w.U64(next_withdrawal_id_);
  w.U64(last_seq_);
  ledger_.Encode(w);
  w.U32(static_cast<std::uint32_t>(markets_.size()));
  for (const Market& m : markets_) {
    w.U8(static_cast<std::uint8_t>(m.type));
    w.U8(static_cast<std::uint8_t>(m.status));
    w.String(m.question);
    w.String(m.category);
    w.String(m.outcomes[0]);
    w.String(m.outcomes[1]);
    w.Time(m.created_at);
    w.Time(m.end_time);
    w.Amount(m.fee_rate);
    w.U8(m.winning_outcome);
    w.U8(m.last_price);
    w.String(m.description);
    w.String(m.metadata);
  }
  w.U32(static_cast<std::uint32_t>(withdrawals_.size()));
  for (const auto& [id, wd] : withdrawals_) {
    w.U64(id);
    w.U32(wd.account.value());
    w.Amount(wd.amount);
    w.Amount(wd.fee);
  }
  registry_.Encode(w);
  w.Bool(switches_.betting);
  w.Bool(switches_.ctm);
  w.Bool(switches_.orders);
  std::vector<Order> orders;
  for (const Market& m : markets_) {
    OpenOrdersInMarket(m.id, orders);
    const std::size_t stops = stops_[m.id.value() - 1].size();
    w.U32(static_cast<std::uint32_t>(orders.size() - stops));
    w.U32(static_cast<std::uint32_t>(stops));
    for (const Order& o : orders) EncodeOrder(w, o);
  }
  ctm_.Encode(w);
  pools_.Encode(w);
  options_.Encode(w);
}

Result<Exchange> Exchange::DecodeSnapshot(std::string_view bytes) {
  auto corrupt = [](const std::string& why) {
    return MakeError("corrupt_snapshot", "venue snapshot: " + why);
  };
  ByteReader r(bytes);
  if (r.U32() != kSnapshotMagic || !r.ok()) return corrupt("bad magic");
  if (r.U8() != kSnapshotVersion) return corrupt("unknown version");
  Exchange x;
  x.next_order_id_ = r.U64();
  x.next_trade_id_ = r.U64();
  x.next_withdrawal_id_ = r.U64();
  x.last_seq_ = r.U64();
  if (!r.ok()) return corrupt("truncated header");
  auto ledger = Ledger::Decode(r);
  if (!ledger.ok()) return ledger.error();
  x.ledger_ = std::move(ledger).value();

  const std::uint32_t market_count = r.Count(40);
  if (market_count != x.ledger_.market_count()) return corrupt("market count mismatch");
  for (std::uint32_t i = 0; i < market_count && r.ok(); ++i) {
    Market m;
    m.id = MarketId(i + 1);
    const std::uint8_t type = r.U8();
    const std::uint8_t status = r.U8();
    if (type > 1 || status > 3) r.Fail();
    m.type = static_cast<MarketType>(type);
    m.status = static_cast<MarketStatus>(status);
    m.question = r.String(kMaxTextBytes);
    m.category = r.String(kMaxTextBytes);
    m.outcomes[0] = r.String(kMaxTextBytes);
    m.outcomes[1] = r.String(kMaxTextBytes);
    m.created_at = r.Time();
    m.end_time = r.Time();
    m.fee_rate = r.Amount();
    m.winning_outcome = r.U8();
    m.last_price = r.U8();
    m.description = r.String(kMaxTextBytes);
    m.metadata = r.String(kMaxMetadataBytes);
    if (m.fee_rate.is_negative() || m.fee_rate.units() > kMaxFeeRateUnits ||
        (m.winning_outcome > 1 && m.winning_outcome != kNoOutcome) || m.last_price > 99) {
      r.Fail();
    }
    x.markets_.push_back(std::move(m));
    x.books_.emplace_back();
    x.stops_.emplace_back();
    x.AddMarketTables(x.markets_.back());
  }
  if (!r.ok()) return corrupt("bad market section");

  std::vector<__int128> withdraw_locks(x.ledger_.account_count(), 0);
  const std::uint32_t withdrawal_count = r.Count(28);
  for (std::uint32_t i = 0; i < withdrawal_count && r.ok(); ++i) {
    const std::uint64_t id = r.U64();
    PendingWithdrawal wd{AccountId(r.U32()), r.Amount(), r.Amount()};
    if (!r.ok() || id == 0 || id >= x.next_withdrawal_id_ || !x.ledger_.HasAccount(wd.account) ||
        !wd.amount.is_positive() || wd.fee.is_negative() || x.withdrawals_.count(id) != 0) {
      return corrupt("bad withdrawal");
    }
    withdraw_locks[wd.account.value() - 1] +=
        static_cast<__int128>(wd.amount.units()) + wd.fee.units();
    x.withdrawals_.emplace(id, wd);
  }
  if (!r.ok()) return corrupt("bad withdrawal section");
  auto registry = AccountRegistry::Decode(r, x.ledger_.account_count(), x.next_withdrawal_id_);
  if (!registry.ok()) return registry.error();
  x.registry_ = std::move(registry).value();
  x.switches_.betting = r.Bool();
  x.switches_.ctm = r.Bool();
  x.switches_.orders = r.Bool();
  if (!r.ok()) return corrupt("bad switches");

  std::vector<__int128> cash_locks(x.ledger_.account_count(), 0);
  std::vector<std::array<std::int64_t, 2>> share_locks(x.ledger_.position_count(), {0, 0});
  std::vector<std::uint32_t> slots;
  for (std::uint32_t i = 0; i < market_count && r.ok(); ++i) {
    const MarketId market(i + 1);
    const Market& m = x.markets_[i];
    const auto& locks = x.lock_table_[i];
    const std::uint32_t resting = r.Count(kOrderBytes);
    const std::uint32_t armed = r.Count(kOrderBytes);
    if ((resting + armed > 0) &&
        (m.type != MarketType::kOrderBook || m.status != MarketStatus::kActive)) {
      return corrupt("open orders in a market that does not trade");
    }
    for (std::uint32_t k = 0; k < resting + armed && r.ok(); ++k) {
      Order o = DecodeOrder(r, market);
      if (!r.ok()) break;
      const bool is_resting = k < resting;
      bool valid = o.id.valid() && o.id.value() < x.next_order_id_ &&
                   x.order_index_.Find(o.id.value()) == FlatIndex::kMissing &&
                   x.ledger_.HasAccount(o.account) && o.cum_quantity >= 0 &&
                   !o.cum_quote_quantity.is_negative() && !o.cum_fees.is_negative() &&
                   !o.locked_cash.is_negative() && o.locked_shares >= 0 && o.last_exec_price <= 99;
      const std::uint32_t holding =
          valid ? x.ledger_.FindPosition(o.account, market) : Ledger::kNoPosition;
      valid = valid && holding != Ledger::kNoPosition;
      if (valid && is_resting) {
        // A resting limit order holds exactly its per-share lock on the shares it pays cash for.
        valid = o.type == OrderType::kLimit && o.price >= 1 && o.price <= 99 &&
                o.trigger_price == 0 && o.quantity >= 1 && o.quantity <= kMaxOrderQuantity &&
                o.quote_quantity.is_zero() && o.cum_quantity < o.quantity &&
                o.locked_shares <= o.remaining() &&
                (o.side == OrderSide::kAsk || o.locked_shares == 0);
        if (valid) {
          const int pay = o.book_side() == BookSide::kBuy ? o.book_price() : 100 - o.book_price();
          valid = o.locked_cash == locks[pay] * (o.remaining() - o.locked_shares);
        }
      } else if (valid) {
        valid =
            o.is_stop() && o.price == 0 && o.trigger_price >= 1 && o.trigger_price <= 99 &&
            o.cum_quantity == 0 &&
            (o.by_quote() ? (o.side == OrderSide::kBid && o.quote_quantity.is_positive() &&
                             o.quote_quantity.units() <= kMaxQuoteQuantityWhole * Money::kScale &&
                             o.locked_shares == 0 &&
                             o.locked_cash == QuoteWorstCase(m.fee_rate, o.quote_quantity))
                          : (o.quantity >= 1 && o.quantity <= kMaxOrderQuantity &&
                             o.quote_quantity.is_zero() && o.locked_shares <= o.quantity &&
                             (o.side == OrderSide::kAsk || o.locked_shares == 0) &&
                             o.locked_cash == locks[99] * (o.quantity - o.locked_shares)));
      }
      if (!valid) return corrupt("invalid open order");
      const std::uint32_t slot = x.pool_.Allocate();
      x.pool_[slot].order = o;
      x.pool_[slot].holding = holding;
      x.order_index_.Insert(o.id.value(), slot);
      cash_locks[o.account.value() - 1] += o.locked_cash.units();
      share_locks[holding][o.outcome] += o.locked_shares;
      if (is_resting) {
        x.books_[i].Add(x.pool_, slot);
      } else {
        x.pool_[slot].stop_index = static_cast<std::uint32_t>(x.stops_[i].size());
        x.stops_[i].push_back(slot);
      }
      slots.push_back(slot);
    }
    const OrderBook& book = x.books_[i];
    const int bid = book.Best(BookSide::kBuy);
    const int ask = book.Best(BookSide::kSell);
    if (bid != 0 && ask != 0 && bid >= ask) return corrupt("crossed book");
  }
  if (!r.ok()) return corrupt("truncated orders");
  auto ctm = CtmRounds::Decode(r, x.ledger_.account_count());
  if (!ctm.ok()) return ctm.error();
  x.ctm_ = std::move(ctm).value();
  if (!r.ok()) return corrupt("truncated ctm");
  auto pools = PoolBook::Decode(r, x.ledger_.account_count());
  if (!pools.ok()) return pools.error();
  x.pools_ = std::move(pools).value();
  auto options = OptionsBook::Decode(r, x.ledger_.account_count(), x.markets_.size());
  if (!options.ok()) return options.error();
  x.options_ = std::move(options).value();
  x.options_.AddCollateral(cash_locks);  // option collateral sits in the writer's locked_engine
  if (!r.at_end()) return corrupt("trailing bytes");
  std::vector<__int128> bet_locks(x.ledger_.account_count(), 0);
  for (const auto& [id, pool] : x.pools_.markets()) {
    const Market* m = x.FindMarket(MarketId(id));
    if (m == nullptr || m->type != MarketType::kPool ||
        (!pool.bets.empty() &&
         (m->status == MarketStatus::kResolved || m->status == MarketStatus::kVoided))) {
      return corrupt("pool bets in a market that does not take them");
    }
    for (const Bet& b : pool.bets) bet_locks[b.account.value() - 1] += b.amount.units();
  }
  // CTM entries of unsettled rounds sit in lockedBets too.
  for (const CtmRound& round : x.ctm_.rounds()) {
    if (round.final()) continue;
    for (std::uint64_t id : round.predictions) {
      const CtmPrediction& p = x.ctm_.predictions()[id - 1];
      if (p.account.value() == 0 || p.account.value() > x.ledger_.account_count()) {
        return corrupt("CTM prediction of an unknown account");
      }
      bet_locks[p.account.value() - 1] += p.amount.units();
    }
  }

  for (std::size_t a = 0; a < x.ledger_.account_count(); ++a) {
    const AccountBalances& b = x.ledger_.balances(AccountId(static_cast<std::uint32_t>(a + 1)));
    if (cash_locks[a] != b.locked_engine.units() ||
        withdraw_locks[a] != b.locked_withdraws.units() || bet_locks[a] != b.locked_bets.units()) {
      return corrupt("account locks do not match open orders, withdrawals and bets");
    }
  }
  for (std::size_t p = 0; p < x.ledger_.position_count(); ++p) {
    const Position& pos = x.ledger_.position(static_cast<std::uint32_t>(p));
    if (share_locks[p][0] != pos.locked[0] || share_locks[p][1] != pos.locked[1]) {
      return corrupt("share locks do not match open orders");
    }
  }
  std::sort(slots.begin(), slots.end(), [&x](std::uint32_t a, std::uint32_t b) {
    return x.pool_[a].order.id < x.pool_[b].order.id;
  });
  for (std::uint32_t slot : slots) x.LinkAccount(slot);
  return x;
}

std::uint64_t Exchange::StateHash() const {
  std::string bytes;
  EncodeSnapshot(bytes);
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = std::rotl(h ^ Fmix(word), 29) * 0xbf58476d1ce4e5b9ull + 0x94d049bb133111ebull;
  }
  std::uint64_t tail = 0;
  for (std::size_t k = 0; i + k < bytes.size(); ++k) {
    tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i + k])) << (8 * k);
  }
  return Fmix(h ^ Fmix(tail ^ 0x5bd1e995u));
}

}  // namespace probex::venue
