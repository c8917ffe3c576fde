#include "bookmaker/api/feed_json.h"

#include "bookmaker/domain/grading.h"
#include "bookmaker/domain/market_catalogue.h"

namespace probex::bookmaker {
namespace {

const Tournament* FindTournament(const Simulator& sim, int id) {
  for (const Tournament& t : sim.tournaments()) {
    if (t.tournament_id == id) return &t;
  }
  return nullptr;
}

std::string SportName(int sport_id) {
  for (const SportSpec& s : MarketCatalogue::Standard().sports()) {
    if (s.sport_id == sport_id) return s.name;
  }
  return "";
}

void WritePlayer(net::JsonWriter& w, const PlayerQuote& q) {
  w.BeginObject();
  w.Key("price").RawNumber(q.price.ToString());
  w.Key("limit").MoneyNumber(q.limit);
  w.Field("active", q.active);
  w.Field("mainLine", q.main_line);
  w.Key("changedAt").Time(q.changed_at);
  w.Key("bookmakerChangedAt").Time(q.bookmaker_changed_at);
  w.Field("playerName", "");
  w.EndObject();
}

void WriteOutcomePlayers(net::JsonWriter& w, int outcome_id, const PlayerQuote& q) {
  w.Key(std::to_string(outcome_id)).BeginObject().Key("players").BeginObject().Key("0");
  WritePlayer(w, q);
  w.EndObject().EndObject();
}

void WriteScore(net::JsonWriter& w, const Score& s) {
  w.BeginObject()
      .Field("participant1Score", s.participant1)
      .Field("participant2Score", s.participant2)
      .EndObject();
}

}  // namespace

void WriteFixture(net::JsonWriter& w, const Simulator& sim, const Fixture& f) {
  const Tournament* t = FindTournament(sim, f.tournament_id);
  w.Field("fixtureId", f.fixture_id);
  w.Field("participant1Id", f.participant1_id);
  w.Field("participant1Name", f.participant1_name);
  w.Field("participant2Id", f.participant2_id);
  w.Field("participant2Name", f.participant2_name);
  w.Field("sportId", f.sport_id);
  w.Field("sportName", SportName(f.sport_id));
  w.Field("tournamentId", f.tournament_id);
  w.Field("tournamentName", t != nullptr ? t->name : "");
  w.Field("categoryName", t != nullptr ? t->category_name : "");
  w.Key("startTime").Time(f.start_time);
  w.Key("trueStartTime");
  f.true_start_time ? w.Time(*f.true_start_time) : w.Null();
  w.Key("trueEndTime");
  f.true_end_time ? w.Time(*f.true_end_time) : w.Null();
  w.Field("statusId", f.status_id());
  w.Field("hasOdds", sim.board().Find(f.fixture_id) != nullptr);
}

void WriteMarketCatalogue(net::JsonWriter& w, int sport_id) {
  w.BeginArray();
  for (const MarketSpec& m : MarketCatalogue::Standard().markets()) {
    if (sport_id != 0 && m.sport_id != sport_id) continue;
    w.BeginObject();
    w.Field("marketId", m.market_id);
    w.Field("marketName", m.name);
    w.Field("marketType", m.MarketType());
    w.Field("period", m.period);
    w.Key("handicap").RawNumber(FormatQuarters(m.line_quarters));
    w.Field("sportId", m.sport_id);
    w.Key("outcomes").BeginArray();
    for (const OutcomeSpec& o : m.outcomes) {
      w.BeginObject().Field("outcomeId", o.outcome_id).Field("outcomeName", o.name).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
}

void WriteFixtureOdds(net::JsonWriter& w, const Simulator& sim, const Fixture& f) {
  w.BeginObject();
  WriteFixture(w, sim, f);
  w.Key("bookmakerOdds").BeginObject();
  if (const FixtureOdds* odds = sim.board().Find(f.fixture_id)) {
    w.Key(kBookmakerSlug).BeginObject();
    w.Field("bookmakerIsActive", odds->bookmaker_is_active);
    w.Field("suspended", odds->suspended);
    w.Field("bookmakerFixtureId", f.fixture_id);
    w.Key("markets").BeginObject();
    for (const auto& [market_id, market] : odds->markets) {
      w.Key(std::to_string(market_id)).BeginObject();
      w.Field("marketActive", market.market_active);
      w.Key("outcomes").BeginObject();
      for (const auto& [outcome_id, q] : market.outcomes) WriteOutcomePlayers(w, outcome_id, q);
      w.EndObject().EndObject();
    }
    w.EndObject().EndObject();
  }
  w.EndObject();
  w.Field("updateSeq", sim.board().seq());
  w.EndObject();
}

void WriteScores(net::JsonWriter& w, const Fixture& f) {
  w.BeginObject();
  w.Field("fixtureId", f.fixture_id);
  w.Field("statusId", f.status_id());
  w.Key("scores").BeginObject().Key("periods").BeginObject();
  w.Key("result");
  WriteScore(w, f.score);
  for (const auto& [name, s] : f.periods) {
    w.Key(name);
    WriteScore(w, s);
  }
  w.EndObject().EndObject().EndObject();
}

void WriteSettlements(net::JsonWriter& w, const Fixture& f) {
  w.BeginObject();
  w.Field("fixtureId", f.fixture_id);
  w.Field("statusId", f.status_id());
  w.Key("markets").BeginObject();
  for (const MarketSpec* m : MarketCatalogue::Standard().ForSport(f.sport_id)) {
    w.Key(std::to_string(m->market_id)).BeginObject().Key("outcomes").BeginObject();
    for (std::size_t i = 0; i < m->outcomes.size(); ++i) {
      SettlementStatus status = SettlementStatus::kUnsettled;
      if (f.status == FixtureStatus::kFinished) {
        status = GradeOutcome(*m, static_cast<int>(i), f.score);
      } else if (f.status == FixtureStatus::kCancelled) {
        status = SettlementStatus::kVoid;
      }
      w.Key(std::to_string(m->outcomes[i].outcome_id)).BeginObject().Key("players");
      w.BeginObject().Key("0").BeginObject().Field("result", FeedResultName(status));
      w.EndObject().EndObject().EndObject();
    }
    w.EndObject().EndObject();
  }
  w.EndObject().EndObject();
}

std::string OddsDeltaMessage(const OddsDelta& delta, Timestamp published_at) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject();
  w.Field("type", "odds");
  w.Field("seq", delta.seq);
  w.Field("publishedAtUs", published_at.micros());
  w.Field("fixtureId", delta.fixture_id);
  w.Key("bookmakerOdds").BeginObject().Key(kBookmakerSlug).BeginObject();
  w.Field("bookmakerIsActive", delta.bookmaker_is_active);
  w.Field("suspended", delta.suspended);
  w.Key("markets").BeginObject();
  for (const auto& m : delta.markets) {
    w.Key(std::to_string(m.market_id)).BeginObject();
    w.Field("marketActive", m.market_active);
    w.Key("outcomes").BeginObject();
    for (const auto& [outcome_id, q] : m.players) WriteOutcomePlayers(w, outcome_id, q);
    w.EndObject().EndObject();
  }
  w.EndObject().EndObject().EndObject().EndObject();
  return out;
}

std::string FixtureMessage(const Simulator& sim, const Fixture& f) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject();
  w.Field("type", "fixture");
  WriteFixture(w, sim, f);
  w.Key("scores");
  WriteScores(w, f);
  w.EndObject();
  return out;
}

}  // namespace probex::bookmaker
