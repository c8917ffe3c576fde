// ByteWriter / ByteReader: the little-endian encoding shared by command and snapshot codecs.
// The reader is bounds-checked: a read past the end (or a length that does not fit) sets a
// sticky failure flag and yields zeros, so decoders check `ok()` once and never read out of
// bounds. Thread rule: plain helpers over caller-owned buffers.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/time.h"

namespace probex::venue {

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  void U8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(std::uint32_t v) { Raw(v); }
  void U64(std::uint64_t v) { Raw(v); }
  void I64(std::int64_t v) { Raw(static_cast<std::uint64_t>(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Amount(Money m) { I64(m.units()); }
  void Time(Timestamp t) { I64(t.micros()); }
  void String(std::string_view s) {
    U32(static_cast<std::uint32_t>(s.size()));
    out_.append(s.data(), s.size());
  }

 private:
  template <typename T>
  void Raw(T v) {
    char buf[sizeof(T)];
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(buf, &v, sizeof(T));
    } else {
      for (std::size_t i = 0; i < sizeof(T); ++i) buf[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    }
    out_.append(buf, sizeof(T));
  }
  std::string& out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  std::uint8_t U8() { return static_cast<std::uint8_t>(Raw<std::uint8_t>()); }
  std::uint32_t U32() { return Raw<std::uint32_t>(); }
  std::uint64_t U64() { return Raw<std::uint64_t>(); }
  std::int64_t I64() { return static_cast<std::int64_t>(Raw<std::uint64_t>()); }
  bool Bool() {
    std::uint8_t v = U8();
    if (v > 1) failed_ = true;
    return v == 1;
  }
  Money Amount() { return Money::FromUnits(I64()); }
  Timestamp Time() { return Timestamp::FromMicros(I64()); }
  // A length-prefixed string of at most `max_size` bytes.
  std::string String(std::size_t max_size = 1 << 20) {
    std::uint32_t n = U32();
    if (failed_ || n > max_size || n > in_.size() - pos_) {
      failed_ = true;
      return {};
    }
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // A count of items each at least `min_item_bytes` long: fails when the rest cannot hold them.
  std::uint32_t Count(std::size_t min_item_bytes) {
    std::uint32_t n = U32();
    if (failed_ || (min_item_bytes > 0 && n > (in_.size() - pos_) / min_item_bytes)) {
      failed_ = true;
      return 0;
    }
    return n;
  }
  void Fail() { failed_ = true; }
  bool ok() const { return !failed_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t position() const { return pos_; }

 private:
  template <typename T>
  T Raw() {
    if (failed_ || in_.size() - pos_ < sizeof(T)) {
      failed_ = true;
      return T{};
    }
    T v{};
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, in_.data() + pos_, sizeof(T));  // one load: the encoding is little-endian
    } else {
      for (std::size_t i = 0; i < sizeof(T); ++i) {
        v |= static_cast<T>(static_cast<T>(static_cast<unsigned char>(in_[pos_ + i])) << (8 * i));
      }
    }
    pos_ += sizeof(T);
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace probex::venue
