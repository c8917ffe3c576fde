// FixtureOdds: the bookmaker's current prices for one fixture, as the feed connector keeps them —
// the REST snapshot with every WebSocket delta deep-merged in (a delta names only what changed;
// what it leaves out keeps its value). ApplyOddsJson merges one OddsPapi v4 `bookmakerOdds`
// object (a snapshot entry or an odds delta). Feed numbers are short decimals (odds ≤ 3 places,
// limits ≤ 2), so a double's shortest round-trip text is exactly what was sent.
// Thread rule: plain value type; the parser is a pure function.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/money.h"
#include "net/json.h"

namespace probex::mm::bookmaker {

// Fixture statuses as OddsPapi numbers them.
inline constexpr int kStatusNotStarted = 0;
inline constexpr int kStatusLive = 1;
inline constexpr int kStatusFinished = 2;
inline constexpr int kStatusCancelled = 3;

struct OutcomeQuote {
  Money odds;   // decimal odds
  Money limit;  // max stake
  bool active = false;
};

struct MarketQuotes {
  bool active = true;
  std::map<int, OutcomeQuote> outcomes;
};

struct FixtureOdds {
  std::string fixture_id;
  int sport_id = 0;
  int tournament_id = 0;
  int status_id = kStatusNotStarted;
  bool bookmaker_active = true;
  bool suspended = false;
  std::int64_t seq = 0;  // the feed sequence this state includes
  std::map<int, MarketQuotes> markets;
  // An update holding only the markets a delta touched (their merged state) and the fixture's
  // fields; false: the whole fixture (a snapshot).
  bool partial = false;
};

// Merges the fields present in `fixture` (an object holding fixtureId, statusId, … and/or
// bookmakerOdds) into `into`. `pointer` is the JSON pointer of `fixture` inside `doc`, to read
// exact number texts. Unknown shapes are skipped, never fatal. `touched`, when given, gets the id
// of every market the object names.
void ApplyOddsJson(const net::ParsedJson& doc, const boost::json::object& fixture,
                   const std::string& pointer, FixtureOdds& into,
                   std::vector<int>* touched = nullptr);
// The same from a plain Boost.JSON object (the feed's hot path parses deltas without keeping
// number texts: the feed's short decimals round-trip through a double exactly).
void ApplyOddsObject(const boost::json::object& fixture, FixtureOdds& into,
                     std::vector<int>* touched = nullptr);

}  // namespace probex::mm::bookmaker
