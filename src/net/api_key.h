// API keys: generation from OpenSSL's CSPRNG with a typed prefix per kind, SHA-256 hashing,
// constant-time comparison, format checks, and KeyRegistry, an in-memory store of key records
// (hashes only, never the keys) for services that do not journal their keys.
//
//   kind       example                                       used by
//   kVenue     ak_7Gq2...(40 base62 chars)                    Unhedged venue (Bearer token)
//   kMaker     mk_live_Xy81...(40 base62 chars)               Convallax makers (X-API-Key)
//   kMmClient  3f0c1a8e-5b7d-4c2e-9a41-0d6f2b9e7c15 (UUID v4)   55-tech MM engine (X-API-Key)
//
// A key is shown once at creation; afterwards only its hash and its display prefix are kept.
// Thread rule: the free functions are thread-safe; KeyRegistry is thread-safe (shared mutex).
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time.h"

namespace probex::net {

enum class KeyKind { kVenue, kMaker, kMmClient };

// "ak_", "mk_live_", "" (UUIDs have no tag).
std::string_view KeyTag(KeyKind kind);

// `n` bytes from OpenSSL RAND_bytes. Aborts if the CSPRNG fails (nothing safe can follow).
std::string RandomBytes(std::size_t n);
// `n` characters of [0-9A-Za-z], uniform (rejection sampling over CSPRNG bytes).
std::string RandomBase62(std::size_t n);
// A random (version 4, RFC 4122 variant) UUID in lowercase: "xxxxxxxx-xxxx-4xxx-[89ab]xxx-...".
std::string NewUuidV4();
// 8-4-4-4-12 hex digits of any case; `v4_only` also checks the version and variant digits.
bool IsUuid(std::string_view text, bool v4_only = false);

// A new key of `kind` (40 random base62 characters after the tag, ~238 bits; or a UUID v4).
std::string GenerateKey(KeyKind kind);

// Whether a presented key has the shape of `kind`: the tag followed by 8..128 characters of
// [A-Za-z0-9_-] (keys issued elsewhere, like "mk_live_alpha_xxx", pass), or a UUID.
Status ValidateKeyFormat(KeyKind kind, std::string_view key);

// The form a key is hashed and stored in: UUIDs lowercased, others unchanged.
std::string CanonicalKey(KeyKind kind, std::string_view key);

// Lowercase hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);
// Sha256Hex of the canonical key.
std::string HashKey(KeyKind kind, std::string_view key);

// Equality whose duration depends only on the lengths, never on where the bytes differ
// (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// What users see of a key to recognize it: the tag and the first 8 characters after it
// ("ak_7Gq2kLm9"); the first 8 characters of a UUID.
std::string DisplayPrefix(KeyKind kind, std::string_view key);

struct KeyRecord {
  std::string id;     // "key_" + 24 hex characters, not secret
  std::string owner;  // account, maker or client id
  KeyKind kind = KeyKind::kVenue;
  std::string hash;    // HashKey(kind, key)
  std::string prefix;  // DisplayPrefix(kind, key)
  std::set<std::string, std::less<>> scopes;
  Timestamp created_at;
  bool revoked = false;

  bool HasScope(std::string_view scope) const { return scopes.find(scope) != scopes.end(); }
};

class KeyRegistry {
 public:
  explicit KeyRegistry(const Clock& clock) : clock_(clock) {}

  struct Issued {
    std::string key;  // the plaintext: give it to the user once, then forget it
    KeyRecord record;
  };
  // Generates and stores a new key.
  Issued Issue(KeyKind kind, std::string owner, std::set<std::string, std::less<>> scopes);
  // Stores a key chosen elsewhere (configuration, demo seeds); only its hash is kept.
  // Errors: malformed_key, duplicate_key.
  Result<KeyRecord> Register(KeyKind kind, std::string_view key, std::string owner,
                             std::set<std::string, std::less<>> scopes);
  // Restores a record (e.g. loaded from storage). Errors: duplicate_key.
  Status Insert(KeyRecord record);

  // The record of a presented key. Errors: malformed_key, unknown_key, revoked_key.
  Result<KeyRecord> Authenticate(KeyKind kind, std::string_view presented) const;

  // Errors: unknown_key.
  Status Revoke(std::string_view id);
  std::optional<KeyRecord> FindById(std::string_view id) const;
  std::vector<KeyRecord> ListByOwner(std::string_view owner) const;
  std::size_t size() const;

 private:
  Status InsertLocked(KeyRecord record);

  const Clock& clock_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, KeyRecord> by_hash_;
  std::unordered_map<std::string, std::string> hash_by_id_;
};

}  // namespace probex::net
