// Fixture: one sports event — two participants, a start time, a status (OddsPapi statusId:
// 0 not started, 1 live, 2 finished, 3 cancelled), the live score and per-period scores
// ("p1", "p2", "ot"; "result" is `score`). Tournament: a competition within a sport.
// Thread rule: plain value types.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bookmaker/domain/score.h"
#include "common/time.h"

namespace probex::bookmaker {

enum class FixtureStatus { kNotStarted = 0, kLive = 1, kFinished = 2, kCancelled = 3 };

struct Tournament {
  int tournament_id = 0;
  int sport_id = 0;
  std::string slug;
  std::string name;
  std::string category_slug;
  std::string category_name;
};

struct Fixture {
  std::string fixture_id;
  int sport_id = 0;
  int tournament_id = 0;
  int participant1_id = 0;
  std::string participant1_name;
  int participant2_id = 0;
  std::string participant2_name;
  Timestamp start_time;
  FixtureStatus status = FixtureStatus::kNotStarted;
  Score score;
  std::vector<std::pair<std::string, Score>> periods;
  std::optional<Timestamp> true_start_time;
  std::optional<Timestamp> true_end_time;

  int status_id() const { return static_cast<int>(status); }
  bool open_for_betting() const {
    return status == FixtureStatus::kNotStarted || status == FixtureStatus::kLive;
  }
};

}  // namespace probex::bookmaker
