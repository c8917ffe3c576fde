#include "venue/domain/flat_index.h"

#include <bit>
#include <cstdlib>

namespace probex::venue {

FlatIndex::FlatIndex(std::size_t initial_capacity) {
  Rehash(std::bit_ceil(initial_capacity < 16 ? std::size_t{16} : initial_capacity));
}

void FlatIndex::Rehash(std::size_t new_capacity) {
  std::vector<Entry> old = std::move(entries_);
  entries_.assign(new_capacity, Entry{0, 0});
  mask_ = new_capacity - 1;
  shift_ = 64 - std::countr_zero(new_capacity);
  size_ = 0;
  for (const Entry& e : old) {
    if (e.key != 0) Insert(e.key, e.value);
  }
}

void FlatIndex::Insert(std::uint64_t key, std::uint32_t value) {
  if (key == 0) std::abort();  // reserved for empty slots: an impossible state
  if ((size_ + 1) * 4 > entries_.size() * 3) Rehash(entries_.size() * 2);  // load ≤ 3/4
  std::size_t i = Home(key);
  while (true) {
    Entry& e = entries_[i];
    if (e.key == key) {
      e.value = value;
      return;
    }
    if (e.key == 0) {
      e.key = key;
      e.value = value;
      ++size_;
      return;
    }
    i = (i + 1) & mask_;
  }
}

bool FlatIndex::Erase(std::uint64_t key) {
  std::size_t i = Home(key);
  while (true) {
    if (entries_[i].key == key) break;
    if (entries_[i].key == 0) return false;
    i = (i + 1) & mask_;
  }
  // Backward-shift: pull later entries of the probe run into the hole when their home allows.
  std::size_t hole = i;
  std::size_t j = i;
  while (true) {
    j = (j + 1) & mask_;
    const Entry& e = entries_[j];
    if (e.key == 0) break;
    std::size_t home = Home(e.key);
    // Move e into the hole if the hole lies cyclically in [home, j).
    bool movable = ((j - home) & mask_) >= ((j - hole) & mask_);
    if (movable) {
      entries_[hole] = e;
      hole = j;
    }
  }
  entries_[hole] = Entry{0, 0};
  --size_;
  return true;
}

void FlatIndex::Clear() {
  for (Entry& e : entries_) e = Entry{0, 0};
  size_ = 0;
}

void FlatIndex::Reserve(std::size_t count) {
  const std::size_t need = count + count / 3 + 1;  // load ≤ 3/4
  std::size_t want = std::bit_ceil(need < 16 ? std::size_t{16} : need);
  if (want > entries_.size()) Rehash(want);
}

}  // namespace probex::venue
