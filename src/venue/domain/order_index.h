// OrderIndex: open order id → pool slot. Order ids are handed out sequentially, so the index is a
// set of pages of kPageSize consecutive ids, each a plain array of slots; a small hash directory
// (page number → page) finds the page. A lookup is one probe of the (cache-resident) directory and
// one load from the page; inserting a new order writes next to the previous new order, so
// inserts stay in cache. A page is recycled when its last open order closes. Memory: 4 bytes per
// id of every page that still holds an open order (4 MB per million dense open orders, against
// 32–64 MB for a hash table of 16-byte entries at load ≤ 1/2); at worst, one open order pins
// one page (kPageSize × 4 bytes). Iteration order is not part of any encoded state.
// Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "venue/domain/flat_index.h"

namespace probex::venue {

class OrderIndex {
 public:
  static constexpr std::uint32_t kMissing = FlatIndex::kMissing;
  static constexpr int kPageBits = 8;
  static constexpr std::uint64_t kPageSize = 1ull << kPageBits;

  OrderIndex() = default;
  OrderIndex(const OrderIndex& other) { *this = other; }
  OrderIndex& operator=(const OrderIndex& other);
  OrderIndex(OrderIndex&&) noexcept = default;
  OrderIndex& operator=(OrderIndex&&) noexcept = default;

  // The slot of open order `id`, or kMissing.
  std::uint32_t Find(std::uint64_t id) const {
    const std::uint32_t page = PageOf(id >> kPageBits);
    return page == kMissing ? kMissing : pages_[page]->slots[id & (kPageSize - 1)];
  }
  // Hints (change nothing, not even the page cache): the directory entry of `id`'s page; then
  // the line of the page that holds `id`'s slot (the directory entry should be cached by then).
  void PrefetchDirectory(std::uint64_t id) const { directory_.Prefetch((id >> kPageBits) + 1); }
  void PrefetchSlot(std::uint64_t id) const {
    const std::uint32_t page = directory_.Find((id >> kPageBits) + 1);
    if (page != kMissing) __builtin_prefetch(&pages_[page]->slots[id & (kPageSize - 1)]);
  }
  // `id` must not be present (ids are never reused) and not 0.
  void Insert(std::uint64_t id, std::uint32_t slot);
  // Removes `id`; returns whether it was present.
  bool Erase(std::uint64_t id);
  void Reserve(std::size_t count);

  std::size_t size() const { return size_; }

 private:
  struct Page {
    std::uint32_t slots[kPageSize];
    std::uint32_t count;  // open orders in the page
  };
  std::uint32_t PageOf(std::uint64_t page_no) const {
    if (page_no == cached_no_) return cached_page_;
    const std::uint32_t page = directory_.Find(page_no + 1);
    if (page != kMissing) {
      cached_no_ = page_no;
      cached_page_ = page;
    }
    return page;
  }

  FlatIndex directory_;                       // page number + 1 → index in pages_
  std::vector<std::unique_ptr<Page>> pages_;  // live and free pages
  std::vector<std::uint32_t> free_pages_;
  std::size_t size_ = 0;
  // The last page looked up (consecutive ids share it). Not state: a cache.
  mutable std::uint64_t cached_no_ = ~0ull;
  mutable std::uint32_t cached_page_ = kMissing;
};

}  // namespace probex::venue
