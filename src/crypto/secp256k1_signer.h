// Ethereum-style secp256k1 signatures over 32-byte digests: signing with a private key (tests,
// the MM's maker connector) and recovering the signer's address from a 65-byte r ‖ s ‖ v
// signature (v = 27/28 or 0/1). The address is the last 20 bytes of keccak256 of the
// uncompressed public key without its 0x04 prefix. Backed by libsecp256k1's recovery module.
// Thread rule: thread-safe (one shared, read-only library context).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "crypto/eip712.h"
#include "crypto/keccak.h"

namespace probex::crypto {

using Signature = std::array<std::uint8_t, 65>;  // r ‖ s ‖ v

// "0x" + 130 hex digits; nullopt otherwise.
std::optional<Signature> ParseSignature(std::string_view text);

class PrivateKey {
 public:
  // nullopt when the 32 bytes are not a valid secret (zero or ≥ the curve order).
  static std::optional<PrivateKey> FromBytes(const std::array<std::uint8_t, 32>& secret);
  Address address() const { return address_; }
  // A deterministic (RFC 6979) signature with v = 27 + recovery id, s in the lower half.
  Signature Sign(const Hash256& digest) const;

 private:
  std::array<std::uint8_t, 32> secret_{};
  Address address_{};
};

// The address whose key made `signature` over `digest`; errors "invalid_signature".
Result<Address> RecoverSigner(const Hash256& digest, const Signature& signature);

}  // namespace probex::crypto
