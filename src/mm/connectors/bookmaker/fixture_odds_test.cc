#include "mm/connectors/bookmaker/fixture_odds.h"

#include <gtest/gtest.h>

namespace probex::mm::bookmaker {
namespace {

Money M(const char* t) { return Money::Parse(t).value(); }

constexpr char kSnapshot[] = R"({"fixtureId":"fx-1","sportId":10,"tournamentId":17,"statusId":0,
  "bookmakerOdds":{"probex":{"bookmakerIsActive":true,"suspended":false,"markets":{
    "101":{"marketActive":true,"outcomes":{
      "101":{"players":{"0":{"price":2.6,"limit":250.5,"active":true}}},
      "102":{"players":{"0":{"price":3.4,"limit":200,"active":true}}},
      "103":{"players":{"0":{"price":2.95,"limit":200,"active":true}}}}}}}},
  "updateSeq":40})";

TEST(FixtureOddsTest, SnapshotThenDeltaMergesOnlyWhatChanged) {
  auto doc = net::ParseJson(kSnapshot).value();
  FixtureOdds f;
  ApplyOddsJson(doc, doc.root.as_object(), "", f);
  EXPECT_EQ(f.fixture_id, "fx-1");
  EXPECT_EQ(f.tournament_id, 17);
  ASSERT_EQ(f.markets.at(101).outcomes.size(), 3u);
  EXPECT_EQ(f.markets.at(101).outcomes.at(101).odds, M("2.6"));
  EXPECT_EQ(f.markets.at(101).outcomes.at(101).limit, M("250.5"));

  auto delta = net::ParseJson(R"({"type":"odds","seq":41,"fixtureId":"fx-1",
    "bookmakerOdds":{"probex":{"suspended":true,"markets":{"101":{"outcomes":{
      "102":{"players":{"0":{"price":3.25,"active":false}}}}}}}}})")
                   .value();
  ApplyOddsJson(delta, delta.root.as_object(), "", f);
  EXPECT_TRUE(f.suspended);
  EXPECT_TRUE(f.bookmaker_active);
  const auto& draw = f.markets.at(101).outcomes.at(102);
  EXPECT_EQ(draw.odds, M("3.25"));
  EXPECT_EQ(draw.limit, M("200"));  // kept
  EXPECT_FALSE(draw.active);
  EXPECT_EQ(f.markets.at(101).outcomes.at(103).odds, M("2.95"));
}

}  // namespace
}  // namespace probex::mm::bookmaker
