// OddsBoard: the book's current odds per fixture in the OddsPapi shape (bookmaker flags →
// markets → outcomes → player "0"), and the diff that turns a repriced fixture into a partial
// update: only changed markets and players, each changed player whole, numbered by a global
// sequence so a client can line a REST snapshot up with the stream.
// Thread rule: not thread-safe; owned by the bookmaker's single writer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bookmaker/domain/odds.h"
#include "common/money.h"
#include "common/time.h"

namespace probex::bookmaker {

struct PlayerQuote {
  Odds price;
  Money limit;
  bool active = true;
  bool main_line = false;
  Timestamp changed_at;
  Timestamp bookmaker_changed_at;

  // Same price, limit and flags (timestamps ignored).
  bool SameQuote(const PlayerQuote& other) const {
    return price == other.price && limit == other.limit && active == other.active &&
           main_line == other.main_line;
  }
};

struct MarketQuotes {
  bool market_active = true;
  std::map<int, PlayerQuote> outcomes;  // by outcomeId
};

struct FixtureOdds {
  bool bookmaker_is_active = true;
  bool suspended = false;
  std::map<int, MarketQuotes> markets;  // by marketId
};

struct OddsDelta {
  struct MarketChange {
    int market_id = 0;
    bool market_active = true;
    std::vector<std::pair<int, PlayerQuote>> players;  // (outcomeId, whole player "0")
  };
  std::string fixture_id;
  std::uint64_t seq = 0;
  bool bookmaker_is_active = true;
  bool suspended = false;
  std::vector<MarketChange> markets;
};

class OddsBoard {
 public:
  // Makes `target` the fixture's odds. Changed players get changed_at = now (their
  // bookmaker_changed_at is kept from `target`). Returns the delta, or nothing when nothing
  // changed (then no sequence number is used).
  std::optional<OddsDelta> Apply(const std::string& fixture_id, const FixtureOdds& target,
                                 Timestamp now);

  const FixtureOdds* Find(const std::string& fixture_id) const;
  const std::map<std::string, FixtureOdds>& fixtures() const { return fixtures_; }
  // The sequence number of the last delta produced (0 before any).
  std::uint64_t seq() const { return seq_; }

 private:
  std::map<std::string, FixtureOdds> fixtures_;
  std::uint64_t seq_ = 0;
};

// Applies a delta to a copy of the board state, as a streaming client deep-merges it.
void MergeDelta(FixtureOdds& odds, const OddsDelta& delta);

}  // namespace probex::bookmaker
