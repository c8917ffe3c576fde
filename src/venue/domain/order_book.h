// OrderBook: the resting limit orders of one two-outcome market, keyed by the outcome-0 price in
// whole cents. Each side has 99 levels, each an intrusive FIFO of pool nodes (time priority), a
// total quantity and a bitmap of non-empty levels, so the best price is one bit scan, and adding
// or removing an order is O(1). It links and unlinks nodes only; matching, locks and events live
// in Exchange. Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "venue/domain/order_pool.h"

namespace probex::venue {

class OrderBook {
 public:
  struct Level {
    std::uint32_t head = kNilSlot;
    std::uint32_t tail = kNilSlot;
    std::uint32_t count = 0;
    std::int64_t quantity = 0;  // Σ remaining shares of the orders in the queue
  };

  // Appends the node (its order's book side, book price and remaining quantity) at the tail.
  void Add(OrderPool& pool, std::uint32_t slot);
  // Unlinks the node from its level.
  void Remove(OrderPool& pool, std::uint32_t slot);
  // A resting order was partly filled: its level total shrinks by `quantity`.
  void Reduce(BookSide side, int price, std::int64_t quantity) {
    levels_[Index(side)][price].quantity -= quantity;
  }

  // Best price of a side in outcome-0 cents (highest buy, lowest sell), 0 when empty.
  int Best(BookSide side) const {
    const auto& bits = bits_[Index(side)];
    if (side == BookSide::kBuy) {
      if (bits[1] != 0) return 127 - std::countl_zero(bits[1]);
      if (bits[0] != 0) return 63 - std::countl_zero(bits[0]);
      return 0;
    }
    if (bits[0] != 0) return std::countr_zero(bits[0]);
    if (bits[1] != 0) return 64 + std::countr_zero(bits[1]);
    return 0;
  }
  // The next non-empty price strictly worse than `price` on `side`, 0 when none.
  int NextWorse(BookSide side, int price) const;

  const Level& level(BookSide side, int price) const { return levels_[Index(side)][price]; }
  bool empty() const { return (bits_[0][0] | bits_[0][1] | bits_[1][0] | bits_[1][1]) == 0; }

 private:
  static int Index(BookSide side) { return static_cast<int>(side); }
  void SetBit(int side, int price) { bits_[side][price >> 6] |= 1ull << (price & 63); }
  void ClearBit(int side, int price) { bits_[side][price >> 6] &= ~(1ull << (price & 63)); }

  std::array<std::array<Level, 100>, 2> levels_{};  // [side][cents], index 0 unused
  std::array<std::array<std::uint64_t, 2>, 2> bits_{};
};

}  // namespace probex::venue
