#include "crypto/secp256k1_signer.h"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>

namespace probex::crypto {
namespace {

const secp256k1_context* Context() {
  static secp256k1_context* const kContext = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return kContext;
}

Address AddressOf(const secp256k1_pubkey& pubkey) {
  std::uint8_t uncompressed[65];
  std::size_t size = sizeof uncompressed;
  secp256k1_ec_pubkey_serialize(Context(), uncompressed, &size, &pubkey, SECP256K1_EC_UNCOMPRESSED);
  const Hash256 hash = Keccak256(uncompressed + 1, 64);
  Address out;
  std::copy(hash.begin() + 12, hash.end(), out.begin());
  return out;
}

}  // namespace

std::optional<Signature> ParseSignature(std::string_view text) {
  if (text.size() != 132 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::nullopt;
  }
  auto bytes = FromHex(text);
  if (!bytes || bytes->size() != 65) return std::nullopt;
  Signature out;
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

std::optional<PrivateKey> PrivateKey::FromBytes(const std::array<std::uint8_t, 32>& secret) {
  if (secp256k1_ec_seckey_verify(Context(), secret.data()) != 1) return std::nullopt;
  secp256k1_pubkey pubkey;
  if (secp256k1_ec_pubkey_create(Context(), &pubkey, secret.data()) != 1) return std::nullopt;
  PrivateKey key;
  key.secret_ = secret;
  key.address_ = AddressOf(pubkey);
  return key;
}

Signature PrivateKey::Sign(const Hash256& digest) const {
  secp256k1_ecdsa_recoverable_signature sig;
  // Cannot fail for a verified secret and the default nonce function.
  secp256k1_ecdsa_sign_recoverable(Context(), &sig, digest.data(), secret_.data(), nullptr,
                                   nullptr);
  Signature out;
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(Context(), out.data(), &recid, &sig);
  out[64] = static_cast<std::uint8_t>(27 + recid);
  return out;
}

Result<Address> RecoverSigner(const Hash256& digest, const Signature& signature) {
  int v = signature[64];
  if (v >= 27) v -= 27;
  if (v < 0 || v > 1) return MakeError("invalid_signature", "v must be 27, 28, 0 or 1");
  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(Context(), &sig, signature.data(), v) !=
      1) {
    return MakeError("invalid_signature", "r or s is out of range");
  }
  secp256k1_pubkey pubkey;
  if (secp256k1_ecdsa_recover(Context(), &pubkey, &sig, digest.data()) != 1) {
    return MakeError("invalid_signature", "no public key recovers from this signature");
  }
  return AddressOf(pubkey);
}

}  // namespace probex::crypto
