#include "net/api_key.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace probex::net {
namespace {

constexpr std::size_t kRandomChars = 40;
constexpr std::size_t kMinBodyChars = 8;
constexpr std::size_t kMaxBodyChars = 128;
constexpr std::size_t kShownChars = 8;
constexpr char kHexDigits[] = "0123456789abcdef";

std::string ToHex(const unsigned char* data, std::size_t n) {
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHexDigits[data[i] >> 4];
    out[2 * i + 1] = kHexDigits[data[i] & 0xF];
  }
  return out;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsBodyChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '-';
}

}  // namespace

std::string_view KeyTag(KeyKind kind) {
  switch (kind) {
    case KeyKind::kVenue:
      return "ak_";
    case KeyKind::kMaker:
      return "mk_live_";
    case KeyKind::kMmClient:
      return "";
  }
  return "";
}

std::string RandomBytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::fputs("probex: OpenSSL RAND_bytes failed; refusing to continue without a CSPRNG\n",
               stderr);
    std::abort();
  }
  return out;
}

std::string RandomBase62(std::size_t n) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    std::string bytes = RandomBytes(n - out.size() + 8);
    for (char b : bytes) {
      unsigned char u = static_cast<unsigned char>(b);
      if (u >= 248) continue;  // 248 = 4 × 62: keeps every character equally likely
      out.push_back(kAlphabet[u % 62]);
      if (out.size() == n) break;
    }
  }
  return out;
}

std::string NewUuidV4() {
  std::string b = RandomBytes(16);
  b[6] = static_cast<char>((static_cast<unsigned char>(b[6]) & 0x0F) | 0x40);
  b[8] = static_cast<char>((static_cast<unsigned char>(b[8]) & 0x3F) | 0x80);
  std::string hex = ToHex(reinterpret_cast<const unsigned char*>(b.data()), b.size());
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

bool IsUuid(std::string_view text, bool v4_only) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !IsHex(text[i])) return false;
  }
  if (v4_only) {
    if (text[14] != '4') return false;
    char v = static_cast<char>(text[19] | 0x20);  // lowercase
    if (v != '8' && v != '9' && v != 'a' && v != 'b') return false;
  }
  return true;
}

std::string GenerateKey(KeyKind kind) {
  if (kind == KeyKind::kMmClient) return NewUuidV4();
  return std::string(KeyTag(kind)) + RandomBase62(kRandomChars);
}

Status ValidateKeyFormat(KeyKind kind, std::string_view key) {
  if (kind == KeyKind::kMmClient) {
    if (IsUuid(key)) return OkStatus();
    return MakeError("malformed_key", "the API key must be a UUID");
  }
  std::string_view tag = KeyTag(kind);
  if (key.substr(0, tag.size()) != tag) {
    return MakeError("malformed_key", "the API key must start with " + std::string(tag));
  }
  std::string_view body = key.substr(tag.size());
  if (body.size() < kMinBodyChars || body.size() > kMaxBodyChars ||
      !std::all_of(body.begin(), body.end(), IsBodyChar)) {
    return MakeError("malformed_key", "the API key is not a valid " + std::string(tag) + " key");
  }
  return OkStatus();
}

std::string CanonicalKey(KeyKind kind, std::string_view key) {
  std::string out(key);
  if (kind == KeyKind::kMmClient) {
    for (char& c : out) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1) {
    std::fputs("probex: OpenSSL EVP_Digest(SHA-256) failed\n", stderr);
    std::abort();
  }
  return ToHex(md, len);
}

std::string HashKey(KeyKind kind, std::string_view key) {
  return Sha256Hex(CanonicalKey(kind, key));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string DisplayPrefix(KeyKind kind, std::string_view key) {
  return std::string(key.substr(0, KeyTag(kind).size() + kShownChars));
}

// ---------------------------------------------------------------------------------------------

namespace {

// "key_" + 24 hex characters (96 random bits): a record's public id.
std::string NewKeyId() {
  std::string bytes = RandomBytes(12);
  return "key_" + ToHex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

KeyRegistry::Issued KeyRegistry::Issue(KeyKind kind, std::string owner,
                                       std::set<std::string, std::less<>> scopes) {
  while (true) {
    std::string key = GenerateKey(kind);
    KeyRecord record;
    record.id = NewKeyId();
    record.owner = owner;
    record.kind = kind;
    record.hash = HashKey(kind, key);
    record.prefix = DisplayPrefix(kind, key);
    record.scopes = scopes;
    record.created_at = clock_.Now();
    std::unique_lock lock(mutex_);
    if (InsertLocked(record).ok()) return Issued{std::move(key), std::move(record)};
    // A collision of 238 random bits (or of the 96-bit id) does not happen; retry if it does.
  }
}

Result<KeyRecord> KeyRegistry::Register(KeyKind kind, std::string_view key, std::string owner,
                                        std::set<std::string, std::less<>> scopes) {
  if (Status s = ValidateKeyFormat(kind, key); !s.ok()) return s.error();
  KeyRecord record;
  record.id = NewKeyId();
  record.owner = std::move(owner);
  record.kind = kind;
  record.hash = HashKey(kind, key);
  record.prefix = DisplayPrefix(kind, key);
  record.scopes = std::move(scopes);
  record.created_at = clock_.Now();
  std::unique_lock lock(mutex_);
  if (Status s = InsertLocked(record); !s.ok()) return s.error();
  return record;
}

Status KeyRegistry::Insert(KeyRecord record) {
  std::unique_lock lock(mutex_);
  return InsertLocked(std::move(record));
}

Status KeyRegistry::InsertLocked(KeyRecord record) {
  if (by_hash_.count(record.hash) > 0) {
    return MakeError("duplicate_key", "this API key is already registered");
  }
  if (hash_by_id_.count(record.id) > 0) {
    return MakeError("duplicate_key", "an API key with id " + record.id + " already exists");
  }
  hash_by_id_.emplace(record.id, record.hash);
  std::string hash = record.hash;
  by_hash_.emplace(std::move(hash), std::move(record));
  return OkStatus();
}

Result<KeyRecord> KeyRegistry::Authenticate(KeyKind kind, std::string_view presented) const {
  if (Status s = ValidateKeyFormat(kind, presented); !s.ok()) return s.error();
  const std::string hash = HashKey(kind, presented);
  std::shared_lock lock(mutex_);
  auto it = by_hash_.find(hash);
  // The map finds the candidate by the hash (which reveals nothing about the key); the final
  // check is constant-time anyway, so no comparison ever leaks how much of a secret matched.
  if (it == by_hash_.end() || it->second.kind != kind ||
      !ConstantTimeEquals(it->second.hash, hash)) {
    return MakeError("unknown_key", "invalid API key");
  }
  if (it->second.revoked) return MakeError("revoked_key", "this API key has been revoked");
  return it->second;
}

Status KeyRegistry::Revoke(std::string_view id) {
  std::unique_lock lock(mutex_);
  auto id_it = hash_by_id_.find(std::string(id));
  if (id_it == hash_by_id_.end()) {
    return MakeError("unknown_key", "no API key with id " + std::string(id));
  }
  by_hash_.at(id_it->second).revoked = true;
  return OkStatus();
}

std::optional<KeyRecord> KeyRegistry::FindById(std::string_view id) const {
  std::shared_lock lock(mutex_);
  auto id_it = hash_by_id_.find(std::string(id));
  if (id_it == hash_by_id_.end()) return std::nullopt;
  return by_hash_.at(id_it->second);
}

std::vector<KeyRecord> KeyRegistry::ListByOwner(std::string_view owner) const {
  std::vector<KeyRecord> out;
  std::shared_lock lock(mutex_);
  for (const auto& [hash, record] : by_hash_) {
    if (record.owner == owner) out.push_back(record);
  }
  std::sort(out.begin(), out.end(), [](const KeyRecord& a, const KeyRecord& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  return out;
}

std::size_t KeyRegistry::size() const {
  std::shared_lock lock(mutex_);
  return by_hash_.size();
}

}  // namespace probex::net
