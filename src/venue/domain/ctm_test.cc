#include "venue/domain/ctm.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

Money M(std::string_view text) { return *Money::Parse(text); }

const Timestamp kT0 = Timestamp::FromSeconds(1'800'000'000);  // a multiple of 300 s

// An exchange with `players` funded accounts and a command helper.
class CtmVenue {
 public:
  explicit CtmVenue(int players, std::string_view deposit = "1000") {
    for (int i = 0; i < players; ++i) {
      Apply(CreateAccount{});
      Apply(Deposit{AccountId(static_cast<std::uint32_t>(i + 1)), M(deposit)});
    }
  }
  const Exchange::Output& Apply(const Command& c, Timestamp at) {
    now = std::max(now, at);
    x.Apply(c, ++seq, now, out);
    return out;
  }
  const Exchange::Output& Apply(const Command& c) { return Apply(c, now); }
  // An EVENT round: OPEN [t0, t0+180 s), HEATMAP to +240 s, LOCKED to +300 s.
  std::uint64_t Round(Timestamp start, std::string_view fee = "10",
                      std::string_view rate = "0.05") {
    CtmRoundSpec s;
    s.asset = "BTC";
    s.open_starts_at = start;
    s.heatmap_starts_at = start.PlusSeconds(180);
    s.locked_starts_at = start.PlusSeconds(240);
    s.resolves_at = start.PlusSeconds(300);
    s.entry_fee_blind = M(fee);
    s.heatmap_fee_multiplier = M("2");
    s.platform_fee_rate = M(rate);
    EXPECT_TRUE(Apply(CreateCtmRound{s}).ok()) << RejectCodeName(out.reject);
    return out.created_id;
  }
  RejectCode Predict(std::uint32_t account, std::uint64_t round, std::string_view price,
                     std::string key = "") {
    return Apply(PlaceCtmPrediction{AccountId(account), round, M(price), std::move(key)}).reject;
  }
  Money Available(std::uint32_t a) const { return x.ledger().balances(AccountId(a)).available; }
  Money LockedBets(std::uint32_t a) const { return x.ledger().balances(AccountId(a)).locked_bets; }

  Exchange x;
  Exchange::Output out;
  Timestamp now = kT0;
  std::uint64_t seq = 0;
};

TEST(CtmTest, RoundPaysTheClosestTenPercentByRankAndKeepsTheDust) {
  CtmVenue v(20);
  v.Apply(OraclePrice{"BTC", M("84000"), M("83999"), M("84001")});
  const std::uint64_t id = v.Round(kT0);
  // Player i predicts 84000 + i × 10 (player 1 is 10 away, player 2 20 away, ...).
  for (std::uint32_t p = 1; p <= 20; ++p) {
    ASSERT_EQ(v.Predict(p, id, std::to_string(84000 + p * 10)), RejectCode::kNone);
    EXPECT_EQ(v.LockedBets(p), M("10"));
  }
  EXPECT_EQ(v.x.ctm().FindRound(id)->total_pool, M("200"));
  // The settlement price is the last tick at or before resolvesAt: 84000 exactly.
  v.Apply(OraclePrice{"BTC", M("84000"), M("83990"), M("84010")}, kT0.PlusSeconds(299));
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(300));
  v.Apply(OraclePrice{"BTC", M("90000"), M("90000"), M("90000")}, kT0.PlusSeconds(301));
  const CtmRound& r = *v.x.ctm().FindRound(id);
  ASSERT_EQ(r.status, CtmRoundStatus::kResolved);
  EXPECT_EQ(r.settlement_price, M("84000"));
  // Pool 200, fee 5% = 10, payout pool 190; W = 2 winners weighted 2 and 1 (of 3).
  EXPECT_EQ(r.platform_fee, M("10"));
  const CtmPrediction& first = *v.x.ctm().FindPrediction(1);
  const CtmPrediction& second = *v.x.ctm().FindPrediction(2);
  EXPECT_EQ(first.rank, 1u);
  EXPECT_EQ(first.distance, M("10"));
  EXPECT_EQ(first.payout, M("126.66666666"));
  EXPECT_EQ(first.status, CtmPredictionStatus::kWon);
  EXPECT_EQ(second.rank, 2u);
  EXPECT_EQ(second.payout, M("63.33333333"));
  EXPECT_EQ(v.x.ctm().FindPrediction(3)->status, CtmPredictionStatus::kLost);
  EXPECT_EQ(v.x.ctm().FindPrediction(20)->rank, 20u);
  EXPECT_EQ(r.dust, M("0.00000001"));
  EXPECT_EQ(v.Available(1), M("1116.66666666"));
  EXPECT_EQ(v.Available(3), M("990"));
  EXPECT_EQ(v.LockedBets(1), Money());
  EXPECT_EQ(v.x.ledger().fees(), M("10.00000001"));
  EXPECT_TRUE(v.x.ledger().CheckConservation());
}

TEST(CtmTest, TiesShareARankAndTheirWeightsEqually) {
  CtmVenue v(20);
  v.Apply(OraclePrice{"BTC", M("100"), M("100"), M("100")});
  const std::uint64_t id = v.Round(kT0, "10", "0");
  // Players 1 and 2 are both 1 away (above and below): they share positions 1 and 2.
  ASSERT_EQ(v.Predict(1, id, "101"), RejectCode::kNone);
  ASSERT_EQ(v.Predict(2, id, "99"), RejectCode::kNone);
  for (std::uint32_t p = 3; p <= 20; ++p) ASSERT_EQ(v.Predict(p, id, "150"), RejectCode::kNone);
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(300));
  // Pool 200, no fee; weights 2 + 1 shared by two: 100 each.
  EXPECT_EQ(v.x.ctm().FindPrediction(1)->rank, 1u);
  EXPECT_EQ(v.x.ctm().FindPrediction(2)->rank, 1u);
  EXPECT_EQ(v.x.ctm().FindPrediction(1)->payout, M("100"));
  EXPECT_EQ(v.x.ctm().FindPrediction(2)->payout, M("100"));
  EXPECT_EQ(v.x.ctm().FindPrediction(3)->rank, 3u);
  EXPECT_EQ(v.x.ctm().FindPrediction(3)->payout, Money());
  EXPECT_TRUE(v.x.ledger().CheckConservation());
}

TEST(CtmTest, PhasesMoveExactlyAtTheirTimestampsAndPriceTheEntry) {
  CtmVenue v(3);
  const std::uint64_t id = v.Round(kT0.PlusSeconds(10));
  ASSERT_EQ(v.Predict(1, id, "1"), RejectCode::kNone);  // created ahead: OPEN, BLIND
  EXPECT_EQ(v.out.prediction.phase, CtmPhase::kBlind);
  EXPECT_EQ(v.out.prediction.amount, M("10"));
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(190).PlusMicros(-1));
  EXPECT_EQ(v.x.ctm().FindRound(id)->status, CtmRoundStatus::kOpen);
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(190));
  EXPECT_EQ(v.x.ctm().FindRound(id)->status, CtmRoundStatus::kHeatmap);
  ASSERT_EQ(v.Predict(2, id, "2"), RejectCode::kNone);
  EXPECT_EQ(v.out.prediction.phase, CtmPhase::kHeatmap);
  EXPECT_EQ(v.out.prediction.amount, M("20"));
  EXPECT_EQ(v.out.prediction.balance_after, M("980"));
  // Even before the timer's AdvanceTime, a prediction at lockedStartsAt is refused.
  v.now = kT0.PlusSeconds(250);
  EXPECT_EQ(v.Predict(3, id, "3"), RejectCode::kRoundLocked);
  EXPECT_EQ(v.Available(3), M("1000"));
  v.Apply(AdvanceTime{});
  EXPECT_EQ(v.x.ctm().FindRound(id)->status, CtmRoundStatus::kLocked);
}

TEST(CtmTest, IdempotencyKeyReplaysTheFirstAnswerAndRejectsAnotherPayload) {
  CtmVenue v(2);
  const std::uint64_t id = v.Round(kT0);
  ASSERT_EQ(v.Predict(1, id, "84000", "k1"), RejectCode::kNone);
  const std::uint64_t first = v.out.prediction.id;
  ASSERT_EQ(v.Predict(1, id, "84000", "k1"), RejectCode::kNone);
  EXPECT_TRUE(v.out.replayed);
  EXPECT_EQ(v.out.prediction.id, first);
  EXPECT_EQ(v.Available(1), M("990"));
  EXPECT_EQ(v.Predict(1, id, "84001", "k1"), RejectCode::kIdempotencyConflict);
  // Another player's key space is separate.
  EXPECT_EQ(v.Predict(2, id, "84001", "k1"), RejectCode::kNone);
  EXPECT_EQ(v.x.ctm().predictions().size(), 2u);
}

TEST(CtmTest, FewerThanTwoPlayersNoPriceAndTheOperatorVoidWithRefunds) {
  CtmVenue v(2);
  v.Apply(OraclePrice{"BTC", M("5"), M("5"), M("5")});
  const std::uint64_t lonely = v.Round(kT0);
  ASSERT_EQ(v.Predict(1, lonely, "1"), RejectCode::kNone);
  ASSERT_EQ(v.Predict(1, lonely, "2"), RejectCode::kNone);  // one player, two predictions
  CtmRoundSpec eth;
  eth.asset = "ETH";
  eth.open_starts_at = kT0;
  eth.heatmap_starts_at = kT0.PlusSeconds(1);
  eth.locked_starts_at = kT0.PlusSeconds(2);
  eth.resolves_at = kT0.PlusSeconds(300);
  eth.entry_fee_blind = M("1");
  eth.heatmap_fee_multiplier = M("1");
  ASSERT_TRUE(v.Apply(CreateCtmRound{eth}).ok());
  const std::uint64_t unpriced = v.out.created_id;
  ASSERT_EQ(v.Predict(1, unpriced, "1"), RejectCode::kNone);
  ASSERT_EQ(v.Predict(2, unpriced, "1"), RejectCode::kNone);
  const std::uint64_t voided = v.Round(kT0);
  ASSERT_EQ(v.Predict(2, voided, "3"), RejectCode::kNone);
  ASSERT_TRUE(v.Apply(VoidCtmRound{voided}).ok());
  EXPECT_EQ(v.Apply(VoidCtmRound{voided}).reject, RejectCode::kRoundAlreadySettled);
  EXPECT_EQ(v.Apply(VoidCtmRound{99}).reject, RejectCode::kUnknownRound);
  EXPECT_EQ(v.Predict(1, voided, "3"), RejectCode::kRoundClosed);
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(300));
  EXPECT_EQ(v.x.ctm().FindRound(lonely)->void_reason, CtmVoidReason::kTooFewPlayers);
  EXPECT_EQ(v.x.ctm().FindRound(unpriced)->void_reason, CtmVoidReason::kNoPrice);
  EXPECT_EQ(v.x.ctm().FindRound(voided)->void_reason, CtmVoidReason::kOperator);
  EXPECT_EQ(v.x.ctm().FindPrediction(1)->status, CtmPredictionStatus::kRefunded);
  EXPECT_EQ(v.Available(1), M("1000"));
  EXPECT_EQ(v.Available(2), M("1000"));
  EXPECT_EQ(v.x.ledger().fees(), Money());
  EXPECT_TRUE(v.x.ledger().CheckConservation());
}

TEST(CtmTest, RejectsBadInputWithoutChangingAnything) {
  CtmVenue v(1, "5");
  const std::uint64_t id = v.Round(kT0);
  const std::uint64_t hash = v.x.StateHash();
  EXPECT_EQ(v.Predict(1, id, "1"), RejectCode::kInsufficientBalance);
  EXPECT_EQ(v.Predict(1, 42, "1"), RejectCode::kUnknownRound);
  EXPECT_EQ(v.Predict(7, id, "1"), RejectCode::kUnknownAccount);
  EXPECT_EQ(v.Predict(1, id, "-1"), RejectCode::kInvalidPrediction);
  EXPECT_EQ(v.Predict(1, id, "1", std::string(129, 'k')), RejectCode::kInvalidPrediction);
  EXPECT_EQ(v.Apply(OraclePrice{"btc", M("1"), M("1"), M("1")}).reject,
            RejectCode::kInvalidOraclePrice);
  EXPECT_EQ(v.Apply(OraclePrice{"BTC", M("1"), M("2"), M("3")}).reject,
            RejectCode::kInvalidOraclePrice);
  EXPECT_EQ(v.x.StateHash(), hash);
  CtmRoundSpec bad;
  bad.asset = "BTC";
  bad.open_starts_at = kT0;
  bad.heatmap_starts_at = kT0;
  bad.locked_starts_at = kT0.PlusSeconds(1);
  bad.resolves_at = kT0.PlusSeconds(2);
  bad.entry_fee_blind = M("1");
  bad.heatmap_fee_multiplier = M("1");
  EXPECT_EQ(v.Apply(CreateCtmRound{bad}).reject, RejectCode::kInvalidRoundDefinition);
  v.Apply(SetSwitches{std::nullopt, false, std::nullopt});
  const std::uint64_t switched = v.x.StateHash();
  EXPECT_NE(switched, hash);
  v.Apply(Deposit{AccountId(1), M("100")});
  EXPECT_EQ(v.Predict(1, id, "1"), RejectCode::kCtmDisabled);
  v.Apply(SetSwitches{std::nullopt, true, std::nullopt});
  EXPECT_EQ(v.Predict(1, id, "1"), RejectCode::kNone);
}

TEST(CtmTest, SchedulerCreatesRoundsAheadAlignedToTheirDuration) {
  CtmVenue v(0);
  CtmScheduleSpec s;
  s.asset = "BTC";
  s.type = CtmRoundType::kBlitz;
  s.duration_ms = 300'000;
  s.open_ms = 180'000;
  s.heatmap_ms = 60'000;
  s.lead_ms = 60'000;
  s.entry_fee_blind = M("10");
  s.heatmap_fee_multiplier = M("2");
  s.platform_fee_rate = M("0.05");
  ASSERT_TRUE(v.Apply(SetCtmSchedule{s}, kT0.PlusSeconds(100)).ok());
  // The first slot starts at kT0 + 300 s; it is created 60 s ahead.
  EXPECT_EQ(v.x.ctm().NextDeadline(), kT0.PlusSeconds(240));
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(239));
  EXPECT_TRUE(v.x.ctm().rounds().empty());
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(240));
  ASSERT_EQ(v.x.ctm().rounds().size(), 1u);
  const CtmRound& r = v.x.ctm().rounds()[0];
  EXPECT_EQ(r.spec.type, CtmRoundType::kBlitz);
  EXPECT_EQ(r.spec.open_starts_at, kT0.PlusSeconds(300));
  EXPECT_EQ(r.spec.heatmap_starts_at, kT0.PlusSeconds(480));
  EXPECT_EQ(r.spec.locked_starts_at, kT0.PlusSeconds(540));
  EXPECT_EQ(r.spec.resolves_at, kT0.PlusSeconds(600));
  EXPECT_EQ(r.spec.question, "Where will BTC be in 5 min?");
  // A jump across several slots creates only those not over, each once.
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(1000));
  // The slot [600, 900) ended unseen and is skipped; [900, 1200) is running.
  ASSERT_EQ(v.x.ctm().rounds().size(), 2u);
  EXPECT_EQ(v.x.ctm().rounds()[1].spec.open_starts_at, kT0.PlusSeconds(900));
  EXPECT_EQ(v.x.ctm().rounds()[1].status, CtmRoundStatus::kOpen);
  EXPECT_EQ(v.x.ctm().rounds()[0].status, CtmRoundStatus::kVoided);  // no players
  EXPECT_EQ(v.x.ctm().NextDeadline(), kT0.PlusSeconds(1080));        // [900,1200)'s HEATMAP
  s.enabled = false;
  ASSERT_TRUE(v.Apply(SetCtmSchedule{s}).ok());
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(5000));
  EXPECT_EQ(v.x.ctm().rounds().size(), 2u);
  s.type = CtmRoundType::kEvent;
  EXPECT_EQ(v.Apply(SetCtmSchedule{s}).reject, RejectCode::kInvalidSchedule);
}

TEST(CtmTest, PriceHistoryIsDownsampledToSixHundredPoints) {
  CtmVenue v(0);
  CtmRoundSpec s;
  s.asset = "ETH";
  s.open_starts_at = kT0;
  s.heatmap_starts_at = kT0.PlusSeconds(3000);
  s.locked_starts_at = kT0.PlusSeconds(3000);
  s.resolves_at = kT0.PlusSeconds(3600);
  s.entry_fee_blind = M("1");
  s.heatmap_fee_multiplier = M("1");
  ASSERT_TRUE(v.Apply(CreateCtmRound{s}).ok());
  for (int i = 0; i <= 3600; ++i) {
    const Money p = Money::FromUnits((3000 + i) * Money::kScale);
    ASSERT_TRUE(v.Apply(OraclePrice{"ETH", p, p, p}, kT0.PlusSeconds(i)).ok());
  }
  const CtmRound& r = *v.x.ctm().FindRound(1);
  EXPECT_EQ(r.history.size(), kCtmHistoryPoints);
  // Each point is the latest tick of its 6-second slot; the last one is the tick at resolvesAt.
  EXPECT_EQ(r.history[0].tick.price, M("3005"));
  EXPECT_EQ(r.history.back().tick.price, M("6600"));
  EXPECT_EQ(r.price.price, M("6600"));
}

TEST(CtmTest, StatsCountWinsAndStreaksAcrossRounds) {
  CtmVenue v(2);
  auto play = [&](int k, std::string_view p1, std::string_view p2) {
    const Timestamp start = kT0.PlusSeconds(1000 * k);
    v.Apply(OraclePrice{"BTC", M("100"), M("100"), M("100")}, start);
    const std::uint64_t id = v.Round(start);
    EXPECT_EQ(v.Predict(1, id, p1), RejectCode::kNone);
    EXPECT_EQ(v.Predict(2, id, p2), RejectCode::kNone);
    v.Apply(AdvanceTime{}, start.PlusSeconds(300));
  };
  play(0, "100", "150");  // 1 wins
  play(1, "101", "150");  // 1 wins
  play(2, "150", "100");  // 2 wins
  play(3, "100", "150");  // 1 wins
  const CtmStats s1 = v.x.ctm().StatsOf(AccountId(1));
  EXPECT_EQ(s1.total_rounds, 4);
  EXPECT_EQ(s1.total_predictions, 4);
  EXPECT_EQ(s1.total_wins, 3);
  EXPECT_EQ(s1.best_streak, 2);
  EXPECT_EQ(s1.current_streak, 1);
  EXPECT_EQ(s1.best_rank, 1u);
  EXPECT_EQ(s1.total_payouts, M("57"));    // 3 × (20 − 5%)
  EXPECT_EQ(s1.avg_distance, M("12.75"));  // (0 + 1 + 50 + 0) / 4
  const CtmStats s2 = v.x.ctm().StatsOf(AccountId(2));
  EXPECT_EQ(s2.total_wins, 1);
  EXPECT_EQ(s2.current_streak, 0);
  EXPECT_EQ(s2.best_streak, 1);
  EXPECT_TRUE(v.x.ledger().CheckConservation());
}

TEST(CtmTest, SnapshotCarriesRoundsPredictionsAndPrices) {
  CtmVenue v(3);
  v.Apply(OraclePrice{"BTC", M("84000.5"), M("84000"), M("84001")});
  const std::uint64_t id = v.Round(kT0);
  ASSERT_EQ(v.Predict(1, id, "84000", "a"), RejectCode::kNone);
  ASSERT_EQ(v.Predict(2, id, "84100"), RejectCode::kNone);
  const std::uint64_t open = v.Round(kT0.PlusSeconds(300));
  ASSERT_EQ(v.Predict(3, open, "1"), RejectCode::kNone);
  v.Apply(AdvanceTime{}, kT0.PlusSeconds(300));
  std::string a;
  v.x.EncodeSnapshot(a);
  auto back = Exchange::DecodeSnapshot(a);
  ASSERT_TRUE(back.ok()) << back.error().message;
  std::string b;
  back->EncodeSnapshot(b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(back->StateHash(), v.x.StateHash());
  EXPECT_EQ(back->ctm().StatsOf(AccountId(1)).total_wins, 1);
  EXPECT_EQ(back->ctm().PredictionsOf(AccountId(3)).size(), 1u);
  // The idempotency index is rebuilt: the same key replays after recovery too.
  Exchange::Output out;
  back->Apply(PlaceCtmPrediction{AccountId(1), id, M("84000"), "a"}, 100, v.now, out);
  EXPECT_TRUE(out.ok());
  EXPECT_TRUE(out.replayed);
  // Truncations are caught.
  for (std::size_t cut : {a.size() - 1, a.size() - 40, a.size() / 2}) {
    EXPECT_FALSE(Exchange::DecodeSnapshot(std::string_view(a).substr(0, cut)).ok()) << cut;
  }
}

TEST(CtmTest, CommandsRoundTripThroughTheCodec) {
  CtmRoundSpec spec;
  spec.asset = "BTC";
  spec.type = CtmRoundType::kEvent;
  spec.question = "q";
  spec.open_starts_at = kT0;
  spec.heatmap_starts_at = kT0.PlusSeconds(1);
  spec.locked_starts_at = kT0.PlusSeconds(2);
  spec.resolves_at = kT0.PlusSeconds(3);
  spec.entry_fee_blind = M("10");
  CtmScheduleSpec schedule;
  schedule.asset = "ETH";
  schedule.entry_fee_blind = M("1");
  for (const Command& c :
       {Command(OraclePrice{"BTC", M("1.5"), M("1"), M("2")}), Command(SetCtmSchedule{schedule}),
        Command(CreateCtmRound{spec}), Command(VoidCtmRound{7}),
        Command(PlaceCtmPrediction{AccountId(3), 9, M("84250.5"), "key"})}) {
    std::string bytes;
    EncodeCommand(c, bytes);
    auto back = DecodeCommand(bytes);
    ASSERT_TRUE(back.ok()) << DescribeCommand(c);
    EXPECT_EQ(*back, c) << DescribeCommand(c);
    EXPECT_FALSE(DescribeCommand(c).empty());
  }
}

}  // namespace
}  // namespace probex::venue

namespace probex::venue {
namespace {

// Long random runs: after every command money is conserved exactly, lockedBets equals what open
// rounds hold, and the snapshot round-trips with the same state hash.
TEST(CtmTest, RandomRunsConserveMoneyAndRoundTrip) {
  std::mt19937_64 rng(11);
  CtmVenue v(12, "500");
  CtmScheduleSpec s;
  s.asset = "BTC";
  s.duration_ms = 60'000;
  s.open_ms = 30'000;
  s.heatmap_ms = 15'000;
  s.lead_ms = 60'000;
  s.entry_fee_blind = M("1.5");
  s.heatmap_fee_multiplier = M("1.33333333");
  s.platform_fee_rate = M("0.07");
  ASSERT_TRUE(v.Apply(SetCtmSchedule{s}).ok());
  Money price = M("100");
  for (int step = 0; step < 4000; ++step) {
    const int kind = static_cast<int>(rng() % 10);
    if (kind < 5 && !v.x.ctm().rounds().empty()) {
      const std::uint64_t round = 1 + rng() % v.x.ctm().rounds().size();
      const std::uint32_t player = 1 + static_cast<std::uint32_t>(rng() % 12);
      const Money guess =
          Money::FromUnits(9'000'000'000 + static_cast<std::int64_t>(rng() % 2'000'000'000));
      v.Apply(PlaceCtmPrediction{AccountId(player), round, guess,
                                 rng() % 4 == 0 ? std::to_string(rng() % 5) : ""});
    } else if (kind < 7) {
      price = Money::FromUnits(price.units() + static_cast<std::int64_t>(rng() % 200'000'001) -
                               100'000'000);
      if (!price.is_positive()) price = M("1");
      v.Apply(OraclePrice{"BTC", price, price, price});
    } else if (kind < 9) {
      v.Apply(AdvanceTime{}, v.now.PlusMillis(static_cast<std::int64_t>(rng() % 20'000)));
    } else if (!v.x.ctm().rounds().empty()) {
      v.Apply(VoidCtmRound{1 + rng() % v.x.ctm().rounds().size()});
    }
    ASSERT_TRUE(v.x.ledger().CheckConservation()) << "step " << step;
    Money locked;
    for (std::uint32_t a = 1; a <= 12; ++a) locked += v.LockedBets(a);
    ASSERT_EQ(locked, v.x.ctm().LockedTotal()) << "step " << step;
  }
  int resolved = 0;
  for (const CtmRound& r : v.x.ctm().rounds()) resolved += r.status == CtmRoundStatus::kResolved;
  EXPECT_GT(resolved, 5);
  std::string a;
  v.x.EncodeSnapshot(a);
  auto back = Exchange::DecodeSnapshot(a);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->StateHash(), v.x.StateHash());
}

}  // namespace
}  // namespace probex::venue
