// EIP-712 typed structured data hashing: 32-byte words, type hashes, struct hashes, the domain
// separator and the final digest keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)).
// Also the one typed message probex signs: the RFQ desk's `Order`.
// Thread rule: pure functions and value types.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/keccak.h"

namespace probex::crypto {

using Word = std::array<std::uint8_t, 32>;  // one ABI-encoded value (big-endian)
using Address = std::array<std::uint8_t, 20>;

// "0x" + 40 hex digits (any case; EIP-55 checksums are not verified). nullopt otherwise.
std::optional<Address> ParseAddress(std::string_view text);
std::string FormatAddress(const Address& address);  // "0x" + 40 lowercase hex digits

Word WordFromUint(unsigned __int128 value);
// A uint256 in decimal (no sign, no leading '+'); nullopt when empty, not decimal or ≥ 2^256.
std::optional<Word> WordFromDecimal(std::string_view text);
std::string WordToDecimal(const Word& word);
Word WordFromAddress(const Address& address);
Word WordFromBool(bool value);
inline Word WordFromHash(const Hash256& hash) { return hash; }

// hashStruct(s) = keccak256(typeHash ‖ encodeData(s)). Append the members' words in the order
// of the type string; strings and bytes are hashed first (AddString), nested structs go in as
// their own struct hash (AddWord).
class StructHasher {
 public:
  // `type` is the encodeType string, e.g. "Mail(Person from,Person to,string contents)Person(...)".
  explicit StructHasher(std::string_view type);
  StructHasher& AddWord(const Word& word);
  StructHasher& AddUint(unsigned __int128 value) { return AddWord(WordFromUint(value)); }
  StructHasher& AddAddress(const Address& a) { return AddWord(WordFromAddress(a)); }
  StructHasher& AddBool(bool v) { return AddWord(WordFromBool(v)); }
  StructHasher& AddString(std::string_view text) { return AddWord(Keccak256(text)); }
  Hash256 Hash() const { return Keccak256(bytes_); }

 private:
  std::string bytes_;
};

// EIP712Domain(string name,string version,uint256 chainId,address verifyingContract).
struct Eip712Domain {
  std::string name;
  std::string version;
  std::uint64_t chain_id = 1;
  Address verifying_contract{};

  Hash256 Separator() const;
};

// keccak256("\x19\x01" ‖ domain_separator ‖ struct_hash).
Hash256 TypedDataDigest(const Hash256& domain_separator, const Hash256& struct_hash);

// ---- The RFQ desk's order (amounts are 6-decimal integers). ----
inline constexpr std::string_view kOrderType =
    "Order(address maker,uint256 seriesId,uint256 optionAmount,uint256 premiumAmount,"
    "bool makerSelling,address taker,uint256 validUntil,uint256 nonce)";

struct RfqOrder {
  Address maker{};
  Word series_id{};
  std::uint64_t option_amount = 0;   // options × 10^6
  std::uint64_t premium_amount = 0;  // premium × 10^6
  bool maker_selling = false;        // the maker writes (the taker buys)
  Address taker{};
  std::uint64_t valid_until = 0;  // unix seconds
  std::uint64_t nonce = 0;
};

Hash256 OrderStructHash(const RfqOrder& order);
inline Hash256 OrderDigest(const Eip712Domain& domain, const RfqOrder& order) {
  return TypedDataDigest(domain.Separator(), OrderStructHash(order));
}

}  // namespace probex::crypto
