// ReadModel: the venue's history in SQLite (ARCHITECTURE §3) — every trade (both sides), every
// order's latest state (finished orders included; the Exchange keeps only open ones), balance
// transactions per account derived from the events, positions with cost basis and P&L, and market
// statistics. It is fed committed commands in seq order, in batches: Begin, Apply…, Commit. The
// seq of the last applied command is stored in the same SQLite transaction as the rows it
// produced, and Apply skips any seq at or below it, so a replay after a restart (or a duplicate
// delivery) never counts anything twice.
//
// Thread rule: not thread-safe; one owner thread applies and queries (ReadModelConsumer).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "store/sqlite_db.h"
#include "venue/domain/exchange.h"
#include "venue/engine/read_model_records.h"

namespace probex::venue::engine {

class ReadModel {
 public:
  // Opens (creating) the database at `path`.
  static Result<std::unique_ptr<ReadModel>> Open(const std::string& path);
  ReadModel(const ReadModel&) = delete;
  ReadModel& operator=(const ReadModel&) = delete;
  ~ReadModel();

  // The last command applied and committed (0 for a new database).
  std::uint64_t last_seq() const { return committed_seq_; }
  Timestamp last_time() const { return committed_time_; }

  // A batch of commands is one SQLite transaction.
  Status Begin();
  // Records what one command changed. Commands at or below the last applied seq are skipped;
  // the seqs of one batch must increase.
  Status Apply(std::uint64_t seq, Timestamp time, const Command& command,
               const ExchangeOutput& output);
  Status Commit();
  bool in_batch() const { return transaction_.has_value(); }

  // ---- Queries (committed state). Lists are newest first; `before` is an exclusive keyset
  // cursor (0 = from the newest). ----
  Result<std::vector<FillRecord>> AccountFills(AccountId account, MarketId market,
                                               std::size_t limit, std::uint64_t before_trade);
  Result<std::vector<Trade>> MarketTrades(MarketId market, std::size_t limit,
                                          std::uint64_t before_trade);
  Result<std::optional<MarketStatsRecord>> MarketStats(MarketId market, Timestamp now);
  // Every position the account ever held (closed ones keep their realized P&L), by market then
  // outcome.
  Result<std::vector<PositionRecord>> Positions(AccountId account);
  Result<std::vector<BalanceTransaction>> Transactions(AccountId account, std::size_t limit,
                                                       std::size_t offset, std::int64_t before_id);
  Result<std::int64_t> TransactionCount(AccountId account);
  // The latest state of any order the venue ever accepted.
  Result<std::optional<Order>> FindOrder(OrderId order);
  // The account's orders in a market (all statuses), newest first.
  Result<std::vector<Order>> AccountOrders(AccountId account, MarketId market, std::size_t limit,
                                           std::uint64_t before_order);
  std::optional<MarketInfoRecord> FindMarket(MarketId market) const;
  // Pool bets (read_model_bets.cc): the account's bets, newest first, optionally of one market
  // (an invalid id = all) and one status; their count; one bet by id.
  Result<std::vector<BetRecord>> AccountBets(AccountId account, MarketId market,
                                             std::optional<BetStatus> status, std::size_t limit,
                                             std::size_t offset);
  Result<std::int64_t> AccountBetCount(AccountId account, MarketId market,
                                       std::optional<BetStatus> status);
  Result<std::optional<BetRecord>> FindBet(BetId bet);

 private:
  struct OpenOrder {
    AccountId account;
    std::uint8_t outcome = 0;
    OrderSide side = OrderSide::kBid;
    OrderType type = OrderType::kLimit;
    Money locked_cash;
  };
  struct MarketRow {
    MarketInfoRecord info;
    Money fee_rate;
    Timestamp created_at;
    std::int64_t trade_count = 0;
    std::int64_t volume = 0;
    Money notional;
    int last_price = 0;
    Timestamp last_trade_at;
  };
  struct PendingRow {  // a balance transaction before its running balances are known
    TransactionKind kind;
    Money amount;
    Money locked_change;
    MarketId market;
    OrderId order;
    TradeId trade;
    WithdrawalId withdrawal;
  };
  struct AccountWork {  // per account touched by one command
    AccountId account;
    std::vector<PendingRow> rows;
    std::optional<AccountBalances> after;
  };

  explicit ReadModel(std::unique_ptr<store::SqliteDb> db) : db_(std::move(db)) {}
  Status CreateSchema();
  Status PrepareStatements();
  Status Load();

  AccountWork& Work(AccountId account);
  void OnOrder(const Order& order, Timestamp time);
  Status OnTrade(const Trade& trade, Timestamp time);
  void OnMarketStatus(const MarketStatusChanged& change);
  PositionRecord& PositionOf(AccountId account, MarketId market, int outcome);
  void Buy(AccountId account, MarketId market, int outcome, std::int64_t quantity, int cents);
  void Sell(AccountId account, MarketId market, int outcome, std::int64_t quantity, int cents);
  Status FinishCommand(std::uint64_t seq, Timestamp time, const Command& command);
  // Pool bets (read_model_bets.cc).
  Status CreateBetSchema();
  Status PrepareBetStatements();
  Status OnBet(const Bet& bet, bool placed, Timestamp time);
  Status Flush();

  std::unique_ptr<store::SqliteDb> db_;
  std::optional<store::SqliteDb::Transaction> transaction_;
  std::uint64_t committed_seq_ = 0;
  Timestamp committed_time_;
  std::uint64_t batch_seq_ = 0;  // last seq applied in the open batch
  Timestamp batch_time_;

  // Caches, written through at Commit.
  std::vector<AccountBalances> balances_;                        // index: account id − 1
  std::vector<MarketRow> markets_;                               // index: market id − 1
  std::unordered_map<std::uint64_t, PositionRecord> positions_;  // key: account, market, outcome
  std::unordered_map<std::uint64_t, OpenOrder> open_orders_;
  std::unordered_map<std::uint64_t, Order> dirty_orders_;
  std::unordered_map<std::uint64_t, Timestamp> dirty_order_times_;
  std::vector<std::uint32_t> dirty_accounts_;
  std::vector<std::uint32_t> dirty_markets_;
  std::vector<std::uint64_t> dirty_positions_;

  // Per-command scratch.
  std::vector<AccountWork> work_;
  std::unordered_map<std::uint32_t, std::size_t> work_index_;  // account → index in work_
  std::unordered_map<std::uint64_t, Money> paid_;  // order id → cash its fills took from its lock
  std::vector<MarketId> settled_markets_;

  // Prepared statements.
  store::SqliteStatement set_meta_;
  store::SqliteStatement upsert_account_;
  store::SqliteStatement upsert_market_;
  store::SqliteStatement upsert_order_;
  store::SqliteStatement insert_trade_;
  store::SqliteStatement insert_fill_;
  store::SqliteStatement upsert_position_;
  store::SqliteStatement insert_transaction_;
  store::SqliteStatement select_fills_;
  store::SqliteStatement select_trades_;
  store::SqliteStatement select_stats_24h_;
  store::SqliteStatement select_positions_;
  store::SqliteStatement select_transactions_;
  store::SqliteStatement count_transactions_;
  store::SqliteStatement select_order_;
  store::SqliteStatement select_account_orders_;
  store::SqliteStatement upsert_bet_;
  store::SqliteStatement select_bets_;
  store::SqliteStatement count_bets_;
  store::SqliteStatement select_bet_;
};

}  // namespace probex::venue::engine
