// OddsFrameReader: the feed's hot path. Reads an OddsPapi v4 `odds` WebSocket frame straight from
// its bytes — the few fields the engine uses (type, seq, fixtureId, the fixture's ids and status,
// and per market and outcome: marketActive, price, limit, active) — without building a JSON tree,
// into buffers it reuses from frame to frame. Everything else (changedAt, playerName, …) is
// skipped. The result merges into a FixtureOdds exactly as ApplyOddsObject does (a delta names
// only what changed). Number texts are read as exact Money (no double in between).
// A frame it cannot read (another message type, an escaped string where an id or type is
// expected, malformed JSON) returns false and changes nothing: the caller falls back to the
// general JSON path.
// Thread rule: one reader per thread (it holds the reused buffers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/money.h"
#include "mm/connectors/bookmaker/fixture_odds.h"

namespace probex::mm::bookmaker {

class OddsFrameReader {
 public:
  // Reads `frame`; true when it is a readable `odds` frame (then the accessors describe it).
  bool Read(std::string_view frame);

  std::int64_t seq() const { return seq_; }
  const std::string& fixture_id() const { return fixture_id_; }
  // Merges the frame into `into` (its fixture); `touched` gets each market id it names.
  void ApplyTo(FixtureOdds& into, std::vector<int>* touched) const;

 private:
  struct OutcomeUpdate {
    int outcome_id = 0;
    std::optional<Money> odds;
    std::optional<Money> limit;
    std::optional<bool> active;
    bool has_player = false;  // players."0" was an object (else the outcome is not touched)
  };
  struct MarketUpdate {
    int market_id = 0;
    std::optional<bool> active;
    std::size_t first_outcome = 0;  // into outcomes_
    std::size_t outcome_count = 0;
  };

  std::int64_t seq_ = 0;
  std::string fixture_id_;
  bool has_fixture_id_ = false;
  std::optional<int> sport_id_, tournament_id_, status_id_;
  std::optional<bool> bookmaker_active_, suspended_;
  std::vector<MarketUpdate> markets_;
  std::vector<OutcomeUpdate> outcomes_;
};

}  // namespace probex::mm::bookmaker
