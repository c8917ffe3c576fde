// Rendering of the feed in OddsPapi v4 shapes: sports, tournaments, fixtures, the market
// catalogue, odds (bookmakerOdds.<slug> → markets → outcomes → players."0"), scores,
// settlements, and the WebSocket's partial odds update (the same tree holding only what changed).
// Pure functions over the simulator's state; the caller holds the Sportsbook lock.
#pragma once

#include <string>

#include "bookmaker/domain/odds_board.h"
#include "bookmaker/sim/simulator.h"
#include "net/json_writer.h"

namespace probex::bookmaker {

inline constexpr char kBookmakerSlug[] = "probex";

void WriteFixture(net::JsonWriter& w, const Simulator& sim, const Fixture& f);
void WriteMarketCatalogue(net::JsonWriter& w, int sport_id /* 0 = all */);
// {fixtureId, participant…, statusId, bookmakerOdds: {probex: {...}}, updateSeq}
void WriteFixtureOdds(net::JsonWriter& w, const Simulator& sim, const Fixture& f);
void WriteScores(net::JsonWriter& w, const Fixture& f);
void WriteSettlements(net::JsonWriter& w, const Fixture& f);
// {"type":"odds","seq":…,"fixtureId":…,"bookmakerOdds":{"probex":{…changed…}}}
std::string OddsDeltaMessage(const OddsDelta& delta);
// {"type":"fixture", …fixture fields…, "scores": …}
std::string FixtureMessage(const Simulator& sim, const Fixture& f);

}  // namespace probex::bookmaker
