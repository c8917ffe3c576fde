#include "venue/domain/order_book.h"

namespace probex::venue {

void OrderBook::Add(OrderPool& pool, std::uint32_t slot) {
  OrderNode& node = pool[slot];
  const int side = Index(node.order.book_side());
  const int price = node.order.book_price();
  Level& level = levels_[side][price];
  node.next = kNilSlot;
  node.prev = level.tail;
  if (level.tail == kNilSlot) {
    level.head = slot;
    SetBit(side, price);
  } else {
    pool[level.tail].next = slot;
  }
  level.tail = slot;
  ++level.count;
  level.quantity += node.order.remaining();
}

void OrderBook::Remove(OrderPool& pool, std::uint32_t slot) {
  OrderNode& node = pool[slot];
  const int side = Index(node.order.book_side());
  const int price = node.order.book_price();
  Level& level = levels_[side][price];
  if (node.prev == kNilSlot) {
    level.head = node.next;
  } else {
    pool[node.prev].next = node.next;
  }
  if (node.next == kNilSlot) {
    level.tail = node.prev;
  } else {
    pool[node.next].prev = node.prev;
  }
  node.prev = node.next = kNilSlot;
  --level.count;
  level.quantity -= node.order.remaining();
  if (level.count == 0) ClearBit(side, price);
}

int OrderBook::NextWorse(BookSide side, int price) const {
  const auto& bits = bits_[Index(side)];
  if (side == BookSide::kBuy) {
    for (int p = price - 1; p >= 1; --p) {
      if (bits[p >> 6] & (1ull << (p & 63))) return p;
    }
    return 0;
  }
  for (int p = price + 1; p <= 99; ++p) {
    if (bits[p >> 6] & (1ull << (p & 63))) return p;
  }
  return 0;
}

}  // namespace probex::venue
