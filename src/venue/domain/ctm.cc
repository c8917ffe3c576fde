#include "venue/domain/ctm.h"

#include <algorithm>
#include <limits>
#include <set>

namespace probex::venue {
namespace {

using Bucket = Ledger::Bucket;
using Ref = Ledger::Ref;

constexpr std::size_t kMaxTextBytes = 4096;
constexpr std::int64_t kMaxRoundDurationMs = 366LL * 24 * 3600 * 1000;
constexpr std::int64_t kMaxMultiplierWhole = 100;
constexpr std::int64_t kMaxPlatformFeeUnits = Money::kScale / 2;  // 50%
constexpr std::int64_t kMaxEntryFeeWhole = 1'000'000;

bool ValidPrice(Money m) {
  return m.is_positive() && m.units() <= kMaxCtmPriceWhole * Money::kScale;
}

bool ValidFees(Money entry, Money multiplier, Money platform) {
  return entry.is_positive() && entry.units() <= kMaxEntryFeeWhole * Money::kScale &&
         multiplier.units() >= Money::kScale &&
         multiplier.units() <= kMaxMultiplierWhole * Money::kScale && !platform.is_negative() &&
         platform.units() <= kMaxPlatformFeeUnits;
}

Money AbsDiff(Money a, Money b) { return a < b ? b - a : a - b; }

// "5 min", "1 h", "2 d" — for generated questions.
std::string DurationText(std::int64_t ms) {
  const std::int64_t s = ms / 1000;
  if (s % 86400 == 0) return std::to_string(s / 86400) + (s == 86400 ? " day" : " days");
  if (s % 3600 == 0) return std::to_string(s / 3600) + " h";
  if (s % 60 == 0) return std::to_string(s / 60) + " min";
  return std::to_string(s) + " s";
}

void EncodeTick(ByteWriter& w, const CtmTick& t) {
  w.Amount(t.price);
  w.Amount(t.bid);
  w.Amount(t.ask);
  w.Time(t.at);
}

CtmTick DecodeTick(ByteReader& r, bool validate = true) {
  CtmTick t;
  t.price = r.Amount();
  t.bid = r.Amount();
  t.ask = r.Amount();
  t.at = r.Time();
  if (validate && (!ValidPrice(t.price) || !ValidPrice(t.bid) || !ValidPrice(t.ask) ||
                   t.bid > t.price || t.price > t.ask)) {
    r.Fail();
  }
  return t;
}

}  // namespace

std::string_view CtmRoundTypeName(CtmRoundType t) {
  switch (t) {
    case CtmRoundType::kFlash:
      return "FLASH";
    case CtmRoundType::kBlitz:
      return "BLITZ";
    case CtmRoundType::kSprint:
      return "SPRINT";
    case CtmRoundType::kDaily:
      return "DAILY";
    case CtmRoundType::kWeekly:
      return "WEEKLY";
    case CtmRoundType::kEvent:
      return "EVENT";
  }
  return "UNKNOWN";
}

std::optional<CtmRoundType> ParseCtmRoundType(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(CtmRoundType::kEvent); ++i) {
    if (CtmRoundTypeName(static_cast<CtmRoundType>(i)) == name) {
      return static_cast<CtmRoundType>(i);
    }
  }
  return std::nullopt;
}

std::string_view CtmRoundStatusName(CtmRoundStatus s) {
  switch (s) {
    case CtmRoundStatus::kOpen:
      return "OPEN";
    case CtmRoundStatus::kHeatmap:
      return "HEATMAP";
    case CtmRoundStatus::kLocked:
      return "LOCKED";
    case CtmRoundStatus::kResolved:
      return "RESOLVED";
    case CtmRoundStatus::kVoided:
      return "VOIDED";
  }
  return "UNKNOWN";
}

std::optional<CtmRoundStatus> ParseCtmRoundStatus(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(CtmRoundStatus::kVoided); ++i) {
    if (CtmRoundStatusName(static_cast<CtmRoundStatus>(i)) == name) {
      return static_cast<CtmRoundStatus>(i);
    }
  }
  return std::nullopt;
}

std::string_view CtmPhaseName(CtmPhase p) { return p == CtmPhase::kBlind ? "BLIND" : "HEATMAP"; }

std::string_view CtmPredictionStatusName(CtmPredictionStatus s) {
  switch (s) {
    case CtmPredictionStatus::kConfirmed:
      return "CONFIRMED";
    case CtmPredictionStatus::kWon:
      return "WON";
    case CtmPredictionStatus::kLost:
      return "LOST";
    case CtmPredictionStatus::kRefunded:
      return "REFUNDED";
  }
  return "UNKNOWN";
}

std::string_view CtmVoidReasonName(CtmVoidReason r) {
  switch (r) {
    case CtmVoidReason::kNone:
      return "";
    case CtmVoidReason::kOperator:
      return "operator";
    case CtmVoidReason::kTooFewPlayers:
      return "too_few_players";
    case CtmVoidReason::kNoPrice:
      return "no_price";
  }
  return "unknown";
}

bool ValidCtmAsset(std::string_view asset) {
  if (asset.empty() || asset.size() > 10) return false;
  for (char c : asset) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// ---- Commands. ----

RejectCode CtmRounds::ApplyTick(std::string_view asset, Money price, Money bid, Money ask,
                                Timestamp now) {
  if (!ValidCtmAsset(asset) || !ValidPrice(price) || !ValidPrice(bid) || !ValidPrice(ask) ||
      bid > price || price > ask) {
    return RejectCode::kInvalidOraclePrice;
  }
  const CtmTick tick{price, bid, ask, now};
  prices_[std::string(asset)] = tick;
  for (std::uint64_t id : active_) {
    CtmRound& round = rounds_[id - 1];
    if (round.spec.asset != asset || now > round.spec.resolves_at) continue;
    round.has_price = true;
    round.price = tick;
    RecordHistory(round, tick);
  }
  return RejectCode::kNone;
}

void CtmRounds::RecordHistory(CtmRound& round, const CtmTick& tick) {
  const std::int64_t start = round.spec.open_starts_at.micros();
  const std::int64_t end = round.spec.resolves_at.micros();
  if (tick.at.micros() < start || tick.at.micros() > end) return;
  const __int128 span = end - start;
  std::uint32_t slot = static_cast<std::uint32_t>(static_cast<__int128>(tick.at.micros() - start) *
                                                  kCtmHistoryPoints / span);
  slot = std::min<std::uint32_t>(slot, kCtmHistoryPoints - 1);
  if (!round.history.empty() && round.history.back().slot >= slot) {
    round.history.back().tick = tick;  // the latest tick of the slot stands for it
  } else {
    round.history.push_back(CtmHistoryPoint{slot, tick});
  }
}

RejectCode CtmRounds::SetSchedule(const CtmScheduleSpec& spec, Timestamp now) {
  if (!ValidCtmAsset(spec.asset) || spec.type == CtmRoundType::kEvent || spec.duration_ms < 1000 ||
      spec.duration_ms > kMaxRoundDurationMs || spec.duration_ms % 1000 != 0 || spec.open_ms <= 0 ||
      spec.heatmap_ms < 0 || spec.open_ms + spec.heatmap_ms > spec.duration_ms ||
      spec.lead_ms < 0 || spec.lead_ms > spec.duration_ms * 10 ||
      !ValidFees(spec.entry_fee_blind, spec.heatmap_fee_multiplier, spec.platform_fee_rate)) {
    return RejectCode::kInvalidSchedule;
  }
  const auto key = std::make_pair(spec.asset, static_cast<std::uint8_t>(spec.type));
  auto it = schedules_.find(key);
  const std::int64_t d = spec.duration_ms * 1000;
  // The first round starts at the next multiple of the duration since the epoch.
  const std::int64_t aligned = (now.micros() / d + 1) * d;
  if (it == schedules_.end()) {
    schedules_.emplace(key, CtmSchedule{spec, Timestamp::FromMicros(aligned)});
  } else {
    // A new duration realigns from the later of the current next start and the new grid.
    if (it->second.spec.duration_ms != spec.duration_ms) {
      it->second.next_start =
          Timestamp::FromMicros(std::max(aligned, (it->second.next_start.micros() / d + 1) * d));
    }
    it->second.spec = spec;
  }
  return RejectCode::kNone;
}

RejectCode CtmRounds::CreateRound(const CtmRoundSpec& spec, Timestamp now, std::uint64_t& id,
                                  CtmChange& change) {
  if (!ValidCtmAsset(spec.asset) || spec.question.size() > kMaxTextBytes ||
      spec.description.size() > kMaxTextBytes || !(spec.open_starts_at < spec.heatmap_starts_at) ||
      spec.locked_starts_at < spec.heatmap_starts_at ||
      !(spec.locked_starts_at < spec.resolves_at) || spec.resolves_at <= now ||
      spec.resolves_at.micros() - spec.open_starts_at.micros() > kMaxRoundDurationMs * 1000 ||
      !ValidFees(spec.entry_fee_blind, spec.heatmap_fee_multiplier, spec.platform_fee_rate)) {
    return RejectCode::kInvalidRoundDefinition;
  }
  id = NewRound(spec, now, change).id;
  return RejectCode::kNone;
}

CtmRound& CtmRounds::NewRound(const CtmRoundSpec& spec, Timestamp now, CtmChange& change) {
  CtmRound round;
  round.id = rounds_.size() + 1;
  round.spec = spec;
  if (round.spec.question.empty()) {
    round.spec.question =
        "Where will " + spec.asset + " be in " +
        DurationText((spec.resolves_at.micros() - spec.open_starts_at.micros()) / 1000) + "?";
  }
  round.created_at = now;
  if (auto it = prices_.find(spec.asset);
      it != prices_.end() && it->second.at <= spec.resolves_at) {
    round.has_price = true;
    round.price = it->second;
  }
  rounds_.push_back(std::move(round));
  active_.push_back(rounds_.back().id);
  change.created.push_back(rounds_.back().id);
  change.rounds.emplace_back(rounds_.back().id, CtmRoundStatus::kOpen);
  return rounds_.back();
}

void CtmRounds::Advance(Timestamp now, Ledger& ledger, CtmChange& change) {
  for (auto& [key, schedule] : schedules_) {
    const CtmScheduleSpec& s = schedule.spec;
    if (!s.enabled) continue;
    const std::int64_t d = s.duration_ms * 1000;
    // Slots that ended while nobody advanced are skipped, not created late.
    if (schedule.next_start.micros() + d <= now.micros()) {
      const std::int64_t behind = (now.micros() - schedule.next_start.micros()) / d;
      schedule.next_start = schedule.next_start.PlusMicros(behind * d);
      if (schedule.next_start.micros() + d <= now.micros()) {
        schedule.next_start = schedule.next_start.PlusMicros(d);
      }
    }
    while (schedule.next_start.micros() - s.lead_ms * 1000 <= now.micros()) {
      const Timestamp start = schedule.next_start;
      CtmRoundSpec spec;
      spec.asset = s.asset;
      spec.type = s.type;
      spec.open_starts_at = start;
      spec.heatmap_starts_at = start.PlusMillis(s.open_ms);
      spec.locked_starts_at = start.PlusMillis(s.open_ms + s.heatmap_ms);
      spec.resolves_at = start.PlusMillis(s.duration_ms);
      spec.entry_fee_blind = s.entry_fee_blind;
      spec.heatmap_fee_multiplier = s.heatmap_fee_multiplier;
      spec.platform_fee_rate = s.platform_fee_rate;
      NewRound(spec, now, change);
      schedule.next_start = start.PlusMicros(d);
    }
  }
  bool finished = false;
  for (std::uint64_t id : active_) {
    CtmRound& round = rounds_[id - 1];
    Move(round, now, ledger, change);
    finished = finished || round.final();
  }
  if (finished) {
    std::erase_if(active_, [this](std::uint64_t id) { return rounds_[id - 1].final(); });
  }
}

CtmRoundStatus CtmRounds::PhaseAt(const CtmRound& round, Timestamp now) {
  if (round.final()) return round.status;
  if (now >= round.spec.resolves_at) return CtmRoundStatus::kResolved;
  if (now >= round.spec.locked_starts_at) return CtmRoundStatus::kLocked;
  if (now >= round.spec.heatmap_starts_at) return CtmRoundStatus::kHeatmap;
  return CtmRoundStatus::kOpen;
}

void CtmRounds::Move(CtmRound& round, Timestamp now, Ledger& ledger, CtmChange& change) {
  const CtmRoundStatus target = PhaseAt(round, now);
  if (target == round.status) return;
  if (target == CtmRoundStatus::kResolved) {
    Resolve(round, now, ledger);
  } else {
    round.status = target;
  }
  change.rounds.emplace_back(round.id, round.status);
}

RejectCode CtmRounds::VoidRound(std::uint64_t id, Timestamp now, Ledger& ledger,
                                CtmChange& change) {
  if (id == 0 || id > rounds_.size()) return RejectCode::kUnknownRound;
  CtmRound& round = rounds_[id - 1];
  if (round.final()) return RejectCode::kRoundAlreadySettled;
  Void(round, CtmVoidReason::kOperator, now, ledger);
  std::erase(active_, id);
  change.rounds.emplace_back(id, round.status);
  return RejectCode::kNone;
}

void CtmRounds::Void(CtmRound& round, CtmVoidReason reason, Timestamp now, Ledger& ledger) {
  for (std::uint64_t pid : round.predictions) {
    CtmPrediction& p = predictions_[pid - 1];
    ledger.Transfer(Ref::Account(p.account, Bucket::kLockedBets),
                    Ref::Account(p.account, Bucket::kAvailable), p.amount);
    p.status = CtmPredictionStatus::kRefunded;
  }
  round.status = CtmRoundStatus::kVoided;
  round.void_reason = reason;
  round.resolved_at = now;
}

// Ranked payout (docs/venue-ctm.md): predictions rank by distance to the settlement price
// (competition ranking: ties share a rank). The closest W = max(1, ⌊N / 10⌋) positions are paid,
// position i (0-based) weighted W − i; a group of tied predictions shares the weights of the
// positions it covers equally, so a tie across the cut is paid together. Each payout is
// ⌊payoutPool × groupWeight / (W(W+1)/2 × groupSize)⌋; the remainder (dust) stays in the fee
// account with the platform fee.
void CtmRounds::Resolve(CtmRound& round, Timestamp now, Ledger& ledger) {
  if (!round.has_price) return Void(round, CtmVoidReason::kNoPrice, now, ledger);
  if (round.unique_players < 2) return Void(round, CtmVoidReason::kTooFewPlayers, now, ledger);
  const Money settlement = round.price.price;
  const std::size_t n = round.predictions.size();
  std::vector<std::pair<std::int64_t, std::uint64_t>> order;  // (distance units, id)
  order.reserve(n);
  for (std::uint64_t pid : round.predictions) {
    CtmPrediction& p = predictions_[pid - 1];
    p.distance = AbsDiff(p.predicted_price, settlement);
    order.emplace_back(p.distance.units(), pid);
    ledger.Transfer(Ref::Account(p.account, Bucket::kLockedBets), Ref::Fees(), p.amount);
  }
  std::sort(order.begin(), order.end());
  const Money platform_fee =
      round.total_pool.MulRate(round.spec.platform_fee_rate, Rounding::kDown);
  const Money payout_pool = round.total_pool - platform_fee;
  const std::int64_t w = std::max<std::int64_t>(1, static_cast<std::int64_t>(n / 10));
  const std::int64_t total_weight = w * (w + 1) / 2;
  Money paid;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && order[j].first == order[i].first) ++j;
    std::int64_t group_weight = 0;
    for (std::size_t k = i; k < j && static_cast<std::int64_t>(k) < w; ++k) {
      group_weight += w - static_cast<std::int64_t>(k);
    }
    const std::int64_t size = static_cast<std::int64_t>(j - i);
    const Money each = group_weight == 0
                           ? Money::Zero()
                           : payout_pool.MulDiv(group_weight, total_weight * size, Rounding::kDown);
    for (std::size_t k = i; k < j; ++k) {
      CtmPrediction& p = predictions_[order[k].second - 1];
      p.rank = static_cast<std::uint32_t>(i + 1);
      p.payout = each;
      p.status = each.is_positive() ? CtmPredictionStatus::kWon : CtmPredictionStatus::kLost;
      if (each.is_positive()) {
        ledger.Transfer(Ref::Fees(), Ref::Account(p.account, Bucket::kAvailable), each);
        paid += each;
      }
    }
    i = j;
  }
  round.settlement_price = settlement;
  round.platform_fee = platform_fee;
  round.dust = payout_pool - paid;
  round.status = CtmRoundStatus::kResolved;
  round.resolved_at = now;
}

RejectCode CtmRounds::Predict(AccountId account, std::uint64_t round_id, Money predicted_price,
                              const std::string& idempotency_key, Timestamp now, Ledger& ledger,
                              CtmPrediction& out, bool& replayed) {
  replayed = false;
  if (!ledger.HasAccount(account)) return RejectCode::kUnknownAccount;
  if (round_id == 0 || round_id > rounds_.size()) return RejectCode::kUnknownRound;
  if (idempotency_key.size() > kMaxCtmIdempotencyKeyBytes) return RejectCode::kInvalidPrediction;
  if (!idempotency_key.empty()) {
    if (auto it = by_key_.find({account, idempotency_key}); it != by_key_.end()) {
      const CtmPrediction& first = predictions_[it->second - 1];
      if (first.round != round_id || first.predicted_price != predicted_price) {
        return RejectCode::kIdempotencyConflict;
      }
      out = first;
      replayed = true;
      return RejectCode::kNone;
    }
  }
  CtmRound& round = rounds_[round_id - 1];
  const CtmRoundStatus phase = PhaseAt(round, now);
  if (phase == CtmRoundStatus::kLocked) return RejectCode::kRoundLocked;
  if (phase == CtmRoundStatus::kResolved || phase == CtmRoundStatus::kVoided) {
    return RejectCode::kRoundClosed;
  }
  if (predicted_price.is_negative() ||
      predicted_price.units() > kMaxCtmPriceWhole * Money::kScale) {
    return RejectCode::kInvalidPrediction;
  }
  const bool blind = phase == CtmRoundStatus::kOpen;
  const Money fee =
      blind ? round.spec.entry_fee_blind
            : round.spec.entry_fee_blind.MulRate(round.spec.heatmap_fee_multiplier, Rounding::kUp);
  if (ledger.balances(account).available < fee) return RejectCode::kInsufficientBalance;

  ledger.Transfer(Ref::Account(account, Bucket::kAvailable),
                  Ref::Account(account, Bucket::kLockedBets), fee);
  std::vector<std::uint64_t>& mine = by_account_[account];
  bool first_in_round = true;
  for (auto it = mine.rbegin(); it != mine.rend(); ++it) {
    const CtmPrediction& p = predictions_[*it - 1];
    if (p.submitted_at < round.created_at) break;  // older than the round: not in it
    if (p.round == round_id) {
      first_in_round = false;
      break;
    }
  }
  CtmPrediction p;
  p.id = predictions_.size() + 1;
  p.round = round_id;
  p.account = account;
  p.phase = blind ? CtmPhase::kBlind : CtmPhase::kHeatmap;
  p.predicted_price = predicted_price;
  p.amount = fee;
  p.submitted_at = now;
  p.balance_after = ledger.balances(account).available;
  p.idempotency_key = idempotency_key;
  predictions_.push_back(p);
  mine.push_back(p.id);
  if (!idempotency_key.empty()) by_key_.emplace(std::make_pair(account, idempotency_key), p.id);
  round.predictions.push_back(p.id);
  round.total_pool += fee;
  if (first_in_round) ++round.unique_players;
  out = std::move(p);
  return RejectCode::kNone;
}

// ---- Reads. ----

const CtmRound* CtmRounds::FindRound(std::uint64_t id) const {
  return id >= 1 && id <= rounds_.size() ? &rounds_[id - 1] : nullptr;
}

const CtmPrediction* CtmRounds::FindPrediction(std::uint64_t id) const {
  return id >= 1 && id <= predictions_.size() ? &predictions_[id - 1] : nullptr;
}

const std::vector<std::uint64_t>& CtmRounds::PredictionsOf(AccountId account) const {
  static const std::vector<std::uint64_t> kNone;
  auto it = by_account_.find(account);
  return it == by_account_.end() ? kNone : it->second;
}

CtmStats CtmRounds::StatsOf(AccountId account) const {
  CtmStats s;
  const std::vector<std::uint64_t>& mine = PredictionsOf(account);
  s.total_predictions = static_cast<std::int64_t>(mine.size());
  std::map<std::uint64_t, bool> rounds;  // round id → paid (resolved rounds)
  std::set<std::uint64_t> all_rounds;
  __int128 distance_sum = 0;
  std::int64_t resolved_predictions = 0;
  for (std::uint64_t pid : mine) {
    const CtmPrediction& p = predictions_[pid - 1];
    all_rounds.insert(p.round);
    s.total_payouts += p.payout;
    const CtmRound& r = rounds_[p.round - 1];
    if (r.status != CtmRoundStatus::kResolved) continue;
    bool& won = rounds[p.round];
    won = won || p.payout.is_positive();
    if (s.best_rank == 0 || p.rank < s.best_rank) s.best_rank = p.rank;
    distance_sum += p.distance.units();
    ++resolved_predictions;
  }
  s.total_rounds = static_cast<std::int64_t>(all_rounds.size());
  // Streaks run over the resolved rounds in the order they resolved (resolvesAt, then id).
  std::vector<std::pair<Timestamp, std::uint64_t>> ordered;
  for (const auto& [id, won] : rounds) ordered.emplace_back(rounds_[id - 1].spec.resolves_at, id);
  std::sort(ordered.begin(), ordered.end());
  std::int64_t streak = 0;
  for (const auto& [at, id] : ordered) {
    if (rounds[id]) {
      ++s.total_wins;
      ++streak;
      s.best_streak = std::max(s.best_streak, streak);
    } else {
      streak = 0;
    }
  }
  s.current_streak = streak;
  if (resolved_predictions > 0) {
    s.has_avg_distance = true;
    s.avg_distance = Money::FromUnits(static_cast<std::int64_t>(
        DivideRounded(distance_sum, resolved_predictions, Rounding::kHalfEven)));
  }
  return s;
}

Timestamp CtmRounds::NextDeadline() const {
  Timestamp next = Timestamp::FromMicros(std::numeric_limits<std::int64_t>::max());
  for (const auto& [key, schedule] : schedules_) {
    if (schedule.spec.enabled) {
      next = std::min(next, schedule.next_start.PlusMillis(-schedule.spec.lead_ms));
    }
  }
  for (std::uint64_t id : active_) {
    const CtmRound& r = rounds_[id - 1];
    switch (r.status) {
      case CtmRoundStatus::kOpen:
        next = std::min(next, r.spec.heatmap_starts_at);
        break;
      case CtmRoundStatus::kHeatmap:
        next = std::min(next, r.spec.locked_starts_at);
        break;
      default:
        next = std::min(next, r.spec.resolves_at);
        break;
    }
  }
  return next;
}

Money CtmRounds::LockedTotal() const {
  Money total;
  for (std::uint64_t id : active_) total += rounds_[id - 1].total_pool;
  return total;
}

// ---- Encoding. ----

void EncodeCtmScheduleSpec(ByteWriter& w, const CtmScheduleSpec& s) {
  w.String(s.asset);
  w.U8(static_cast<std::uint8_t>(s.type));
  w.I64(s.duration_ms);
  w.I64(s.open_ms);
  w.I64(s.heatmap_ms);
  w.I64(s.lead_ms);
  w.Amount(s.entry_fee_blind);
  w.Amount(s.heatmap_fee_multiplier);
  w.Amount(s.platform_fee_rate);
  w.Bool(s.enabled);
}

void EncodeCtmRoundSpec(ByteWriter& w, const CtmRoundSpec& s) {
  w.String(s.asset);
  w.U8(static_cast<std::uint8_t>(s.type));
  w.String(s.question);
  w.String(s.description);
  w.Time(s.open_starts_at);
  w.Time(s.heatmap_starts_at);
  w.Time(s.locked_starts_at);
  w.Time(s.resolves_at);
  w.Amount(s.entry_fee_blind);
  w.Amount(s.heatmap_fee_multiplier);
  w.Amount(s.platform_fee_rate);
}

void CtmRounds::Encode(ByteWriter& w) const {
  w.U32(static_cast<std::uint32_t>(prices_.size()));
  for (const auto& [asset, tick] : prices_) {
    w.String(asset);
    EncodeTick(w, tick);
  }
  w.U32(static_cast<std::uint32_t>(schedules_.size()));
  for (const auto& [key, sc] : schedules_) {
    EncodeCtmScheduleSpec(w, sc.spec);
    w.Time(sc.next_start);
  }
  w.U32(static_cast<std::uint32_t>(rounds_.size()));
  for (const CtmRound& r : rounds_) {
    EncodeCtmRoundSpec(w, r.spec);
    w.U8(static_cast<std::uint8_t>(r.status));
    w.Time(r.created_at);
    w.Amount(r.total_pool);
    w.U32(static_cast<std::uint32_t>(r.predictions.size()));
    for (std::uint64_t pid : r.predictions) w.U64(pid);
    w.U32(r.unique_players);
    w.Bool(r.has_price);
    EncodeTick(w, r.has_price ? r.price : CtmTick{});
    w.Amount(r.settlement_price);
    w.Amount(r.platform_fee);
    w.Amount(r.dust);
    w.Time(r.resolved_at);
    w.U8(static_cast<std::uint8_t>(r.void_reason));
    w.U32(static_cast<std::uint32_t>(r.history.size()));
    for (const CtmHistoryPoint& h : r.history) {
      w.U32(h.slot);
      EncodeTick(w, h.tick);
    }
  }
  w.U32(static_cast<std::uint32_t>(predictions_.size()));
  for (const CtmPrediction& p : predictions_) {
    w.U64(p.round);
    w.U32(p.account.value());
    w.U8(static_cast<std::uint8_t>(p.phase));
    w.Amount(p.predicted_price);
    w.Amount(p.amount);
    w.U8(static_cast<std::uint8_t>(p.status));
    w.Time(p.submitted_at);
    w.Amount(p.balance_after);
    w.String(p.idempotency_key);
    w.Amount(p.distance);
    w.U32(p.rank);
    w.Amount(p.payout);
  }
}

Result<CtmRounds> CtmRounds::Decode(ByteReader& r, std::size_t accounts) {
  auto corrupt = [](const std::string& why) {
    return MakeError("corrupt_snapshot", "venue snapshot: ctm: " + why);
  };
  CtmRounds c;
  const std::uint32_t price_count = r.Count(36);
  for (std::uint32_t i = 0; i < price_count && r.ok(); ++i) {
    std::string asset = r.String(10);
    CtmTick tick = DecodeTick(r);
    if (!ValidCtmAsset(asset) || c.prices_.count(asset) != 0) r.Fail();
    c.prices_.emplace(std::move(asset), tick);
  }
  if (!r.ok()) return corrupt("bad prices");
  const std::uint32_t schedule_count = r.Count(70);
  for (std::uint32_t i = 0; i < schedule_count && r.ok(); ++i) {
    CtmSchedule sc;
    CtmScheduleSpec& s = sc.spec;
    s.asset = r.String(10);
    const std::uint8_t type = r.U8();
    if (type >= static_cast<std::uint8_t>(CtmRoundType::kEvent)) r.Fail();
    s.type = static_cast<CtmRoundType>(type);
    s.duration_ms = r.I64();
    s.open_ms = r.I64();
    s.heatmap_ms = r.I64();
    s.lead_ms = r.I64();
    s.entry_fee_blind = r.Amount();
    s.heatmap_fee_multiplier = r.Amount();
    s.platform_fee_rate = r.Amount();
    s.enabled = r.Bool();
    sc.next_start = r.Time();
    if (!ValidCtmAsset(s.asset) || s.duration_ms < 1000 || s.open_ms <= 0 || s.heatmap_ms < 0 ||
        s.open_ms + s.heatmap_ms > s.duration_ms || s.lead_ms < 0 ||
        !ValidFees(s.entry_fee_blind, s.heatmap_fee_multiplier, s.platform_fee_rate)) {
      r.Fail();
    }
    const auto key = std::make_pair(s.asset, type);
    if (c.schedules_.count(key) != 0) r.Fail();
    c.schedules_.emplace(key, std::move(sc));
  }
  if (!r.ok()) return corrupt("bad schedules");
  const std::uint32_t round_count = r.Count(100);
  for (std::uint32_t i = 0; i < round_count && r.ok(); ++i) {
    CtmRound round;
    round.id = i + 1;
    round.spec.asset = r.String(10);
    const std::uint8_t type = r.U8();
    round.spec.question = r.String(kMaxTextBytes);
    round.spec.description = r.String(kMaxTextBytes);
    round.spec.open_starts_at = r.Time();
    round.spec.heatmap_starts_at = r.Time();
    round.spec.locked_starts_at = r.Time();
    round.spec.resolves_at = r.Time();
    round.spec.entry_fee_blind = r.Amount();
    round.spec.heatmap_fee_multiplier = r.Amount();
    round.spec.platform_fee_rate = r.Amount();
    const std::uint8_t status = r.U8();
    round.created_at = r.Time();
    round.total_pool = r.Amount();
    const std::uint32_t n = r.Count(8);
    for (std::uint32_t k = 0; k < n && r.ok(); ++k) round.predictions.push_back(r.U64());
    round.unique_players = r.U32();
    round.has_price = r.Bool();
    const CtmTick tick = DecodeTick(r, round.has_price);
    if (round.has_price) round.price = tick;
    round.settlement_price = r.Amount();
    round.platform_fee = r.Amount();
    round.dust = r.Amount();
    round.resolved_at = r.Time();
    const std::uint8_t reason = r.U8();
    const std::uint32_t points = r.Count(36);
    for (std::uint32_t k = 0; k < points && r.ok(); ++k) {
      CtmHistoryPoint h;
      h.slot = r.U32();
      h.tick = DecodeTick(r);
      if (h.slot >= kCtmHistoryPoints ||
          (!round.history.empty() && round.history.back().slot >= h.slot)) {
        r.Fail();
      }
      round.history.push_back(h);
    }
    if (type > static_cast<std::uint8_t>(CtmRoundType::kEvent) ||
        status > static_cast<std::uint8_t>(CtmRoundStatus::kVoided) ||
        reason > static_cast<std::uint8_t>(CtmVoidReason::kNoPrice) ||
        !ValidCtmAsset(round.spec.asset) || round.total_pool.is_negative() ||
        round.unique_players > n) {
      r.Fail();
    }
    round.spec.type = static_cast<CtmRoundType>(type);
    round.status = static_cast<CtmRoundStatus>(status);
    round.void_reason = static_cast<CtmVoidReason>(reason);
    if (!round.final()) c.active_.push_back(round.id);
    c.rounds_.push_back(std::move(round));
  }
  if (!r.ok()) return corrupt("bad rounds");
  const std::uint32_t prediction_count = r.Count(70);
  for (std::uint32_t i = 0; i < prediction_count && r.ok(); ++i) {
    CtmPrediction p;
    p.id = i + 1;
    p.round = r.U64();
    p.account = AccountId(r.U32());
    const std::uint8_t phase = r.U8();
    p.predicted_price = r.Amount();
    p.amount = r.Amount();
    const std::uint8_t status = r.U8();
    p.submitted_at = r.Time();
    p.balance_after = r.Amount();
    p.idempotency_key = r.String(kMaxCtmIdempotencyKeyBytes);
    p.distance = r.Amount();
    p.rank = r.U32();
    p.payout = r.Amount();
    if (p.round == 0 || p.round > c.rounds_.size() || !p.account.valid() ||
        p.account.value() > accounts || phase > 1 ||
        status > static_cast<std::uint8_t>(CtmPredictionStatus::kRefunded) ||
        !p.amount.is_positive() || p.predicted_price.is_negative() || p.payout.is_negative()) {
      r.Fail();
    }
    p.phase = static_cast<CtmPhase>(phase);
    p.status = static_cast<CtmPredictionStatus>(status);
    c.predictions_.push_back(std::move(p));
  }
  if (!r.ok()) return corrupt("bad predictions");
  // Every round lists exactly its own predictions, and its pool is their sum.
  std::vector<std::uint64_t> owner(c.predictions_.size(), 0);
  for (const CtmRound& round : c.rounds_) {
    Money pool;
    for (std::uint64_t pid : round.predictions) {
      if (pid == 0 || pid > c.predictions_.size() || owner[pid - 1] != 0 ||
          c.predictions_[pid - 1].round != round.id) {
        return corrupt("round predictions do not match");
      }
      owner[pid - 1] = round.id;
      pool += c.predictions_[pid - 1].amount;
    }
    if (pool != round.total_pool) return corrupt("round pool does not match its predictions");
  }
  for (std::uint64_t o : owner) {
    if (o == 0) return corrupt("prediction outside its round");
  }
  c.Reindex();
  return c;
}

void CtmRounds::Reindex() {
  by_account_.clear();
  by_key_.clear();
  for (const CtmPrediction& p : predictions_) {
    by_account_[p.account].push_back(p.id);
    if (!p.idempotency_key.empty())
      by_key_.emplace(std::make_pair(p.account, p.idempotency_key), p.id);
  }
}

}  // namespace probex::venue
