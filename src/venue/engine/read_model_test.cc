// ReadModel: hand-computed rows for a mint, a transfer, fees and a resolution; a long random run
// (all command kinds, restarts and duplicate deliveries) checked against the Exchange itself and
// the P&L identity; and the consumer on a real engine resuming from the journal after a stop.
#include "venue/engine/read_model.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <map>
#include <random>

#include "store/journal_test_util.h"
#include "venue/engine/read_model_consumer.h"
#include "venue/engine/venue_engine.h"

namespace probex::venue::engine {
namespace {

using store::testing::TempDir;

Money D(std::string_view text) { return Money::Parse(text).value(); }

// Applies commands to a reference Exchange and records each in the model, one batch per call.
class Harness {
 public:
  explicit Harness(const std::string& dir) : path_(dir + "/rm.sqlite") { Reopen(); }

  void Reopen() {
    model_.reset();
    auto opened = ReadModel::Open(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    model_ = std::move(*opened);
  }

  // Applies and records a batch; returns the outputs.
  std::vector<ExchangeOutput> Batch(const std::vector<Command>& commands) {
    std::vector<ExchangeOutput> outputs;
    EXPECT_TRUE(model_->Begin().ok());
    for (const Command& c : commands) {
      ++seq_;
      now_ = now_.PlusMillis(10);
      ExchangeOutput out;
      exchange_.Apply(c, seq_, now_, out);
      EXPECT_TRUE(model_->Apply(seq_, now_, c, out).ok());
      history_.push_back({seq_, now_, c, out});
      outputs.push_back(std::move(out));
    }
    EXPECT_TRUE(model_->Commit().ok());
    return outputs;
  }
  ExchangeOutput One(const Command& c) { return Batch({c}).front(); }

  // Records the last `n` commands again (a duplicate delivery after a restart).
  void Redeliver(std::size_t n) {
    ASSERT_TRUE(model_->Begin().ok());
    for (std::size_t i = history_.size() - std::min(n, history_.size()); i < history_.size(); ++i) {
      const Entry& e = history_[i];
      ASSERT_TRUE(model_->Apply(e.seq, e.time, e.command, e.output).ok());
    }
    ASSERT_TRUE(model_->Commit().ok());
  }

  ReadModel& model() { return *model_; }
  Exchange& exchange() { return exchange_; }
  Timestamp now() const { return now_; }
  std::uint64_t seq() const { return seq_; }

 private:
  struct Entry {
    std::uint64_t seq;
    Timestamp time;
    Command command;
    ExchangeOutput output;
  };
  std::string path_;
  std::unique_ptr<ReadModel> model_;
  Exchange exchange_;
  std::uint64_t seq_ = 0;
  Timestamp now_ = Timestamp::FromSeconds(1'767'225'600);
  std::vector<Entry> history_;
};

CreateMarket Market(Timestamp now) {
  CreateMarket m;
  m.type = MarketType::kOrderBook;
  m.question = "Will it rain?";
  m.category = "Weather";
  m.outcomes = {"YES", "NO"};
  m.end_time = now.PlusSeconds(86400);
  m.fee_rate = D("0.02");
  return m;
}

PlaceOrder Limit(std::uint32_t account, int outcome, OrderSide side, std::string_view price,
                 int quantity) {
  PlaceOrder p;
  p.account = AccountId(account);
  p.market = MarketId(1);
  p.outcome = static_cast<std::uint8_t>(outcome);
  p.side = side;
  p.type = OrderType::kLimit;
  p.price = D(price);
  p.quantity = Money::FromWhole(quantity).value();
  return p;
}

RequestWithdrawal Withdraw(std::uint32_t account, Money amount, Money fee) {
  RequestWithdrawal w;
  w.account = AccountId(account);
  w.amount = amount;
  w.fee = fee;
  return w;
}

std::vector<BalanceTransaction> AllTransactions(ReadModel& model, std::uint32_t account) {
  auto page = model.Transactions(AccountId(account), 100000, 0, 0);
  EXPECT_TRUE(page.ok());
  std::vector<BalanceTransaction> rows = page.value_or({});
  std::reverse(rows.begin(), rows.end());  // oldest first
  return rows;
}

struct RowView {
  TransactionKind kind;
  std::string amount;
  std::string locked_change;
  std::string available_after;
  std::string total_after;
  friend bool operator==(const RowView&, const RowView&) = default;
};
std::ostream& operator<<(std::ostream& os, const RowView& r) {
  return os << TransactionKindName(r.kind) << " " << r.amount << " " << r.locked_change << " "
            << r.available_after << " " << r.total_after;
}
std::vector<RowView> Views(const std::vector<BalanceTransaction>& rows) {
  std::vector<RowView> out;
  for (const auto& r : rows) {
    out.push_back(RowView{r.kind, r.amount.ToPlainString(), r.locked_change.ToPlainString(),
                          r.available_after.ToPlainString(), r.total_after.ToPlainString()});
  }
  return out;
}

TEST(ReadModelTest, MintTransferFeesAndResolutionByHand) {
  TempDir dir;
  Harness h(dir.path());
  h.Batch({CreateAccount{}, CreateAccount{}, Deposit{AccountId(1), D("100")},
           Deposit{AccountId(2), D("100")}, Market(h.now())});
  // A bids YES 0.60 ×10 (lock 10 × (0.60 + 0.008)); B bids NO 0.40 ×10: a mint at 0.60.
  ASSERT_TRUE(h.One(Limit(1, 0, OrderSide::kBid, "0.60", 10)).ok());
  ASSERT_TRUE(h.One(Limit(2, 1, OrderSide::kBid, "0.40", 10)).ok());
  // A sells 4 YES at 0.70 from its holding; B buys them: a transfer of outcome 0.
  ASSERT_TRUE(h.One(Limit(1, 0, OrderSide::kAsk, "0.70", 4)).ok());
  ASSERT_TRUE(h.One(Limit(2, 0, OrderSide::kBid, "0.70", 4)).ok());
  ASSERT_TRUE(h.One(ResolveMarket{MarketId(1), 0}).ok());

  const std::vector<RowView> a = {
      {TransactionKind::kDeposit, "100", "0", "100", "100"},
      {TransactionKind::kOrderLock, "-6.08", "6.08", "93.92", "100"},
      {TransactionKind::kFill, "0", "-6", "93.92", "94"},
      {TransactionKind::kFee, "0", "-0.08", "93.92", "93.92"},
      {TransactionKind::kFill, "2.8", "0", "96.72", "96.72"},
      {TransactionKind::kFee, "-0.024", "0", "96.696", "96.696"},
      {TransactionKind::kResolutionPayout, "6", "0", "102.696", "102.696"},
  };
  EXPECT_EQ(Views(AllTransactions(h.model(), 1)), a);
  const std::vector<RowView> b = {
      {TransactionKind::kDeposit, "100", "0", "100", "100"},
      {TransactionKind::kOrderLock, "-4.08", "4.08", "95.92", "100"},
      {TransactionKind::kFill, "0", "-4", "95.92", "96"},
      {TransactionKind::kFee, "0", "-0.08", "95.92", "95.92"},
      {TransactionKind::kOrderLock, "-2.824", "2.824", "93.096", "95.92"},
      {TransactionKind::kFill, "0", "-2.8", "93.096", "93.12"},
      {TransactionKind::kFee, "0", "-0.024", "93.096", "93.096"},
      {TransactionKind::kResolutionPayout, "4", "0", "97.096", "97.096"},
  };
  EXPECT_EQ(Views(AllTransactions(h.model(), 2)), b);
  EXPECT_EQ(h.exchange().Balances(AccountId(1))->total(), D("102.696"));
  EXPECT_EQ(h.exchange().Balances(AccountId(2))->total(), D("97.096"));

  // Positions: average cost, realized P&L with fees, closed at resolution.
  auto pa = h.model().Positions(AccountId(1)).value();
  ASSERT_EQ(pa.size(), 1u);
  EXPECT_EQ(pa[0].outcome, 0);
  EXPECT_EQ(pa[0].shares, 0);
  EXPECT_EQ(pa[0].cost, Money());
  // −0.08 fee, +0.40 sale (2.80 − 4 × 0.60), −0.024 fee, +2.40 payout (6 − 3.60).
  EXPECT_EQ(pa[0].realized, D("2.696"));
  EXPECT_EQ(pa[0].fees, D("0.104"));
  auto pb = h.model().Positions(AccountId(2)).value();
  ASSERT_EQ(pb.size(), 2u);
  EXPECT_EQ(pb[0].outcome, 0);
  EXPECT_EQ(pb[0].realized, D("1.176"));  // −0.024 fee, +1.20 payout (4 − 2.80)
  EXPECT_EQ(pb[1].outcome, 1);
  EXPECT_EQ(pb[1].realized, D("-4.08"));  // −0.08 fee, −4.00 worthless NO

  // Fills as each owner saw them, newest first; trades in outcome-0 terms.
  auto fills = h.model().AccountFills(AccountId(2), MarketId(1), 10, 0).value();
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0].trade.value(), 2u);
  EXPECT_EQ(fills[0].outcome, 0);
  EXPECT_EQ(fills[0].price, 70);
  EXPECT_TRUE(fills[0].taker);
  EXPECT_EQ(fills[0].settlement, SettlementCase::kTransferOutcome0);
  EXPECT_EQ(fills[1].outcome, 1);
  EXPECT_EQ(fills[1].side, OrderSide::kBid);
  EXPECT_EQ(fills[1].price, 40);
  EXPECT_EQ(fills[1].settlement, SettlementCase::kMint);
  auto trades = h.model().MarketTrades(MarketId(1), 1, 0).value();
  ASSERT_EQ(trades.size(), 1u);
  EXPECT_EQ(trades[0].id.value(), 2u);
  auto older = h.model().MarketTrades(MarketId(1), 10, trades[0].id.value()).value();
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0].price, 60);

  auto stats = h.model().MarketStats(MarketId(1), h.now()).value();
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->trade_count, 2);
  EXPECT_EQ(stats->volume, 14);
  EXPECT_EQ(stats->notional, D("8.8"));
  EXPECT_EQ(stats->last_price, 70);
  EXPECT_EQ(stats->high_24h, 70);
  EXPECT_EQ(stats->low_24h, 60);
  auto later = h.model().MarketStats(MarketId(1), h.now().PlusSeconds(2 * 86400)).value();
  EXPECT_EQ(later->trade_count_24h, 0);
  EXPECT_EQ(later->trade_count, 2);

  // Every order's latest state survives, finished ones included.
  auto order = h.model().FindOrder(OrderId(1)).value();
  ASSERT_TRUE(order.has_value());
  EXPECT_EQ(order->status, OrderStatus::kFilled);
  EXPECT_EQ(order->cum_quantity, 10);
  EXPECT_EQ(h.model().AccountOrders(AccountId(2), MarketId(1), 10, 0).value().size(), 2u);
}

TEST(ReadModelTest, WithdrawalsRequestApproveReject) {
  TempDir dir;
  Harness h(dir.path());
  h.Batch({CreateAccount{}, Deposit{AccountId(1), D("50")}});
  ASSERT_TRUE(h.One(Withdraw(1, D("10"), D("1"))).ok());
  ASSERT_TRUE(h.One(Withdraw(1, D("5"), D("1"))).ok());
  ASSERT_TRUE(h.One(ApproveWithdrawal{WithdrawalId(1)}).ok());
  ASSERT_TRUE(h.One(RejectWithdrawal{WithdrawalId(2)}).ok());
  const std::vector<RowView> rows = {
      {TransactionKind::kDeposit, "50", "0", "50", "50"},
      {TransactionKind::kWithdrawalRequest, "-11", "11", "39", "50"},
      {TransactionKind::kWithdrawalRequest, "-6", "6", "33", "50"},
      {TransactionKind::kWithdrawal, "0", "-10", "33", "40"},
      {TransactionKind::kWithdrawalFee, "0", "-1", "33", "39"},
      {TransactionKind::kWithdrawalRejected, "6", "-6", "39", "39"},
  };
  auto got = AllTransactions(h.model(), 1);
  EXPECT_EQ(Views(got), rows);
  EXPECT_EQ(got[3].withdrawal.value(), 1u);
  EXPECT_EQ(got[5].withdrawal.value(), 2u);
  // Keyset and offset paging over the same stable order.
  auto first = h.model().Transactions(AccountId(1), 2, 0, 0).value();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].kind, TransactionKind::kWithdrawalRejected);
  auto next = h.model().Transactions(AccountId(1), 2, 0, first.back().id).value();
  auto by_offset = h.model().Transactions(AccountId(1), 2, 2, 0).value();
  ASSERT_EQ(next.size(), 2u);
  ASSERT_EQ(by_offset.size(), 2u);
  EXPECT_EQ(next[0].id, by_offset[0].id);
  EXPECT_EQ(next[1].id, by_offset[1].id);
  EXPECT_EQ(h.model().TransactionCount(AccountId(1)).value(), 6);
}

// A random run over every command kind, with restarts and duplicate deliveries.
TEST(ReadModelTest, RandomRunMatchesTheExchangeAndPnlIdentity) {
  TempDir dir;
  Harness h(dir.path());
  constexpr std::uint32_t kAccounts = 6;
  constexpr std::uint32_t kMarkets = 3;
  const int rounds = std::getenv("PROBEX_SANITIZED") ? 300 : 1500;
  std::vector<Command> setup;
  for (std::uint32_t a = 1; a <= kAccounts; ++a) setup.push_back(CreateAccount{});
  for (std::uint32_t a = 1; a <= kAccounts; ++a) setup.push_back(Deposit{AccountId(a), D("500")});
  for (std::uint32_t m = 1; m <= kMarkets; ++m) setup.push_back(Market(h.now()));
  h.Batch(setup);

  std::mt19937_64 rng(7);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  std::vector<std::uint64_t> pending_withdrawals;
  for (int round = 0; round < rounds; ++round) {
    std::vector<Command> batch;
    const int size = 1 + pick(8);
    for (int i = 0; i < size; ++i) {
      const auto account = static_cast<std::uint32_t>(1 + pick(kAccounts));
      const auto market = MarketId(static_cast<std::uint32_t>(1 + pick(kMarkets)));
      const int roll = pick(100);
      PlaceOrder p;
      p.account = AccountId(account);
      p.market = market;
      p.outcome = static_cast<std::uint8_t>(pick(2));
      p.side = pick(2) == 0 ? OrderSide::kBid : OrderSide::kAsk;
      if (roll < 60) {
        p.type = OrderType::kLimit;
        p.price = Money::FromCents(35 + pick(31)).value();
        p.quantity = Money::FromWhole(1 + pick(15)).value();
        batch.push_back(p);
      } else if (roll < 70) {
        p.type = OrderType::kMarket;
        if (p.side == OrderSide::kBid && pick(2) == 0) {
          p.quote_quantity = Money::FromCents(100 + pick(900)).value();
        } else {
          p.quantity = Money::FromWhole(1 + pick(10)).value();
        }
        batch.push_back(p);
      } else if (roll < 75) {
        p.type = pick(2) == 0 ? OrderType::kStopLoss : OrderType::kTakeProfit;
        p.trigger_price = Money::FromCents(30 + pick(41)).value();
        p.quantity = Money::FromWhole(1 + pick(5)).value();
        batch.push_back(p);
      } else if (roll < 90) {
        batch.push_back(CancelOrders{AccountId(account), market, {}});
      } else if (roll < 94) {
        batch.push_back(Withdraw(account, Money::FromWhole(1 + pick(5)).value(), D("0.5")));
      } else if (roll < 98 && !pending_withdrawals.empty()) {
        const WithdrawalId id(pending_withdrawals.back());
        pending_withdrawals.pop_back();
        if (pick(2) == 0) {
          batch.push_back(ApproveWithdrawal{id});
        } else {
          batch.push_back(RejectWithdrawal{id});
        }
      } else {
        batch.push_back(Deposit{AccountId(account), D("25")});
      }
    }
    auto outputs = h.Batch(batch);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (std::holds_alternative<RequestWithdrawal>(batch[i]) && outputs[i].ok()) {
        pending_withdrawals.push_back(outputs[i].created_id);
      }
    }
    if (round % 200 == 199) {
      h.Reopen();
      h.Redeliver(5);  // already recorded: skipped
    }
  }
  for (std::uint64_t id : pending_withdrawals) h.One(ApproveWithdrawal{WithdrawalId(id)});
  h.Batch({ResolveMarket{MarketId(1), 0}, VoidMarket{MarketId(2)}, ResolveMarket{MarketId(3), 1}});
  h.Reopen();
  h.Redeliver(3);
  EXPECT_EQ(h.model().last_seq(), h.seq());

  std::map<TransactionKind, int> kinds;
  for (std::uint32_t a = 1; a <= kAccounts; ++a) {
    for (const auto& r : AllTransactions(h.model(), a)) ++kinds[r.kind];
  }
  for (TransactionKind k :
       {TransactionKind::kDeposit, TransactionKind::kWithdrawalRequest,
        TransactionKind::kWithdrawal, TransactionKind::kWithdrawalFee,
        TransactionKind::kWithdrawalRejected, TransactionKind::kOrderLock,
        TransactionKind::kOrderRelease, TransactionKind::kFill, TransactionKind::kFee,
        TransactionKind::kResolutionPayout, TransactionKind::kVoidRefund}) {
    EXPECT_GT(kinds[k], 0) << "the run never produced " << TransactionKindName(k);
  }
  EXPECT_GT(kinds[TransactionKind::kFill], 500);
  for (std::uint32_t a = 1; a <= kAccounts; ++a) {
    SCOPED_TRACE("account " + std::to_string(a));
    const AccountBalances& b = *h.exchange().Balances(AccountId(a));
    auto rows = AllTransactions(h.model(), a);
    ASSERT_FALSE(rows.empty());
    Money available;
    Money locked;
    Money withdrawal_fees;
    for (const auto& r : rows) {
      EXPECT_NE(r.kind, TransactionKind::kAdjustment) << "seq " << r.seq;
      available += r.amount;
      locked += r.locked_change;
      EXPECT_EQ(r.available_after, available);
      EXPECT_EQ(r.locked_after, locked);
      if (r.kind == TransactionKind::kWithdrawalFee) withdrawal_fees -= r.locked_change;
    }
    EXPECT_EQ(available, b.available);
    EXPECT_EQ(locked, b.locked_bets + b.locked_engine + b.locked_withdraws);
    EXPECT_EQ(rows.back().total_after, b.total());
    // Every market is settled: realized P&L explains the whole change of the balance.
    Money realized;
    const std::vector<PositionRecord> positions = h.model().Positions(AccountId(a)).value();
    for (const auto& p : positions) {
      EXPECT_EQ(p.shares, 0);
      EXPECT_EQ(p.cost, Money());
      realized += p.realized;
    }
    EXPECT_EQ(b.total(), b.total_deposited - b.total_withdrawn - withdrawal_fees + realized);
  }
}

TEST(ReadModelTest, OpenPositionsMatchTheLedger) {
  TempDir dir;
  Harness h(dir.path());
  h.Batch({CreateAccount{}, CreateAccount{}, CreateAccount{}, Deposit{AccountId(1), D("100")},
           Deposit{AccountId(2), D("100")}, Deposit{AccountId(3), D("100")}, Market(h.now())});
  h.Batch({Limit(1, 0, OrderSide::kBid, "0.55", 20), Limit(2, 0, OrderSide::kAsk, "0.55", 12),
           Limit(3, 1, OrderSide::kBid, "0.45", 8), Limit(1, 0, OrderSide::kAsk, "0.65", 15),
           Limit(3, 0, OrderSide::kBid, "0.66", 9), Limit(2, 1, OrderSide::kAsk, "0.30", 4)});
  for (std::uint32_t a = 1; a <= 3; ++a) {
    const Position ledger = h.exchange().PositionOf(AccountId(a), MarketId(1));
    std::array<std::int64_t, 2> shares{};
    const std::vector<PositionRecord> positions = h.model().Positions(AccountId(a)).value();
    for (const auto& p : positions) shares[p.outcome] = p.shares;
    EXPECT_EQ(shares, ledger.shares) << "account " << a;
  }
}

// The consumer on a real engine: live feed, then a stop while commands keep coming (they reach
// only the journal), then a restart that catches up from snapshot + journal without duplicates,
// and a rebuild from nothing that gives the same rows.
TEST(ReadModelConsumerTest, ResumesFromTheJournalWithoutDuplicates) {
  TempDir dir;
  ManualClock clock;
  EngineOptions options;
  options.data_dir = dir.path();
  options.clock = &clock;
  options.snapshot_every = 25;
  options.segment_bytes = 4 << 10;

  auto submit = [&](VenueEngine& engine, const Command& c) {
    clock.AdvanceMillis(5);
    auto r = engine.Submit(c);
    ASSERT_TRUE(r.ok());
  };
  auto trade_round = [&](VenueEngine& engine, int i) {
    submit(engine, Limit(1, 0, OrderSide::kBid, "0.50", 2 + i % 3));
    submit(engine, Limit(2, 1, OrderSide::kBid, "0.50", 2 + i % 3));
    submit(engine, CancelOrders{AccountId(1), MarketId(1), {}});
  };
  std::vector<BalanceTransaction> live_rows;
  {
    auto engine = VenueEngine::Open(options);
    ASSERT_TRUE(engine.ok());
    auto consumer = ReadModelConsumer::Start(**engine, ReadModelOptions{dir.path(), "", 1 << 10});
    ASSERT_TRUE(consumer.ok()) << consumer.error().message;
    for (const Command& c :
         std::vector<Command>{CreateAccount{}, CreateAccount{}, Deposit{AccountId(1), D("1000")},
                              Deposit{AccountId(2), D("1000")}, Market(clock.Now())}) {
      submit(**engine, c);
    }
    for (int i = 0; i < 20; ++i) trade_round(**engine, i);
    const std::uint64_t durable = (*engine)->stats().durable_seq;
    ASSERT_TRUE((*consumer)->WaitForSeq(durable, 10'000));
    // Read-your-writes: a read issued now sees everything durable.
    std::promise<std::int64_t> count;
    (*consumer)->Read([&](const Status& s, ReadModel* model) {
      count.set_value(s ? model->TransactionCount(AccountId(1)).value_or(-1) : -1);
    });
    EXPECT_GT(count.get_future().get(), 40);
    (*consumer)->Stop();
    for (int i = 20; i < 60; ++i) trade_round(**engine, i);  // only the journal sees these
  }
  std::uint64_t last_seq = 0;
  {
    auto engine = VenueEngine::Open(options);
    ASSERT_TRUE(engine.ok());
    last_seq = (*engine)->recovery().last_seq;
    auto consumer = ReadModelConsumer::Start(**engine, ReadModelOptions{dir.path(), "", 1 << 10});
    ASSERT_TRUE(consumer.ok());
    for (int i = 60; i < 70; ++i) trade_round(**engine, i);
    last_seq = (*engine)->stats().durable_seq;
    ASSERT_TRUE((*consumer)->WaitForSeq(last_seq, 10'000));
    ASSERT_TRUE((*consumer)->health().ok());
    std::promise<void> done;
    (*consumer)->Read([&](const Status& s, ReadModel* model) {
      ASSERT_TRUE(s.ok());
      live_rows = model->Transactions(AccountId(2), 100000, 0, 0).value();
      EXPECT_EQ(model->MarketStats(MarketId(1), clock.Now()).value()->trade_count, 70);
      EXPECT_EQ(model->AccountFills(AccountId(2), MarketId(1), 1000, 0).value().size(), 70u);
      done.set_value();
    });
    done.get_future().get();
    (*consumer)->Stop();
  }
  // Rebuild from nothing (a deleted database): the same rows, row for row.
  std::filesystem::remove(dir.path() + "/read_model.sqlite");
  std::filesystem::remove(dir.path() + "/read_model.sqlite-wal");
  std::filesystem::remove(dir.path() + "/read_model.sqlite-shm");
  {
    auto engine = VenueEngine::Open(options);
    ASSERT_TRUE(engine.ok());
    auto consumer = ReadModelConsumer::Start(**engine, ReadModelOptions{dir.path(), "", 1 << 10});
    ASSERT_TRUE(consumer.ok());
    ASSERT_TRUE((*consumer)->WaitForSeq(last_seq, 10'000));
    std::promise<std::vector<BalanceTransaction>> rebuilt;
    (*consumer)->Read([&](const Status&, ReadModel* model) {
      rebuilt.set_value(model->Transactions(AccountId(2), 100000, 0, 0).value());
    });
    auto rows = rebuilt.get_future().get();
    ASSERT_EQ(rows.size(), live_rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      EXPECT_EQ(rows[i].seq, live_rows[i].seq);
      EXPECT_EQ(rows[i].kind, live_rows[i].kind);
      EXPECT_EQ(rows[i].amount, live_rows[i].amount);
      EXPECT_EQ(rows[i].available_after, live_rows[i].available_after);
    }
  }
}

}  // namespace
}  // namespace probex::venue::engine
