// Exchange: order placement, matching, fill settlement, stops and cancels.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "venue/domain/clob_pricing.h"
#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

using Bucket = Ledger::Bucket;
using Ref = Ledger::Ref;

[[noreturn]] void Impossible(const char* what) {
  std::fprintf(stderr, "probex exchange: impossible state: %s\n", what);
  std::abort();
}

// Cents of an exact decimal strictly inside (0, 1) with at most 2 decimals; 0 when not.
int TradeableCents(Money m) {
  if (m.units() % kUnitsPerCent != 0) return 0;
  const std::int64_t cents = m.units() / kUnitsPerCent;
  return cents >= 1 && cents <= 99 ? static_cast<int>(cents) : 0;
}

// Cents a cash-paying order pays per share at book price `price`: the book price for the
// outcome-0 buyer, its complement for the seller.
int PayCents(BookSide side, int price) { return side == BookSide::kBuy ? price : 100 - price; }

// Unchecked arithmetic on the hot path, where the domain bounds exclude overflow: per-share
// locks are below 2.00 (2 × 10^8 units), quantities at most kMaxOrderQuantity (10^8 shares) and
// cumulative amounts per order at most 10^9 × 2.00, so every product and sum stays below 10^18.
Money Times(Money per_share, std::int64_t quantity) {
  return Money::FromUnits(per_share.units() * quantity);
}
Money Plus(Money a, Money b) { return Money::FromUnits(a.units() + b.units()); }
Money Minus(Money a, Money b) { return Money::FromUnits(a.units() - b.units()); }

static_assert(Ledger::OrderList{}.head == kNilSlot && Ledger::OrderList{}.tail == kNilSlot);

}  // namespace

RejectCode Exchange::ValidateOrder(const PlaceOrder& c, Order& o) const {
  if (!ledger_.HasAccount(c.account)) return RejectCode::kUnknownAccount;
  if (!switches_.orders) return RejectCode::kOrdersDisabled;
  const std::uint32_t mid = c.market.value();
  if (mid == 0 || mid > markets_.size()) return RejectCode::kUnknownMarket;
  const Market* m = &markets_[mid - 1];
  if (m->type != MarketType::kOrderBook) return RejectCode::kNotOrderBookMarket;
  if (m->status != MarketStatus::kActive || now_ >= m->end_time) {
    return RejectCode::kMarketNotActive;
  }
  if (c.outcome > 1) return RejectCode::kInvalidOutcome;
  if (c.side != OrderSide::kBid && c.side != OrderSide::kAsk) return RejectCode::kInvalidSide;
  if (static_cast<std::uint8_t>(c.type) > static_cast<std::uint8_t>(OrderType::kTakeProfit)) {
    return RejectCode::kInvalidOrderType;
  }
  o.account = c.account;
  o.market = c.market;
  o.outcome = c.outcome;
  o.side = c.side;
  o.type = c.type;
  if (c.type == OrderType::kLimit) {
    if (!c.price) return RejectCode::kPriceRequired;
    const int cents = TradeableCents(*c.price);
    if (cents == 0) return RejectCode::kInvalidPrice;
    o.price = static_cast<std::uint8_t>(cents);
  } else if (c.price) {
    return RejectCode::kPriceNotAllowed;
  }
  const bool stop = c.type == OrderType::kStopLoss || c.type == OrderType::kTakeProfit;
  if (stop) {
    if (!c.trigger_price) return RejectCode::kTriggerPriceRequired;
    const int cents = TradeableCents(*c.trigger_price);
    if (cents == 0) return RejectCode::kInvalidTriggerPrice;
    o.trigger_price = static_cast<std::uint8_t>(cents);
  } else if (c.trigger_price) {
    return RejectCode::kTriggerPriceNotAllowed;
  }
  if (c.quantity && c.quote_quantity) return RejectCode::kQuantityAndQuoteQuantity;
  if (!c.quantity && !c.quote_quantity) return RejectCode::kNoQuantityOrQuoteQuantity;
  if (c.quantity) {
    const Money q = *c.quantity;
    if (!q.is_positive() || q.units() % Money::kScale != 0 ||  // whole shares
        q.units() > kMaxOrderQuantity * Money::kScale) {
      return RejectCode::kInvalidQuantity;
    }
    o.quantity = q.units() / Money::kScale;
  } else {
    if (c.side == OrderSide::kAsk || c.type == OrderType::kLimit) {
      return RejectCode::kQuoteQuantityNotAllowed;
    }
    const Money q = *c.quote_quantity;
    if (q.units() < Money::kScale / 10'000 || !q.HasAtMostDecimals(2) ||
        q.units() > kMaxQuoteQuantityWhole * Money::kScale) {
      return RejectCode::kInvalidQuoteQuantity;
    }
    o.quote_quantity = q;
  }
  return RejectCode::kNone;
}

Money Exchange::WalkMarketOrderNeed(const Order& o, std::int64_t shares_to_deliver) const {
  const std::size_t index = o.market.value() - 1;
  const OrderBook& book = books_[index];
  const auto& locks = lock_table_[index];
  const BookSide side = o.book_side();
  const BookSide opp = Opposite(side);
  Money need;
  std::int64_t want = o.quantity;
  Money quote_left = o.quote_quantity;
  std::int64_t deliver_left = shares_to_deliver;
  for (int p = book.Best(opp); p != 0; p = book.NextWorse(opp, p)) {
    const int pay = PayCents(side, p);
    for (std::uint32_t s = book.level(opp, p).head; s != kNilSlot; s = pool_[s].next) {
      const Order& maker = pool_[s].order;
      if (maker.account == o.account) continue;  // will be cancelled, not traded
      std::int64_t q = maker.remaining();
      if (o.by_quote()) {
        q = std::min(q, quote_left.units() / (pay * kUnitsPerCent));
        if (q == 0) return need;
        quote_left = Minus(quote_left, Notional(q, pay));
      } else {
        q = std::min(q, want);
      }
      const std::int64_t delivered = std::min(q, deliver_left);
      deliver_left -= delivered;
      need = Plus(need, Times(locks[pay], q - delivered));
      if (!o.by_quote()) {
        want -= q;
        if (want == 0) return need;
      }
    }
  }
  return need;
}

void Exchange::Handle(const PlaceOrder& c) {
  // The order is built in its node (no copy into the slab); a reject hands the node back, which
  // restores the free list exactly (the slab is not state).
  const std::uint32_t slot = pool_.Allocate();
  Order& o = pool_[slot].order;
  o = Order{};
  if (RejectCode code = ValidateOrder(c, o); code != RejectCode::kNone) {
    pool_.Free(slot);
    return Reject(code);
  }
  const std::size_t index = c.market.value() - 1;
  const Market& market = markets_[index];
  const auto& locks = lock_table_[index];
  std::uint32_t holding = ledger_.FindPosition(c.account, c.market);
  std::int64_t deliver = 0;
  if (o.side == OrderSide::kAsk && holding != Ledger::kNoPosition) {
    deliver = std::min(ledger_.position(holding).free(o.outcome), o.quantity);
  }
  Money need;
  switch (o.type) {
    case OrderType::kLimit:
      need = Times(locks[PayCents(o.book_side(), o.book_price())], o.quantity - deliver);
      break;
    case OrderType::kMarket:
      need = WalkMarketOrderNeed(o, deliver);
      break;
    case OrderType::kStopLoss:
    case OrderType::kTakeProfit:
      need = o.by_quote() ? QuoteWorstCase(market.fee_rate, o.quote_quantity)
                          : Times(locks[99], o.quantity - deliver);
      break;
  }
  if (ledger_.balances(c.account).available < need) {
    pool_.Free(slot);
    return Reject(RejectCode::kInsufficientBalance);
  }

  // Accepted: from here on the command cannot fail.
  const std::uint64_t id = next_order_id_++;
  const OrderType type = o.type;
  o.id = OrderId(id);
  o.created_at = now_;
  o.status = OrderStatus::kNew;
  o.locked_cash = need;
  o.locked_shares = deliver;
  if (holding == Ledger::kNoPosition) {
    holding = ledger_.PositionFor(c.account, c.market);
  }
  ledger_.Transfer(Ref::Account(c.account, Bucket::kAvailable),
                   Ref::Account(c.account, Bucket::kLockedEngine), need);
  if (deliver > 0) ledger_.LockShares(holding, o.outcome, deliver);
  pool_[slot].holding = holding;
  out_->created_id = id;
  out_->has_order = true;
  EmitOrder(o);

  bool open = false;  // rested or armed: still in `slot` unless a triggered stop finished it
  switch (type) {
    case OrderType::kLimit:
      Match(slot, o.book_price());
      if (o.remaining() > 0) {
        Rest(slot);
        open = true;
      } else {
        o.status = OrderStatus::kFilled;
        Finish(slot);
      }
      break;
    case OrderType::kMarket:
      ExecuteAsMarket(slot);
      break;
    case OrderType::kStopLoss:
    case OrderType::kTakeProfit:
      Arm(slot);
      open = true;
      break;
  }
  if (!stops_[index].empty()) {
    RunStops(c.market);
    // A stop it triggered may have filled this order (Fill then recorded its final state) or
    // executed it (Finish did).
    open = open && order_index_.Find(id) != FlatIndex::kMissing;
  }
  // A finished order's final state is already in out_->order (Finish, or Fill of the maker).
  if (open) out_->order = pool_[slot].order;
}

void Exchange::Match(std::uint32_t taker, int limit) {
  Order& t = pool_[taker].order;
  const std::size_t index = t.market.value() - 1;
  OrderBook& book = books_[index];
  const BookSide side = t.book_side();
  const BookSide opp = Opposite(side);
  while (true) {
    if (!t.by_quote() && t.remaining() == 0) break;
    const int p = book.Best(opp);
    if (p == 0 || (side == BookSide::kBuy ? p > limit : p < limit)) break;
    const std::uint32_t maker = book.level(opp, p).head;
    const Order& m = pool_[maker].order;
    if (m.account == t.account) {
      CancelOpen(maker, OrderStatus::kInternalCancel, CancelReason::kSelfTrade);
      continue;
    }
    std::int64_t q = m.remaining();
    if (t.by_quote()) {
      const Money left = t.quote_quantity - t.cum_quote_quantity;
      q = std::min(q, left.units() / (PayCents(side, p) * kUnitsPerCent));
      if (q == 0) break;
    } else {
      q = std::min(q, t.remaining());
    }
    Fill(taker, maker, p, q);
  }
}

void Exchange::Fill(std::uint32_t taker, std::uint32_t maker, int price, std::int64_t quantity) {
  const bool taker_buys = pool_[taker].order.book_side() == BookSide::kBuy;
  const std::uint32_t buyer = taker_buys ? taker : maker;
  const std::uint32_t seller = taker_buys ? maker : taker;
  // Split the fill where either side runs out of shares to deliver: each part has one case.
  std::int64_t left = quantity;
  while (left > 0) {
    std::int64_t part = left;
    const std::int64_t b = pool_[buyer].order.locked_shares;
    const std::int64_t s = pool_[seller].order.locked_shares;
    if (b > 0) part = std::min(part, b);
    if (s > 0) part = std::min(part, s);
    Settle(buyer, seller, taker_buys, price, part);
    left -= part;
  }
  Order& m = pool_[maker].order;
  const std::size_t index = m.market.value() - 1;
  books_[index].Reduce(m.book_side(), price, quantity);
  if (m.remaining() == 0) {
    books_[index].Remove(pool_, maker);
    order_index_.Erase(m.id.value());
    UnlinkAccount(maker);
    m.status = OrderStatus::kFilled;
    ReleaseLocks(m, pool_[maker].holding);
    EmitOrder(m);
    // The command's own order, resting, then filled by a triggered stop: its final state.
    if (m.id.value() == out_->created_id) out_->order = m;
    pool_.Free(maker);
  } else {
    EmitOrder(m);
  }
}

void Exchange::Settle(std::uint32_t buyer, std::uint32_t seller, bool buyer_is_taker, int price,
                      std::int64_t quantity) {
  Order& b = pool_[buyer].order;
  Order& s = pool_[seller].order;
  const std::uint32_t hb = pool_[buyer].holding;
  const std::uint32_t hs = pool_[seller].holding;
  Market& market = markets_[b.market.value() - 1];
  const bool b_delivers = b.locked_shares > 0;
  const bool s_delivers = s.locked_shares > 0;
  const Money pay0 = Notional(quantity, price);        // the outcome-0 side of a set
  const Money pay1 = Notional(quantity, 100 - price);  // the outcome-1 side
  const Money fee = FillFee(market.fee_rate, price, quantity);
  const Ref b_locked = Ref::Account(b.account, Bucket::kLockedEngine);
  const Ref b_avail = Ref::Account(b.account, Bucket::kAvailable);
  const Ref s_locked = Ref::Account(s.account, Bucket::kLockedEngine);
  const Ref s_avail = Ref::Account(s.account, Bucket::kAvailable);
  SettlementCase settlement;
  if (!b_delivers && s_delivers) {
    settlement = SettlementCase::kTransferOutcome0;
    ledger_.Transfer(b_locked, s_avail, pay0);
    ledger_.MoveLockedShares(hs, hb, 0, quantity);
  } else if (!b_delivers) {
    settlement = SettlementCase::kMint;
    ledger_.MintSets(market.id, b_locked, pay0, s_locked, pay1, hb, hs, quantity);
  } else if (s_delivers) {
    settlement = SettlementCase::kMerge;
    ledger_.MergeSets(market.id, hs, s_avail, pay0, hb, b_avail, pay1, quantity);
  } else {
    settlement = SettlementCase::kTransferOutcome1;
    ledger_.Transfer(s_locked, b_avail, pay1);
    ledger_.MoveLockedShares(hb, hs, 1, quantity);
  }
  if (b_delivers) {
    ledger_.Transfer(b_avail, Ref::Fees(), fee);
    b.locked_shares -= quantity;
  } else {
    ledger_.Transfer(b_locked, Ref::Fees(), fee);
    ConsumeCash(b, Plus(pay0, fee), quantity);
  }
  if (s_delivers) {
    ledger_.Transfer(s_avail, Ref::Fees(), fee);
    s.locked_shares -= quantity;
  } else {
    ledger_.Transfer(s_locked, Ref::Fees(), fee);
    ConsumeCash(s, Plus(pay1, fee), quantity);
  }
  for (Order* o : {&b, &s}) {
    const int own = o->outcome == 0 ? price : 100 - price;
    o->cum_quantity += quantity;
    o->cum_quote_quantity = Plus(o->cum_quote_quantity, Notional(quantity, own));
    o->cum_fees = Plus(o->cum_fees, fee);
    o->last_exec_price = static_cast<std::uint8_t>(own);
  }
  market.last_price = static_cast<std::uint8_t>(price);
  observe_options_ = true;
  Emit(Trade{TradeId(next_trade_id_++), market.id, static_cast<std::uint8_t>(price), quantity,
             settlement, buyer_is_taker, b.id, s.id, b.account, s.account, fee, fee, now_});
}

void Exchange::ConsumeCash(Order& order, Money cost, std::int64_t quantity) {
  Money charge = cost;
  if (order.type == OrderType::kLimit) {
    // A limit order holds exactly PerShareLock(limit) per unfilled cash share; price
    // improvement and fee rounding leave a difference that returns to available at once.
    const std::size_t index = order.market.value() - 1;
    charge = Times(lock_table_[index][PayCents(order.book_side(), order.book_price())], quantity);
    if (charge < cost) Impossible("limit lock below the fill cost");
    ledger_.Transfer(Ref::Account(order.account, Bucket::kLockedEngine),
                     Ref::Account(order.account, Bucket::kAvailable), Minus(charge, cost));
  }
  if (order.locked_cash < charge) Impossible("order lock below the fill cost");
  order.locked_cash = Minus(order.locked_cash, charge);
}

void Exchange::ReleaseLocks(Order& order, std::uint32_t holding) {
  if (order.locked_cash.is_positive()) {
    ledger_.Transfer(Ref::Account(order.account, Bucket::kLockedEngine),
                     Ref::Account(order.account, Bucket::kAvailable), order.locked_cash);
    order.locked_cash = Money::Zero();
  }
  if (order.locked_shares > 0) {
    ledger_.UnlockShares(holding, order.outcome, order.locked_shares);
    order.locked_shares = 0;
  }
}

void Exchange::LinkAccount(std::uint32_t slot) {
  OrderNode& n = pool_[slot];
  Ledger::OrderList& list = ledger_.order_list(n.holding);
  n.account_next = kNilSlot;
  n.account_prev = list.tail;
  if (list.tail == kNilSlot) {
    list.head = slot;
  } else {
    pool_[list.tail].account_next = slot;
  }
  list.tail = slot;
}

void Exchange::UnlinkAccount(std::uint32_t slot) {
  OrderNode& n = pool_[slot];
  Ledger::OrderList& list = ledger_.order_list(n.holding);
  if (n.account_prev == kNilSlot) {
    list.head = n.account_next;
  } else {
    pool_[n.account_prev].account_next = n.account_next;
  }
  if (n.account_next == kNilSlot) {
    list.tail = n.account_prev;
  } else {
    pool_[n.account_next].account_prev = n.account_prev;
  }
  n.account_prev = n.account_next = kNilSlot;
}

void Exchange::Rest(std::uint32_t slot) {
  Order& o = pool_[slot].order;
  o.status = OrderStatus::kPlaced;
  order_index_.Insert(o.id.value(), slot);
  LinkAccount(slot);
  books_[o.market.value() - 1].Add(pool_, slot);
  EmitOrder(o);
}

void Exchange::Arm(std::uint32_t slot) {
  Order& o = pool_[slot].order;
  o.status = OrderStatus::kPlaced;
  order_index_.Insert(o.id.value(), slot);
  LinkAccount(slot);
  auto& stops = stops_[o.market.value() - 1];
  pool_[slot].stop_index = static_cast<std::uint32_t>(stops.size());
  stops.push_back(slot);
  EmitOrder(o);
}

void Exchange::Disarm(std::uint32_t slot) {
  Order& o = pool_[slot].order;
  auto& stops = stops_[o.market.value() - 1];
  const std::uint32_t at = pool_[slot].stop_index;
  stops[at] = stops.back();
  pool_[stops[at]].stop_index = at;
  stops.pop_back();
  order_index_.Erase(o.id.value());
  UnlinkAccount(slot);
}

void Exchange::Finish(std::uint32_t slot) {
  Order& o = pool_[slot].order;
  ReleaseLocks(o, pool_[slot].holding);
  EmitOrder(o);
  if (o.id.value() == out_->created_id) out_->order = o;
  pool_.Free(slot);
}

void Exchange::ExecuteAsMarket(std::uint32_t slot) {
  Order& o = pool_[slot].order;
  const BookSide side = o.book_side();
  Match(slot, side == BookSide::kBuy ? 99 : 1);
  bool complete;
  if (o.by_quote()) {
    // Done when the cap cannot buy one more share at the best remaining price.
    const int best = books_[o.market.value() - 1].Best(Opposite(side));
    const Money left = o.quote_quantity - o.cum_quote_quantity;
    complete = o.cum_quantity > 0 &&
               (left.is_zero() || (best != 0 && left < Notional(1, PayCents(side, best))));
  } else {
    complete = o.remaining() == 0;
  }
  if (complete) {
    o.status = OrderStatus::kFilled;
  } else {
    o.status = OrderStatus::kInternalCancel;
    o.reason = CancelReason::kNoLiquidity;
  }
  Finish(slot);
}

void Exchange::RunStops(MarketId market_id) {
  const std::size_t index = market_id.value() - 1;
  const Market& market = markets_[index];
  auto& stops = stops_[index];
  while (!stops.empty() && market.last_price != 0) {
    triggered_.clear();
    for (std::uint32_t slot : stops) {
      const Order& o = pool_[slot].order;
      const int last = o.outcome == 0 ? market.last_price : 100 - market.last_price;
      const bool fire =
          o.type == OrderType::kStopLoss ? last <= o.trigger_price : last >= o.trigger_price;
      if (fire) triggered_.push_back(slot);
    }
    if (triggered_.empty()) break;
    std::sort(triggered_.begin(), triggered_.end(), [this](std::uint32_t a, std::uint32_t b) {
      return pool_[a].order.id < pool_[b].order.id;
    });
    std::vector<std::uint32_t> batch;
    batch.swap(triggered_);
    for (std::uint32_t slot : batch) {
      Disarm(slot);
      ExecuteAsMarket(slot);
    }
    batch.clear();
    triggered_.swap(batch);
  }
}

void Exchange::CancelOpen(std::uint32_t slot, OrderStatus status, CancelReason reason) {
  Order& o = pool_[slot].order;
  if (o.is_stop()) {
    Disarm(slot);
  } else {
    books_[o.market.value() - 1].Remove(pool_, slot);
    order_index_.Erase(o.id.value());
    UnlinkAccount(slot);
  }
  ReleaseLocks(o, pool_[slot].holding);
  o.status = status;
  o.reason = reason;
  EmitOrder(o);
  // The command's own order, resting, then cancelled (self-trade) by a triggered stop.
  if (o.id.value() == out_->created_id && out_->has_order) out_->order = o;
  pool_.Free(slot);
}

}  // namespace probex::venue
