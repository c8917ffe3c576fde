// OrderPool: a slab of order nodes addressed by 32-bit slots, with a free list, so resting an
// order allocates nothing once the slab has grown to the working set. A node carries the order
// and its intrusive links: the FIFO queue of its price level and its account's open orders in
// the market. Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <cstdint>
#include <vector>

#include "venue/domain/order.h"

namespace probex::venue {

inline constexpr std::uint32_t kNilSlot = 0xFFFFFFFFu;

struct OrderNode {
  Order order;
  std::uint32_t prev = kNilSlot;  // level FIFO (resting) — unused while armed
  std::uint32_t next = kNilSlot;
  std::uint32_t account_prev = kNilSlot;  // the account's open orders in this market
  std::uint32_t account_next = kNilSlot;
  std::uint32_t holding = 0;     // the ledger position id of (account, market)
  std::uint32_t stop_index = 0;  // index in the market's armed-stop list while armed
};

class OrderPool {
 public:
  std::uint32_t Allocate() {
    if (free_head_ != kNilSlot) {
      std::uint32_t slot = free_head_;
      OrderNode& n = nodes_[slot];
      free_head_ = n.next;
      // The caller writes the order; only the links and bookkeeping are reset (no 112-byte
      // zeroing of a node that is about to be overwritten).
      n.prev = n.next = n.account_prev = n.account_next = kNilSlot;
      n.holding = 0;
      n.stop_index = 0;
      ++live_;
      return slot;
    }
    nodes_.emplace_back();
    ++live_;
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  void Free(std::uint32_t slot) {
    nodes_[slot].next = free_head_;
    free_head_ = slot;
    --live_;
  }
  OrderNode& operator[](std::uint32_t slot) { return nodes_[slot]; }
  const OrderNode& operator[](std::uint32_t slot) const { return nodes_[slot]; }
  void Reserve(std::size_t count) { nodes_.reserve(count); }
  std::size_t live() const { return live_; }

 private:
  std::vector<OrderNode> nodes_;
  std::uint32_t free_head_ = kNilSlot;
  std::size_t live_ = 0;
};

}  // namespace probex::venue
