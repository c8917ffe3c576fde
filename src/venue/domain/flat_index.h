// FlatIndex: a map from non-zero 64-bit keys to 32-bit values, open addressing with linear
// probing and backward-shift deletion (no tombstones), so lookups, inserts and erases are O(1)
// on average and never allocate except when the table doubles. Used for order id → pool slot
// and (account, market) → position. Iteration order is not part of any state that is encoded.
// Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <cstdint>
#include <vector>

namespace probex::venue {

class FlatIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

  explicit FlatIndex(std::size_t initial_capacity = 16);

  // The value for `key`, or kMissing.
  std::uint32_t Find(std::uint64_t key) const {
    std::size_t i = Home(key);
    while (true) {
      const Entry& e = entries_[i];
      if (e.key == key) return e.value;
      if (e.key == 0) return kMissing;
      i = (i + 1) & mask_;
    }
  }
  // Hint: fetches the cache line where `key`'s lookup starts. Reads nothing, changes nothing.
  void Prefetch(std::uint64_t key) const { __builtin_prefetch(&entries_[Home(key)]); }
  // Inserts or overwrites. `key` must not be 0.
  void Insert(std::uint64_t key, std::uint32_t value);
  // Removes `key`; returns whether it was present.
  bool Erase(std::uint64_t key);
  void Clear();
  void Reserve(std::size_t count);

  std::size_t size() const { return size_; }
  std::size_t capacity() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t key;
    std::uint32_t value;
  };
  std::size_t Home(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> shift_);
  }
  void Rehash(std::size_t new_capacity);

  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
  int shift_ = 64;
  std::size_t size_ = 0;
};

}  // namespace probex::venue
