#include "bookmaker/api/sportsbook.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "bookmaker/domain/market_catalogue.h"

namespace probex::bookmaker {
namespace {

const Timestamp kStart = Timestamp::FromSeconds(1'767'225'600);

// Every call, in order, as one line of text.
class RecordingPublisher final : public Publisher {
 public:
  void OnOddsDelta(const Simulator&, const OddsDelta& delta) override {
    last_seq = delta.seq;
    log.push_back("odds " + delta.fixture_id + " " + std::to_string(delta.seq));
  }
  void OnFixtureChanged(const Fixture& fixture) override {
    log.push_back("fixture " + fixture.fixture_id + " " + std::to_string(fixture.status_id()));
  }
  void OnOrder(const Order& order) override {
    log.push_back("order " + std::to_string(order.order_id) + " " +
                  std::string(OrderStatusName(order.status)));
  }
  void OnBet(const Bet& bet) override { log.push_back("bet " + std::to_string(bet.bet_id)); }
  void OnSettlement(const Bet& bet) override {
    log.push_back("settlement " + std::to_string(bet.bet_id) + " " +
                  std::string(SettlementStatusName(bet.settlement_status)));
  }
  void OnAccount(const Account& account) override {
    log.push_back("account " + std::to_string(account.account_id) + " " +
                  account.balance.ToPlainString());
  }
  std::size_t Count(std::string_view prefix) const {
    std::size_t n = 0;
    for (const std::string& line : log) n += line.rfind(prefix, 0) == 0;
    return n;
  }

  std::vector<std::string> log;
  std::uint64_t last_seq = 0;
};

class SportsbookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("probex_sportsbook_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "bookmaker.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static SportsbookConfig Config(std::uint64_t seed = 9) {
    SportsbookConfig c;
    c.sim.seed = seed;
    c.sim.season_start = kStart;
    c.sim.fixtures = 4;
    c.sim.first_kickoff_s = 600;
    c.sim.kickoff_interval_s = 300;
    c.sim.drops_per_hour = 0;
    c.sim.cancel_probability = 0;
    return c;
  }

  std::unique_ptr<Sportsbook> Open(Timestamp now, SportsbookConfig config = Config()) {
    auto book = Sportsbook::Open(path_, config, now);
    EXPECT_TRUE(book.ok()) << book.error().message;
    return book.ok() ? std::move(*book) : nullptr;
  }

  // A valid order at the current price of (fixture, outcome).
  static OrderRequest At(const Sportsbook& book, std::string uuid, const std::string& fixture,
                         int outcome, std::int64_t stake_whole) {
    SelectionQuote q = book.QuoteFor(fixture, outcome);
    EXPECT_TRUE(q.exists);
    OrderRequest r;
    r.request_uuid = std::move(uuid);
    r.fixture_id = fixture;
    r.outcome_id = outcome;
    r.order_price = q.price.ToMoney();
    r.order_stake = Money::FromUnits(stake_whole * Money::kScale);
    return r;
  }

  static Money Balance(const Sportsbook& book, std::int64_t account_id) {
    Money out;
    book.Read(
        [&](const Simulator&, const BetBook& b) { out = b.FindAccount(account_id)->balance; });
    return out;
  }

  // The whole odds board as text (prices, limits, flags), to compare two books.
  static std::string Board(const Sportsbook& book) {
    std::ostringstream out;
    book.Read([&](const Simulator& sim, const BetBook&) {
      out << "seq " << sim.board().seq() << '\n';
      for (const auto& [fixture_id, odds] : sim.board().fixtures()) {
        out << fixture_id << ' ' << odds.suspended << odds.bookmaker_is_active;
        for (const auto& [market_id, market] : odds.markets) {
          for (const auto& [outcome_id, q] : market.outcomes) {
            out << ' ' << outcome_id << '@' << q.price.ToString() << '/' << q.limit.ToPlainString()
                << q.active;
          }
        }
        out << '\n';
      }
      for (const Fixture& f : sim.fixtures()) {
        out << f.fixture_id << ' ' << f.status_id() << ' ' << f.score.participant1 << '-'
            << f.score.participant2 << '\n';
      }
    });
    return out.str();
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SportsbookTest, AnAccountIsCreatedOncePerKeyHashAndSurvivesReopen) {
  std::int64_t id = 0;
  {
    auto book = Open(kStart);
    ASSERT_NE(book, nullptr);
    auto first = book->EnsureAccount("hash-a", "bettor-1", kStart);
    auto again = book->EnsureAccount("hash-a", "renamed", kStart);
    auto other = book->EnsureAccount("hash-b", "bettor-2", kStart);
    ASSERT_TRUE(first.ok() && again.ok() && other.ok());
    EXPECT_EQ(*first, *again);
    EXPECT_NE(*first, *other);
    id = *first;
    EXPECT_EQ(book->AccountForKeyHash("hash-a"), id);
    EXPECT_EQ(book->AccountForKeyHash("hash-unknown"), std::nullopt);
    EXPECT_EQ(Balance(*book, id), Config().initial_balance);
  }
  auto book = Open(kStart);
  ASSERT_NE(book, nullptr);
  EXPECT_EQ(book->AccountForKeyHash("hash-a"), id);
  EXPECT_EQ(Balance(*book, id), Config().initial_balance);
}

TEST_F(SportsbookTest, ADataDirectoryKeepsItsSeedAndSeasonStart) {
  {
    auto book = Open(kStart);
    ASSERT_NE(book, nullptr);
  }
  auto other_seed = Sportsbook::Open(path_, Config(10), kStart);
  ASSERT_FALSE(other_seed.ok());
  EXPECT_EQ(other_seed.error().code, "seed_mismatch");
  // Same seed, a later start and more fixtures asked for: the stored season wins.
  SportsbookConfig later = Config();
  later.sim.season_start = kStart.PlusSeconds(3600);
  later.sim.fixtures = 40;
  auto book = Open(kStart.PlusSeconds(60), later);
  ASSERT_NE(book, nullptr);
  book->Read([&](const Simulator& sim, const BetBook&) {
    EXPECT_EQ(sim.fixtures().size(), 4u);
    EXPECT_EQ(sim.fixtures()[0].start_time, kStart.PlusSeconds(600));
  });
}

TEST_F(SportsbookTest, APlacementIsPublishedOrderBetAccountAndStoredWhole) {
  auto book = Open(kStart.PlusSeconds(1));
  ASSERT_NE(book, nullptr);
  RecordingPublisher pub;
  book->SetPublisher(&pub);
  std::int64_t account = *book->EnsureAccount("hash-a", "bettor-1", kStart);
  OrderRequest ok = At(*book, "u-1", "id100000001", 101, 25);
  OrderRequest too_dear = At(*book, "u-2", "id100000001", 102, 10);
  too_dear.order_price = too_dear.order_price + Money::FromUnits(Money::kScale);
  std::vector<PlaceResult> results = book->Place(account, {ok, too_dear}, kStart.PlusSeconds(2));
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].outcome.bet.has_value());
  EXPECT_FALSE(results[1].outcome.bet.has_value());
  EXPECT_EQ(results[1].outcome.order.decline_reason, kDeclineOddsChanged);
  Money after = Config().initial_balance - Money::FromUnits(25 * Money::kScale);
  EXPECT_EQ(Balance(*book, account), after);
  std::vector<std::string> want = {
      "order 1 FILLED", "bet 1", "order 2 REJECTED",
      "account " + std::to_string(account) + " " + after.ToPlainString()};
  EXPECT_EQ(pub.log, want);

  // The same requestUuid again: the first answer, nothing published or stored anew.
  pub.log.clear();
  std::vector<PlaceResult> replay = book->Place(account, {ok}, kStart.PlusSeconds(3));
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_TRUE(replay[0].outcome.replayed);
  EXPECT_EQ(replay[0].outcome.order.order_id, results[0].outcome.order.order_id);
  EXPECT_TRUE(pub.log.empty());
  // Reused with another stake: an error, not an order.
  OrderRequest clash = ok;
  clash.order_stake = Money::FromUnits(26 * Money::kScale);
  std::vector<PlaceResult> clashed = book->Place(account, {clash}, kStart.PlusSeconds(3));
  ASSERT_EQ(clashed.size(), 1u);
  ASSERT_TRUE(clashed[0].error.has_value());
  EXPECT_EQ(clashed[0].error->code, "duplicate_request_uuid");
  EXPECT_TRUE(pub.log.empty());

  book.reset();
  auto reopened = Open(kStart.PlusSeconds(4));
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Balance(*reopened, account), after);
  reopened->Read([&](const Simulator&, const BetBook& b) {
    std::vector<Order> orders = b.Orders(account, 0, 10);
    ASSERT_EQ(orders.size(), 2u);
    EXPECT_EQ(orders[0].status, OrderStatus::kFilled);
    EXPECT_EQ(orders[1].status, OrderStatus::kRejected);
    ASSERT_EQ(b.Bets(account, 0, 10).size(), 1u);
  });
  // Idempotency survives the restart too.
  std::vector<PlaceResult> after_restart = reopened->Place(account, {ok}, kStart.PlusSeconds(5));
  EXPECT_TRUE(after_restart[0].outcome.replayed);
  EXPECT_EQ(Balance(*reopened, account), after);
}

TEST_F(SportsbookTest, TimeAdvancingPublishesDeltasInSequenceThenFixtureChanges) {
  auto book = Open(kStart);
  ASSERT_NE(book, nullptr);
  RecordingPublisher pub;
  book->SetPublisher(&pub);
  std::uint64_t seq = 0;
  book->Read([&](const Simulator& sim, const BetBook&) { seq = sim.board().seq(); });
  auto next = book->NextEventTime();
  ASSERT_TRUE(next.has_value());
  EXPECT_GT(*next, book->now());
  book->AdvanceTo(kStart.PlusSeconds(601));  // the first kick-off at +600 s
  EXPECT_EQ(book->now(), kStart.PlusSeconds(601));
  ASSERT_GT(pub.Count("odds "), 0u);
  EXPECT_EQ(pub.Count("fixture id100000001 1"), 1u);
  for (const std::string& line : pub.log) {
    if (line.rfind("odds ", 0) != 0) continue;
    EXPECT_EQ(line.substr(line.rfind(' ') + 1), std::to_string(++seq)) << line;
  }
  EXPECT_EQ(pub.last_seq, seq);
  // Nothing new at the same time: nothing published.
  pub.log.clear();
  book->AdvanceTo(kStart.PlusSeconds(601));
  EXPECT_TRUE(pub.log.empty());
}

TEST_F(SportsbookTest, AFinalScoreSettlesPaysPublishesAndPersists) {
  auto book = Open(kStart.PlusSeconds(1));
  ASSERT_NE(book, nullptr);
  RecordingPublisher pub;
  book->SetPublisher(&pub);
  std::int64_t account = *book->EnsureAccount("hash-a", "bettor-1", kStart);
  const std::string f = "id100000001";
  std::vector<PlaceResult> placed = book->Place(
      account, {At(*book, "h", f, 101, 10), At(*book, "d", f, 102, 10)}, kStart.PlusSeconds(2));
  ASSERT_TRUE(placed[0].outcome.bet && placed[1].outcome.bet);
  Odds home_price = placed[0].outcome.bet->price;
  Money before = Balance(*book, account);
  pub.log.clear();
  ASSERT_TRUE(book->ForceFinal(f, {2, 0}, kStart.PlusSeconds(3)).ok());
  // 10 at the home price back on the winner, nothing on the draw.
  Money won = Money::FromUnits(10 * home_price.thousandths() * (Money::kScale / Odds::kScale));
  EXPECT_EQ(Balance(*book, account), before + won);
  EXPECT_EQ(pub.Count("settlement 1 WON"), 1u);
  EXPECT_EQ(pub.Count("settlement 2 LOST"), 1u);
  EXPECT_EQ(pub.Count("account "), 1u);
  EXPECT_EQ(pub.Count("fixture " + f + " 2"), 1u);
  // A second final on a finished fixture is refused and changes nothing.
  Status again = book->ForceFinal(f, {0, 3}, kStart.PlusSeconds(4));
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "fixture_closed");
  EXPECT_EQ(Balance(*book, account), before + won);

  book.reset();
  auto reopened = Open(kStart.PlusSeconds(5));
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Balance(*reopened, account), before + won);
  reopened->Read([&](const Simulator& sim, const BetBook& b) {
    EXPECT_EQ(b.FindBet(1)->settlement_status, SettlementStatus::kWon);
    EXPECT_EQ(b.FindBet(2)->settlement_status, SettlementStatus::kLost);
    const Fixture* fixture = sim.FindFixture(f);
    EXPECT_EQ(fixture->status, FixtureStatus::kFinished);
    EXPECT_EQ(fixture->score.participant1, 2);
    EXPECT_EQ(fixture->score.participant2, 0);
  });
  // The replayed final does not settle (or pay) the restored bets a second time.
  EXPECT_EQ(Balance(*reopened, account), before + won);
}

TEST_F(SportsbookTest, OperatorActionsReplayOnReopenToTheSameBoard) {
  std::string board;
  {
    auto book = Open(kStart);
    ASSERT_NE(book, nullptr);
    book->AdvanceTo(kStart.PlusSeconds(700));
    ASSERT_TRUE(book->ForceGoal("id100000001", 2, kStart.PlusSeconds(750)).ok());
    ASSERT_TRUE(book->SetSuspended("id100000002", true, kStart.PlusSeconds(800)).ok());
    // Refused actions are not recorded.
    EXPECT_EQ(book->ForceGoal("id100000003", 1, kStart.PlusSeconds(801)).error().code,
              "fixture_not_live");
    EXPECT_EQ(book->ForceGoal("id999", 1, kStart.PlusSeconds(801)).error().code,
              "fixture_not_found");
    book->AdvanceTo(kStart.PlusSeconds(1500));
    board = Board(*book);
  }
  auto reopened = Open(kStart.PlusSeconds(1500));
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Board(*reopened), board);
  reopened->Read([&](const Simulator& sim, const BetBook&) {
    EXPECT_TRUE(sim.board().Find("id100000002")->suspended);
  });
  auto store = BetStore::Open(path_);
  ASSERT_TRUE(store.ok());
  auto actions = (*store)->LoadActions();
  ASSERT_TRUE(actions.ok());
  ASSERT_EQ(actions->size(), 2u);
  EXPECT_EQ((*actions)[0].kind, "goal");
  EXPECT_EQ((*actions)[0].at, kStart.PlusSeconds(750));
  EXPECT_EQ((*actions)[1].kind, "suspend");
}

TEST_F(SportsbookTest, ASuspendedSelectionIsDeclinedAndQuotedAsSuspended) {
  auto book = Open(kStart.PlusSeconds(1));
  ASSERT_NE(book, nullptr);
  std::int64_t account = *book->EnsureAccount("hash-a", "bettor-1", kStart);
  const std::string f = "id100000002";
  OrderRequest request = At(*book, "s-1", f, 101, 10);
  ASSERT_TRUE(book->SetSuspended(f, true, kStart.PlusSeconds(2)).ok());
  EXPECT_TRUE(book->QuoteFor(f, 101).suspended);
  std::vector<PlaceResult> r = book->Place(account, {request}, kStart.PlusSeconds(3));
  EXPECT_EQ(r[0].outcome.order.decline_reason, kDeclineSuspended);
  EXPECT_EQ(Balance(*book, account), Config().initial_balance);
  EXPECT_FALSE(book->QuoteFor(f, 999'999).exists);
}

TEST_F(SportsbookTest, MetaValuesPersist) {
  {
    auto book = Open(kStart);
    ASSERT_NE(book, nullptr);
    ASSERT_TRUE(book->SetMeta("clock_us", "123").ok());
  }
  auto book = Open(kStart);
  ASSERT_NE(book, nullptr);
  EXPECT_EQ(book->GetMeta("clock_us"), "123");
  EXPECT_EQ(book->GetMeta("nothing"), std::nullopt);
}

}  // namespace
}  // namespace probex::bookmaker
