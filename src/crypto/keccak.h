// Keccak-256 (the original Keccak padding Ethereum uses, not NIST SHA3-256) and the hex helpers
// of the crypto kit. Thread rule: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace probex::crypto {

using Hash256 = std::array<std::uint8_t, 32>;

Hash256 Keccak256(std::string_view bytes);
inline Hash256 Keccak256(const std::uint8_t* data, std::size_t size) {
  return Keccak256(std::string_view(reinterpret_cast<const char*>(data), size));
}

// Lowercase hex without a prefix.
std::string ToHex(const std::uint8_t* data, std::size_t size);
template <std::size_t N>
std::string ToHex(const std::array<std::uint8_t, N>& bytes) {
  return ToHex(bytes.data(), N);
}
// "0x" + lowercase hex.
template <std::size_t N>
std::string To0xHex(const std::array<std::uint8_t, N>& bytes) {
  return "0x" + ToHex(bytes.data(), N);
}
// Hex digits (either case, optional "0x") to bytes; nullopt on an odd length or a non-hex digit.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace probex::crypto
