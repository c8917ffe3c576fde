#include "bookmaker/sim/simulator.h"

#include <gtest/gtest.h>

#include <sstream>

namespace probex::bookmaker {
namespace {

const Timestamp kStart = Timestamp::FromSeconds(1'767'225'600);

SimConfig Config(std::uint64_t seed) {
  SimConfig c;
  c.seed = seed;
  c.season_start = kStart;
  c.fixtures = 8;
  c.first_kickoff_s = 600;
  c.kickoff_interval_s = 300;
  c.drops_per_hour = 2;
  return c;
}

// A text digest of every delta, so two runs compare exactly.
std::string Digest(const SimUpdate& u) {
  std::ostringstream out;
  for (const OddsDelta& d : u.odds) {
    out << d.seq << ' ' << d.fixture_id << ' ' << d.suspended << d.bookmaker_is_active;
    for (const auto& m : d.markets) {
      out << " m" << m.market_id << (m.market_active ? '+' : '-');
      for (const auto& [oid, q] : m.players) {
        out << ' ' << oid << '@' << q.price.ToString() << '/' << q.limit.ToPlainString()
            << (q.active ? 'a' : 'i') << (q.main_line ? 'M' : '.') << q.changed_at.micros();
      }
    }
    out << '\n';
  }
  for (const auto& f : u.finished) out << "finished " << f << '\n';
  for (const auto& f : u.cancelled) out << "cancelled " << f << '\n';
  return out.str();
}

TEST(SimulatorTest, SameSeedSameSeasonWhateverTheStepSize) {
  Simulator coarse(Config(42));
  Simulator fine(Config(42));
  SimUpdate a;
  SimUpdate b;
  Timestamp end = kStart.PlusSeconds(4 * 3600);
  coarse.AdvanceTo(end, a);
  for (Timestamp t = kStart; t <= end; t = t.PlusSeconds(7)) fine.AdvanceTo(t, b);
  EXPECT_FALSE(a.odds.empty());
  EXPECT_EQ(Digest(a), Digest(b));
  for (std::size_t i = 0; i < coarse.fixtures().size(); ++i) {
    EXPECT_EQ(coarse.fixtures()[i].score, fine.fixtures()[i].score);
    EXPECT_EQ(coarse.fixtures()[i].status, fine.fixtures()[i].status);
  }
  Simulator other(Config(43));
  SimUpdate c;
  other.AdvanceTo(end, c);
  EXPECT_NE(Digest(a), Digest(c));
}

TEST(SimulatorTest, FixturesGoFromNotStartedToLiveToFinishedAndEveryOneSettles) {
  SimConfig config = Config(7);
  config.cancel_probability = 0;
  Simulator sim(config);
  SimUpdate u;
  sim.AdvanceTo(kStart.PlusSeconds(1), u);
  for (const Fixture& f : sim.fixtures()) EXPECT_EQ(f.status, FixtureStatus::kNotStarted);
  const Fixture& first = sim.fixtures()[0];
  sim.AdvanceTo(first.start_time, u);
  EXPECT_EQ(sim.fixtures()[0].status, FixtureStatus::kLive);
  EXPECT_EQ(sim.fixtures()[1].status, FixtureStatus::kNotStarted);
  SimUpdate rest;
  sim.AdvanceTo(kStart.PlusSeconds(6 * 3600), rest);
  EXPECT_EQ(rest.finished.size() + u.finished.size(), sim.fixtures().size());
  for (const Fixture& f : sim.fixtures()) {
    EXPECT_EQ(f.status, FixtureStatus::kFinished);
    ASSERT_TRUE(f.true_end_time);
    ASSERT_FALSE(f.periods.empty()) << f.fixture_id;
    Score sum;
    for (const auto& [name, s] : f.periods) {
      sum.participant1 += s.participant1;
      sum.participant2 += s.participant2;
    }
    EXPECT_EQ(sum, f.score) << f.fixture_id;
    if (f.sport_id == kBasketballSportId) {
      EXPECT_NE(f.score.participant1, f.score.participant2);
      EXPECT_GT(f.score.Total(), 120);
    }
    const FixtureOdds* odds = sim.board().Find(f.fixture_id);
    ASSERT_NE(odds, nullptr);
    for (const auto& [id, m] : odds->markets) EXPECT_FALSE(m.market_active);
  }
}

TEST(SimulatorTest, AStagedGoalSuspendsThenReopensWithNewPrices) {
  SimConfig config = Config(9);
  config.cancel_probability = 0;
  config.drops_per_hour = 0;
  Simulator sim(config);
  SimUpdate u;
  const std::string id = sim.fixtures()[0].fixture_id;
  sim.AdvanceTo(sim.fixtures()[0].start_time.PlusSeconds(1), u);
  ASSERT_EQ(sim.fixtures()[0].status, FixtureStatus::kLive);
  Score before = sim.fixtures()[0].score;
  Odds home_before = sim.board().Find(id)->markets.at(101).outcomes.at(101).price;
  EXPECT_FALSE(sim.board().Find(id)->suspended);
  ASSERT_TRUE(sim.ForceGoal(id, 1, u).ok());
  EXPECT_EQ(sim.fixtures()[0].score.participant1, before.participant1 + 1);
  EXPECT_TRUE(sim.board().Find(id)->suspended);
  EXPECT_LT(sim.board().Find(id)->markets.at(101).outcomes.at(101).price, home_before);
  sim.AdvanceTo(sim.now().PlusSeconds(config.goal_suspension_s - 1), u);
  EXPECT_TRUE(sim.board().Find(id)->suspended || sim.fixtures()[0].score != before);
  sim.AdvanceTo(sim.now().PlusSeconds(1), u);
  // Reopened unless a scheduled goal fell inside the window.
  if (sim.fixtures()[0].score.Total() == before.Total() + 1) {
    EXPECT_FALSE(sim.board().Find(id)->suspended);
  }
  EXPECT_FALSE(sim.ForceGoal(sim.fixtures()[5].fixture_id, 1, u).ok());  // not live
}

TEST(SimulatorTest, OperatorSuspensionAndFinalScore) {
  SimConfig config = Config(11);
  config.drops_per_hour = 0;
  config.cancel_probability = 0;
  Simulator sim(config);
  SimUpdate u;
  sim.AdvanceTo(kStart.PlusSeconds(10), u);
  const std::string id = sim.fixtures()[2].fixture_id;
  ASSERT_TRUE(sim.SetSuspended(id, true, u).ok());
  EXPECT_TRUE(sim.board().Find(id)->suspended);
  ASSERT_TRUE(sim.SetSuspended(id, false, u).ok());
  EXPECT_FALSE(sim.board().Find(id)->suspended);
  SimUpdate fin;
  ASSERT_TRUE(sim.ForceFinal(id, {2, 2}, fin).ok());
  EXPECT_EQ(fin.finished, std::vector<std::string>{id});
  EXPECT_EQ(sim.FindFixture(id)->status, FixtureStatus::kFinished);
  EXPECT_EQ(sim.FindFixture(id)->score, (Score{2, 2}));
  EXPECT_FALSE(sim.ForceFinal(id, {1, 0}, fin).ok());
  // The finished fixture gets no more events.
  SimUpdate later;
  sim.AdvanceTo(kStart.PlusSeconds(5 * 3600), later);
  for (const auto& f : later.finished) EXPECT_NE(f, id);
}

TEST(SimulatorTest, ConnectionDropsSuspendTheWholeBook) {
  SimConfig config = Config(5);
  config.drops_per_hour = 6;
  Simulator sim(config);
  bool saw_drop = false;
  SimUpdate u;
  for (Timestamp t = kStart; t < kStart.PlusSeconds(3600) && !saw_drop; t = t.PlusSeconds(1)) {
    sim.AdvanceTo(t, u);
    if (sim.connection_dropped()) {
      saw_drop = true;
      for (const auto& [id, odds] : sim.board().fixtures()) {
        if (!sim.FindFixture(id)->open_for_betting()) continue;
        EXPECT_TRUE(odds.suspended);
        EXPECT_FALSE(odds.bookmaker_is_active);
      }
    }
  }
  EXPECT_TRUE(saw_drop);
}

TEST(MatchPricerTest, ProbabilitiesAreCoherentAndTheMarginIsApplied) {
  MatchPricer pricer({0.05, 1000, 0.002});
  auto fair = pricer.FairProbabilities(kSoccerSportId, {0, 0}, 1.5, 1.1);
  double sum_1x2 = 0;
  for (const auto& f : fair) {
    if (f.outcome_id >= 101 && f.outcome_id <= 103) sum_1x2 += f.probability;
  }
  EXPECT_NEAR(sum_1x2, 1.0, 1e-9);
  FixtureOdds odds = pricer.Price(kSoccerSportId, {0, 0}, 1.5, 1.1, false);
  double implied = 0;
  for (const auto& [oid, q] : odds.markets.at(101).outcomes) {
    implied += 1000.0 / static_cast<double>(q.price.thousandths());
  }
  EXPECT_GT(implied, 1.049);
  EXPECT_LT(implied, 1.06);
  // Home is the stronger side: shorter odds, and AH −0.5 equals the 1X2 home probability.
  EXPECT_LT(odds.markets.at(101).outcomes.at(101).price,
            odds.markets.at(101).outcomes.at(103).price);
  double home = 0, ah_minus_half = 0;
  for (const auto& f : fair) {
    if (f.outcome_id == 101) home = f.probability;
    if (f.outcome_id == 1100 + 2 * (-2 + 8)) ah_minus_half = f.probability;
  }
  EXPECT_NEAR(home, ah_minus_half, 1e-12);
  // Exactly one main line per line family.
  int main_totals = 0;
  for (const auto& [id, m] : odds.markets) {
    if (id >= 1004 && id <= 1036 && m.outcomes.begin()->second.main_line) ++main_totals;
  }
  EXPECT_EQ(main_totals, 1);
  // A decided market is inactive: over 0.5 after a goal with nothing left to play.
  FixtureOdds late = pricer.Price(kSoccerSportId, {1, 0}, 0.0, 0.0, true);
  EXPECT_FALSE(late.markets.at(1004).outcomes.at(1004).active);
  EXPECT_FALSE(late.markets.at(1004).market_active);
}

TEST(RngTest, DeterministicAndRoughlyCalibrated) {
  Rng a(1), b(1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.NextU64(), b.NextU64());
  Rng r(3);
  double sum = 0;
  for (int i = 0; i < 20000; ++i) sum += r.Poisson(2.5);
  EXPECT_NEAR(sum / 20000, 2.5, 0.1);
}

}  // namespace
}  // namespace probex::bookmaker
