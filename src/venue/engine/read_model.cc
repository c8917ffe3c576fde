#include "venue/engine/read_model.h"

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "venue/domain/clob_pricing.h"

namespace probex::venue::engine {
namespace {

constexpr std::int64_t kSchemaVersion = 1;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS accounts(
  id INTEGER PRIMARY KEY, available INTEGER NOT NULL, locked_bets INTEGER NOT NULL,
  locked_engine INTEGER NOT NULL, locked_withdraws INTEGER NOT NULL,
  total_deposited INTEGER NOT NULL, total_withdrawn INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS markets(
  id INTEGER PRIMARY KEY, outcome0 TEXT NOT NULL, outcome1 TEXT NOT NULL,
  fee_rate INTEGER NOT NULL, created_at INTEGER NOT NULL, status INTEGER NOT NULL,
  winning INTEGER NOT NULL, trade_count INTEGER NOT NULL, volume INTEGER NOT NULL,
  notional INTEGER NOT NULL, last_price INTEGER NOT NULL, last_trade_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders(
  id INTEGER PRIMARY KEY, account INTEGER NOT NULL, market INTEGER NOT NULL,
  outcome INTEGER NOT NULL, side INTEGER NOT NULL, type INTEGER NOT NULL,
  status INTEGER NOT NULL, reason INTEGER NOT NULL, price INTEGER NOT NULL,
  trigger_price INTEGER NOT NULL, last_exec_price INTEGER NOT NULL, quantity INTEGER NOT NULL,
  quote_quantity INTEGER NOT NULL, cum_quantity INTEGER NOT NULL,
  cum_quote_quantity INTEGER NOT NULL, cum_fees INTEGER NOT NULL, locked_cash INTEGER NOT NULL,
  locked_shares INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS orders_by_account ON orders(account, market, id);
CREATE INDEX IF NOT EXISTS open_orders ON orders(id) WHERE status IN (0, 1);
CREATE TABLE IF NOT EXISTS trades(
  id INTEGER PRIMARY KEY, market INTEGER NOT NULL, price INTEGER NOT NULL,
  quantity INTEGER NOT NULL, settlement INTEGER NOT NULL, buyer_is_taker INTEGER NOT NULL,
  buy_order INTEGER NOT NULL, sell_order INTEGER NOT NULL, buyer INTEGER NOT NULL,
  seller INTEGER NOT NULL, buyer_fee INTEGER NOT NULL, seller_fee INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS trades_by_market ON trades(market, id);
CREATE INDEX IF NOT EXISTS trades_by_market_time ON trades(market, created_at);
CREATE TABLE IF NOT EXISTS fills(
  account INTEGER NOT NULL, market INTEGER NOT NULL, trade_id INTEGER NOT NULL,
  order_id INTEGER NOT NULL, outcome INTEGER NOT NULL, side INTEGER NOT NULL,
  type INTEGER NOT NULL, price INTEGER NOT NULL, quantity INTEGER NOT NULL, fee INTEGER NOT NULL,
  taker INTEGER NOT NULL, settlement INTEGER NOT NULL, created_at INTEGER NOT NULL,
  PRIMARY KEY(account, market, trade_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS positions(
  account INTEGER NOT NULL, market INTEGER NOT NULL, outcome INTEGER NOT NULL,
  shares INTEGER NOT NULL, cost INTEGER NOT NULL, realized INTEGER NOT NULL,
  fees INTEGER NOT NULL, PRIMARY KEY(account, market, outcome)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transactions(
  id INTEGER PRIMARY KEY, account INTEGER NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL,
  amount INTEGER NOT NULL, locked_change INTEGER NOT NULL, available_after INTEGER NOT NULL,
  locked_after INTEGER NOT NULL, total_after INTEGER NOT NULL, market INTEGER NOT NULL,
  order_id INTEGER NOT NULL, trade_id INTEGER NOT NULL, withdrawal_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS transactions_by_account ON transactions(account, id);
)sql";

constexpr std::string_view kOrderColumns =
    "id, account, market, outcome, side, type, status, reason, price, trigger_price, "
    "last_exec_price, quantity, quote_quantity, cum_quantity, cum_quote_quantity, cum_fees, "
    "locked_cash, locked_shares, created_at";

constexpr std::string_view kTransactionColumns =
    "id, account, seq, kind, amount, locked_change, available_after, locked_after, total_after, "
    "market, order_id, trade_id, withdrawal_id, created_at";

std::uint64_t PositionKey(AccountId account, MarketId market, int outcome) {
  return (static_cast<std::uint64_t>(account.value()) << 33) |
         (static_cast<std::uint64_t>(market.value()) << 1) | static_cast<std::uint64_t>(outcome);
}

Money Locked(const AccountBalances& b) {
  return b.locked_bets + b.locked_engine + b.locked_withdraws;
}

Money M(std::int64_t units) { return Money::FromUnits(units); }

Order ReadOrder(const store::SqliteStatement& s) {
  Order o;
  o.id = OrderId(static_cast<std::uint64_t>(s.ColumnInt64(0)));
  o.account = AccountId(static_cast<std::uint32_t>(s.ColumnInt64(1)));
  o.market = MarketId(static_cast<std::uint32_t>(s.ColumnInt64(2)));
  o.outcome = static_cast<std::uint8_t>(s.ColumnInt64(3));
  o.side = static_cast<OrderSide>(s.ColumnInt64(4));
  o.type = static_cast<OrderType>(s.ColumnInt64(5));
  o.status = static_cast<OrderStatus>(s.ColumnInt64(6));
  o.reason = static_cast<CancelReason>(s.ColumnInt64(7));
  o.price = static_cast<std::uint8_t>(s.ColumnInt64(8));
  o.trigger_price = static_cast<std::uint8_t>(s.ColumnInt64(9));
  o.last_exec_price = static_cast<std::uint8_t>(s.ColumnInt64(10));
  o.quantity = s.ColumnInt64(11);
  o.quote_quantity = M(s.ColumnInt64(12));
  o.cum_quantity = s.ColumnInt64(13);
  o.cum_quote_quantity = M(s.ColumnInt64(14));
  o.cum_fees = M(s.ColumnInt64(15));
  o.locked_cash = M(s.ColumnInt64(16));
  o.locked_shares = s.ColumnInt64(17);
  o.created_at = Timestamp::FromMicros(s.ColumnInt64(18));
  return o;
}

BalanceTransaction ReadTransaction(const store::SqliteStatement& s) {
  BalanceTransaction t;
  t.id = s.ColumnInt64(0);
  t.account = AccountId(static_cast<std::uint32_t>(s.ColumnInt64(1)));
  t.seq = static_cast<std::uint64_t>(s.ColumnInt64(2));
  t.kind = static_cast<TransactionKind>(s.ColumnInt64(3));
  t.amount = M(s.ColumnInt64(4));
  t.locked_change = M(s.ColumnInt64(5));
  t.available_after = M(s.ColumnInt64(6));
  t.locked_after = M(s.ColumnInt64(7));
  t.total_after = M(s.ColumnInt64(8));
  t.market = MarketId(static_cast<std::uint32_t>(s.ColumnInt64(9)));
  t.order = OrderId(static_cast<std::uint64_t>(s.ColumnInt64(10)));
  t.trade = TradeId(static_cast<std::uint64_t>(s.ColumnInt64(11)));
  t.withdrawal = WithdrawalId(static_cast<std::uint64_t>(s.ColumnInt64(12)));
  t.at = Timestamp::FromMicros(s.ColumnInt64(13));
  return t;
}

std::int64_t I(std::uint64_t v) { return static_cast<std::int64_t>(v); }

}  // namespace

std::string_view TransactionKindName(TransactionKind kind) {
  switch (kind) {
    case TransactionKind::kDeposit:
      return "DEPOSIT";
    case TransactionKind::kWithdrawalRequest:
      return "WITHDRAWAL_REQUEST";
    case TransactionKind::kWithdrawal:
      return "WITHDRAWAL";
    case TransactionKind::kWithdrawalFee:
      return "WITHDRAWAL_FEE";
    case TransactionKind::kWithdrawalRejected:
      return "WITHDRAWAL_REJECTED";
    case TransactionKind::kOrderLock:
      return "ORDER_LOCK";
    case TransactionKind::kOrderRelease:
      return "ORDER_RELEASE";
    case TransactionKind::kFill:
      return "FILL";
    case TransactionKind::kFee:
      return "FEE";
    case TransactionKind::kResolutionPayout:
      return "RESOLUTION_PAYOUT";
    case TransactionKind::kVoidRefund:
      return "VOID_REFUND";
    case TransactionKind::kAdjustment:
      return "ADJUSTMENT";
    case TransactionKind::kCtmEntry:
      return "CTM_ENTRY";
    case TransactionKind::kCtmSettlement:
      return "CTM_SETTLEMENT";
    case TransactionKind::kCtmRefund:
      return "CTM_REFUND";
    case TransactionKind::kBetPlaced:
      return "BET_PLACED";
    case TransactionKind::kBetWon:
      return "BET_WON";
    case TransactionKind::kBetLost:
      return "BET_LOST";
    case TransactionKind::kBetRefund:
      return "BET_REFUND";
    case TransactionKind::kOptionExecution:
      return "OPTION_EXECUTION";
    case TransactionKind::kOptionSettlement:
      return "OPTION_SETTLEMENT";
  }
  return "UNKNOWN";
}

Result<std::unique_ptr<ReadModel>> ReadModel::Open(const std::string& path) {
  auto db = store::SqliteDb::Open(path);
  if (!db) return db.error();
  std::unique_ptr<ReadModel> model(new ReadModel(std::move(*db)));
  // The journal is the source of truth and the model resumes from its stored seq, so a commit
  // lost to a power failure is simply re-applied: NORMAL keeps WAL commits atomic and skips the
  // per-commit fsync.
  if (Status s = model->db_->Exec("PRAGMA synchronous=NORMAL;"); !s) return s.error();
  // The model's hot pages (the tails of the append-only tables, the account indexes) are
  // rewritten by every commit: a page cache that holds them spares the reads, and a larger
  // checkpoint interval copies each hot page back into the database file (and syncs it) less
  // often. The WAL file then grows to about 16 MB.
  if (Status s = model->db_->Exec("PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=4000;");
      !s) {
    return s.error();
  }
  if (Status s = model->CreateSchema(); !s) return s.error();
  if (Status s = model->PrepareStatements(); !s) return s.error();
  if (Status s = model->Load(); !s) return s.error();
  return model;
}

ReadModel::~ReadModel() {
  transaction_.reset();  // rolls back an unfinished batch
}

Status ReadModel::CreateSchema() {
  if (Status s = db_->Exec(kSchema); !s) return s;
  if (Status s = CreateBetSchema(); !s) return s;
  auto version = db_->Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version) return version.error();
  auto row = version->Step();
  if (!row) return row.error();
  if (*row) {
    if (version->ColumnInt64(0) != kSchemaVersion) {
      return MakeError("read_model_schema",
                       "read model schema version " + std::to_string(version->ColumnInt64(0)) +
                           " is not the supported " + std::to_string(kSchemaVersion) +
                           "; delete the file to rebuild it from the journal");
    }
    return OkStatus();
  }
  return db_->Exec("INSERT INTO meta(key, value) VALUES ('schema_version', " +
                   std::to_string(kSchemaVersion) + "), ('last_seq', 0), ('last_time', 0);");
}

Status ReadModel::PrepareStatements() {
  struct Spec {
    store::SqliteStatement* stmt;
    std::string sql;
  };
  const std::string order_columns(kOrderColumns);
  const std::string tx_columns(kTransactionColumns);
  const Spec specs[] = {
      {&set_meta_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)"},
      {&upsert_account_,
       "INSERT OR REPLACE INTO accounts(id, available, locked_bets, locked_engine, "
       "locked_withdraws, total_deposited, total_withdrawn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&upsert_market_,
       "INSERT OR REPLACE INTO markets(id, outcome0, outcome1, fee_rate, created_at, status, "
       "winning, trade_count, volume, notional, last_price, last_trade_at) VALUES (?1, ?2, ?3, "
       "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"},
      // An upsert that updates in place: the account/market index is untouched on every change.
      {&upsert_order_,
       "INSERT INTO orders(" + order_columns +
           ", updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
           "?15, ?16, ?17, ?18, ?19, ?20) ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
           "reason = excluded.reason, last_exec_price = excluded.last_exec_price, "
           "cum_quantity = excluded.cum_quantity, cum_quote_quantity = "
           "excluded.cum_quote_quantity, "
           "cum_fees = excluded.cum_fees, locked_cash = excluded.locked_cash, "
           "locked_shares = excluded.locked_shares, updated_at = excluded.updated_at"},
      {&insert_trade_,
       "INSERT OR REPLACE INTO trades(id, market, price, quantity, settlement, buyer_is_taker, "
       "buy_order, sell_order, buyer, seller, buyer_fee, seller_fee, created_at) VALUES (?1, ?2, "
       "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
      {&insert_fill_,
       "INSERT OR REPLACE INTO fills(account, market, trade_id, order_id, outcome, side, type, "
       "price, quantity, fee, taker, settlement, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
       "?8, ?9, ?10, ?11, ?12, ?13)"},
      {&upsert_position_,
       "INSERT OR REPLACE INTO positions(account, market, outcome, shares, cost, realized, fees) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
      {&insert_transaction_,
       "INSERT INTO transactions(account, seq, kind, amount, locked_change, available_after, "
       "locked_after, total_after, market, order_id, trade_id, withdrawal_id, created_at) VALUES "
       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
      {&select_fills_,
       "SELECT trade_id, order_id, market, outcome, side, type, price, quantity, fee, taker, "
       "settlement, created_at FROM fills WHERE account = ?1 AND market = ?2 AND trade_id < ?3 "
       "ORDER BY trade_id DESC LIMIT ?4"},
      {&select_trades_,
       "SELECT id, market, price, quantity, settlement, buyer_is_taker, buy_order, sell_order, "
       "buyer, seller, buyer_fee, seller_fee, created_at FROM trades WHERE market = ?1 AND id < "
       "?2 ORDER BY id DESC LIMIT ?3"},
      {&select_stats_24h_,
       "SELECT COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * price), 0), "
       "COALESCE(MAX(price), 0), COALESCE(MIN(price), 0) FROM trades WHERE market = ?1 AND "
       "created_at > ?2"},
      {&select_positions_,
       "SELECT market, outcome, shares, cost, realized, fees FROM positions WHERE account = ?1 "
       "ORDER BY market, outcome"},
      {&select_transactions_, "SELECT " + tx_columns +
                                  " FROM transactions WHERE account = ?1 AND id < ?2 ORDER BY id "
                                  "DESC LIMIT ?3 OFFSET ?4"},
      {&count_transactions_, "SELECT COUNT(*) FROM transactions WHERE account = ?1"},
      {&select_order_, "SELECT " + order_columns + " FROM orders WHERE id = ?1"},
      {&select_account_orders_, "SELECT " + order_columns +
                                    " FROM orders WHERE account = ?1 AND market = ?2 AND id < ?3 "
                                    "ORDER BY id DESC LIMIT ?4"},
  };
  for (const Spec& spec : specs) {
    auto stmt = db_->Prepare(spec.sql);
    if (!stmt) return stmt.error();
    *spec.stmt = std::move(*stmt);
  }
  return PrepareBetStatements();
}

Status ReadModel::Load() {
  {
    auto meta = db_->Prepare("SELECT key, value FROM meta");
    if (!meta) return meta.error();
    while (true) {
      auto row = meta->Step();
      if (!row) return row.error();
      if (!*row) break;
      const std::string key = meta->ColumnText(0);
      if (key == "last_seq") committed_seq_ = static_cast<std::uint64_t>(meta->ColumnInt64(1));
      if (key == "last_time") committed_time_ = Timestamp::FromMicros(meta->ColumnInt64(1));
    }
  }
  {
    auto accounts = db_->Prepare(
        "SELECT id, available, locked_bets, locked_engine, locked_withdraws, total_deposited, "
        "total_withdrawn FROM accounts ORDER BY id");
    if (!accounts) return accounts.error();
    while (true) {
      auto row = accounts->Step();
      if (!row) return row.error();
      if (!*row) break;
      const auto id = static_cast<std::size_t>(accounts->ColumnInt64(0));
      if (id == 0) continue;
      if (balances_.size() < id) balances_.resize(id);
      AccountBalances& b = balances_[id - 1];
      b.available = M(accounts->ColumnInt64(1));
      b.locked_bets = M(accounts->ColumnInt64(2));
      b.locked_engine = M(accounts->ColumnInt64(3));
      b.locked_withdraws = M(accounts->ColumnInt64(4));
      b.total_deposited = M(accounts->ColumnInt64(5));
      b.total_withdrawn = M(accounts->ColumnInt64(6));
    }
  }
  {
    auto markets = db_->Prepare(
        "SELECT id, outcome0, outcome1, fee_rate, created_at, status, winning, trade_count, "
        "volume, notional, last_price, last_trade_at FROM markets ORDER BY id");
    if (!markets) return markets.error();
    while (true) {
      auto row = markets->Step();
      if (!row) return row.error();
      if (!*row) break;
      const auto id = static_cast<std::size_t>(markets->ColumnInt64(0));
      if (id == 0) continue;
      if (markets_.size() < id) markets_.resize(id);
      MarketRow& m = markets_[id - 1];
      m.info.market = MarketId(static_cast<std::uint32_t>(id));
      m.info.outcomes = {markets->ColumnText(1), markets->ColumnText(2)};
      m.fee_rate = M(markets->ColumnInt64(3));
      m.created_at = Timestamp::FromMicros(markets->ColumnInt64(4));
      m.info.status = static_cast<MarketStatus>(markets->ColumnInt64(5));
      m.info.winning_outcome = static_cast<std::uint8_t>(markets->ColumnInt64(6));
      m.trade_count = markets->ColumnInt64(7);
      m.volume = markets->ColumnInt64(8);
      m.notional = M(markets->ColumnInt64(9));
      m.last_price = static_cast<int>(markets->ColumnInt64(10));
      m.last_trade_at = Timestamp::FromMicros(markets->ColumnInt64(11));
    }
  }
  {
    auto positions = db_->Prepare(
        "SELECT account, market, outcome, shares, cost, realized, fees FROM positions");
    if (!positions) return positions.error();
    while (true) {
      auto row = positions->Step();
      if (!row) return row.error();
      if (!*row) break;
      PositionRecord p;
      p.account = AccountId(static_cast<std::uint32_t>(positions->ColumnInt64(0)));
      p.market = MarketId(static_cast<std::uint32_t>(positions->ColumnInt64(1)));
      p.outcome = static_cast<std::uint8_t>(positions->ColumnInt64(2));
      p.shares = positions->ColumnInt64(3);
      p.cost = M(positions->ColumnInt64(4));
      p.realized = M(positions->ColumnInt64(5));
      p.fees = M(positions->ColumnInt64(6));
      positions_[PositionKey(p.account, p.market, p.outcome)] = p;
    }
  }
  {
    auto open = db_->Prepare("SELECT " + std::string(kOrderColumns) +
                             " FROM orders INDEXED BY open_orders WHERE status IN (0, 1)");
    if (!open) return open.error();
    while (true) {
      auto row = open->Step();
      if (!row) return row.error();
      if (!*row) break;
      const Order o = ReadOrder(*open);
      open_orders_[o.id.value()] = OpenOrder{o.account, o.outcome, o.side, o.type, o.locked_cash};
    }
  }
  return OkStatus();
}

Status ReadModel::Begin() {
  if (transaction_) return MakeError("read_model_batch", "a batch is already open");
  auto tx = db_->Begin();
  if (!tx) return tx.error();
  transaction_.emplace(std::move(*tx));
  batch_seq_ = committed_seq_;
  batch_time_ = committed_time_;
  return OkStatus();
}

Status ReadModel::Apply(std::uint64_t seq, Timestamp time, const Command& command,
                        const ExchangeOutput& output) {
  if (!transaction_) return MakeError("read_model_batch", "Apply outside a batch");
  if (seq <= batch_seq_) return OkStatus();  // already recorded
  batch_seq_ = seq;
  batch_time_ = time;
  if (!output.ok()) return OkStatus();
  work_.clear();
  work_index_.clear();
  paid_.clear();
  for (const Event& event : output.events) {
    if (const auto* e = std::get_if<AccountCreated>(&event)) {
      const std::size_t index = e->account.value() - 1;
      if (balances_.size() <= index) balances_.resize(index + 1);
      dirty_accounts_.push_back(e->account.value());
    } else if (const auto* e = std::get_if<BalanceChanged>(&event)) {
      Work(e->account).after = e->balances;
    } else if (const auto* e = std::get_if<WithdrawalRequested>(&event)) {
      const Money total = e->amount + e->fee;
      Work(e->account)
          .rows.push_back(PendingRow{TransactionKind::kWithdrawalRequest, -total, total, MarketId(),
                                     OrderId(), TradeId(), e->withdrawal});
    } else if (const auto* e = std::get_if<WithdrawalSettled>(&event)) {
      AccountWork& work = Work(e->account);
      if (e->approved) {
        work.rows.push_back(PendingRow{TransactionKind::kWithdrawal, Money(), -e->amount,
                                       MarketId(), OrderId(), TradeId(), e->withdrawal});
        work.rows.push_back(PendingRow{TransactionKind::kWithdrawalFee, Money(), -e->fee,
                                       MarketId(), OrderId(), TradeId(), e->withdrawal});
      } else {
        const Money total = e->amount + e->fee;
        work.rows.push_back(PendingRow{TransactionKind::kWithdrawalRejected, total, -total,
                                       MarketId(), OrderId(), TradeId(), e->withdrawal});
      }
    } else if (const auto* e = std::get_if<MarketCreated>(&event)) {
      const std::size_t index = e->market.value() - 1;
      if (markets_.size() <= index) markets_.resize(index + 1);
      MarketRow& m = markets_[index];
      m.info.market = e->market;
      if (const auto* c = std::get_if<CreateMarket>(&command)) {
        m.info.outcomes = c->outcomes;
        m.fee_rate = c->fee_rate;
      }
      m.created_at = time;
      dirty_markets_.push_back(e->market.value());
    } else if (const auto* e = std::get_if<MarketStatusChanged>(&event)) {
      OnMarketStatus(*e);
    } else if (const auto* e = std::get_if<OrderUpdated>(&event)) {
      OnOrder(e->order, time);
    } else if (const auto* e = std::get_if<Trade>(&event)) {
      if (Status s = OnTrade(*e, time); !s) return s;
    } else if (const auto* e = std::get_if<BetPlaced>(&event)) {
      if (Status s = OnBet(e->bet, true, time); !s) return s;
    } else if (const auto* e = std::get_if<BetSettled>(&event)) {
      if (Status s = OnBet(e->bet, false, time); !s) return s;
    }
  }
  return FinishCommand(seq, time, command);
}

ReadModel::AccountWork& ReadModel::Work(AccountId account) {
  // Indexed: a pool settlement touches every bettor in one command.
  auto [it, inserted] = work_index_.try_emplace(account.value(), work_.size());
  if (inserted) work_.push_back(AccountWork{account, {}, std::nullopt});
  return work_[it->second];
}

void ReadModel::OnOrder(const Order& order, Timestamp time) {
  const std::uint64_t id = order.id.value();
  Money previous;
  if (auto it = open_orders_.find(id); it != open_orders_.end()) previous = it->second.locked_cash;
  Money paid;
  if (auto it = paid_.find(id); it != paid_.end()) {
    paid = it->second;
    paid_.erase(it);
  }
  // The lock moved by `net` apart from what the fills since the last update took out of it.
  const Money net = order.locked_cash - previous + paid;
  if (net.is_positive()) {
    Work(order.account)
        .rows.push_back(PendingRow{TransactionKind::kOrderLock, -net, net, order.market, order.id,
                                   TradeId(), WithdrawalId()});
  } else if (net.is_negative()) {
    Work(order.account)
        .rows.push_back(PendingRow{TransactionKind::kOrderRelease, -net, net, order.market,
                                   order.id, TradeId(), WithdrawalId()});
  }
  if (order.open()) {
    open_orders_[id] =
        OpenOrder{order.account, order.outcome, order.side, order.type, order.locked_cash};
  } else {
    open_orders_.erase(id);
  }
  dirty_orders_[id] = order;
  dirty_order_times_[id] = time;
}

Status ReadModel::OnTrade(const Trade& t, Timestamp time) {
  const Money pay0 = Notional(t.quantity, t.price);
  const Money pay1 = Notional(t.quantity, 100 - t.price);
  const bool buyer_delivers =
      t.settlement == SettlementCase::kMerge || t.settlement == SettlementCase::kTransferOutcome1;
  const bool seller_delivers =
      t.settlement == SettlementCase::kMerge || t.settlement == SettlementCase::kTransferOutcome0;

  struct Leg {
    AccountId account;
    OrderId order;
    Money fee;
    bool taker;
    bool delivers;
    int outcome;  // the outcome whose holding this leg changes
    int cents;    // price of that outcome
    Money cash;   // paid (delivers = false) or received
  };
  const Leg legs[2] = {
      {t.buyer, t.buy_order, t.buyer_fee, t.buyer_is_taker, buyer_delivers, buyer_delivers ? 1 : 0,
       buyer_delivers ? 100 - t.price : t.price, buyer_delivers ? pay1 : pay0},
      {t.seller, t.sell_order, t.seller_fee, !t.buyer_is_taker, seller_delivers,
       seller_delivers ? 0 : 1, seller_delivers ? t.price : 100 - t.price,
       seller_delivers ? pay0 : pay1},
  };
  for (const Leg& leg : legs) {
    AccountWork& work = Work(leg.account);
    if (leg.delivers) {
      work.rows.push_back(PendingRow{TransactionKind::kFill, leg.cash, Money(), t.market, leg.order,
                                     t.id, WithdrawalId()});
      if (!leg.fee.is_zero()) {
        work.rows.push_back(PendingRow{TransactionKind::kFee, -leg.fee, Money(), t.market,
                                       leg.order, t.id, WithdrawalId()});
      }
      Sell(leg.account, t.market, leg.outcome, t.quantity, leg.cents);
    } else {
      work.rows.push_back(PendingRow{TransactionKind::kFill, Money(), -leg.cash, t.market,
                                     leg.order, t.id, WithdrawalId()});
      if (!leg.fee.is_zero()) {
        work.rows.push_back(PendingRow{TransactionKind::kFee, Money(), -leg.fee, t.market,
                                       leg.order, t.id, WithdrawalId()});
      }
      paid_[leg.order.value()] += leg.cash + leg.fee;
      Buy(leg.account, t.market, leg.outcome, t.quantity, leg.cents);
    }
    PositionRecord& position = PositionOf(leg.account, t.market, leg.outcome);
    position.fees += leg.fee;
    position.realized -= leg.fee;

    // The fill as the order's owner sees it: in the order's own outcome and side.
    FillRecord fill;
    fill.trade = t.id;
    fill.order = leg.order;
    fill.market = t.market;
    if (auto it = open_orders_.find(leg.order.value()); it != open_orders_.end()) {
      fill.outcome = it->second.outcome;
      fill.side = it->second.side;
      fill.type = it->second.type;
    } else {
      // Every order that trades was announced (New or Placed) first; keep going if not.
      std::fprintf(stderr, "read model: trade %llu names order %llu that is not open\n",
                   static_cast<unsigned long long>(t.id.value()),
                   static_cast<unsigned long long>(leg.order.value()));
      fill.outcome = static_cast<std::uint8_t>(leg.outcome);
      fill.side = leg.delivers ? OrderSide::kAsk : OrderSide::kBid;
    }
    fill.price = fill.outcome == 0 ? t.price : 100 - t.price;
    insert_fill_.Reset();
    insert_fill_.Bind(1, static_cast<std::int64_t>(leg.account.value()))
        .Bind(2, static_cast<std::int64_t>(t.market.value()))
        .Bind(3, I(t.id.value()))
        .Bind(4, I(leg.order.value()))
        .Bind(5, static_cast<std::int64_t>(fill.outcome))
        .Bind(6, static_cast<std::int64_t>(fill.side))
        .Bind(7, static_cast<std::int64_t>(fill.type))
        .Bind(8, static_cast<std::int64_t>(fill.price))
        .Bind(9, t.quantity)
        .Bind(10, leg.fee.units())
        .Bind(11, static_cast<std::int64_t>(leg.taker))
        .Bind(12, static_cast<std::int64_t>(t.settlement))
        .Bind(13, time.micros());
    if (Status s = insert_fill_.Run(); !s) return s;
  }

  insert_trade_.Reset();
  insert_trade_.Bind(1, I(t.id.value()))
      .Bind(2, static_cast<std::int64_t>(t.market.value()))
      .Bind(3, static_cast<std::int64_t>(t.price))
      .Bind(4, t.quantity)
      .Bind(5, static_cast<std::int64_t>(t.settlement))
      .Bind(6, static_cast<std::int64_t>(t.buyer_is_taker))
      .Bind(7, I(t.buy_order.value()))
      .Bind(8, I(t.sell_order.value()))
      .Bind(9, static_cast<std::int64_t>(t.buyer.value()))
      .Bind(10, static_cast<std::int64_t>(t.seller.value()))
      .Bind(11, t.buyer_fee.units())
      .Bind(12, t.seller_fee.units())
      .Bind(13, time.micros());
  if (Status s = insert_trade_.Run(); !s) return s;

  const std::size_t index = t.market.value() - 1;
  if (markets_.size() <= index) markets_.resize(index + 1);
  MarketRow& m = markets_[index];
  m.info.market = t.market;
  m.trade_count += 1;
  m.volume += t.quantity;
  m.notional += pay0;
  m.last_price = t.price;
  m.last_trade_at = time;
  dirty_markets_.push_back(t.market.value());
  return OkStatus();
}

void ReadModel::OnMarketStatus(const MarketStatusChanged& change) {
  const std::size_t index = change.market.value() - 1;
  if (markets_.size() <= index) markets_.resize(index + 1);
  MarketRow& m = markets_[index];
  m.info.market = change.market;
  m.info.status = change.status;
  m.info.winning_outcome = change.winning_outcome;
  dirty_markets_.push_back(change.market.value());
  if (change.status != MarketStatus::kResolved && change.status != MarketStatus::kVoided) return;
  const bool voided = change.status == MarketStatus::kVoided;
  for (auto& [key, p] : positions_) {
    if (p.market != change.market || (p.shares == 0 && p.cost.is_zero())) continue;
    const int cents = voided ? 50 : (p.outcome == change.winning_outcome ? 100 : 0);
    p.realized += Notional(p.shares, cents) - p.cost;
    p.shares = 0;
    p.cost = Money();
    dirty_positions_.push_back(key);
  }
}

PositionRecord& ReadModel::PositionOf(AccountId account, MarketId market, int outcome) {
  const std::uint64_t key = PositionKey(account, market, outcome);
  auto [it, inserted] = positions_.try_emplace(key);
  if (inserted) {
    it->second.account = account;
    it->second.market = market;
    it->second.outcome = static_cast<std::uint8_t>(outcome);
  }
  dirty_positions_.push_back(key);
  return it->second;
}

void ReadModel::Buy(AccountId account, MarketId market, int outcome, std::int64_t quantity,
                    int cents) {
  PositionRecord& p = PositionOf(account, market, outcome);
  p.shares += quantity;
  p.cost += Notional(quantity, cents);
}

void ReadModel::Sell(AccountId account, MarketId market, int outcome, std::int64_t quantity,
                     int cents) {
  PositionRecord& p = PositionOf(account, market, outcome);
  Money removed = p.cost;
  if (p.shares > quantity) removed = p.cost.MulDiv(quantity, p.shares, Rounding::kTowardZero);
  p.realized += Notional(quantity, cents) - removed;
  p.cost -= removed;
  p.shares -= quantity;
}

Status ReadModel::FinishCommand(std::uint64_t seq, Timestamp time, const Command& command) {
  for (AccountWork& work : work_) {
    const std::size_t index = work.account.value() - 1;
    if (balances_.size() <= index) balances_.resize(index + 1);
    const AccountBalances before = balances_[index];
    Money sum_amount;
    Money sum_locked;
    for (const PendingRow& row : work.rows) {
      sum_amount += row.amount;
      sum_locked += row.locked_change;
    }
    AccountBalances after = before;
    if (work.after) {
      after = *work.after;
    } else {
      after.available += sum_amount;
      after.locked_engine += sum_locked;
    }
    // What the rows do not explain: deposits and resolution payouts have no event of their own.
    const Money rest_total = (after.total() - before.total()) - (sum_amount + sum_locked);
    const Money rest_locked = (Locked(after) - Locked(before)) - sum_locked;
    if (!rest_total.is_zero() || !rest_locked.is_zero()) {
      PendingRow rest{TransactionKind::kAdjustment,
                      rest_total - rest_locked,
                      rest_locked,
                      MarketId(),
                      OrderId(),
                      TradeId(),
                      WithdrawalId()};
      if (std::holds_alternative<Deposit>(command)) {
        rest.kind = TransactionKind::kDeposit;
      } else if (const auto* c = std::get_if<ResolveMarket>(&command)) {
        rest.kind = TransactionKind::kResolutionPayout;
        rest.market = c->market;
      } else if (const auto* c = std::get_if<VoidMarket>(&command)) {
        rest.kind = TransactionKind::kVoidRefund;
        rest.market = c->market;
      } else if (std::holds_alternative<PlaceCtmPrediction>(command)) {
        rest.kind = TransactionKind::kCtmEntry;
      } else if (std::holds_alternative<VoidCtmRound>(command)) {
        rest.kind = TransactionKind::kCtmRefund;
      } else if (std::holds_alternative<AdvanceTime>(command)) {
        rest.kind = TransactionKind::kCtmSettlement;
      } else if (std::holds_alternative<ExecuteQuote>(command)) {
        rest.kind = TransactionKind::kOptionExecution;
      } else if (std::holds_alternative<OptionsTick>(command)) {
        rest.kind = TransactionKind::kOptionSettlement;
      } else {
        std::fprintf(stderr,
                     "read model: seq %llu leaves %s available / %s locked of account %u "
                     "unexplained; recorded as ADJUSTMENT\n",
                     static_cast<unsigned long long>(seq), rest.amount.ToString().c_str(),
                     rest.locked_change.ToString().c_str(), work.account.value());
      }
      work.rows.push_back(rest);
    }
    Money available = before.available;
    Money locked = Locked(before);
    for (const PendingRow& row : work.rows) {
      if (row.amount.is_zero() && row.locked_change.is_zero()) continue;
      available += row.amount;
      locked += row.locked_change;
      insert_transaction_.Reset();
      insert_transaction_.Bind(1, static_cast<std::int64_t>(work.account.value()))
          .Bind(2, I(seq))
          .Bind(3, static_cast<std::int64_t>(row.kind))
          .Bind(4, row.amount.units())
          .Bind(5, row.locked_change.units())
          .Bind(6, available.units())
          .Bind(7, locked.units())
          .Bind(8, (available + locked).units())
          .Bind(9, static_cast<std::int64_t>(row.market.value()))
          .Bind(10, I(row.order.value()))
          .Bind(11, I(row.trade.value()))
          .Bind(12, I(row.withdrawal.value()))
          .Bind(13, time.micros());
      if (Status s = insert_transaction_.Run(); !s) return s;
    }
    balances_[index] = after;
    dirty_accounts_.push_back(work.account.value());
  }
  return OkStatus();
}

Status ReadModel::Flush() {
  std::sort(dirty_accounts_.begin(), dirty_accounts_.end());
  dirty_accounts_.erase(std::unique(dirty_accounts_.begin(), dirty_accounts_.end()),
                        dirty_accounts_.end());
  for (std::uint32_t id : dirty_accounts_) {
    const AccountBalances& b = balances_[id - 1];
    upsert_account_.Reset();
    upsert_account_.Bind(1, static_cast<std::int64_t>(id))
        .Bind(2, b.available.units())
        .Bind(3, b.locked_bets.units())
        .Bind(4, b.locked_engine.units())
        .Bind(5, b.locked_withdraws.units())
        .Bind(6, b.total_deposited.units())
        .Bind(7, b.total_withdrawn.units());
    if (Status s = upsert_account_.Run(); !s) return s;
  }
  dirty_accounts_.clear();

  std::sort(dirty_markets_.begin(), dirty_markets_.end());
  dirty_markets_.erase(std::unique(dirty_markets_.begin(), dirty_markets_.end()),
                       dirty_markets_.end());
  for (std::uint32_t id : dirty_markets_) {
    const MarketRow& m = markets_[id - 1];
    upsert_market_.Reset();
    upsert_market_.Bind(1, static_cast<std::int64_t>(id))
        .Bind(2, m.info.outcomes[0])
        .Bind(3, m.info.outcomes[1])
        .Bind(4, m.fee_rate.units())
        .Bind(5, m.created_at.micros())
        .Bind(6, static_cast<std::int64_t>(m.info.status))
        .Bind(7, static_cast<std::int64_t>(m.info.winning_outcome))
        .Bind(8, m.trade_count)
        .Bind(9, m.volume)
        .Bind(10, m.notional.units())
        .Bind(11, static_cast<std::int64_t>(m.last_price))
        .Bind(12, m.last_trade_at.micros());
    if (Status s = upsert_market_.Run(); !s) return s;
  }
  dirty_markets_.clear();

  std::sort(dirty_positions_.begin(), dirty_positions_.end());
  dirty_positions_.erase(std::unique(dirty_positions_.begin(), dirty_positions_.end()),
                         dirty_positions_.end());
  for (std::uint64_t key : dirty_positions_) {
    const PositionRecord& p = positions_[key];
    upsert_position_.Reset();
    upsert_position_.Bind(1, static_cast<std::int64_t>(p.account.value()))
        .Bind(2, static_cast<std::int64_t>(p.market.value()))
        .Bind(3, static_cast<std::int64_t>(p.outcome))
        .Bind(4, p.shares)
        .Bind(5, p.cost.units())
        .Bind(6, p.realized.units())
        .Bind(7, p.fees.units());
    if (Status s = upsert_position_.Run(); !s) return s;
  }
  dirty_positions_.clear();

  for (const auto& [id, o] : dirty_orders_) {
    upsert_order_.Reset();
    upsert_order_.Bind(1, I(id))
        .Bind(2, static_cast<std::int64_t>(o.account.value()))
        .Bind(3, static_cast<std::int64_t>(o.market.value()))
        .Bind(4, static_cast<std::int64_t>(o.outcome))
        .Bind(5, static_cast<std::int64_t>(o.side))
        .Bind(6, static_cast<std::int64_t>(o.type))
        .Bind(7, static_cast<std::int64_t>(o.status))
        .Bind(8, static_cast<std::int64_t>(o.reason))
        .Bind(9, static_cast<std::int64_t>(o.price))
        .Bind(10, static_cast<std::int64_t>(o.trigger_price))
        .Bind(11, static_cast<std::int64_t>(o.last_exec_price))
        .Bind(12, o.quantity)
        .Bind(13, o.quote_quantity.units())
        .Bind(14, o.cum_quantity)
        .Bind(15, o.cum_quote_quantity.units())
        .Bind(16, o.cum_fees.units())
        .Bind(17, o.locked_cash.units())
        .Bind(18, o.locked_shares)
        .Bind(19, o.created_at.micros())
        .Bind(20, dirty_order_times_[id].micros());
    if (Status s = upsert_order_.Run(); !s) return s;
  }
  dirty_orders_.clear();
  dirty_order_times_.clear();

  set_meta_.Reset();
  set_meta_.Bind(1, std::string_view("last_seq")).Bind(2, I(batch_seq_));
  if (Status s = set_meta_.Run(); !s) return s;
  set_meta_.Reset();
  set_meta_.Bind(1, std::string_view("last_time")).Bind(2, batch_time_.micros());
  return set_meta_.Run();
}

Status ReadModel::Commit() {
  if (!transaction_) return MakeError("read_model_batch", "Commit outside a batch");
  Status s = Flush();
  if (s) s = transaction_->Commit();
  transaction_.reset();
  if (!s) {
    // The caches are ahead of the database now; only a reopen (which reloads them) is safe.
    return s;
  }
  committed_seq_ = batch_seq_;
  committed_time_ = batch_time_;
  return OkStatus();
}

Result<std::vector<FillRecord>> ReadModel::AccountFills(AccountId account, MarketId market,
                                                        std::size_t limit,
                                                        std::uint64_t before_trade) {
  std::vector<FillRecord> out;
  select_fills_.Reset();
  select_fills_.Bind(1, static_cast<std::int64_t>(account.value()))
      .Bind(2, static_cast<std::int64_t>(market.value()))
      .Bind(3, before_trade == 0 ? INT64_MAX : I(before_trade))
      .Bind(4, static_cast<std::int64_t>(limit));
  while (true) {
    auto row = select_fills_.Step();
    if (!row) return row.error();
    if (!*row) break;
    FillRecord f;
    f.trade = TradeId(static_cast<std::uint64_t>(select_fills_.ColumnInt64(0)));
    f.order = OrderId(static_cast<std::uint64_t>(select_fills_.ColumnInt64(1)));
    f.market = MarketId(static_cast<std::uint32_t>(select_fills_.ColumnInt64(2)));
    f.outcome = static_cast<std::uint8_t>(select_fills_.ColumnInt64(3));
    f.side = static_cast<OrderSide>(select_fills_.ColumnInt64(4));
    f.type = static_cast<OrderType>(select_fills_.ColumnInt64(5));
    f.price = static_cast<int>(select_fills_.ColumnInt64(6));
    f.quantity = select_fills_.ColumnInt64(7);
    f.fee = M(select_fills_.ColumnInt64(8));
    f.taker = select_fills_.ColumnInt64(9) != 0;
    f.settlement = static_cast<SettlementCase>(select_fills_.ColumnInt64(10));
    f.at = Timestamp::FromMicros(select_fills_.ColumnInt64(11));
    out.push_back(f);
  }
  select_fills_.Reset();
  return out;
}

Result<std::vector<Trade>> ReadModel::MarketTrades(MarketId market, std::size_t limit,
                                                   std::uint64_t before_trade) {
  std::vector<Trade> out;
  select_trades_.Reset();
  select_trades_.Bind(1, static_cast<std::int64_t>(market.value()))
      .Bind(2, before_trade == 0 ? INT64_MAX : I(before_trade))
      .Bind(3, static_cast<std::int64_t>(limit));
  while (true) {
    auto row = select_trades_.Step();
    if (!row) return row.error();
    if (!*row) break;
    const store::SqliteStatement& s = select_trades_;
    Trade t;
    t.id = TradeId(static_cast<std::uint64_t>(s.ColumnInt64(0)));
    t.market = MarketId(static_cast<std::uint32_t>(s.ColumnInt64(1)));
    t.price = static_cast<std::uint8_t>(s.ColumnInt64(2));
    t.quantity = s.ColumnInt64(3);
    t.settlement = static_cast<SettlementCase>(s.ColumnInt64(4));
    t.buyer_is_taker = s.ColumnInt64(5) != 0;
    t.buy_order = OrderId(static_cast<std::uint64_t>(s.ColumnInt64(6)));
    t.sell_order = OrderId(static_cast<std::uint64_t>(s.ColumnInt64(7)));
    t.buyer = AccountId(static_cast<std::uint32_t>(s.ColumnInt64(8)));
    t.seller = AccountId(static_cast<std::uint32_t>(s.ColumnInt64(9)));
    t.buyer_fee = M(s.ColumnInt64(10));
    t.seller_fee = M(s.ColumnInt64(11));
    t.at = Timestamp::FromMicros(s.ColumnInt64(12));
    out.push_back(t);
  }
  select_trades_.Reset();
  return out;
}

Result<std::optional<MarketStatsRecord>> ReadModel::MarketStats(MarketId market, Timestamp now) {
  const std::size_t index = market.value() - 1;
  if (!market.valid() || index >= markets_.size() || !markets_[index].info.market.valid()) {
    return std::optional<MarketStatsRecord>();
  }
  const MarketRow& m = markets_[index];
  MarketStatsRecord stats;
  stats.market = market;
  stats.trade_count = m.trade_count;
  stats.volume = m.volume;
  stats.notional = m.notional;
  stats.last_price = m.last_price;
  stats.last_trade_at = m.last_trade_at;
  select_stats_24h_.Reset();
  select_stats_24h_.Bind(1, static_cast<std::int64_t>(market.value()))
      .Bind(2, now.PlusSeconds(-24 * 3600).micros());
  auto row = select_stats_24h_.Step();
  if (!row) return row.error();
  if (*row) {
    stats.trade_count_24h = select_stats_24h_.ColumnInt64(0);
    stats.volume_24h = select_stats_24h_.ColumnInt64(1);
    stats.notional_24h = Notional(select_stats_24h_.ColumnInt64(2), 1);
    stats.high_24h = static_cast<int>(select_stats_24h_.ColumnInt64(3));
    stats.low_24h = static_cast<int>(select_stats_24h_.ColumnInt64(4));
  }
  select_stats_24h_.Reset();
  return std::optional<MarketStatsRecord>(stats);
}

Result<std::vector<PositionRecord>> ReadModel::Positions(AccountId account) {
  std::vector<PositionRecord> out;
  select_positions_.Reset();
  select_positions_.Bind(1, static_cast<std::int64_t>(account.value()));
  while (true) {
    auto row = select_positions_.Step();
    if (!row) return row.error();
    if (!*row) break;
    PositionRecord p;
    p.account = account;
    p.market = MarketId(static_cast<std::uint32_t>(select_positions_.ColumnInt64(0)));
    p.outcome = static_cast<std::uint8_t>(select_positions_.ColumnInt64(1));
    p.shares = select_positions_.ColumnInt64(2);
    p.cost = M(select_positions_.ColumnInt64(3));
    p.realized = M(select_positions_.ColumnInt64(4));
    p.fees = M(select_positions_.ColumnInt64(5));
    out.push_back(p);
  }
  select_positions_.Reset();
  return out;
}

Result<std::vector<BalanceTransaction>> ReadModel::Transactions(AccountId account,
                                                                std::size_t limit,
                                                                std::size_t offset,
                                                                std::int64_t before_id) {
  std::vector<BalanceTransaction> out;
  select_transactions_.Reset();
  select_transactions_.Bind(1, static_cast<std::int64_t>(account.value()))
      .Bind(2, before_id <= 0 ? INT64_MAX : before_id)
      .Bind(3, static_cast<std::int64_t>(limit))
      .Bind(4, static_cast<std::int64_t>(offset));
  while (true) {
    auto row = select_transactions_.Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(ReadTransaction(select_transactions_));
  }
  select_transactions_.Reset();
  return out;
}

Result<std::int64_t> ReadModel::TransactionCount(AccountId account) {
  count_transactions_.Reset();
  count_transactions_.Bind(1, static_cast<std::int64_t>(account.value()));
  auto row = count_transactions_.Step();
  if (!row) return row.error();
  const std::int64_t count = *row ? count_transactions_.ColumnInt64(0) : 0;
  count_transactions_.Reset();
  return count;
}

Result<std::optional<Order>> ReadModel::FindOrder(OrderId order) {
  select_order_.Reset();
  select_order_.Bind(1, I(order.value()));
  auto row = select_order_.Step();
  if (!row) return row.error();
  std::optional<Order> out;
  if (*row) out = ReadOrder(select_order_);
  select_order_.Reset();
  return out;
}

Result<std::vector<Order>> ReadModel::AccountOrders(AccountId account, MarketId market,
                                                    std::size_t limit, std::uint64_t before_order) {
  std::vector<Order> out;
  select_account_orders_.Reset();
  select_account_orders_.Bind(1, static_cast<std::int64_t>(account.value()))
      .Bind(2, static_cast<std::int64_t>(market.value()))
      .Bind(3, before_order == 0 ? INT64_MAX : I(before_order))
      .Bind(4, static_cast<std::int64_t>(limit));
  while (true) {
    auto row = select_account_orders_.Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(ReadOrder(select_account_orders_));
  }
  select_account_orders_.Reset();
  return out;
}

std::optional<MarketInfoRecord> ReadModel::FindMarket(MarketId market) const {
  const std::size_t index = market.value() - 1;
  if (!market.valid() || index >= markets_.size() || !markets_[index].info.market.valid()) {
    return std::nullopt;
  }
  return markets_[index].info;
}

}  // namespace probex::venue::engine
