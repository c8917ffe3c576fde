#include "bookmaker/domain/odds_board.h"

#include <gtest/gtest.h>

namespace probex::bookmaker {
namespace {

PlayerQuote Q(std::int64_t milli, std::int64_t limit_whole) {
  PlayerQuote q;
  q.price = Odds::FromThousandths(milli);
  q.limit = Money::FromWhole(limit_whole).value();
  return q;
}

TEST(OddsBoardTest, FirstApplyCarriesEverythingThenOnlyChanges) {
  OddsBoard board;
  FixtureOdds target;
  target.markets[101].outcomes = {{101, Q(2100, 500)}, {102, Q(3300, 500)}, {103, Q(3500, 500)}};
  target.markets[104].outcomes = {{104, Q(1800, 500)}, {105, Q(1950, 500)}};
  auto first = board.Apply("f1", target, Timestamp::FromSeconds(10));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seq, 1u);
  EXPECT_EQ(first->markets.size(), 2u);
  EXPECT_FALSE(board.Apply("f1", target, Timestamp::FromSeconds(11)));

  target.markets[101].outcomes[102] = Q(3250, 500);
  auto second = board.Apply("f1", target, Timestamp::FromSeconds(12));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->seq, 2u);
  ASSERT_EQ(second->markets.size(), 1u);
  ASSERT_EQ(second->markets[0].players.size(), 1u);
  EXPECT_EQ(second->markets[0].players[0].first, 102);
  EXPECT_EQ(second->markets[0].players[0].second.changed_at, Timestamp::FromSeconds(12));
  EXPECT_EQ(board.Find("f1")->markets.at(101).outcomes.at(101).changed_at,
            Timestamp::FromSeconds(10));

  target.suspended = true;
  auto third = board.Apply("f1", target, Timestamp::FromSeconds(13));
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->suspended);
  EXPECT_TRUE(third->markets.empty());
}

TEST(OddsBoardTest, MergingDeltasRebuildsTheBoard) {
  OddsBoard board;
  FixtureOdds client;
  FixtureOdds target;
  for (int step = 0; step < 20; ++step) {
    target.markets[101].market_active = step % 7 != 3;
    target.markets[101].outcomes[101] = Q(2000 + step * 10 % 70, 500);
    target.markets[101].outcomes[103] = Q(3000 + (step % 3) * 10, 500 + step);
    target.suspended = step % 5 == 0;
    auto delta = board.Apply("f", target, Timestamp::FromSeconds(step));
    if (delta) MergeDelta(client, *delta);
  }
  const FixtureOdds& server = *board.Find("f");
  EXPECT_EQ(client.suspended, server.suspended);
  ASSERT_EQ(client.markets.size(), server.markets.size());
  for (const auto& [id, m] : server.markets) {
    EXPECT_EQ(client.markets[id].market_active, m.market_active);
    for (const auto& [oid, q] : m.outcomes) {
      EXPECT_TRUE(client.markets[id].outcomes[oid].SameQuote(q));
      EXPECT_EQ(client.markets[id].outcomes[oid].changed_at, q.changed_at);
    }
  }
}

TEST(OddsTest, ParsesAndPrintsExactly) {
  EXPECT_EQ(Odds::Parse("1.952")->thousandths(), 1952);
  EXPECT_EQ(Odds::Parse("2")->thousandths(), 2000);
  EXPECT_EQ(Odds::Parse("2.10")->ToString(), "2.1");
  EXPECT_FALSE(Odds::Parse("1.0001").ok());
  EXPECT_FALSE(Odds::Parse("1").ok());
  EXPECT_FALSE(Odds::Parse("abc").ok());
  EXPECT_EQ(Odds::FromThousandths(1952).ToMoney(), Money::Parse("1.952").value());
}

}  // namespace
}  // namespace probex::bookmaker
