#include "venue/api/venue_directory.h"

#include <mutex>
#include <type_traits>

namespace probex::venue::api {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

void VenueDirectory::Load(const Exchange& exchange) {
  std::unique_lock lock(mutex_);
  keys_.clear();
  hash_by_id_.clear();
  tiers_.clear();
  markets_.clear();
  const AccountRegistry& registry = exchange.registry();
  for (const ApiKey& key : registry.keys()) {
    if (key.revoked) continue;
    keys_[key.hash] = KeyGrant{key.id, key.account, key.scopes, key.kind};
    hash_by_id_[key.id] = key.hash;
  }
  for (const auto& [id, user] : registry.users()) tiers_[id] = user.rate_tier;
  switches_ = exchange.switches();
  for (const venue::Market& m : exchange.markets()) markets_.push_back({m.type, m.outcomes});
}

void VenueDirectory::Observe(const Command& command, const ExchangeOutput& output, Timestamp time) {
  (void)time;
  if (!output.ok()) return;
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, CreateApiKey>) {
          std::unique_lock lock(mutex_);
          keys_[c.key_hash] = KeyGrant{output.created_id, c.account, c.scopes, c.kind};
          hash_by_id_[output.created_id] = c.key_hash;
        } else if constexpr (std::is_same_v<T, RevokeApiKey>) {
          std::unique_lock lock(mutex_);
          auto it = hash_by_id_.find(c.key_id);
          if (it != hash_by_id_.end()) {
            keys_.erase(it->second);
            hash_by_id_.erase(it);
          }
        } else if constexpr (std::is_same_v<T, CreateUser>) {
          std::unique_lock lock(mutex_);
          tiers_[static_cast<std::uint32_t>(output.created_id)] = "";
        } else if constexpr (std::is_same_v<T, SetRateTier>) {
          std::unique_lock lock(mutex_);
          tiers_[c.account.value()] = c.tier;
        } else if constexpr (std::is_same_v<T, SetSwitches>) {
          std::unique_lock lock(mutex_);
          if (c.betting) switches_.betting = *c.betting;
          if (c.ctm) switches_.ctm = *c.ctm;
          if (c.orders) switches_.orders = *c.orders;
        } else if constexpr (std::is_same_v<T, CreateMarket>) {
          std::unique_lock lock(mutex_);
          if (output.created_id == markets_.size() + 1) markets_.push_back({c.type, c.outcomes});
        }
      },
      command);
}

std::optional<KeyGrant> VenueDirectory::FindKey(std::string_view hash) const {
  std::shared_lock lock(mutex_);
  auto it = keys_.find(std::string(hash));
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::string VenueDirectory::RateTier(AccountId account) const {
  std::shared_lock lock(mutex_);
  auto it = tiers_.find(account.value());
  return it == tiers_.end() ? std::string() : it->second;
}

bool VenueDirectory::HasUser(AccountId account) const {
  std::shared_lock lock(mutex_);
  return tiers_.count(account.value()) != 0;
}

VenueSwitches VenueDirectory::switches() const {
  std::shared_lock lock(mutex_);
  return switches_;
}

std::optional<MarketLabels> VenueDirectory::Market(MarketId id) const {
  std::shared_lock lock(mutex_);
  if (id.value() < 1 || id.value() > markets_.size()) return std::nullopt;
  return markets_[id.value() - 1];
}

std::optional<int> VenueDirectory::OutcomeIndex(const MarketLabels& market,
                                                std::string_view label) {
  for (int i = 0; i < 2; ++i) {
    if (market.outcomes[i] == label) return i;
  }
  for (int i = 0; i < 2; ++i) {
    if (EqualsIgnoreCase(market.outcomes[i], label)) return i;
  }
  if (EqualsIgnoreCase(label, "yes")) return 0;
  if (EqualsIgnoreCase(label, "no")) return 1;
  return std::nullopt;
}

}  // namespace probex::venue::api
