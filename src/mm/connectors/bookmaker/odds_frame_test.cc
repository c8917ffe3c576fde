#include "mm/connectors/bookmaker/odds_frame.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace probex::mm::bookmaker {
namespace {

Money M(const char* t) { return Money::Parse(t).value(); }

// What the general path makes of the same frame.
FixtureOdds General(const FixtureOdds& start, std::string_view frame, std::vector<int>* touched) {
  FixtureOdds f = start;
  const boost::json::value v = boost::json::parse(frame);
  ApplyOddsObject(v.as_object(), f, touched);
  return f;
}

void ExpectSame(const FixtureOdds& a, const FixtureOdds& b) {
  EXPECT_EQ(a.fixture_id, b.fixture_id);
  EXPECT_EQ(a.sport_id, b.sport_id);
  EXPECT_EQ(a.tournament_id, b.tournament_id);
  EXPECT_EQ(a.status_id, b.status_id);
  EXPECT_EQ(a.bookmaker_active, b.bookmaker_active);
  EXPECT_EQ(a.suspended, b.suspended);
  ASSERT_EQ(a.markets.size(), b.markets.size());
  for (const auto& [id, m] : a.markets) {
    const MarketQuotes& n = b.markets.at(id);
    EXPECT_EQ(m.active, n.active) << id;
    ASSERT_EQ(m.outcomes.size(), n.outcomes.size()) << id;
    for (const auto& [oid, q] : m.outcomes) {
      const OutcomeQuote& r = n.outcomes.at(oid);
      EXPECT_EQ(q.odds, r.odds) << id << "/" << oid;
      EXPECT_EQ(q.limit, r.limit) << id << "/" << oid;
      EXPECT_EQ(q.active, r.active) << id << "/" << oid;
    }
  }
}

FixtureOdds Start() {
  FixtureOdds f;
  f.fixture_id = "fx-1";
  f.sport_id = 10;
  f.tournament_id = 17;
  MarketQuotes m;
  m.outcomes[101] = {M("2.6"), M("250.5"), true};
  m.outcomes[102] = {M("3.4"), M("200"), true};
  m.outcomes[103] = {M("2.95"), M("200"), true};
  f.markets[101] = m;
  return f;
}

// The shape `probex bookmaker` sends (bookmaker/api/feed_json.cc OddsDeltaMessage).
constexpr char kDelta[] = R"({"type":"odds","seq":41,"publishedAtUs":1763787600000000,
  "fixtureId":"fx-1","bookmakerOdds":{"probex":{"bookmakerIsActive":true,"suspended":false,
  "markets":{"101":{"marketActive":true,"outcomes":{
    "101":{"players":{"0":{"price":2.55,"limit":250.5,"active":true,"mainLine":true,
      "changedAt":"2026-11-22T05:00:00.000Z","bookmakerChangedAt":"2026-11-22T05:00:00.000Z",
      "playerName":""}}},
    "102":{"players":{"0":{"price":3.5,"limit":180,"active":false,"mainLine":true,
      "changedAt":"2026-11-22T05:00:00.000Z","bookmakerChangedAt":"2026-11-22T05:00:00.000Z",
      "playerName":"a \"quoted\" \\ name"}}}}},
  "1010":{"marketActive":false,"outcomes":{"7":{"players":{"0":{"price":1.125,"limit":0.5,
      "active":true,"changedAt":null,"extra":[1,2,{"x":[]}]}}}}}}}}})";

TEST(OddsFrameReaderTest, ReadsWhatTheGeneralPathReads) {
  OddsFrameReader r;
  ASSERT_TRUE(r.Read(kDelta));
  EXPECT_EQ(r.seq(), 41);
  EXPECT_EQ(r.fixture_id(), "fx-1");
  FixtureOdds fast = Start();
  std::vector<int> touched_fast, touched_general;
  r.ApplyTo(fast, &touched_fast);
  const FixtureOdds general = General(Start(), kDelta, &touched_general);
  ExpectSame(fast, general);
  EXPECT_EQ(touched_fast, touched_general);
  EXPECT_EQ(touched_fast, (std::vector<int>{101, 1010}));
  EXPECT_EQ(fast.markets.at(101).outcomes.at(101).odds, M("2.55"));
  EXPECT_EQ(fast.markets.at(101).outcomes.at(102).limit, M("180"));
  EXPECT_FALSE(fast.markets.at(101).outcomes.at(102).active);
  EXPECT_EQ(fast.markets.at(101).outcomes.at(103).odds, M("2.95"));  // not named: kept
  EXPECT_FALSE(fast.markets.at(1010).active);
  EXPECT_EQ(fast.markets.at(1010).outcomes.at(7).odds, M("1.125"));
}

TEST(OddsFrameReaderTest, PartialFieldsKeepTheirValuesAndOddShapesAreSkipped) {
  // Leaves out limit and active, sends a price as a string, a fixture id as a number, a market
  // key that is not a number, an outcome without players, and a fixture status.
  constexpr char kFrame[] = R"({"type":"odds","seq":42,"fixtureId":77,"statusId":1,
    "bookmakerOdds":{"probex":{"suspended":true,"markets":{
      "101":{"outcomes":{"102":{"players":{"0":{"price":"3.25"}}},"103":{"other":1}}},
      "abc":{"marketActive":false},"102":"not an object"}}}})";
  OddsFrameReader r;
  ASSERT_TRUE(r.Read(kFrame));
  EXPECT_EQ(r.fixture_id(), "77");
  FixtureOdds fast = Start();
  std::vector<int> t1, t2;
  r.ApplyTo(fast, &t1);
  ExpectSame(fast, General(Start(), kFrame, &t2));
  EXPECT_EQ(t1, t2);
  EXPECT_TRUE(fast.suspended);
  EXPECT_EQ(fast.status_id, 1);
  EXPECT_EQ(fast.markets.at(101).outcomes.at(102).odds, M("3.25"));
  EXPECT_EQ(fast.markets.at(101).outcomes.at(102).limit, M("200"));
  EXPECT_TRUE(fast.markets.at(101).outcomes.at(102).active);
}

TEST(OddsFrameReaderTest, RefusesWhatItCannotReadAndTheReaderIsReusable) {
  OddsFrameReader r;
  EXPECT_FALSE(r.Read(R"({"type":"fixture","fixtureId":"fx-1","statusId":2})"));
  EXPECT_FALSE(r.Read(R"({"type":"odds","seq":1,"fixtureId":"fx-1","bookmakerOdds":{)"));
  EXPECT_FALSE(r.Read(R"({"type":"odds","seq":1} trailing)"));
  EXPECT_FALSE(r.Read(R"({"type":"odds","seq":1,"fixtureId":"fx\u002d1"})"));  // escaped id
  EXPECT_FALSE(r.Read(R"([1,2])"));
  EXPECT_FALSE(r.Read(""));
  ASSERT_TRUE(r.Read(kDelta));
  FixtureOdds f = Start();
  r.ApplyTo(f, nullptr);
  EXPECT_EQ(f.markets.at(101).outcomes.at(101).odds, M("2.55"));
}

}  // namespace
}  // namespace probex::mm::bookmaker
