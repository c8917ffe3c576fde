// AccountRegistry: who the venue's accounts belong to — users (unique username, creation time,
// rate tier), their API keys (SHA-256 hashes and display prefixes only, never the secrets) and
// their withdrawal idempotency records. Part of the Exchange state: changed only by journaled
// commands, encoded in the snapshot and the state hash.
// Thread rule: not thread-safe; owned by the Exchange (the sequencer thread).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "common/time.h"
#include "venue/domain/ids.h"
#include "venue/domain/wire.h"

namespace probex::venue {

enum class ApiKeyKind : std::uint8_t { kAk = 0, kMkLive = 1 };
std::string_view ApiKeyKindName(ApiKeyKind kind);  // "ak" | "mk_live"

// API key scopes (the Unhedged reference's list plus user:read), one bit each.
inline constexpr std::uint32_t kScopeMarketRead = 1u << 0;
inline constexpr std::uint32_t kScopeBalanceRead = 1u << 1;
inline constexpr std::uint32_t kScopeBalanceWithdraw = 1u << 2;
inline constexpr std::uint32_t kScopeBetPlace = 1u << 3;
inline constexpr std::uint32_t kScopeBetRead = 1u << 4;
inline constexpr std::uint32_t kScopePortfolioRead = 1u << 5;
inline constexpr std::uint32_t kScopeOrderPlace = 1u << 6;
inline constexpr std::uint32_t kScopeOrderCancel = 1u << 7;
inline constexpr std::uint32_t kScopeOrderRead = 1u << 8;
inline constexpr std::uint32_t kScopeUserRead = 1u << 9;
inline constexpr std::uint32_t kAllScopes = (1u << 10) - 1;
// "Default scopes cover reading and betting; opt-in for balance:withdraw".
inline constexpr std::uint32_t kDefaultScopes = kAllScopes & ~kScopeBalanceWithdraw;

struct ScopeName {
  std::uint32_t bit;
  std::string_view name;
};
// Every scope in the reference's order ("market:read", "balance:read", ...).
const std::array<ScopeName, 10>& ScopeNames();
// The bit of a scope name; nullopt for an unknown name.
std::optional<std::uint32_t> ScopeBit(std::string_view name);

inline constexpr std::size_t kMaxUsernameBytes = 32;
inline constexpr std::size_t kMaxKeyNameBytes = 100;
inline constexpr std::size_t kMaxTierBytes = 32;
inline constexpr std::size_t kMaxDestinationBytes = 256;
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 128;

struct User {
  AccountId account;  // one account per user; the user's id is the account id
  std::string username;
  Timestamp created_at;
  std::string rate_tier;  // empty: the default tier
};

struct ApiKey {
  std::uint64_t id = 0;  // dense from 1
  AccountId account;
  ApiKeyKind kind = ApiKeyKind::kAk;
  std::string hash;    // lowercase hex SHA-256 of the key (64 characters)
  std::string prefix;  // what the owner sees to recognize it ("ak_7Gq2kLm9")
  std::uint32_t scopes = 0;
  std::string name;
  Timestamp created_at;
  bool revoked = false;
  Timestamp revoked_at;
};

// The first answer to a withdrawal request with an idempotency key.
struct WithdrawalRecord {
  WithdrawalId id;
  Money amount;
  Money fee;
  std::string destination;
  Timestamp created_at;
  Money available_after;
};

class AccountRegistry {
 public:
  // 3..32 characters of [A-Za-z0-9_.-]. Usernames are unique ignoring ASCII case.
  static bool ValidUsername(std::string_view name);
  // 64 lowercase hex digits.
  static bool ValidKeyHash(std::string_view hash);

  const User* FindUser(AccountId account) const;
  bool UsernameTaken(std::string_view name) const;
  void AddUser(User user);
  void SetRateTier(AccountId account, std::string tier);  // the user must exist
  const std::map<std::uint32_t, User>& users() const { return users_; }

  const ApiKey* FindKey(std::uint64_t id) const;
  const ApiKey* FindKeyByHash(std::string_view hash) const;
  // Stores the key with the next id and returns it.
  std::uint64_t AddKey(ApiKey key);
  void RevokeKey(std::uint64_t id, Timestamp at);
  const std::vector<ApiKey>& keys() const { return keys_; }  // id order

  const WithdrawalRecord* FindWithdrawal(AccountId account, std::string_view key) const;
  void AddWithdrawal(AccountId account, std::string key, WithdrawalRecord record);

  void Encode(ByteWriter& w) const;
  // Checks every reference against `account_count` accounts and the id counters.
  static Result<AccountRegistry> Decode(ByteReader& r, std::size_t account_count,
                                        std::uint64_t next_withdrawal_id);

 private:
  static std::string FoldCase(std::string_view name);

  std::map<std::uint32_t, User> users_;                        // by account id
  std::map<std::string, std::uint32_t, std::less<>> by_name_;  // case-folded username
  std::vector<ApiKey> keys_;
  std::unordered_map<std::string, std::uint64_t> key_by_hash_;
  std::map<std::pair<std::uint32_t, std::string>, WithdrawalRecord> withdrawals_;
};

}  // namespace probex::venue
