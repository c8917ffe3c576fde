// Sportsbook: the bookmaker's single writer — the simulator, its odds board, the bet book and
// the store, behind one mutex. Every change (time advancing, a placement, an operator action)
// happens under the lock; the messages it produces (feed deltas, fixture updates, order, bet,
// settlement and account events) are handed to the Publisher in order while the lock is held,
// so streams see changes in exactly the order they happened. Operator actions are stored and
// replayed at their times on restart, which rebuilds the same season.
// Thread rule: every public method is thread-safe. Readers take the lock for the duration of
// the callback they pass: keep the callbacks short.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "bookmaker/api/bet_store.h"
#include "bookmaker/domain/bet_book.h"
#include "bookmaker/sim/simulator.h"
#include "common/result.h"

namespace probex::bookmaker {

// Receives what changed, under the Sportsbook's lock (must not call back into it).
class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void OnOddsDelta(const Simulator& sim, const OddsDelta& delta) = 0;
  virtual void OnFixtureChanged(const Fixture& fixture) = 0;
  virtual void OnOrder(const Order& order) = 0;
  virtual void OnBet(const Bet& bet) = 0;
  virtual void OnSettlement(const Bet& bet) = 0;
  virtual void OnAccount(const Account& account) = 0;
};

struct SportsbookConfig {
  SimConfig sim;
  Money initial_balance = Money::FromUnits(100'000 * Money::kScale);
  Money min_stake = Money::FromUnits(Money::kScale);
  Money max_stake = Money::FromUnits(50'000 * Money::kScale);
};

struct PlaceResult {
  PlaceOutcome outcome;
  std::optional<Error> error;  // a requestUuid clash: the order was not placed
};

class Sportsbook {
 public:
  // Opens the store, restores accounts/orders/bets, replays operator actions and advances the
  // season to `now`. The season's seed and start are fixed by the first run of a data dir:
  // a later run with another seed is an error.
  static Result<std::unique_ptr<Sportsbook>> Open(const std::string& db_path,
                                                  SportsbookConfig config, Timestamp now);

  void SetPublisher(Publisher* publisher);

  // The account of a key (by its SHA-256 hash), created with the initial balance when new.
  Result<std::int64_t> EnsureAccount(const std::string& key_hash, const std::string& name,
                                     Timestamp now);
  std::optional<std::int64_t> AccountForKeyHash(const std::string& key_hash) const;

  void AdvanceTo(Timestamp now);
  Timestamp now() const;
  // The season time of the next scheduled event (nothing when the season is over).
  std::optional<Timestamp> NextEventTime() const;

  std::vector<PlaceResult> Place(std::int64_t account_id, const std::vector<OrderRequest>& orders,
                                 Timestamp now);
  SelectionQuote QuoteFor(const std::string& fixture_id, int outcome_id) const;

  Status ForceGoal(const std::string& fixture_id, int participant, Timestamp now);
  Status SetSuspended(const std::string& fixture_id, bool suspended, Timestamp now);
  Status ForceFinal(const std::string& fixture_id, Score score, Timestamp now);

  // Persists a piece of state the service keeps (the manual clock).
  Status SetMeta(const std::string& key, const std::string& value);
  std::optional<std::string> GetMeta(const std::string& key);

  // Read access under the lock.
  void Read(const std::function<void(const Simulator&, const BetBook&)>& reader) const;

 private:
  Sportsbook(SportsbookConfig config, std::unique_ptr<BetStore> store);
  void ApplyLocked(const SimUpdate& update, bool publish);
  SelectionQuote QuoteLocked(const std::string& fixture_id, int outcome_id) const;
  Status RecordAction(const OperatorAction& action);
  Status ApplyAction(const OperatorAction& action, SimUpdate& update);

  mutable std::mutex mu_;
  SportsbookConfig config_;
  std::unique_ptr<BetStore> store_;
  Simulator sim_;
  BetBook book_;
  std::map<std::string, std::int64_t> account_by_key_hash_;
  std::map<std::int64_t, std::string> key_hash_by_account_;
  std::int64_t next_action_seq_ = 1;
  Publisher* publisher_ = nullptr;
};

}  // namespace probex::bookmaker
