#include "venue/domain/options_book.h"

#include <limits>

namespace probex::venue {
namespace {

constexpr std::size_t kMaxWalletBytes = 42;

void EncodeSeriesKey(ByteWriter& w, const SeriesKey& k) {
  w.U32(k.market.value());
  w.U8(static_cast<std::uint8_t>(k.type));
  w.U8(k.strike_bps);
  w.Time(k.expiry);
}

SeriesKey DecodeSeriesKey(ByteReader& r, std::size_t market_count) {
  SeriesKey k;
  k.market = MarketId(r.U32());
  const std::uint8_t type = r.U8();
  k.strike_bps = r.U8();
  k.expiry = r.Time();
  if (type > 1 || !ValidStrike(k.strike_bps) || k.market.value() < 1 ||
      k.market.value() > market_count || k.expiry.micros() % 1000 != 0) {
    r.Fail();
  }
  k.type = static_cast<OptionType>(type);
  return k;
}

bool ValidAccount(AccountId a, std::size_t account_count) {
  return a.value() >= 1 && a.value() <= account_count;
}

}  // namespace

const Series* OptionsBook::FindSeries(const SeriesKey& key) const {
  auto it = series_.find(key);
  return it == series_.end() ? nullptr : &it->second;
}

const std::vector<std::uint64_t>& OptionsBook::QuotesOf(std::uint64_t request) const {
  static const std::vector<std::uint64_t> kNone;
  auto it = quotes_by_request_.find(request);
  return it == quotes_by_request_.end() ? kNone : it->second;
}

const std::string& OptionsBook::WalletOf(AccountId maker) const {
  static const std::string kNone;
  auto it = wallets_.find(maker.value());
  return it == wallets_.end() ? kNone : it->second;
}

const OptionsBook::Tape* OptionsBook::FindTape(MarketId market) const {
  return tapes_.find(market.value());
}

Timestamp OptionsBook::NextDue() const {
  std::int64_t due = std::numeric_limits<std::int64_t>::max();
  for (std::uint64_t id : open_requests_) {
    const QuoteRequest& r = requests_[id - 1];
    due = std::min(due, r.expires_at.micros());
    // A request on a market that has resolved or been voided is closed by the next tick.
    if (const Tape* tape = FindTape(r.series.market); tape != nullptr && tape->resolved) {
      due = std::min(due, tape->resolved_at.micros());
    }
  }
  for (std::uint64_t id : live_quotes_) due = std::min(due, quotes_[id - 1].expires_at.micros());
  if (!unsettled_.empty()) due = std::min(due, unsettled_.begin()->first);
  return Timestamp::FromMicros(due);
}

std::pair<int, SettlementSource> OptionsBook::SettlementPrice(const SeriesKey& key) const {
  const Tape* tape = FindTape(key.market);
  const std::int64_t expiry = key.expiry.micros();
  if (tape == nullptr) return {key.strike_bps, SettlementSource::kNoTrades};
  if (tape->resolved && tape->resolved_at.micros() <= expiry) {
    return {tape->resolution_price, SettlementSource::kResolved};
  }
  const std::int64_t start = expiry - kVwapWindowMicros;
  __int128 notional = 0;
  __int128 quantity = 0;
  int last_before = tape->carry_price;
  for (const TapeTrade& t : tape->trades) {
    if (t.at.micros() >= expiry) break;
    if (t.at.micros() >= start) {
      notional += static_cast<__int128>(t.price) * t.quantity;
      quantity += t.quantity;
    } else {
      last_before = t.price;
    }
  }
  if (quantity > 0) {
    // Whole cents, half up.
    return {static_cast<int>((2 * notional + quantity) / (2 * quantity)), SettlementSource::kVwap};
  }
  if (last_before != 0) return {last_before, SettlementSource::kLastTrade};
  return {key.strike_bps, SettlementSource::kNoTrades};
}

void OptionsBook::AddCollateral(std::vector<__int128>& per_account) const {
  for (const auto& [key, ids] : open_positions_) {
    for (std::uint64_t id : ids) {
      const OptionPosition& p = positions_[id - 1];
      per_account[p.writer.value() - 1] += p.collateral.units();
    }
  }
}

Timestamp OptionsBook::Horizon(MarketId market, Timestamp now) const {
  std::int64_t until = now.micros();
  auto it = unsettled_by_market_.lower_bound(
      {market.value(), std::numeric_limits<std::int64_t>::min(), SeriesKey{}});
  if (it != unsettled_by_market_.end() && std::get<0>(*it) == market.value()) {
    until = std::min(until, std::get<1>(*it));
  }
  return Timestamp::FromMicros(until - kVwapWindowMicros);
}

void OptionsBook::Prune(MarketId market, Timestamp now) {
  Tape* found = tapes_.find(market.value());
  if (found == nullptr) return;
  const std::int64_t horizon = Horizon(market, now).micros();
  Tape& tape = *found;
  while (!tape.trades.empty() && tape.trades.front().at.micros() < horizon) {
    tape.carry_price = tape.trades.front().price;
    tape.trades.pop_front();
  }
}

void OptionsBook::IndexQuote(const Quote& q) {
  if (q.status == QuoteStatus::kLive) {
    live_quotes_.insert(q.id);
    live_quote_of_[{q.request, q.maker.value()}] = q.id;
  } else {
    live_quotes_.erase(q.id);
    auto it = live_quote_of_.find({q.request, q.maker.value()});
    if (it != live_quote_of_.end() && it->second == q.id) live_quote_of_.erase(it);
  }
}

void OptionsBook::RebuildDerived() {
  open_requests_.clear();
  live_quotes_.clear();
  quotes_by_request_.clear();
  live_quote_of_.clear();
  unsettled_.clear();
  unsettled_by_market_.clear();
  open_positions_.clear();
  for (const QuoteRequest& r : requests_) {
    if (r.status == RequestStatus::kOpen) open_requests_.insert(r.id);
  }
  for (const Quote& q : quotes_) {
    quotes_by_request_[q.request].push_back(q.id);
    IndexQuote(q);
  }
  for (const auto& [key, s] : series_) {
    if (!s.settled) {
      unsettled_.insert({key.expiry.micros(), key});
      unsettled_by_market_.insert({key.market.value(), key.expiry.micros(), key});
    }
  }
  for (const OptionPosition& p : positions_) {
    if (!p.settled) open_positions_[p.series].push_back(p.id);
  }
}

void OptionsBook::Encode(ByteWriter& w) const {
  w.U64(post_counter_);
  w.U32(static_cast<std::uint32_t>(series_.size()));
  for (const auto& [key, s] : series_) {
    EncodeSeriesKey(w, key);
    w.Time(s.created_at);
    w.Bool(s.settled);
    w.U8(s.settlement_price);
    w.U8(s.settlement_source);
  }
  w.U32(static_cast<std::uint32_t>(requests_.size()));
  for (const QuoteRequest& q : requests_) {
    w.U32(q.taker.value());
    w.String(q.wallet);
    EncodeSeriesKey(w, q.series);
    w.U8(static_cast<std::uint8_t>(q.side));
    w.Amount(q.budget);
    w.I64(q.size);
    w.Time(q.created_at);
    w.Time(q.expires_at);
    w.U8(static_cast<std::uint8_t>(q.status));
    w.U64(q.position);
  }
  w.U32(static_cast<std::uint32_t>(quotes_.size()));
  for (const Quote& q : quotes_) {
    w.U64(q.request);
    w.U32(q.maker.value());
    w.U8(static_cast<std::uint8_t>(q.side));
    w.Amount(q.price);
    w.I64(q.size);
    w.Time(q.posted_at);
    w.Time(q.expires_at);
    w.U64(q.priority);
    w.U8(static_cast<std::uint8_t>(q.status));
  }
  w.U32(static_cast<std::uint32_t>(positions_.size()));
  for (const OptionPosition& p : positions_) {
    w.U64(p.request);
    w.U64(p.quote);
    EncodeSeriesKey(w, p.series);
    w.U32(p.holder.value());
    w.U32(p.writer.value());
    w.I64(p.quantity);
    w.Amount(p.price);
    w.Amount(p.premium);
    w.Amount(p.collateral);
    w.Time(p.executed_at);
    w.Bool(p.settled);
    w.U8(p.settlement_price);
    w.Amount(p.payout);
    w.Time(p.settled_at);
  }
  w.U32(static_cast<std::uint32_t>(wallets_.size()));
  for (const auto& [account, wallet] : wallets_) {
    w.U32(account);
    w.String(wallet);
  }
  w.U32(static_cast<std::uint32_t>(tapes_.size()));
  tapes_.ForEach([&w](std::uint32_t market, const Tape& tape) {
    w.U32(market);
    w.U8(tape.carry_price);
    w.Bool(tape.resolved);
    w.Time(tape.resolved_at);
    w.U8(tape.resolution_price);
    w.U32(static_cast<std::uint32_t>(tape.trades.size()));
    for (const TapeTrade& t : tape.trades) {
      w.Time(t.at);
      w.U8(t.price);
      w.I64(t.quantity);
    }
  });
}

Result<OptionsBook> OptionsBook::Decode(ByteReader& r, std::size_t account_count,
                                        std::size_t market_count) {
  auto corrupt = [](const char* why) {
    return MakeError("corrupt_snapshot", std::string("venue snapshot: options: ") + why);
  };
  OptionsBook b;
  b.post_counter_ = r.U64();
  std::uint32_t n = r.Count(16);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    Series s;
    s.key = DecodeSeriesKey(r, market_count);
    s.created_at = r.Time();
    s.settled = r.Bool();
    s.settlement_price = r.U8();
    s.settlement_source = r.U8();
    if (s.settlement_price > 100 || s.settlement_source > 3 || b.series_.count(s.key) != 0) {
      r.Fail();
    }
    b.series_.emplace(s.key, s);
  }
  if (!r.ok()) return corrupt("bad series");
  n = r.Count(40);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    QuoteRequest q;
    q.id = i + 1;
    q.taker = AccountId(r.U32());
    q.wallet = r.String(kMaxWalletBytes);
    q.series = DecodeSeriesKey(r, market_count);
    const std::uint8_t side = r.U8();
    q.budget = r.Amount();
    q.size = r.I64();
    q.created_at = r.Time();
    q.expires_at = r.Time();
    const std::uint8_t status = r.U8();
    q.position = r.U64();
    if (side > 1 || status > 3 || !ValidAccount(q.taker, account_count) ||
        b.series_.count(q.series) == 0) {
      r.Fail();
    }
    q.side = static_cast<RfqSide>(side);
    q.status = static_cast<RequestStatus>(status);
    b.requests_.push_back(std::move(q));
  }
  if (!r.ok()) return corrupt("bad request");
  n = r.Count(40);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    Quote q;
    q.id = i + 1;
    q.request = r.U64();
    q.maker = AccountId(r.U32());
    const std::uint8_t side = r.U8();
    q.price = r.Amount();
    q.size = r.I64();
    q.posted_at = r.Time();
    q.expires_at = r.Time();
    q.priority = r.U64();
    const std::uint8_t status = r.U8();
    if (side > 1 || status > 4 || q.request < 1 || q.request > b.requests_.size() ||
        !ValidAccount(q.maker, account_count)) {
      r.Fail();
    }
    q.side = static_cast<RfqSide>(side);
    q.status = static_cast<QuoteStatus>(status);
    b.quotes_.push_back(q);
  }
  if (!r.ok()) return corrupt("bad quote");
  n = r.Count(60);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    OptionPosition p;
    p.id = i + 1;
    p.request = r.U64();
    p.quote = r.U64();
    p.series = DecodeSeriesKey(r, market_count);
    p.holder = AccountId(r.U32());
    p.writer = AccountId(r.U32());
    p.quantity = r.I64();
    p.price = r.Amount();
    p.premium = r.Amount();
    p.collateral = r.Amount();
    p.executed_at = r.Time();
    p.settled = r.Bool();
    p.settlement_price = r.U8();
    p.payout = r.Amount();
    p.settled_at = r.Time();
    if (!ValidAccount(p.holder, account_count) || !ValidAccount(p.writer, account_count) ||
        p.quantity < 1 || p.collateral.is_negative() || p.payout.is_negative() ||
        p.payout > p.collateral || b.series_.count(p.series) == 0) {
      r.Fail();
    }
    b.positions_.push_back(p);
  }
  if (!r.ok()) return corrupt("bad position");
  n = r.Count(8);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    const std::uint32_t account = r.U32();
    std::string wallet = r.String(kMaxWalletBytes);
    if (!ValidAccount(AccountId(account), account_count)) r.Fail();
    b.wallets_[account] = std::move(wallet);
  }
  if (!r.ok()) return corrupt("bad wallet");
  n = r.Count(19);
  for (std::uint32_t i = 0; i < n && r.ok(); ++i) {
    const std::uint32_t market = r.U32();
    Tape tape;
    tape.carry_price = r.U8();
    tape.resolved = r.Bool();
    tape.resolved_at = r.Time();
    tape.resolution_price = r.U8();
    const std::uint32_t trades = r.Count(17);
    for (std::uint32_t k = 0; k < trades && r.ok(); ++k) {
      TapeTrade t;
      t.at = r.Time();
      t.price = r.U8();
      t.quantity = r.I64();
      if (t.price < 1 || t.price > 99 || t.quantity < 1) r.Fail();
      tape.trades.push_back(t);
    }
    if (market < 1 || market > market_count) r.Fail();
    // A repeated market keeps its first tape (as the earlier map's emplace did).
    if (r.ok() && b.tapes_.find(market) == nullptr) b.tapes_[market] = std::move(tape);
  }
  if (!r.ok()) return corrupt("bad tape");
  b.RebuildDerived();
  return b;
}

}  // namespace probex::venue
