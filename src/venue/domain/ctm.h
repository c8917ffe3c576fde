// CtmRounds: the CTM (price-prediction) part of the venue state — the oracle's latest price per
// asset, the round schedules, the rounds with their predictions, and the state machine that moves
// a round OPEN → HEATMAP → LOCKED → RESOLVED (or VOIDED) exactly at its timestamps
// (ARCHITECTURE §4, docs/venue-ctm.md). Pure and deterministic: time comes in with each call.
//
// Money: an entry fee moves from the player's available balance to lockedBets. At resolution the
// round's whole pool is cleared through the fee account within one command: every entry leaves
// lockedBets for the fee account, then each paid prediction's payout (rounded down) leaves the fee
// account for the winner's available balance, so the platform fee and the rounding dust stay
// there and the ledger's conservation holds to the last unit. A void refunds every entry.
//
// Thread rule: not thread-safe; owned by Exchange (the sequencer thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "common/time.h"
#include "venue/domain/ids.h"
#include "venue/domain/ledger.h"
#include "venue/domain/reject_code.h"
#include "venue/domain/wire.h"

namespace probex::venue {

enum class CtmRoundType : std::uint8_t {
  kFlash = 0,
  kBlitz = 1,
  kSprint = 2,
  kDaily = 3,
  kWeekly = 4,
  kEvent = 5
};
enum class CtmRoundStatus : std::uint8_t {
  kOpen = 0,
  kHeatmap = 1,
  kLocked = 2,
  kResolved = 3,
  kVoided = 4
};
enum class CtmPhase : std::uint8_t { kBlind = 0, kHeatmap = 1 };
enum class CtmPredictionStatus : std::uint8_t {
  kConfirmed = 0,
  kWon = 1,
  kLost = 2,
  kRefunded = 3
};
enum class CtmVoidReason : std::uint8_t {
  kNone = 0,
  kOperator = 1,
  kTooFewPlayers = 2,  // fewer than two distinct players
  kNoPrice = 3,        // the oracle had no price for the asset at resolvesAt
};

std::string_view CtmRoundTypeName(CtmRoundType t);  // "BLITZ"
std::optional<CtmRoundType> ParseCtmRoundType(std::string_view name);
std::string_view CtmRoundStatusName(CtmRoundStatus s);  // "OPEN"
std::optional<CtmRoundStatus> ParseCtmRoundStatus(std::string_view name);
std::string_view CtmPhaseName(CtmPhase p);                        // "BLIND" | "HEATMAP"
std::string_view CtmPredictionStatusName(CtmPredictionStatus s);  // "CONFIRMED" | ...
std::string_view CtmVoidReasonName(CtmVoidReason r);              // "" | "operator" | ...

// An asset symbol: 1..10 characters of [A-Z0-9].
bool ValidCtmAsset(std::string_view asset);

inline constexpr std::int64_t kMaxCtmPriceWhole = 1'000'000'000;  // prices and predictions
inline constexpr std::size_t kMaxCtmIdempotencyKeyBytes = 128;
inline constexpr std::size_t kCtmHistoryPoints = 600;  // price history per round, at most

struct CtmTick {
  Money price;
  Money bid;
  Money ask;
  Timestamp at;
  friend bool operator==(const CtmTick&, const CtmTick&) = default;
};

// One price point of a round's downsampled history: the latest tick of time slot `slot` of the
// round's window [openStartsAt, resolvesAt] cut into kCtmHistoryPoints equal slots.
struct CtmHistoryPoint {
  std::uint32_t slot = 0;
  CtmTick tick;
};

// What a schedule creates: rounds of `duration_ms` aligned to multiples of it since the epoch,
// `lead_ms` before they start; OPEN for open_ms, HEATMAP for heatmap_ms, LOCKED for the rest.
struct CtmScheduleSpec {
  std::string asset;
  CtmRoundType type = CtmRoundType::kBlitz;
  std::int64_t duration_ms = 300'000;
  std::int64_t open_ms = 180'000;
  std::int64_t heatmap_ms = 60'000;
  std::int64_t lead_ms = 300'000;
  Money entry_fee_blind;
  Money heatmap_fee_multiplier;
  Money platform_fee_rate;
  bool enabled = true;
  friend bool operator==(const CtmScheduleSpec&, const CtmScheduleSpec&) = default;
};

struct CtmSchedule {
  CtmScheduleSpec spec;
  Timestamp next_start;  // the start of the next round to create
};

// Definition of one round (scheduled or EVENT).
struct CtmRoundSpec {
  std::string asset;
  CtmRoundType type = CtmRoundType::kEvent;
  std::string question;     // empty: generated ("Where will BTC be in 5 min?")
  std::string description;  // at most 4096 bytes
  Timestamp open_starts_at;
  Timestamp heatmap_starts_at;
  Timestamp locked_starts_at;
  Timestamp resolves_at;
  Money entry_fee_blind;
  Money heatmap_fee_multiplier;
  Money platform_fee_rate;
  friend bool operator==(const CtmRoundSpec&, const CtmRoundSpec&) = default;
};

struct CtmRound {
  std::uint64_t id = 0;
  CtmRoundSpec spec;
  CtmRoundStatus status = CtmRoundStatus::kOpen;
  Timestamp created_at;
  Money total_pool;
  std::vector<std::uint64_t> predictions;  // ids, in submission order
  std::uint32_t unique_players = 0;
  bool has_price = false;  // the latest tick at or before resolvesAt, once there is one
  CtmTick price;
  // Set at resolution (settlement_price and platform_fee only when RESOLVED).
  Money settlement_price;
  Money platform_fee;
  Money dust;
  Timestamp resolved_at;
  CtmVoidReason void_reason = CtmVoidReason::kNone;
  std::vector<CtmHistoryPoint> history;

  bool final() const {
    return status == CtmRoundStatus::kResolved || status == CtmRoundStatus::kVoided;
  }
  Money payout_pool() const { return total_pool - platform_fee - dust; }
};

struct CtmPrediction {
  std::uint64_t id = 0;
  std::uint64_t round = 0;
  AccountId account;
  CtmPhase phase = CtmPhase::kBlind;
  Money predicted_price;
  Money amount;
  CtmPredictionStatus status = CtmPredictionStatus::kConfirmed;
  Timestamp submitted_at;
  Money balance_after;  // the player's available balance right after the entry
  std::string idempotency_key;
  // Set at resolution.
  Money distance;
  std::uint32_t rank = 0;  // 1 = closest; competition ranking (ties share a rank); 0 = none
  Money payout;
};

// A player's statistics over their predictions (docs/venue-ctm.md).
struct CtmStats {
  std::int64_t total_rounds = 0;
  std::int64_t total_predictions = 0;
  std::int64_t total_wins = 0;  // resolved rounds where a prediction was paid
  Money total_payouts;
  std::uint32_t best_rank = 0;  // 0: no resolved prediction yet
  std::int64_t current_streak = 0;
  std::int64_t best_streak = 0;
  bool has_avg_distance = false;
  Money avg_distance;  // mean over resolved predictions, rounded half-even to 8 decimals
};

// What one CTM call changed, for events.
struct CtmChange {
  std::vector<std::pair<std::uint64_t, CtmRoundStatus>> rounds;  // round id → new status
  std::vector<std::uint64_t> created;                            // rounds created
};

// The byte encoding of the two specs, shared by the command codec and the snapshot (decoding
// stays with each: a journaled command may hold input the domain rejected, a snapshot may not).
void EncodeCtmScheduleSpec(ByteWriter& w, const CtmScheduleSpec& s);
void EncodeCtmRoundSpec(ByteWriter& w, const CtmRoundSpec& s);

class CtmRounds {
 public:
  // Operator or simulator price; bid ≤ price ≤ ask, all positive. Updates the settlement price
  // of the asset's rounds that resolve at or after `now`, and their history.
  RejectCode ApplyTick(std::string_view asset, Money price, Money bid, Money ask, Timestamp now);
  RejectCode SetSchedule(const CtmScheduleSpec& spec, Timestamp now);
  // An EVENT round (or any spec) from the operator. `id` is set on success.
  RejectCode CreateRound(const CtmRoundSpec& spec, Timestamp now, std::uint64_t& id,
                         CtmChange& change);
  // Creates scheduled rounds that are due and moves every round whose timestamps have passed.
  void Advance(Timestamp now, Ledger& ledger, CtmChange& change);
  RejectCode VoidRound(std::uint64_t round, Timestamp now, Ledger& ledger, CtmChange& change);
  // A prediction by `account`; on success `out` is the prediction (for a replayed idempotency
  // key, the first one, with `replayed` true and nothing changed).
  RejectCode Predict(AccountId account, std::uint64_t round, Money predicted_price,
                     const std::string& idempotency_key, Timestamp now, Ledger& ledger,
                     CtmPrediction& out, bool& replayed);

  // ---- Reads. ----
  const CtmRound* FindRound(std::uint64_t id) const;
  const CtmPrediction* FindPrediction(std::uint64_t id) const;
  const std::vector<CtmRound>& rounds() const { return rounds_; }
  const std::vector<CtmPrediction>& predictions() const { return predictions_; }
  // The account's prediction ids, oldest first (empty for none).
  const std::vector<std::uint64_t>& PredictionsOf(AccountId account) const;
  CtmStats StatsOf(AccountId account) const;
  const std::map<std::string, CtmTick>& prices() const { return prices_; }
  const std::map<std::pair<std::string, std::uint8_t>, CtmSchedule>& schedules() const {
    return schedules_;
  }
  // The phase a round is in at `now` by its timestamps (OPEN until heatmapStartsAt, ...); the
  // stored status once final.
  static CtmRoundStatus PhaseAt(const CtmRound& round, Timestamp now);
  // The earliest time at which Advance would change something; Timestamp max when none.
  Timestamp NextDeadline() const;
  // Money held in lockedBets by unresolved rounds (for conservation checks).
  Money LockedTotal() const;

  void Encode(ByteWriter& w) const;
  // Decodes and rebuilds the indexes; `accounts` bounds account ids.
  static Result<CtmRounds> Decode(ByteReader& r, std::size_t accounts);

  // Pre-sizes the prediction table (benchmarks).
  void Reserve(std::size_t predictions) { predictions_.reserve(predictions); }

 private:
  CtmRound& NewRound(const CtmRoundSpec& spec, Timestamp now, CtmChange& change);
  void Move(CtmRound& round, Timestamp now, Ledger& ledger, CtmChange& change);
  void Resolve(CtmRound& round, Timestamp now, Ledger& ledger);
  void Void(CtmRound& round, CtmVoidReason reason, Timestamp now, Ledger& ledger);
  void RecordHistory(CtmRound& round, const CtmTick& tick);
  void Reindex();

  std::map<std::string, CtmTick> prices_;
  std::map<std::pair<std::string, std::uint8_t>, CtmSchedule> schedules_;
  std::vector<CtmRound> rounds_;            // id − 1
  std::vector<CtmPrediction> predictions_;  // id − 1
  std::vector<std::uint64_t> active_;       // ids of rounds not yet final, ascending

  // Derived (rebuilt on decode).
  std::map<AccountId, std::vector<std::uint64_t>> by_account_;
  std::map<std::pair<AccountId, std::string>, std::uint64_t> by_key_;
};

}  // namespace probex::venue
