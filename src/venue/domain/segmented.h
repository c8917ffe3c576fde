// Segmented<T>: a growable array stored in fixed chunks of 2^kChunkBits elements, so growing
// never copies the elements nor frees a buffer half its size. Used for the per-position tables,
// which reach hundreds of thousands of entries: a doubling std::vector leaves every outgrown
// buffer behind in the allocator's heap (tens of MB resident with 1 M resting orders). Access is
// one extra load (the chunk pointer, a small, hot table). Value semantics (deep copy).
// Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace probex::venue {

template <class T, int kChunkBits = 12>
class Segmented {
 public:
  static constexpr std::size_t kChunk = std::size_t{1} << kChunkBits;

  Segmented() = default;
  Segmented(const Segmented& other) { *this = other; }
  Segmented& operator=(const Segmented& other) {
    if (this == &other) return *this;
    chunks_.clear();
    chunks_.reserve(other.chunks_.size());
    for (const auto& c : other.chunks_) {
      chunks_.push_back(std::make_unique<T[]>(kChunk));
      std::copy(c.get(), c.get() + kChunk, chunks_.back().get());
    }
    size_ = other.size_;
    return *this;
  }
  Segmented(Segmented&&) noexcept = default;
  Segmented& operator=(Segmented&&) noexcept = default;

  T& operator[](std::size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  void push_back(const T& value) {
    if ((size_ >> kChunkBits) == chunks_.size()) chunks_.push_back(std::make_unique<T[]>(kChunk));
    (*this)[size_++] = value;
  }
  // Grows with value-initialised elements (never shrinks).
  void resize(std::size_t n) {
    while (size_ < n) push_back(T{});
  }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace probex::venue
