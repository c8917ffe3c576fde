// VenueDirectory: the published copy of the venue's slow-changing state that HTTP threads consult
// on every request without a trip through the sequencer — API keys by hash (for auth), users'
// rate tiers, the operator switches, and each market's type and outcome labels (to translate
// `outcome: "YES"` to an index). Loaded from the Exchange once at start (Load, on the sequencer
// thread through a Query), then kept current by Observe, which ApiContext::Submit calls for every
// committed command before the command's answer is sent — so a key is usable as soon as its
// creation is acknowledged, and a revoked key is refused as soon as the revocation is.
// Thread rule: thread-safe (shared mutex); Observe is called in seq order (journal thread).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/time.h"
#include "venue/domain/exchange.h"

namespace probex::venue::api {

// What a presented API key resolves to.
struct KeyGrant {
  std::uint64_t key_id = 0;
  AccountId account;
  std::uint32_t scopes = 0;
  ApiKeyKind kind = ApiKeyKind::kAk;
};

struct MarketLabels {
  MarketType type = MarketType::kOrderBook;
  std::array<std::string, 2> outcomes;
};

class VenueDirectory {
 public:
  // Replaces everything with what `exchange` holds (sequencer thread, at start).
  void Load(const Exchange& exchange);
  // Applies one committed command (rejected commands change nothing).
  void Observe(const Command& command, const ExchangeOutput& output, Timestamp time);

  // The grant of a live key by its SHA-256 hex hash; nullopt for unknown or revoked keys.
  std::optional<KeyGrant> FindKey(std::string_view hash) const;
  // The user's rate tier ("" = default); "" for accounts without a user.
  std::string RateTier(AccountId account) const;
  bool HasUser(AccountId account) const;
  VenueSwitches switches() const;
  std::optional<MarketLabels> Market(MarketId id) const;
  // The index of `label` in the market's outcomes: exact match, then ASCII-case-insensitive,
  // then "YES" → 0 and "NO" → 1 (case-insensitive); nullopt when nothing matches.
  static std::optional<int> OutcomeIndex(const MarketLabels& market, std::string_view label);

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, KeyGrant> keys_;  // live keys by hash
  std::unordered_map<std::uint64_t, std::string> hash_by_id_;
  std::unordered_map<std::uint32_t, std::string> tiers_;  // account → tier, users only
  VenueSwitches switches_;
  std::vector<MarketLabels> markets_;  // index = market id − 1
};

}  // namespace probex::venue::api
