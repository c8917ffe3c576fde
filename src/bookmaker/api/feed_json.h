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
// {"type":"odds","seq":…,"publishedAtUs":…,"fixtureId":…,"bookmakerOdds":{"probex":{…}}}.
// publishedAtUs (a probex extension that OddsPapi clients ignore) is the server's wall clock, in
// microseconds since the epoch, when the change was handed to the stream: clients on the same
// host measure the latency from change to client with it.
std::string OddsDeltaMessage(const OddsDelta& delta, Timestamp published_at);
// {"type":"fixture", …fixture fields…, "scores": …}
std::string FixtureMessage(const Simulator& sim, const Fixture& f);

}  // namespace probex::bookmaker
