// Simulator: a seeded season of fixtures and the bookmaker's odds on them, driven by the time
// passed in (it never reads a clock). Everything that happens is scheduled from the seed: teams'
// scoring rates, the book's estimate of them drifting before kick-off, goals (soccer) or points
// per minute (basketball), fixtures that get cancelled, and connection drops of the simulated
// book. AdvanceTo(t) applies every scheduled event at or before t in time order, so the result
// does not depend on how often it is called: one seed and one start give one season.
// Goals suspend the fixture's odds for `goal_suspension_s`; a connection drop marks the book
// inactive and suspended everywhere. Operators can stage a goal, a suspension or a final score;
// applied at the same times again (after AdvanceTo of that time), they replay exactly.
// Thread rule: not thread-safe; owned by the bookmaker's single writer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bookmaker/domain/fixture.h"
#include "bookmaker/domain/odds_board.h"
#include "bookmaker/sim/match_pricer.h"
#include "bookmaker/sim/rng.h"
#include "common/result.h"
#include "common/time.h"

namespace probex::bookmaker {

struct SimConfig {
  std::uint64_t seed = 1;
  Timestamp season_start;
  int fixtures = 24;                    // fixtures in the season (every 4th is basketball)
  std::int64_t first_kickoff_s = 1800;  // first kick-off after the season start
  std::int64_t kickoff_interval_s = 600;
  std::int64_t drift_interval_s = 60;  // pre-match repricing step
  std::int64_t live_tick_s = 60;       // in-play repricing step (and basketball scoring draw)
  double drift_sigma = 0.02;           // log-normal step of the book's scoring-rate estimate
  std::int64_t goal_suspension_s = 90;
  double cancel_probability = 0.03;
  double drops_per_hour = 0.5;  // connection drops of the simulated book
  std::int64_t drop_min_s = 10;
  std::int64_t drop_max_s = 40;
  PricerConfig pricer;
};

// What one call changed, in the order it happened.
struct SimUpdate {
  std::vector<OddsDelta> odds;
  std::vector<std::string> fixtures_changed;  // status, score or periods changed
  std::vector<std::string> finished;          // reached statusId 2: settle from the score
  std::vector<std::string> cancelled;         // reached statusId 3: void

  bool empty() const {
    return odds.empty() && fixtures_changed.empty() && finished.empty() && cancelled.empty();
  }
};

class Simulator {
 public:
  explicit Simulator(SimConfig config);

  // Applies every scheduled event up to and including `now` (no-op for times already passed).
  void AdvanceTo(Timestamp now, SimUpdate& out);
  Timestamp now() const { return now_; }
  // When the next scheduled event is due (nothing when none is left): a driver can sleep until
  // then instead of polling.
  std::optional<Timestamp> NextEventTime() const;

  // Operator actions at the current time (call AdvanceTo first).
  Status ForceGoal(const std::string& fixture_id, int participant, SimUpdate& out);
  Status SetSuspended(const std::string& fixture_id, bool suspended, SimUpdate& out);
  Status ForceFinal(const std::string& fixture_id, Score score, SimUpdate& out);

  const std::vector<Tournament>& tournaments() const { return tournaments_; }
  const std::vector<Fixture>& fixtures() const { return fixtures_; }
  const Fixture* FindFixture(const std::string& fixture_id) const;
  const OddsBoard& board() const { return board_; }
  const SimConfig& config() const { return config_; }
  bool connection_dropped() const { return dropped_; }

 private:
  enum class EventKind {
    kCancel,
    kKickoff,
    kGoal,
    kUnsuspend,
    kHalfTime,
    kFullTime,
    kTick,
    kDrift
  };
  struct Goal {
    std::int64_t offset_s = 0;  // after kick-off
    int participant = 1;
  };
  struct Runtime {
    Rng rng{0};
    double true_rate1 = 0;  // expected goals/points over regulation time
    double true_rate2 = 0;
    double book_rate1 = 0;  // the book's estimate, which drifts before kick-off
    double book_rate2 = 0;
    std::vector<Goal> goals;
    std::size_t next_goal = 0;
    std::optional<Timestamp> cancel_at;
    Timestamp next_drift;
    Timestamp next_tick;
    std::optional<Timestamp> suspended_until;
    bool manual_suspended = false;
    bool half_time_done = false;
    bool listed = false;
    std::int64_t regulation_s = 0;  // 90 or 48 minutes
    std::int64_t end_s = 0;         // regulation, plus overtime periods when level
  };

  void BuildSeason();
  std::optional<std::pair<Timestamp, EventKind>> NextEvent(std::size_t index) const;
  void Schedule(std::size_t index);
  void Process(std::size_t index, EventKind kind, Timestamp at, SimUpdate& out);
  void Reprice(std::size_t index, SimUpdate& out);
  void Finish(std::size_t index, SimUpdate& out);
  std::optional<std::size_t> IndexOf(const std::string& fixture_id) const;

  SimConfig config_;
  MatchPricer pricer_;
  std::vector<Tournament> tournaments_;
  std::vector<Fixture> fixtures_;
  std::vector<Runtime> runtime_;
  std::map<std::string, std::size_t> index_;
  OddsBoard board_;
  Timestamp now_;
  // Pending events: (time, fixture index); the connection-drop schedule uses index SIZE_MAX.
  std::set<std::pair<Timestamp, std::size_t>> queue_;
  std::map<std::size_t, Timestamp> queued_at_;
  Rng drop_rng_{0};
  Timestamp next_drop_change_;
  bool dropped_ = false;
};

}  // namespace probex::bookmaker
