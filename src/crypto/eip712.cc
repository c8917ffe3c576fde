#include "crypto/eip712.h"

#include <algorithm>

namespace probex::crypto {

std::optional<Address> ParseAddress(std::string_view text) {
  if (text.size() != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::nullopt;
  }
  auto bytes = FromHex(text);
  if (!bytes || bytes->size() != 20) return std::nullopt;
  Address out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

std::string FormatAddress(const Address& address) { return To0xHex(address); }

Word WordFromUint(unsigned __int128 value) {
  Word w{};
  for (int i = 31; i >= 16; --i) {
    w[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value & 0xFF);
    value >>= 8;
  }
  return w;
}

std::optional<Word> WordFromDecimal(std::string_view text) {
  if (text.empty() || text.size() > 78) return std::nullopt;
  Word w{};
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    unsigned carry = static_cast<unsigned>(c - '0');
    for (int i = 31; i >= 0; --i) {  // w = w × 10 + digit
      const unsigned v = w[static_cast<std::size_t>(i)] * 10u + carry;
      w[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xFF);
      carry = v >> 8;
    }
    if (carry != 0) return std::nullopt;
  }
  return w;
}

std::string WordToDecimal(const Word& word) {
  Word w = word;
  std::string digits;
  for (;;) {
    bool zero = true;
    unsigned rem = 0;
    for (std::size_t i = 0; i < 32; ++i) {  // w = w / 10
      const unsigned v = (rem << 8) | w[i];
      w[i] = static_cast<std::uint8_t>(v / 10);
      rem = v % 10;
      if (w[i] != 0) zero = false;
    }
    digits.push_back(static_cast<char>('0' + rem));
    if (zero) break;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

Word WordFromAddress(const Address& address) {
  Word w{};
  std::copy(address.begin(), address.end(), w.begin() + 12);
  return w;
}

Word WordFromBool(bool value) { return WordFromUint(value ? 1 : 0); }

StructHasher::StructHasher(std::string_view type) { AddWord(Keccak256(type)); }

StructHasher& StructHasher::AddWord(const Word& word) {
  bytes_.append(reinterpret_cast<const char*>(word.data()), word.size());
  return *this;
}

Hash256 Eip712Domain::Separator() const {
  return StructHasher(
             "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
      .AddString(name)
      .AddString(version)
      .AddUint(chain_id)
      .AddAddress(verifying_contract)
      .Hash();
}

Hash256 TypedDataDigest(const Hash256& domain_separator, const Hash256& struct_hash) {
  std::string bytes("\x19\x01", 2);
  bytes.append(reinterpret_cast<const char*>(domain_separator.data()), 32);
  bytes.append(reinterpret_cast<const char*>(struct_hash.data()), 32);
  return Keccak256(bytes);
}

Hash256 OrderStructHash(const RfqOrder& order) {
  return StructHasher(kOrderType)
      .AddAddress(order.maker)
      .AddWord(order.series_id)
      .AddUint(order.option_amount)
      .AddUint(order.premium_amount)
      .AddBool(order.maker_selling)
      .AddAddress(order.taker)
      .AddUint(order.valid_until)
      .AddUint(order.nonce)
      .Hash();
}

}  // namespace probex::crypto
