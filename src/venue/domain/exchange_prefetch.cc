// Exchange::Prefetch: software prefetch of the memory a coming command will touch, so that a
// batch of commands over a large state (many markets, 10^5 resting orders) does not wait for one
// cache miss after another. Each stage follows pointers that the previous stage brought in:
//
//   stage  PlaceOrder                                  CancelOrders (its first ids)
//   0      position index entry, balances, market,     order index directory entry, balances
//          book level lines
//   1      position slot (order list)                  order index page line
//   2      tail node of the level and of the account   the order node
//          list; head node of the opposite best level
//   3      that maker's position slot and balances     the node's neighbours (level FIFO,
//                                                      account list), its position slot, level
//
// Only reads (the order index's last-page cache aside, which is not state); every index is checked
// against the current state (a stage runs before the commands ahead of it are applied, so an order
// may be gone or a level empty by then).
#include "venue/domain/clob_pricing.h"
#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

void Line(const void* p) { __builtin_prefetch(p); }

template <class T>
void Object(const T& object) {
  const char* p = reinterpret_cast<const char*>(&object);
  for (std::size_t offset = 0; offset < sizeof(T); offset += 64) __builtin_prefetch(p + offset);
  __builtin_prefetch(p + sizeof(T) - 1);
}

constexpr std::size_t kMaxCancelIds = 4;

}  // namespace

// Inlined into both entry points (one call per command in a batch, not one per stage).
[[gnu::always_inline]] inline void Exchange::PrefetchStage(const Command& command,
                                                           int stage) const {
  if (const auto* c = std::get_if<PlaceOrder>(&command)) {
    // Bounds only: a prefetch of a bad command's lines is harmless (Apply will reject it).
    const std::size_t index = static_cast<std::size_t>(c->market.value()) - 1;
    if (index >= markets_.size()) return;
    const OrderBook& book = books_[index];
    const BookSide side = BookSideOf(c->outcome, c->side);
    const BookSide opp = Opposite(side);
    // The limit in outcome-0 cents (0: market and stop orders, which sweep from the best price).
    auto book_price = [c] {
      if (!c->price) return 0;
      const std::int64_t units = c->price->units();
      const std::int64_t cents = units / kUnitsPerCent;
      if (cents < 1 || cents > 99 || cents * kUnitsPerCent != units) return 0;
      return c->outcome == 0 ? static_cast<int>(cents) : 100 - static_cast<int>(cents);
    };
    switch (stage) {
      case 0: {
        ledger_.PrefetchPositionEntry(c->account, c->market);
        ledger_.PrefetchAccount(c->account);
        Line(&markets_[index]);
        Line(reinterpret_cast<const char*>(&book) + sizeof(OrderBook) - 1);  // best-price bits
        if (const int price = book_price(); price != 0) {
          Line(&book.level(side, price));
          Line(&book.level(opp, price));
        }
        return;
      }
      case 1:
        if (const std::uint32_t pos = ledger_.FindPosition(c->account, c->market);
            pos != Ledger::kNoPosition) {
          ledger_.PrefetchPosition(pos);
        }
        if (const int best = book.Best(opp); best != 0) Line(&book.level(opp, best));
        return;
      case 2: {
        if (const std::uint32_t pos = ledger_.FindPosition(c->account, c->market);
            pos != Ledger::kNoPosition) {
          if (const std::uint32_t tail = ledger_.order_list(pos).tail; tail != kNilSlot) {
            Line(&pool_[tail].account_next);
          }
        }
        const int price = book_price();
        if (price != 0) {
          if (const std::uint32_t tail = book.level(side, price).tail; tail != kNilSlot) {
            Line(&pool_[tail].next);
          }
        }
        const int best = book.Best(opp);
        if (best != 0 && (price == 0 || (side == BookSide::kBuy ? best <= price : best >= price))) {
          Object(pool_[book.level(opp, best).head]);
        }
        return;
      }
      case 3: {
        const int best = book.Best(opp);
        if (best == 0) return;
        const int price = book_price();
        if (price == 0 || (side == BookSide::kBuy ? best <= price : best >= price)) {
          const OrderNode& maker = pool_[book.level(opp, best).head];
          if (maker.holding < ledger_.position_count()) ledger_.PrefetchPosition(maker.holding);
          ledger_.PrefetchAccount(maker.order.account);
        }
        return;
      }
      default:
        return;
    }
  }
  if (const auto* c = std::get_if<CancelOrders>(&command)) {
    const std::size_t n = std::min(c->order_ids.size(), kMaxCancelIds);
    if (stage == 0) ledger_.PrefetchAccount(c->account);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t id = c->order_ids[i].value();
      switch (stage) {
        case 0:
          order_index_.PrefetchDirectory(id);
          break;
        case 1:
          order_index_.PrefetchSlot(id);
          break;
        case 2:
          if (const std::uint32_t slot = order_index_.Find(id); slot != FlatIndex::kMissing) {
            Object(pool_[slot]);
          }
          break;
        case 3:
          if (const std::uint32_t slot = order_index_.Find(id); slot != FlatIndex::kMissing) {
            const OrderNode& node = pool_[slot];
            for (std::uint32_t s : {node.prev, node.next, node.account_prev, node.account_next}) {
              if (s != kNilSlot) Line(&pool_[s].next);
            }
            if (node.holding < ledger_.position_count()) ledger_.PrefetchPosition(node.holding);
            const Order& o = node.order;
            if (!o.is_stop() && o.market.value() >= 1 && o.market.value() <= books_.size()) {
              Line(&books_[o.market.value() - 1].level(o.book_side(), o.book_price()));
            }
          }
          break;
        default:
          break;
      }
    }
  }
}

void Exchange::Prefetch(const Command& command, int stage) const { PrefetchStage(command, stage); }

void Exchange::PrefetchAhead(const Command* commands, std::size_t count, std::size_t i,
                             std::size_t distance) const {
  // Unrolled: each inlined copy is specialised for its constant stage.
  static_assert(kPrefetchStages == 4);
  if (i + 4 * distance < count) PrefetchStage(commands[i + 4 * distance], 0);
  if (i + 3 * distance < count) PrefetchStage(commands[i + 3 * distance], 1);
  if (i + 2 * distance < count) PrefetchStage(commands[i + 2 * distance], 2);
  if (i + distance < count) PrefetchStage(commands[i + distance], 3);
}

}  // namespace probex::venue
