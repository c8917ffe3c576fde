#include "venue/domain/exchange.h"

#include <algorithm>

#include "venue/domain/clob_pricing.h"

namespace probex::venue {
namespace {

using Bucket = Ledger::Bucket;
using Ref = Ledger::Ref;

constexpr std::int64_t kMaxDepositWhole = 1'000'000'000;
constexpr std::int64_t kMaxSystemMoneyWhole = 10'000'000'000;  // cap on money ever deposited
constexpr std::size_t kMaxTextBytes = 4096;
constexpr std::size_t kMaxMetadataBytes = 16 * 1024;
constexpr std::size_t kMaxPrefixBytes = 64;
constexpr std::size_t kTypicalEvents = 16;  // a resting add emits 4, a sweep of 3 makers ~16

bool ValidTier(std::string_view tier) {
  if (tier.size() > kMaxTierBytes) return false;
  for (char c : tier) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

bool ValidAmount(Money amount, std::int64_t max_whole) {
  return amount.is_positive() && amount.units() <= max_whole * Money::kScale;
}

}  // namespace

Exchange::Exchange() = default;

void Exchange::Reserve(std::size_t orders) {
  pool_.Reserve(orders);
  order_index_.Reserve(orders);
}

void Exchange::Apply(const Command& command, std::uint64_t seq, Timestamp now, Output& out) {
  out.Clear();
  // A fresh Output (the engine gives each command its own) gets room for a typical command's
  // events at once instead of growing 1, 2, 4, 8; a reused one keeps its buffer.
  if (out.events.capacity() == 0) out.events.reserve(kTypicalEvents);
  out_ = &out;
  now_ = now;
  ledger_.BeginBatch();
  observe_options_ = false;
  std::visit([this](const auto& c) { Handle(c); }, command);
  if (out.ok()) {
    last_seq_ = seq;
    if (observe_options_) ObserveForOptions();
    auto& events = out.events;
    for (AccountId a : ledger_.touched_accounts()) {
      events.emplace_back(std::in_place_type<BalanceChanged>, a, ledger_.balances(a));
    }
  }
  out_ = nullptr;
}

void Exchange::Handle(const CreateAccount&) {
  AccountId id = ledger_.AddAccount();
  out_->created_id = id.value();
  Emit(AccountCreated{id});
}

void Exchange::Handle(const Deposit& c) {
  if (!ledger_.HasAccount(c.account)) return Reject(RejectCode::kUnknownAccount);
  if (!ValidAmount(c.amount, kMaxDepositWhole) ||
      ledger_.external_in().units() > kMaxSystemMoneyWhole * Money::kScale - c.amount.units()) {
    return Reject(RejectCode::kInvalidAmount);
  }
  ledger_.ExternalIn(Ref::Account(c.account, Bucket::kAvailable), c.amount);
}

void Exchange::Handle(const RequestWithdrawal& c) {
  if (!ledger_.HasAccount(c.account)) return Reject(RejectCode::kUnknownAccount);
  if (c.destination.size() > kMaxDestinationBytes ||
      c.idempotency_key.size() > kMaxIdempotencyKeyBytes) {
    return Reject(RejectCode::kInvalidDestination);
  }
  if (!c.idempotency_key.empty()) {
    if (const WithdrawalRecord* first = registry_.FindWithdrawal(c.account, c.idempotency_key)) {
      if (first->amount != c.amount || first->destination != c.destination) {
        return Reject(RejectCode::kIdempotencyConflict);
      }
      out_->withdrawal = *first;
      out_->created_id = first->id.value();
      out_->replayed = true;
      return;
    }
  }
  if (!ValidAmount(c.amount, kMaxDepositWhole) || c.fee.is_negative() ||
      c.fee.units() > kMaxDepositWhole * Money::kScale) {
    return Reject(RejectCode::kInvalidAmount);
  }
  const Money total = c.amount + c.fee;
  if (ledger_.balances(c.account).available < total) {
    return Reject(RejectCode::kInsufficientBalance);
  }
  ledger_.Transfer(Ref::Account(c.account, Bucket::kAvailable),
                   Ref::Account(c.account, Bucket::kLockedWithdraws), total);
  const std::uint64_t id = next_withdrawal_id_++;
  withdrawals_.emplace(id, PendingWithdrawal{c.account, c.amount, c.fee});
  WithdrawalRecord record{WithdrawalId(id), c.amount, c.fee,
                          c.destination,    now_,     ledger_.balances(c.account).available};
  if (!c.idempotency_key.empty()) registry_.AddWithdrawal(c.account, c.idempotency_key, record);
  out_->withdrawal = std::move(record);
  out_->created_id = id;
  Emit(WithdrawalRequested{WithdrawalId(id), c.account, c.amount, c.fee});
}

void Exchange::Handle(const ApproveWithdrawal& c) {
  auto it = withdrawals_.find(c.withdrawal.value());
  if (it == withdrawals_.end()) return Reject(RejectCode::kWithdrawalNotFound);
  const PendingWithdrawal w = it->second;
  withdrawals_.erase(it);
  const Ref locked = Ref::Account(w.account, Bucket::kLockedWithdraws);
  ledger_.Transfer(locked, Ref::Fees(), w.fee);
  ledger_.ExternalOut(locked, w.amount);
  Emit(WithdrawalSettled{c.withdrawal, w.account, w.amount, w.fee, true});
}

void Exchange::Handle(const RejectWithdrawal& c) {
  auto it = withdrawals_.find(c.withdrawal.value());
  if (it == withdrawals_.end()) return Reject(RejectCode::kWithdrawalNotFound);
  const PendingWithdrawal w = it->second;
  withdrawals_.erase(it);
  ledger_.Transfer(Ref::Account(w.account, Bucket::kLockedWithdraws),
                   Ref::Account(w.account, Bucket::kAvailable), w.amount + w.fee);
  Emit(WithdrawalSettled{c.withdrawal, w.account, w.amount, w.fee, false});
}

void Exchange::Handle(const CreateMarket& c) {
  if (c.type != MarketType::kOrderBook && c.type != MarketType::kPool) {
    return Reject(RejectCode::kInvalidMarketType);
  }
  if (c.question.empty() || c.question.size() > kMaxTextBytes ||
      c.category.size() > kMaxTextBytes || c.outcomes[0].empty() || c.outcomes[1].empty() ||
      c.outcomes[0].size() > kMaxTextBytes || c.outcomes[1].size() > kMaxTextBytes ||
      c.outcomes[0] == c.outcomes[1] || c.end_time <= now_ ||
      c.description.size() > kMaxTextBytes || c.metadata.size() > kMaxMetadataBytes) {
    return Reject(RejectCode::kInvalidMarketDefinition);
  }
  if (c.fee_rate.is_negative() || c.fee_rate.units() > kMaxFeeRateUnits) {
    return Reject(RejectCode::kInvalidFeeRate);
  }
  Market m;
  m.id = MarketId(static_cast<std::uint32_t>(markets_.size() + 1));
  m.type = c.type;
  m.question = c.question;
  m.category = c.category;
  m.outcomes = c.outcomes;
  m.created_at = now_;
  m.end_time = c.end_time;
  m.fee_rate = c.fee_rate;
  m.description = c.description;
  m.metadata = c.metadata;
  markets_.push_back(std::move(m));
  books_.emplace_back();
  stops_.emplace_back();
  AddMarketTables(markets_.back());
  ledger_.AddMarket();
  out_->created_id = markets_.back().id.value();
  Emit(MarketCreated{markets_.back().id});
}

void Exchange::AddMarketTables(const Market& market) {
  std::array<Money, 100> table{};
  for (int c = 1; c <= 99; ++c) table[c] = PerShareLock(market.fee_rate, c);
  lock_table_.push_back(table);
}

void Exchange::Handle(const CancelOrders& c) {
  if (!ledger_.HasAccount(c.account)) return Reject(RejectCode::kUnknownAccount);
  if (MarketFor(c.market) == nullptr) return Reject(RejectCode::kUnknownMarket);
  scratch_.clear();
  if (c.order_ids.empty()) {
    const std::uint32_t holding = ledger_.FindPosition(c.account, c.market);
    if (holding != Ledger::kNoPosition) {
      for (std::uint32_t s = ledger_.order_list(holding).head; s != kNilSlot;
           s = pool_[s].account_next) {
        scratch_.push_back(s);
      }
    }
  } else {
    for (OrderId id : c.order_ids) {
      const std::uint32_t slot = order_index_.Find(id.value());
      if (slot == FlatIndex::kMissing || pool_[slot].order.account != c.account ||
          pool_[slot].order.market != c.market) {
        return Reject(RejectCode::kOrderNotFound);
      }
      scratch_.push_back(slot);
    }
    // Duplicates cancel once, in id order (one id, the common case, needs neither).
    if (scratch_.size() > 1) {
      std::sort(scratch_.begin(), scratch_.end(), [this](std::uint32_t a, std::uint32_t b) {
        return pool_[a].order.id < pool_[b].order.id;
      });
      scratch_.erase(std::unique(scratch_.begin(), scratch_.end()), scratch_.end());
    }
  }
  std::vector<std::uint32_t> slots;
  slots.swap(scratch_);
  for (std::uint32_t slot : slots) CancelOpen(slot, OrderStatus::kCancelled, CancelReason::kUser);
  slots.clear();
  scratch_.swap(slots);
}

void Exchange::Handle(const EndMarket& c) {
  Market* m = MarketFor(c.market);
  if (m == nullptr) return Reject(RejectCode::kUnknownMarket);
  if (m->status != MarketStatus::kActive) return Reject(RejectCode::kMarketNotActive);
  EndMarketNow(*m);
}

void Exchange::Handle(const ResolveMarket& c) {
  Market* m = MarketFor(c.market);
  if (m == nullptr) return Reject(RejectCode::kUnknownMarket);
  if (m->status == MarketStatus::kResolved || m->status == MarketStatus::kVoided) {
    return Reject(RejectCode::kMarketAlreadySettled);
  }
  if (c.winning_outcome > 1) return Reject(RejectCode::kInvalidOutcome);
  SettleMarket(*m, false, c.winning_outcome);
}

void Exchange::Handle(const VoidMarket& c) {
  Market* m = MarketFor(c.market);
  if (m == nullptr) return Reject(RejectCode::kUnknownMarket);
  if (m->status == MarketStatus::kResolved || m->status == MarketStatus::kVoided) {
    return Reject(RejectCode::kMarketAlreadySettled);
  }
  SettleMarket(*m, true, kNoOutcome);
}

void Exchange::Handle(const AdvanceTime&) {
  for (Market& m : markets_) {
    if (m.status == MarketStatus::kActive && m.end_time <= now_) EndMarketNow(m);
  }
  CtmChange change;
  ctm_.Advance(now_, ledger_, change);
  EmitCtm(change);
}

void Exchange::Handle(const CreateUser& c) {
  if (!AccountRegistry::ValidUsername(c.username)) return Reject(RejectCode::kInvalidUsername);
  if (registry_.UsernameTaken(c.username)) return Reject(RejectCode::kUsernameTaken);
  AccountId id = ledger_.AddAccount();
  registry_.AddUser(User{id, c.username, now_, ""});
  out_->created_id = id.value();
  Emit(AccountCreated{id});
}

void Exchange::Handle(const CreateApiKey& c) {
  if (!ledger_.HasAccount(c.account)) return Reject(RejectCode::kUnknownAccount);
  if (!AccountRegistry::ValidKeyHash(c.key_hash) || c.prefix.empty() ||
      c.prefix.size() > kMaxPrefixBytes || c.name.size() > kMaxKeyNameBytes || c.scopes == 0 ||
      (c.scopes & ~kAllScopes) != 0 || c.kind > ApiKeyKind::kMkLive) {
    return Reject(RejectCode::kInvalidApiKey);
  }
  if (registry_.FindKeyByHash(c.key_hash) != nullptr) return Reject(RejectCode::kDuplicateApiKey);
  ApiKey key;
  key.account = c.account;
  key.kind = c.kind;
  key.hash = c.key_hash;
  key.prefix = c.prefix;
  key.scopes = c.scopes;
  key.name = c.name;
  key.created_at = now_;
  out_->created_id = registry_.AddKey(std::move(key));
}

void Exchange::Handle(const RevokeApiKey& c) {
  const ApiKey* key = registry_.FindKey(c.key_id);
  if (key == nullptr || key->account != c.account || key->revoked) {
    return Reject(RejectCode::kApiKeyNotFound);
  }
  registry_.RevokeKey(c.key_id, now_);
}

void Exchange::Handle(const SetRateTier& c) {
  if (registry_.FindUser(c.account) == nullptr) return Reject(RejectCode::kUnknownAccount);
  if (!ValidTier(c.tier)) return Reject(RejectCode::kInvalidRateTier);
  registry_.SetRateTier(c.account, c.tier);
}

void Exchange::Handle(const SetSwitches& c) {
  if (c.betting) switches_.betting = *c.betting;
  if (c.ctm) switches_.ctm = *c.ctm;
  if (c.orders) switches_.orders = *c.orders;
}

void Exchange::EndMarketNow(Market& market) {
  const std::size_t index = market.id.value() - 1;
  scratch_.clear();
  const OrderBook& book = books_[index];
  for (BookSide side : {BookSide::kBuy, BookSide::kSell}) {
    for (int p = 1; p <= 99; ++p) {
      for (std::uint32_t s = book.level(side, p).head; s != kNilSlot; s = pool_[s].next) {
        scratch_.push_back(s);
      }
    }
  }
  std::vector<std::uint32_t> stops = stops_[index];
  std::sort(stops.begin(), stops.end(), [this](std::uint32_t a, std::uint32_t b) {
    return pool_[a].order.id < pool_[b].order.id;
  });
  scratch_.insert(scratch_.end(), stops.begin(), stops.end());
  std::vector<std::uint32_t> slots;
  slots.swap(scratch_);
  for (std::uint32_t slot : slots) {
    CancelOpen(slot, OrderStatus::kCancelled, CancelReason::kMarketEnded);
  }
  slots.clear();
  scratch_.swap(slots);
  market.status = MarketStatus::kEnded;
  Emit(MarketStatusChanged{market.id, market.status, kNoOutcome});
  observe_options_ = true;
}

void Exchange::SettleMarket(Market& market, bool voided, std::uint8_t winner) {
  if (market.status == MarketStatus::kActive) EndMarketNow(market);
  if (market.type == MarketType::kPool) SettlePoolMarket(market, voided, winner);
  const Money one = Money::FromUnits(Money::kScale);
  const Money half = Money::FromUnits(Money::kScale / 2);
  for (std::uint32_t pos : ledger_.market_positions(market.id)) {
    const Position& p = ledger_.position(pos);
    if (p.shares[0] == 0 && p.shares[1] == 0) continue;
    const Money payout = voided ? half * (p.shares[0] + p.shares[1]) : one * p.shares[winner];
    ledger_.Redeem(pos, payout);
  }
  ledger_.CloseSupply(market.id);
  market.status = voided ? MarketStatus::kVoided : MarketStatus::kResolved;
  market.winning_outcome = winner;
  Emit(MarketStatusChanged{market.id, market.status, winner});
  observe_options_ = true;
}

// ---- Read accessors. ----

const AccountBalances* Exchange::Balances(AccountId account) const {
  return ledger_.HasAccount(account) ? &ledger_.balances(account) : nullptr;
}

Position Exchange::PositionOf(AccountId account, MarketId market) const {
  const std::uint32_t pos = ledger_.FindPosition(account, market);
  if (pos == Ledger::kNoPosition) return Position{account, market, {}, {}};
  return ledger_.position(pos);
}

const Order* Exchange::FindOrder(OrderId id) const {
  const std::uint32_t slot = order_index_.Find(id.value());
  return slot == FlatIndex::kMissing ? nullptr : &pool_[slot].order;
}

void Exchange::OpenOrders(AccountId account, MarketId market, std::vector<Order>& out) const {
  out.clear();
  const std::uint32_t pos = ledger_.FindPosition(account, market);
  if (pos == Ledger::kNoPosition) return;
  for (std::uint32_t s = ledger_.order_list(pos).head; s != kNilSlot; s = pool_[s].account_next) {
    out.push_back(pool_[s].order);
  }
}

void Exchange::OpenOrdersInMarket(MarketId market, std::vector<Order>& out) const {
  out.clear();
  if (FindMarket(market) == nullptr) return;
  const std::size_t index = market.value() - 1;
  const OrderBook& book = books_[index];
  for (BookSide side : {BookSide::kBuy, BookSide::kSell}) {
    for (int p = 1; p <= 99; ++p) {
      for (std::uint32_t s = book.level(side, p).head; s != kNilSlot; s = pool_[s].next) {
        out.push_back(pool_[s].order);
      }
    }
  }
  const std::size_t first_stop = out.size();
  for (std::uint32_t s : stops_[index]) out.push_back(pool_[s].order);
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first_stop), out.end(),
            [](const Order& a, const Order& b) { return a.id < b.id; });
}

void Exchange::Depth(MarketId market, int outcome, std::size_t max_levels,
                     std::vector<DepthLevel>& bids, std::vector<DepthLevel>& asks) const {
  bids.clear();
  asks.clear();
  if (FindMarket(market) == nullptr || (outcome != 0 && outcome != 1)) return;
  const OrderBook& book = books_[market.value() - 1];
  // Bids of outcome 0 are book buys; bids of outcome 1 are book sells (at 100 − price).
  const BookSide bid_side = outcome == 0 ? BookSide::kBuy : BookSide::kSell;
  auto collect = [&](BookSide side, std::vector<DepthLevel>& into) {
    for (int p = book.Best(side); p != 0 && into.size() < max_levels; p = book.NextWorse(side, p)) {
      const OrderBook::Level& level = book.level(side, p);
      into.push_back(DepthLevel{outcome == 0 ? p : 100 - p, level.quantity, level.count});
    }
  };
  collect(bid_side, bids);
  collect(Opposite(bid_side), asks);
}

int Exchange::LastTradePrice(MarketId market, int outcome) const {
  const Market* m = FindMarket(market);
  if (m == nullptr || m->last_price == 0) return 0;
  return outcome == 0 ? m->last_price : 100 - m->last_price;
}

const Market* Exchange::FindMarket(MarketId id) const {
  return id.value() >= 1 && id.value() <= markets_.size() ? &markets_[id.value() - 1] : nullptr;
}

}  // namespace probex::venue
