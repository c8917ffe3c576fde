#include "mm/engine/mm_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace probex::mm {
namespace {

constexpr char kSchema[] = R"(
CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY, fixture_id TEXT NOT NULL, outcome_id INTEGER NOT NULL,
  bookmaker_market_id INTEGER NOT NULL, sport_id INTEGER NOT NULL, tournament_id INTEGER NOT NULL,
  market_type TEXT NOT NULL, exchange TEXT NOT NULL, exchange_market_id TEXT NOT NULL,
  exchange_order_id TEXT NOT NULL, exchange_outcome_id TEXT NOT NULL, side TEXT NOT NULL,
  order_status TEXT NOT NULL, matched_status TEXT NOT NULL, order_cents INTEGER NOT NULL,
  order_quantity INTEGER NOT NULL, order_stake TEXT NOT NULL, matched_quantity INTEGER NOT NULL,
  matched_stake TEXT NOT NULL, fees TEXT NOT NULL, settlement_status TEXT NOT NULL,
  bookmaker_outcome_price TEXT NOT NULL, bookmaker_outcome_limit TEXT NOT NULL,
  created_at INTEGER NOT NULL, matched_at INTEGER, updated_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bets (
  bet_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, fixture_id TEXT NOT NULL,
  outcome_id INTEGER NOT NULL, bookmaker TEXT NOT NULL, bookmaker_bet_id TEXT NOT NULL,
  shares INTEGER NOT NULL, requested_price TEXT NOT NULL, placed_price TEXT NOT NULL,
  placed_stake TEXT NOT NULL, bet_status TEXT NOT NULL, settlement_status TEXT NOT NULL,
  payout TEXT NOT NULL, attempt INTEGER NOT NULL, flagged INTEGER NOT NULL,
  decline_reason TEXT NOT NULL, placed_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS allowlist (sport_id INTEGER NOT NULL, market_type TEXT NOT NULL,
  enabled INTEGER NOT NULL, PRIMARY KEY (sport_id, market_type));
CREATE TABLE IF NOT EXISTS tournaments (tournament_id INTEGER PRIMARY KEY,
  sport_id INTEGER NOT NULL, name TEXT NOT NULL, category_name TEXT NOT NULL,
  active INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS flagged_fixtures (fixture_id TEXT PRIMARY KEY, reason TEXT NOT NULL);
)";

std::string Text(Money m) { return m.ToPlainString(); }
Money ParseMoney(const std::string& s) { return Money::Parse(s).value_or(Money()); }

}  // namespace

Result<std::unique_ptr<MmStore>> MmStore::Open(const std::string& path) {
  auto db = store::SqliteDb::Open(path);
  if (!db.ok()) return db.error();
  if (Status st = (*db)->Exec("PRAGMA synchronous=NORMAL;"); !st.ok()) return st.error();
  if (Status st = (*db)->Exec(kSchema); !st.ok()) return st.error();
  std::unique_ptr<MmStore> s(new MmStore(std::move(*db)));
  auto order = s->db_->Prepare(
      "INSERT OR REPLACE INTO orders VALUES "
      "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,"
      "?25,?26)");
  if (!order.ok()) return order.error();
  s->save_order_ = std::move(*order);
  auto bet = s->db_->Prepare(
      "INSERT OR REPLACE INTO bets VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,"
      "?16,?17)");
  if (!bet.ok()) return bet.error();
  s->save_bet_ = std::move(*bet);
  s->intents_path_ = path + ".intents";
  s->intents_fd_ =
      ::open(s->intents_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (s->intents_fd_ < 0) {
    return MakeError("store_error", "open " + s->intents_path_ + ": " + std::strerror(errno));
  }
  return s;
}

MmStore::~MmStore() {
  if (intents_fd_ >= 0) ::close(intents_fd_);
}

namespace {

// One intent per line, tab-separated (ids, labels and types never hold a tab or a newline).
constexpr int kIntentFields = 16;

std::int64_t ToInt(const std::string& s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

void MmStore::AddIntent(const EngineOrder& o) {
  // Appended in place (no temporaries but the two prices' text): this runs once per new order,
  // between the odds frame and the order's send.
  std::string& b = intent_buf_;
  auto field = [&](std::string_view v) {
    b += v;
    b += '\t';
  };
  auto number = [&](std::int64_t v, char end) {
    char num[24];
    b.append(num, static_cast<std::size_t>(std::to_chars(num, num + sizeof num, v).ptr - num));
    b += end;
  };
  field(o.order_id);
  field(o.fixture_id);
  number(o.outcome_id, '\t');
  number(o.bookmaker_market_id, '\t');
  number(o.sport_id, '\t');
  number(o.tournament_id, '\t');
  field(o.market_type);
  field(o.exchange);
  field(o.exchange_market_id);
  field(o.exchange_outcome_id);
  field(o.side == QuoteSide::kBid ? "bid" : "ask");
  number(o.order_cents, '\t');
  number(o.order_quantity, '\t');
  field(Text(o.bookmaker_outcome_price));
  field(Text(o.bookmaker_outcome_limit));
  number(o.created_at.micros(), '\n');
}

Status MmStore::WriteIntents() {
  if (intent_buf_.empty()) return OkStatus();
  std::size_t done = 0;
  while (done < intent_buf_.size()) {
    const ssize_t n = ::write(intents_fd_, intent_buf_.data() + done, intent_buf_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      intent_buf_.clear();
      return MakeError("store_error", std::string("intent log write: ") + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  intents_bytes_ += static_cast<std::int64_t>(done);
  intent_buf_.clear();
  return OkStatus();
}

Status MmStore::Begin() { return db_->Exec("BEGIN"); }

Status MmStore::Commit() { return db_->Exec("COMMIT"); }

void MmStore::CompactIntents() {
  if (intents_bytes_ < (1 << 20) || !intent_buf_.empty()) return;
  if (::ftruncate(intents_fd_, 0) == 0) intents_bytes_ = 0;
}

Status MmStore::SaveOrder(const EngineOrder& o) {
  auto& st = save_order_;
  st.Reset();
  st.Bind(1, o.order_id).Bind(2, o.fixture_id).Bind(3, std::int64_t{o.outcome_id});
  st.Bind(4, std::int64_t{o.bookmaker_market_id}).Bind(5, std::int64_t{o.sport_id});
  st.Bind(6, std::int64_t{o.tournament_id}).Bind(7, o.market_type).Bind(8, o.exchange);
  st.Bind(9, o.exchange_market_id).Bind(10, o.exchange_order_id).Bind(11, o.exchange_outcome_id);
  st.Bind(12, std::string_view(o.side == QuoteSide::kBid ? "bid" : "ask"));
  st.Bind(13, OrderStatusName(o.order_status)).Bind(14, MatchedStatusName(o.matched_status));
  st.Bind(15, std::int64_t{o.order_cents}).Bind(16, o.order_quantity);
  st.Bind(17, Text(o.order_stake())).Bind(18, o.matched_quantity);
  st.Bind(19, Text(o.matched_stake())).Bind(20, Text(o.fees));
  st.Bind(21, SettlementStatusName(o.settlement_status));
  st.Bind(22, Text(o.bookmaker_outcome_price)).Bind(23, Text(o.bookmaker_outcome_limit));
  st.Bind(24, o.created_at.micros());
  st.Bind(25, o.matched_at ? std::optional<std::int64_t>(o.matched_at->micros()) : std::nullopt);
  st.Bind(26, o.updated_at.micros());
  return st.Run();
}

Result<std::vector<EngineOrder>> MmStore::LoadOrders() {
  auto st = db_->Prepare(
      "SELECT order_id, fixture_id, outcome_id, bookmaker_market_id, sport_id, tournament_id, "
      "market_type, exchange, exchange_market_id, exchange_order_id, exchange_outcome_id, side, "
      "order_status, matched_status, order_cents, order_quantity, matched_quantity, fees, "
      "settlement_status, bookmaker_outcome_price, bookmaker_outcome_limit, created_at, "
      "matched_at, updated_at, matched_stake FROM orders ORDER BY created_at, order_id");
  if (!st.ok()) return st.error();
  std::vector<EngineOrder> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    EngineOrder o;
    o.order_id = st->ColumnText(0);
    o.fixture_id = st->ColumnText(1);
    o.outcome_id = static_cast<int>(st->ColumnInt64(2));
    o.bookmaker_market_id = static_cast<int>(st->ColumnInt64(3));
    o.sport_id = static_cast<int>(st->ColumnInt64(4));
    o.tournament_id = static_cast<int>(st->ColumnInt64(5));
    o.market_type = st->ColumnText(6);
    o.exchange = st->ColumnText(7);
    o.exchange_market_id = st->ColumnText(8);
    o.exchange_order_id = st->ColumnText(9);
    o.exchange_outcome_id = st->ColumnText(10);
    o.side = st->ColumnText(11) == "bid" ? QuoteSide::kBid : QuoteSide::kAsk;
    o.order_status = ParseOrderStatus(st->ColumnText(12)).value_or(OrderStatus::kFailed);
    o.matched_status = ParseMatchedStatus(st->ColumnText(13)).value_or(MatchedStatus::kNotMatched);
    o.order_cents = static_cast<int>(st->ColumnInt64(14));
    o.order_quantity = st->ColumnInt64(15);
    o.matched_quantity = st->ColumnInt64(16);
    o.fees = ParseMoney(st->ColumnText(17));
    o.settlement_status =
        ParseSettlementStatus(st->ColumnText(18)).value_or(SettlementStatus::kUndecided);
    o.bookmaker_outcome_price = ParseMoney(st->ColumnText(19));
    o.bookmaker_outcome_limit = ParseMoney(st->ColumnText(20));
    o.created_at = Timestamp::FromMicros(st->ColumnInt64(21));
    if (auto m = st->ColumnOptionalInt64(22)) o.matched_at = Timestamp::FromMicros(*m);
    o.updated_at = Timestamp::FromMicros(st->ColumnInt64(23));
    o.matched_cost = ParseMoney(st->ColumnText(24));
    out.push_back(std::move(o));
  }
  // Intents logged before a send whose row was not committed yet (a SIGKILL in between).
  std::set<std::string> known;
  for (const EngineOrder& o : out) known.insert(o.order_id);
  std::ifstream in(intents_path_);
  std::string line;
  std::vector<EngineOrder> recovered;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::istringstream fields(line);
    std::string part;
    while (std::getline(fields, part, '\t')) f.push_back(part);
    if (static_cast<int>(f.size()) != kIntentFields || known.count(f[0]) != 0) continue;
    EngineOrder o;
    o.order_id = f[0];
    o.fixture_id = f[1];
    o.outcome_id = static_cast<int>(ToInt(f[2]));
    o.bookmaker_market_id = static_cast<int>(ToInt(f[3]));
    o.sport_id = static_cast<int>(ToInt(f[4]));
    o.tournament_id = static_cast<int>(ToInt(f[5]));
    o.market_type = f[6];
    o.exchange = f[7];
    o.exchange_market_id = f[8];
    o.exchange_outcome_id = f[9];
    o.side = f[10] == "bid" ? QuoteSide::kBid : QuoteSide::kAsk;
    o.order_cents = static_cast<int>(ToInt(f[11]));
    o.order_quantity = ToInt(f[12]);
    o.bookmaker_outcome_price = ParseMoney(f[13]);
    o.bookmaker_outcome_limit = ParseMoney(f[14]);
    o.created_at = o.updated_at = Timestamp::FromMicros(ToInt(f[15]));
    known.insert(o.order_id);
    recovered.push_back(std::move(o));
  }
  for (const EngineOrder& o : recovered) {
    if (Status st = SaveOrder(o); !st.ok()) return st.error();
  }
  if (::ftruncate(intents_fd_, 0) == 0) intents_bytes_ = 0;
  out.insert(out.end(), std::make_move_iterator(recovered.begin()),
             std::make_move_iterator(recovered.end()));
  return out;
}

Status MmStore::SaveBet(const HedgeBet& b) {
  auto& st = save_bet_;
  st.Reset();
  st.Bind(1, b.bet_id).Bind(2, b.order_id).Bind(3, b.fixture_id);
  st.Bind(4, std::int64_t{b.outcome_id}).Bind(5, b.bookmaker).Bind(6, b.bookmaker_bet_id);
  st.Bind(7, b.shares).Bind(8, Text(b.requested_price)).Bind(9, Text(b.placed_price));
  st.Bind(10, Text(b.placed_stake)).Bind(11, BetStatusName(b.bet_status));
  st.Bind(12, SettlementStatusName(b.settlement_status)).Bind(13, Text(b.payout));
  st.Bind(14, std::int64_t{b.attempt}).Bind(15, std::int64_t{b.flagged ? 1 : 0});
  st.Bind(16, b.decline_reason).Bind(17, b.placed_at.micros());
  return st.Run();
}

Result<std::vector<HedgeBet>> MmStore::LoadBets() {
  auto st = db_->Prepare(
      "SELECT bet_id, order_id, fixture_id, outcome_id, bookmaker, bookmaker_bet_id, shares, "
      "requested_price, placed_price, placed_stake, bet_status, settlement_status, payout, "
      "attempt, flagged, decline_reason, placed_at FROM bets ORDER BY placed_at, bet_id");
  if (!st.ok()) return st.error();
  std::vector<HedgeBet> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    HedgeBet b;
    b.bet_id = st->ColumnText(0);
    b.order_id = st->ColumnText(1);
    b.fixture_id = st->ColumnText(2);
    b.outcome_id = static_cast<int>(st->ColumnInt64(3));
    b.bookmaker = st->ColumnText(4);
    b.bookmaker_bet_id = st->ColumnText(5);
    b.shares = st->ColumnInt64(6);
    b.requested_price = ParseMoney(st->ColumnText(7));
    b.placed_price = ParseMoney(st->ColumnText(8));
    b.placed_stake = ParseMoney(st->ColumnText(9));
    b.bet_status = ParseBetStatus(st->ColumnText(10)).value_or(BetStatus::kFailed);
    b.settlement_status =
        ParseSettlementStatus(st->ColumnText(11)).value_or(SettlementStatus::kUndecided);
    b.payout = ParseMoney(st->ColumnText(12));
    b.attempt = static_cast<int>(st->ColumnInt64(13));
    b.flagged = st->ColumnInt64(14) != 0;
    b.decline_reason = st->ColumnText(15);
    b.placed_at = Timestamp::FromMicros(st->ColumnInt64(16));
    out.push_back(std::move(b));
  }
  return out;
}

Status MmStore::SetSetting(const std::string& key, const std::string& value) {
  auto st = db_->Prepare("INSERT OR REPLACE INTO settings VALUES (?1, ?2)");
  if (!st.ok()) return st.error();
  st->Bind(1, key).Bind(2, value);
  return st->Run();
}

Result<std::map<std::string, std::string>> MmStore::LoadSettings() {
  auto st = db_->Prepare("SELECT key, value FROM settings");
  if (!st.ok()) return st.error();
  std::map<std::string, std::string> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out[st->ColumnText(0)] = st->ColumnText(1);
  }
  return out;
}

Status MmStore::SetAllowed(int sport_id, const std::string& market_type, bool enabled) {
  auto st = db_->Prepare("INSERT OR REPLACE INTO allowlist VALUES (?1, ?2, ?3)");
  if (!st.ok()) return st.error();
  st->Bind(1, std::int64_t{sport_id}).Bind(2, market_type).Bind(3, std::int64_t{enabled ? 1 : 0});
  return st->Run();
}

Result<std::map<int, std::map<std::string, bool>>> MmStore::LoadAllowlist() {
  auto st = db_->Prepare("SELECT sport_id, market_type, enabled FROM allowlist");
  if (!st.ok()) return st.error();
  std::map<int, std::map<std::string, bool>> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out[static_cast<int>(st->ColumnInt64(0))][st->ColumnText(1)] = st->ColumnInt64(2) != 0;
  }
  return out;
}

Status MmStore::SaveTournament(const TournamentRecord& t) {
  auto st = db_->Prepare("INSERT OR REPLACE INTO tournaments VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st.ok()) return st.error();
  st->Bind(1, std::int64_t{t.tournament_id}).Bind(2, std::int64_t{t.sport_id}).Bind(3, t.name);
  st->Bind(4, t.category_name).Bind(5, std::int64_t{t.active ? 1 : 0});
  return st->Run();
}

Result<std::vector<TournamentRecord>> MmStore::LoadTournaments() {
  auto st =
      db_->Prepare("SELECT tournament_id, sport_id, name, category_name, active FROM tournaments");
  if (!st.ok()) return st.error();
  std::vector<TournamentRecord> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.push_back({static_cast<int>(st->ColumnInt64(0)), static_cast<int>(st->ColumnInt64(1)),
                   st->ColumnText(2), st->ColumnText(3), st->ColumnInt64(4) != 0});
  }
  return out;
}

Status MmStore::FlagFixture(const std::string& fixture_id, const std::string& reason) {
  auto st = db_->Prepare("INSERT OR REPLACE INTO flagged_fixtures VALUES (?1, ?2)");
  if (!st.ok()) return st.error();
  st->Bind(1, fixture_id).Bind(2, reason);
  return st->Run();
}

Status MmStore::UnflagFixture(const std::string& fixture_id) {
  auto st = db_->Prepare("DELETE FROM flagged_fixtures WHERE fixture_id = ?1");
  if (!st.ok()) return st.error();
  st->Bind(1, fixture_id);
  return st->Run();
}

Result<std::set<std::string>> MmStore::LoadFlaggedFixtures() {
  auto st = db_->Prepare("SELECT fixture_id FROM flagged_fixtures");
  if (!st.ok()) return st.error();
  std::set<std::string> out;
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    out.insert(st->ColumnText(0));
  }
  return out;
}

}  // namespace probex::mm
