#include "bookmaker/api/bet_store.h"

namespace probex::bookmaker {
namespace {

constexpr char kSchema[] = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
  account_id INTEGER PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE,
  balance INTEGER NOT NULL, min_stake INTEGER NOT NULL, max_stake INTEGER NOT NULL,
  created_us INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
  order_id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, request_uuid TEXT NOT NULL,
  fixture_id TEXT NOT NULL, outcome_id INTEGER NOT NULL, player_id TEXT NOT NULL,
  order_price INTEGER NOT NULL, order_stake INTEGER NOT NULL, expires_us INTEGER,
  accept_partial INTEGER NOT NULL, user_ref TEXT NOT NULL, market_id INTEGER NOT NULL,
  status TEXT NOT NULL, filled_stake INTEGER NOT NULL, filled_price INTEGER,
  decline_reason TEXT NOT NULL, bet_id INTEGER, created_us INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bets (
  bet_id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, account_id INTEGER NOT NULL,
  request_uuid TEXT NOT NULL, fixture_id TEXT NOT NULL, market_id INTEGER NOT NULL,
  outcome_id INTEGER NOT NULL, player_id TEXT NOT NULL, price INTEGER NOT NULL,
  stake INTEGER NOT NULL, bet_status TEXT NOT NULL, settlement_status TEXT NOT NULL,
  payout INTEGER NOT NULL, placed_us INTEGER NOT NULL, settled_us INTEGER,
  user_ref TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS operator_actions (
  seq INTEGER PRIMARY KEY, at_us INTEGER NOT NULL, kind TEXT NOT NULL,
  fixture_id TEXT NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL);
)sql";

std::optional<std::int64_t> OptionalMicros(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return t->micros();
}

}  // namespace

Result<std::unique_ptr<BetStore>> BetStore::Open(const std::string& path) {
  auto db = store::SqliteDb::Open(path);
  if (!db.ok()) return db.error();
  std::unique_ptr<BetStore> store(new BetStore(std::move(*db)));
  if (Status st = store->db_->Exec(kSchema); !st.ok()) return st.error();
  if (Status st = store->Prepare(); !st.ok()) return st.error();
  return store;
}

Status BetStore::Prepare() {
  struct Item {
    store::SqliteStatement* target;
    const char* sql;
  };
  for (const Item& item : {
           Item{&put_meta_, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"},
           Item{&put_account_, "INSERT OR REPLACE INTO accounts VALUES (?, ?, ?, ?, ?, ?, ?)"},
           Item{&put_order_,
                "INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?)"},
           Item{&put_bet_,
                "INSERT OR REPLACE INTO bets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?)"},
           Item{&put_action_, "INSERT INTO operator_actions VALUES (?, ?, ?, ?, ?, ?)"},
       }) {
    auto stmt = db_->Prepare(item.sql);
    if (!stmt.ok()) return stmt.error();
    *item.target = std::move(*stmt);
  }
  return OkStatus();
}

std::optional<std::string> BetStore::GetMeta(const std::string& key) {
  auto stmt = db_->Prepare("SELECT value FROM meta WHERE key = ?");
  if (!stmt.ok()) return std::nullopt;
  stmt->Bind(1, std::string_view(key));
  auto row = stmt->Step();
  if (!row.ok() || !*row) return std::nullopt;
  return stmt->ColumnText(0);
}

Status BetStore::SetMeta(const std::string& key, const std::string& value) {
  put_meta_.Reset();
  put_meta_.Bind(1, std::string_view(key)).Bind(2, std::string_view(value));
  return put_meta_.Run();
}

Status BetStore::SaveAccount(const Account& a, const std::string& key_hash) {
  put_account_.Reset();
  put_account_.Bind(1, a.account_id)
      .Bind(2, std::string_view(a.name))
      .Bind(3, std::string_view(key_hash))
      .Bind(4, a.balance.units())
      .Bind(5, a.min_stake.units())
      .Bind(6, a.max_stake.units())
      .Bind(7, a.created_at.micros());
  return put_account_.Run();
}

Status BetStore::SaveOrder(const Order& o) {
  put_order_.Reset();
  std::optional<std::int64_t> filled_price;
  if (o.filled_price) filled_price = o.filled_price->thousandths();
  put_order_.Bind(1, o.order_id)
      .Bind(2, o.account_id)
      .Bind(3, std::string_view(o.request.request_uuid))
      .Bind(4, std::string_view(o.request.fixture_id))
      .Bind(5, std::int64_t{o.request.outcome_id})
      .Bind(6, std::string_view(o.request.player_id))
      .Bind(7, o.request.order_price.units())
      .Bind(8, o.request.order_stake.units())
      .Bind(9, OptionalMicros(o.request.expires_at))
      .Bind(10, std::int64_t{o.request.accept_partial_stake ? 1 : 0})
      .Bind(11, std::string_view(o.request.user_ref))
      .Bind(12, std::int64_t{o.market_id})
      .Bind(13, OrderStatusName(o.status))
      .Bind(14, o.filled_stake.units())
      .Bind(15, filled_price)
      .Bind(16, std::string_view(o.decline_reason))
      .Bind(17, o.bet_id)
      .Bind(18, o.created_at.micros());
  return put_order_.Run();
}

Status BetStore::SaveBet(const Bet& b) {
  put_bet_.Reset();
  put_bet_.Bind(1, b.bet_id)
      .Bind(2, b.order_id)
      .Bind(3, b.account_id)
      .Bind(4, std::string_view(b.request_uuid))
      .Bind(5, std::string_view(b.fixture_id))
      .Bind(6, std::int64_t{b.market_id})
      .Bind(7, std::int64_t{b.outcome_id})
      .Bind(8, std::string_view(b.player_id))
      .Bind(9, b.price.thousandths())
      .Bind(10, b.stake.units())
      .Bind(11, BetStatusName(b.bet_status))
      .Bind(12, SettlementStatusName(b.settlement_status))
      .Bind(13, b.payout.units())
      .Bind(14, b.placed_at.micros())
      .Bind(15, OptionalMicros(b.settled_at))
      .Bind(16, std::string_view(b.user_ref));
  return put_bet_.Run();
}

Status BetStore::AppendAction(const OperatorAction& action) {
  put_action_.Reset();
  put_action_.Bind(1, action.seq)
      .Bind(2, action.at.micros())
      .Bind(3, std::string_view(action.kind))
      .Bind(4, std::string_view(action.fixture_id))
      .Bind(5, action.a)
      .Bind(6, action.b);
  return put_action_.Run();
}

Result<std::vector<StoredAccount>> BetStore::LoadAccounts() {
  auto stmt = db_->Prepare(
      "SELECT account_id, name, key_hash, balance, min_stake, max_stake, created_us FROM "
      "accounts ORDER BY account_id");
  if (!stmt.ok()) return stmt.error();
  std::vector<StoredAccount> out;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    StoredAccount s;
    s.account.account_id = stmt->ColumnInt64(0);
    s.account.name = stmt->ColumnText(1);
    s.key_hash = stmt->ColumnText(2);
    s.account.balance = Money::FromUnits(stmt->ColumnInt64(3));
    s.account.min_stake = Money::FromUnits(stmt->ColumnInt64(4));
    s.account.max_stake = Money::FromUnits(stmt->ColumnInt64(5));
    s.account.created_at = Timestamp::FromMicros(stmt->ColumnInt64(6));
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<Order>> BetStore::LoadOrders() {
  auto stmt = db_->Prepare("SELECT * FROM orders ORDER BY order_id");
  if (!stmt.ok()) return stmt.error();
  std::vector<Order> out;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    Order o;
    o.order_id = stmt->ColumnInt64(0);
    o.account_id = stmt->ColumnInt64(1);
    o.request.request_uuid = stmt->ColumnText(2);
    o.request.fixture_id = stmt->ColumnText(3);
    o.request.outcome_id = static_cast<int>(stmt->ColumnInt64(4));
    o.request.player_id = stmt->ColumnText(5);
    o.request.order_price = Money::FromUnits(stmt->ColumnInt64(6));
    o.request.order_stake = Money::FromUnits(stmt->ColumnInt64(7));
    if (auto v = stmt->ColumnOptionalInt64(8)) o.request.expires_at = Timestamp::FromMicros(*v);
    o.request.accept_partial_stake = stmt->ColumnInt64(9) != 0;
    o.request.user_ref = stmt->ColumnText(10);
    o.market_id = static_cast<int>(stmt->ColumnInt64(11));
    auto status = ParseOrderStatus(stmt->ColumnText(12));
    if (!status) return MakeError("corrupt_store", "order with an unknown status");
    o.status = *status;
    o.filled_stake = Money::FromUnits(stmt->ColumnInt64(13));
    if (auto v = stmt->ColumnOptionalInt64(14)) o.filled_price = Odds::FromThousandths(*v);
    o.decline_reason = stmt->ColumnText(15);
    o.bet_id = stmt->ColumnOptionalInt64(16);
    o.created_at = Timestamp::FromMicros(stmt->ColumnInt64(17));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<Bet>> BetStore::LoadBets() {
  auto stmt = db_->Prepare("SELECT * FROM bets ORDER BY bet_id");
  if (!stmt.ok()) return stmt.error();
  std::vector<Bet> out;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    Bet b;
    b.bet_id = stmt->ColumnInt64(0);
    b.order_id = stmt->ColumnInt64(1);
    b.account_id = stmt->ColumnInt64(2);
    b.request_uuid = stmt->ColumnText(3);
    b.fixture_id = stmt->ColumnText(4);
    b.market_id = static_cast<int>(stmt->ColumnInt64(5));
    b.outcome_id = static_cast<int>(stmt->ColumnInt64(6));
    b.player_id = stmt->ColumnText(7);
    b.price = Odds::FromThousandths(stmt->ColumnInt64(8));
    b.stake = Money::FromUnits(stmt->ColumnInt64(9));
    auto bet_status = ParseBetStatus(stmt->ColumnText(10));
    auto settlement = ParseSettlementStatus(stmt->ColumnText(11));
    if (!bet_status || !settlement) return MakeError("corrupt_store", "bet with unknown status");
    b.bet_status = *bet_status;
    b.settlement_status = *settlement;
    b.payout = Money::FromUnits(stmt->ColumnInt64(12));
    b.placed_at = Timestamp::FromMicros(stmt->ColumnInt64(13));
    if (auto v = stmt->ColumnOptionalInt64(14)) b.settled_at = Timestamp::FromMicros(*v);
    b.user_ref = stmt->ColumnText(15);
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<OperatorAction>> BetStore::LoadActions() {
  auto stmt = db_->Prepare(
      "SELECT seq, at_us, kind, fixture_id, a, b FROM operator_actions "
      "ORDER BY seq");
  if (!stmt.ok()) return stmt.error();
  std::vector<OperatorAction> out;
  while (true) {
    auto row = stmt->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({stmt->ColumnInt64(0), Timestamp::FromMicros(stmt->ColumnInt64(1)),
                   stmt->ColumnText(2), stmt->ColumnText(3), stmt->ColumnInt64(4),
                   stmt->ColumnInt64(5)});
  }
  return out;
}

}  // namespace probex::bookmaker
