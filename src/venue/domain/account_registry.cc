#include "venue/domain/account_registry.h"

namespace probex::venue {
namespace {

constexpr std::size_t kKeyHashBytes = 64;
constexpr std::size_t kMaxPrefixBytes = 64;

}  // namespace

std::string_view ApiKeyKindName(ApiKeyKind kind) {
  return kind == ApiKeyKind::kMkLive ? "mk_live" : "ak";
}

const std::array<ScopeName, 10>& ScopeNames() {
  static const std::array<ScopeName, 10> names = {{
      {kScopeMarketRead, "market:read"},
      {kScopeBalanceRead, "balance:read"},
      {kScopeBalanceWithdraw, "balance:withdraw"},
      {kScopeBetPlace, "bet:place"},
      {kScopeBetRead, "bet:read"},
      {kScopePortfolioRead, "portfolio:read"},
      {kScopeOrderPlace, "order:place"},
      {kScopeOrderCancel, "order:cancel"},
      {kScopeOrderRead, "order:read"},
      {kScopeUserRead, "user:read"},
  }};
  return names;
}

std::optional<std::uint32_t> ScopeBit(std::string_view name) {
  for (const ScopeName& s : ScopeNames()) {
    if (s.name == name) return s.bit;
  }
  return std::nullopt;
}

bool AccountRegistry::ValidUsername(std::string_view name) {
  if (name.size() < 3 || name.size() > kMaxUsernameBytes) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool AccountRegistry::ValidKeyHash(std::string_view hash) {
  if (hash.size() != kKeyHashBytes) return false;
  for (char c : hash) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string AccountRegistry::FoldCase(std::string_view name) {
  std::string folded(name);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return folded;
}

const User* AccountRegistry::FindUser(AccountId account) const {
  auto it = users_.find(account.value());
  return it == users_.end() ? nullptr : &it->second;
}

bool AccountRegistry::UsernameTaken(std::string_view name) const {
  return by_name_.find(FoldCase(name)) != by_name_.end();
}

void AccountRegistry::AddUser(User user) {
  by_name_.emplace(FoldCase(user.username), user.account.value());
  users_.emplace(user.account.value(), std::move(user));
}

void AccountRegistry::SetRateTier(AccountId account, std::string tier) {
  users_.at(account.value()).rate_tier = std::move(tier);
}

const ApiKey* AccountRegistry::FindKey(std::uint64_t id) const {
  return id >= 1 && id <= keys_.size() ? &keys_[id - 1] : nullptr;
}

const ApiKey* AccountRegistry::FindKeyByHash(std::string_view hash) const {
  auto it = key_by_hash_.find(std::string(hash));
  return it == key_by_hash_.end() ? nullptr : &keys_[it->second - 1];
}

std::uint64_t AccountRegistry::AddKey(ApiKey key) {
  key.id = keys_.size() + 1;
  key_by_hash_.emplace(key.hash, key.id);
  keys_.push_back(std::move(key));
  return keys_.back().id;
}

void AccountRegistry::RevokeKey(std::uint64_t id, Timestamp at) {
  ApiKey& key = keys_.at(id - 1);
  key.revoked = true;
  key.revoked_at = at;
}

const WithdrawalRecord* AccountRegistry::FindWithdrawal(AccountId account,
                                                        std::string_view key) const {
  auto it = withdrawals_.find(std::make_pair(account.value(), std::string(key)));
  return it == withdrawals_.end() ? nullptr : &it->second;
}

void AccountRegistry::AddWithdrawal(AccountId account, std::string key, WithdrawalRecord record) {
  withdrawals_.emplace(std::make_pair(account.value(), std::move(key)), std::move(record));
}

void AccountRegistry::Encode(ByteWriter& w) const {
  w.U32(static_cast<std::uint32_t>(users_.size()));
  for (const auto& [id, u] : users_) {
    w.U32(id);
    w.String(u.username);
    w.Time(u.created_at);
    w.String(u.rate_tier);
  }
  w.U32(static_cast<std::uint32_t>(keys_.size()));
  for (const ApiKey& k : keys_) {
    w.U32(k.account.value());
    w.U8(static_cast<std::uint8_t>(k.kind));
    w.String(k.hash);
    w.String(k.prefix);
    w.U32(k.scopes);
    w.String(k.name);
    w.Time(k.created_at);
    w.Bool(k.revoked);
    w.Time(k.revoked_at);
  }
  w.U32(static_cast<std::uint32_t>(withdrawals_.size()));
  for (const auto& [key, rec] : withdrawals_) {
    w.U32(key.first);
    w.String(key.second);
    w.U64(rec.id.value());
    w.Amount(rec.amount);
    w.Amount(rec.fee);
    w.String(rec.destination);
    w.Time(rec.created_at);
    w.Amount(rec.available_after);
  }
}

Result<AccountRegistry> AccountRegistry::Decode(ByteReader& r, std::size_t account_count,
                                                std::uint64_t next_withdrawal_id) {
  auto corrupt = [](const char* why) {
    return MakeError("corrupt_snapshot", std::string("venue snapshot: ") + why);
  };
  auto valid_account = [&](std::uint32_t id) { return id >= 1 && id <= account_count; };
  AccountRegistry reg;
  const std::uint32_t users = r.Count(20);
  for (std::uint32_t i = 0; i < users && r.ok(); ++i) {
    User u;
    u.account = AccountId(r.U32());
    u.username = r.String(kMaxUsernameBytes);
    u.created_at = r.Time();
    u.rate_tier = r.String(kMaxTierBytes);
    if (!r.ok() || !valid_account(u.account.value()) || !ValidUsername(u.username) ||
        reg.FindUser(u.account) != nullptr || reg.UsernameTaken(u.username)) {
      return corrupt("bad user");
    }
    reg.AddUser(std::move(u));
  }
  const std::uint32_t keys = r.Count(40);
  for (std::uint32_t i = 0; i < keys && r.ok(); ++i) {
    ApiKey k;
    k.account = AccountId(r.U32());
    const std::uint8_t kind = r.U8();
    k.hash = r.String(kKeyHashBytes);
    k.prefix = r.String(kMaxPrefixBytes);
    k.scopes = r.U32();
    k.name = r.String(kMaxKeyNameBytes);
    k.created_at = r.Time();
    k.revoked = r.Bool();
    k.revoked_at = r.Time();
    if (!r.ok() || kind > 1 || !valid_account(k.account.value()) || !ValidKeyHash(k.hash) ||
        (k.scopes & ~kAllScopes) != 0 || reg.FindKeyByHash(k.hash) != nullptr) {
      return corrupt("bad api key");
    }
    k.kind = static_cast<ApiKeyKind>(kind);
    reg.AddKey(std::move(k));
  }
  const std::uint32_t withdrawals = r.Count(48);
  for (std::uint32_t i = 0; i < withdrawals && r.ok(); ++i) {
    const std::uint32_t account = r.U32();
    std::string key = r.String(kMaxIdempotencyKeyBytes);
    WithdrawalRecord rec;
    rec.id = WithdrawalId(r.U64());
    rec.amount = r.Amount();
    rec.fee = r.Amount();
    rec.destination = r.String(kMaxDestinationBytes);
    rec.created_at = r.Time();
    rec.available_after = r.Amount();
    if (!r.ok() || !valid_account(account) || key.empty() || rec.id.value() == 0 ||
        rec.id.value() >= next_withdrawal_id || !rec.amount.is_positive() ||
        reg.FindWithdrawal(AccountId(account), key) != nullptr) {
      return corrupt("bad withdrawal record");
    }
    reg.AddWithdrawal(AccountId(account), std::move(key), std::move(rec));
  }
  if (!r.ok()) return corrupt("truncated account registry");
  return reg;
}

}  // namespace probex::venue
