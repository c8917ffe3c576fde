// The Exchange's options RFQ desk handlers (ARCHITECTURE §4 "Options"): wallets, quote requests,
// quotes, execution (premium and collateral on the ledger) and settlement at expiry.
#include <algorithm>

#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

using Bucket = Ledger::Bucket;
using Ref = Ledger::Ref;

constexpr std::int64_t kMaxBudgetWhole = 1'000'000'000;

bool ValidWallet(std::string_view w) {
  if (w.size() != 42 || w[0] != '0' || w[1] != 'x') return false;
  for (std::size_t i = 2; i < w.size(); ++i) {
    const char c = w[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The underlying still trades: an ACTIVE order-book market before its end time.
bool Trading(const Market* m, Timestamp now) {
  return m != nullptr && m->type == MarketType::kOrderBook && m->status == MarketStatus::kActive &&
         now < m->end_time;
}

// Whole options a quote at `price` and `size` fills on `request`; `required` is the size the
// request asks for (for a buy, floor(budget / price)).
std::int64_t FillOf(const QuoteRequest& request, Money price, std::int64_t size,
                    std::int64_t* required) {
  const std::int64_t want =
      request.side == RfqSide::kBuy ? request.budget.units() / price.units() : request.size;
  if (required != nullptr) *required = want;
  return std::min(size, want);
}

}  // namespace

bool Exchange::RequestTradable(const QuoteRequest& r, Timestamp now) const {
  return r.status == RequestStatus::kOpen && now < r.expires_at && now < r.series.expiry &&
         Trading(FindMarket(r.series.market), now);
}

void Exchange::Handle(const RegisterMakerWallet& c) {
  if (!ledger_.HasAccount(c.account)) return Reject(RejectCode::kUnknownAccount);
  if (!ValidWallet(c.wallet)) return Reject(RejectCode::kInvalidWallet);
  options_.wallets_[c.account.value()] = c.wallet;
}

void Exchange::Handle(const CreateQuoteRequest& c) {
  if (!ledger_.HasAccount(c.taker)) return Reject(RejectCode::kUnknownAccount);
  const Market* m = FindMarket(c.market);
  if (m == nullptr) return Reject(RejectCode::kUnknownMarket);
  if (m->type != MarketType::kOrderBook) return Reject(RejectCode::kNotOrderBookMarket);
  if (!Trading(m, now_)) return Reject(RejectCode::kMarketNotActive);
  if (c.type > OptionType::kPut || !ValidStrike(c.strike_bps) || c.expiry <= now_ ||
      c.expiry.micros() % 1000 != 0) {
    return Reject(RejectCode::kInvalidOption);
  }
  const bool buy = c.side == RfqSide::kBuy;
  if (c.side > RfqSide::kSell || c.ttl_micros < 1 || c.ttl_micros > kMaxRequestTtlMicros ||
      (buy && (!c.budget.is_positive() || c.budget.units() > kMaxBudgetWhole * Money::kScale ||
               c.size != 0)) ||
      (!buy && (c.size < 1 || c.size > kMaxOptionQuantity || !c.budget.is_zero()))) {
    return Reject(RejectCode::kInvalidTrade);
  }
  if (!c.wallet.empty() && !ValidWallet(c.wallet)) return Reject(RejectCode::kInvalidWallet);
  const SeriesKey key{c.market, c.type, c.strike_bps, c.expiry};
  if (options_.series_.find(key) == options_.series_.end()) {
    Series s;
    s.key = key;
    s.created_at = now_;
    options_.series_.emplace(key, s);
    options_.unsettled_.insert({key.expiry.micros(), key});
    options_.unsettled_by_market_.insert({key.market.value(), key.expiry.micros(), key});
  }
  QuoteRequest r;
  r.id = options_.requests_.size() + 1;
  r.taker = c.taker;
  r.wallet = c.wallet;
  r.series = key;
  r.side = c.side;
  r.budget = c.budget;
  r.size = c.size;
  r.created_at = now_;
  // A request never outlives its series: past the expiry nothing may be executed on it.
  r.expires_at = Timestamp::FromMicros(std::min(now_.micros() + c.ttl_micros, c.expiry.micros()));
  options_.requests_.push_back(r);
  options_.open_requests_.insert(r.id);
  out_->created_id = r.id;
  out_->opened_requests.push_back(OpenedQuoteRequest{std::move(r), m->question});
  Emit(QuoteRequestOpened{static_cast<std::uint32_t>(out_->opened_requests.size() - 1)});
}

void Exchange::CloseRequest(QuoteRequest& request, RequestStatus status) {
  request.status = status;
  options_.open_requests_.erase(request.id);
  for (std::uint64_t id : options_.QuotesOf(request.id)) {
    Quote& q = options_.quotes_[id - 1];
    if (q.status != QuoteStatus::kLive) continue;
    q.status = QuoteStatus::kClosed;
    options_.IndexQuote(q);
    Emit(QuoteChanged{q});
  }
  Emit(QuoteRequestClosed{request.id, status});
}

void Exchange::Handle(const CancelQuoteRequest& c) {
  const QuoteRequest* found = options_.FindRequest(c.request);
  if (found == nullptr || found->taker != c.taker) return Reject(RejectCode::kRequestNotFound);
  if (found->status != RequestStatus::kOpen) return Reject(RejectCode::kRequestClosed);
  CloseRequest(options_.requests_[c.request - 1], RequestStatus::kCancelled);
}

void Exchange::Handle(const PostQuote& c) {
  if (!ledger_.HasAccount(c.maker)) return Reject(RejectCode::kUnknownAccount);
  const QuoteRequest* r = options_.FindRequest(c.request);
  if (r == nullptr) return Reject(RejectCode::kRequestNotFound);
  if (!RequestTradable(*r, now_)) return Reject(RejectCode::kRequestClosed);
  if (r->taker == c.maker || c.expires_in_ms < 1 || c.expires_in_ms > kMaxQuoteLifetimeMs ||
      c.size < 1 || c.size > kMaxOptionQuantity) {
    return Reject(RejectCode::kInvalidQuote);
  }
  if (c.side != r->side) return Reject(RejectCode::kSideMismatch);
  if (!c.price.is_positive() || c.price.units() >= Money::kScale ||
      !c.price.HasAtMostDecimals(kPriceDecimals)) {
    return Reject(RejectCode::kPriceOutOfRange);
  }
  if (c.price > MaxPayoff(r->series.type, r->series.strike_bps)) {
    return Reject(RejectCode::kNoArbitrage);
  }
  std::int64_t required = 0;
  const std::int64_t fill = FillOf(*r, c.price, c.size, &required);
  if (fill < 1 || 2 * c.size < required) return Reject(RejectCode::kSizeTooSmall);
  // The maker writes on a taker buy (collateral) and pays the premium on a taker sell.
  const Money need = r->side == RfqSide::kBuy
                         ? MaxPayoff(r->series.type, r->series.strike_bps) * fill
                         : c.price * fill;
  if (ledger_.balances(c.maker).available < need) {
    return Reject(RejectCode::kInsufficientCollateral);
  }
  Quote* q = nullptr;
  auto live = options_.live_quote_of_.find({c.request, c.maker.value()});
  if (live != options_.live_quote_of_.end()) {
    q = &options_.quotes_[live->second - 1];
  } else {
    Quote fresh;
    fresh.id = options_.quotes_.size() + 1;
    fresh.request = c.request;
    fresh.maker = c.maker;
    options_.quotes_.push_back(fresh);
    options_.quotes_by_request_[c.request].push_back(fresh.id);
    q = &options_.quotes_.back();
  }
  q->side = c.side;
  q->price = c.price;
  q->size = c.size;
  q->posted_at = now_;
  q->expires_at = Timestamp::FromMicros(now_.micros() + c.expires_in_ms * 1000);
  q->priority = ++options_.post_counter_;
  q->status = QuoteStatus::kLive;
  options_.IndexQuote(*q);
  out_->created_id = q->id;
  Emit(QuoteChanged{*q});
}

void Exchange::Handle(const WithdrawQuote& c) {
  const Quote* found = options_.FindQuote(c.quote);
  if (found == nullptr || found->maker != c.maker) return Reject(RejectCode::kQuoteNotFound);
  if (found->status != QuoteStatus::kLive) return Reject(RejectCode::kQuoteNotLive);
  Quote& q = options_.quotes_[c.quote - 1];
  q.status = QuoteStatus::kWithdrawn;
  options_.IndexQuote(q);
  Emit(QuoteChanged{q});
}

void Exchange::Handle(const ExecuteQuote& c) {
  const QuoteRequest* r = options_.FindRequest(c.request);
  if (r == nullptr || r->taker != c.taker) return Reject(RejectCode::kRequestNotFound);
  if (!RequestTradable(*r, now_)) return Reject(RejectCode::kRequestClosed);
  const Quote* q = options_.FindQuote(c.quote);
  if (q == nullptr || q->request != c.request) return Reject(RejectCode::kQuoteNotFound);
  if (q->status != QuoteStatus::kLive || q->expires_at <= now_ ||
      (c.accepted_priority != 0 && q->priority != c.accepted_priority)) {
    return Reject(RejectCode::kQuoteNotLive);  // gone, or re-posted since the maker signed it
  }
  const std::int64_t quantity = FillOf(*r, q->price, q->size, nullptr);
  if (quantity < 1) return Reject(RejectCode::kSizeTooSmall);
  const bool taker_buys = r->side == RfqSide::kBuy;
  const AccountId holder = taker_buys ? r->taker : q->maker;
  const AccountId writer = taker_buys ? q->maker : r->taker;
  const Money premium = q->price * quantity;
  const Money collateral = MaxPayoff(r->series.type, r->series.strike_bps) * quantity;
  if (ledger_.balances(writer).available < collateral) {
    return Reject(RejectCode::kInsufficientCollateral);
  }
  if (ledger_.balances(holder).available < premium) {
    return Reject(RejectCode::kInsufficientBalance);
  }
  ledger_.Transfer(Ref::Account(writer, Bucket::kAvailable),
                   Ref::Account(writer, Bucket::kLockedEngine), collateral);
  ledger_.Transfer(Ref::Account(holder, Bucket::kAvailable),
                   Ref::Account(writer, Bucket::kAvailable), premium);
  OptionPosition p;
  p.id = options_.positions_.size() + 1;
  p.request = r->id;
  p.quote = q->id;
  p.series = r->series;
  p.holder = holder;
  p.writer = writer;
  p.quantity = quantity;
  p.price = q->price;
  p.premium = premium;
  p.collateral = collateral;
  p.executed_at = now_;
  options_.positions_.push_back(p);
  options_.open_positions_[p.series].push_back(p.id);
  Quote& chosen = options_.quotes_[c.quote - 1];
  chosen.status = QuoteStatus::kExecuted;
  options_.IndexQuote(chosen);
  Emit(QuoteChanged{chosen});
  QuoteRequest& request = options_.requests_[c.request - 1];
  request.position = p.id;
  CloseRequest(request, RequestStatus::kCommitted);
  out_->created_id = p.id;
  out_->option_positions.push_back(p);
  Emit(OptionExecuted{static_cast<std::uint32_t>(out_->option_positions.size() - 1)});
}

void Exchange::Handle(const OptionsTick&) {
  std::vector<std::uint64_t> due;
  for (std::uint64_t id : options_.open_requests_) {
    const QuoteRequest& r = options_.requests_[id - 1];
    if (!RequestTradable(r, now_)) due.push_back(id);
  }
  for (std::uint64_t id : due) CloseRequest(options_.requests_[id - 1], RequestStatus::kExpired);
  due.clear();
  for (std::uint64_t id : options_.live_quotes_) {
    if (options_.quotes_[id - 1].expires_at <= now_) due.push_back(id);
  }
  for (std::uint64_t id : due) {
    Quote& q = options_.quotes_[id - 1];
    q.status = QuoteStatus::kExpired;
    options_.IndexQuote(q);
    Emit(QuoteChanged{q});
  }
  std::vector<SeriesKey> expired;
  for (const auto& [expiry, key] : options_.unsettled_) {
    if (expiry > now_.micros()) break;
    expired.push_back(key);
  }
  for (const SeriesKey& key : expired) SettleSeries(key);
  for (const SeriesKey& key : expired) options_.Prune(key.market, now_);
}

void Exchange::SettleSeries(const SeriesKey& key) {
  const auto [s, source] = options_.SettlementPrice(key);
  auto open = options_.open_positions_.find(key);
  if (open != options_.open_positions_.end()) {
    for (std::uint64_t id : open->second) {
      OptionPosition& p = options_.positions_[id - 1];
      const Money payout = Payoff(key.type, key.strike_bps, s) * p.quantity;
      const Ref locked = Ref::Account(p.writer, Bucket::kLockedEngine);
      ledger_.Transfer(locked, Ref::Account(p.holder, Bucket::kAvailable), payout);
      ledger_.Transfer(locked, Ref::Account(p.writer, Bucket::kAvailable), p.collateral - payout);
      p.settled = true;
      p.settlement_price = static_cast<std::uint8_t>(s);
      p.payout = payout;
      p.settled_at = now_;
      out_->option_positions.push_back(p);
      Emit(OptionSettled{static_cast<std::uint32_t>(out_->option_positions.size() - 1)});
    }
    options_.open_positions_.erase(open);
  }
  Series& series = options_.series_.at(key);
  series.settled = true;
  series.settlement_price = static_cast<std::uint8_t>(s);
  series.settlement_source = static_cast<std::uint8_t>(source);
  options_.unsettled_.erase({key.expiry.micros(), key});
  options_.unsettled_by_market_.erase({key.market.value(), key.expiry.micros(), key});
}

void Exchange::ObserveForOptions() {
  // Trades of one command are all in one market: look its tape up once (map nodes are stable).
  OptionsBook::Tape* tape_of = nullptr;
  std::uint32_t tape_market = 0;
  for (const Event& e : out_->events) {
    if (const auto* t = std::get_if<Trade>(&e)) {
      if (tape_of == nullptr || tape_market != t->market.value()) {
        tape_market = t->market.value();
        tape_of = &options_.tapes_[tape_market];
      }
      OptionsBook::Tape& tape = *tape_of;
      tape.trades.push_back({t->at, t->price, t->quantity});
      if (tape.trades.front().at.micros() < now_.micros() - kVwapWindowMicros) {
        options_.Prune(t->market, now_);
      }
    } else if (const auto* s = std::get_if<MarketStatusChanged>(&e)) {
      if (s->status != MarketStatus::kResolved && s->status != MarketStatus::kVoided) continue;
      OptionsBook::Tape& tape = options_.tapes_[s->market.value()];
      tape.resolved = true;
      tape.resolved_at = now_;
      tape.resolution_price = s->status == MarketStatus::kVoided ? 50
                              : s->winning_outcome == 0          ? 100
                                                                 : 0;
    }
  }
}

}  // namespace probex::venue
