// ReadModel: pool bets — one row per bet, inserted when placed and updated when settled, and the
// balance transactions they explain (BET_PLACED, BET_WON, BET_LOST, BET_REFUND).
#include "venue/engine/read_model.h"

namespace probex::venue::engine {
namespace {

constexpr std::string_view kBetSchema = R"sql(
CREATE TABLE IF NOT EXISTS bets(
  id INTEGER PRIMARY KEY, account INTEGER NOT NULL, market INTEGER NOT NULL,
  outcome INTEGER NOT NULL, amount INTEGER NOT NULL, fee INTEGER NOT NULL,
  weight INTEGER NOT NULL, status INTEGER NOT NULL, payout INTEGER NOT NULL,
  created_at INTEGER NOT NULL, settled_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS bets_by_account ON bets(account, id);
)sql";

constexpr std::string_view kBetColumns =
    "id, account, market, outcome, amount, fee, weight, status, payout, created_at, settled_at";

// Filters: ?2 = market (0: any), ?3 = status (-1: any).
constexpr std::string_view kBetFilter =
    " WHERE account = ?1 AND (?2 = 0 OR market = ?2) AND (?3 < 0 OR status = ?3)";

BetRecord ReadBet(const store::SqliteStatement& s) {
  BetRecord r;
  Bet& b = r.bet;
  b.id = BetId(static_cast<std::uint64_t>(s.ColumnInt64(0)));
  b.account = AccountId(static_cast<std::uint32_t>(s.ColumnInt64(1)));
  b.market = MarketId(static_cast<std::uint32_t>(s.ColumnInt64(2)));
  b.outcome = static_cast<std::uint8_t>(s.ColumnInt64(3));
  b.amount = Money::FromUnits(s.ColumnInt64(4));
  b.fee = Money::FromUnits(s.ColumnInt64(5));
  b.weight = static_cast<std::uint32_t>(s.ColumnInt64(6));
  b.status = static_cast<BetStatus>(s.ColumnInt64(7));
  b.payout = Money::FromUnits(s.ColumnInt64(8));
  b.created_at = Timestamp::FromMicros(s.ColumnInt64(9));
  r.settled_at = Timestamp::FromMicros(s.ColumnInt64(10));
  return r;
}

}  // namespace

Status ReadModel::CreateBetSchema() { return db_->Exec(kBetSchema); }

Status ReadModel::PrepareBetStatements() {
  const std::string columns(kBetColumns);
  const std::string filter(kBetFilter);
  struct Spec {
    store::SqliteStatement* stmt;
    std::string sql;
  };
  const Spec specs[] = {
      {&upsert_bet_, "INSERT INTO bets(" + columns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(id) "
                         "DO UPDATE SET status = excluded.status, payout = excluded.payout, "
                         "settled_at = excluded.settled_at"},
      {&select_bets_,
       "SELECT " + columns + " FROM bets" + filter + " ORDER BY id DESC LIMIT ?4 OFFSET ?5"},
      {&count_bets_, "SELECT COUNT(*) FROM bets" + filter},
      {&select_bet_, "SELECT " + columns + " FROM bets WHERE id = ?1"},
  };
  for (const Spec& spec : specs) {
    auto stmt = db_->Prepare(spec.sql);
    if (!stmt) return stmt.error();
    *spec.stmt = std::move(*stmt);
  }
  return OkStatus();
}

Status ReadModel::OnBet(const Bet& b, bool placed, Timestamp time) {
  upsert_bet_.Reset();
  upsert_bet_.Bind(1, static_cast<std::int64_t>(b.id.value()))
      .Bind(2, static_cast<std::int64_t>(b.account.value()))
      .Bind(3, static_cast<std::int64_t>(b.market.value()))
      .Bind(4, static_cast<std::int64_t>(b.outcome))
      .Bind(5, b.amount.units())
      .Bind(6, b.fee.units())
      .Bind(7, static_cast<std::int64_t>(b.weight))
      .Bind(8, static_cast<std::int64_t>(b.status))
      .Bind(9, b.payout.units())
      .Bind(10, b.created_at.micros())
      .Bind(11, placed ? std::int64_t{0} : time.micros());
  if (Status s = upsert_bet_.Run(); !s) return s;
  PendingRow row{TransactionKind::kBetPlaced,
                 -b.amount,
                 b.amount,
                 b.market,
                 OrderId(),
                 TradeId(),
                 WithdrawalId()};
  if (!placed) {
    row.locked_change = -b.amount;
    switch (b.status) {
      case BetStatus::kWon:
        row.kind = TransactionKind::kBetWon;
        row.amount = b.payout;
        break;
      case BetStatus::kRefunded:
        row.kind = TransactionKind::kBetRefund;
        row.amount = b.payout;
        break;
      default:
        row.kind = TransactionKind::kBetLost;
        row.amount = Money();
        break;
    }
  }
  Work(b.account).rows.push_back(row);
  return OkStatus();
}

Result<std::vector<BetRecord>> ReadModel::AccountBets(AccountId account, MarketId market,
                                                      std::optional<BetStatus> status,
                                                      std::size_t limit, std::size_t offset) {
  std::vector<BetRecord> out;
  select_bets_.Reset();
  select_bets_.Bind(1, static_cast<std::int64_t>(account.value()))
      .Bind(2, static_cast<std::int64_t>(market.value()))
      .Bind(3, status ? static_cast<std::int64_t>(*status) : std::int64_t{-1})
      .Bind(4, static_cast<std::int64_t>(limit))
      .Bind(5, static_cast<std::int64_t>(offset));
  while (true) {
    auto row = select_bets_.Step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(ReadBet(select_bets_));
  }
  select_bets_.Reset();
  return out;
}

Result<std::int64_t> ReadModel::AccountBetCount(AccountId account, MarketId market,
                                                std::optional<BetStatus> status) {
  count_bets_.Reset();
  count_bets_.Bind(1, static_cast<std::int64_t>(account.value()))
      .Bind(2, static_cast<std::int64_t>(market.value()))
      .Bind(3, status ? static_cast<std::int64_t>(*status) : std::int64_t{-1});
  auto row = count_bets_.Step();
  if (!row) return row.error();
  const std::int64_t n = *row ? count_bets_.ColumnInt64(0) : 0;
  count_bets_.Reset();
  return n;
}

Result<std::optional<BetRecord>> ReadModel::FindBet(BetId bet) {
  select_bet_.Reset();
  select_bet_.Bind(1, static_cast<std::int64_t>(bet.value()));
  auto row = select_bet_.Step();
  if (!row) return row.error();
  std::optional<BetRecord> out;
  if (*row) out = ReadBet(select_bet_);
  select_bet_.Reset();
  return out;
}

}  // namespace probex::venue::engine
