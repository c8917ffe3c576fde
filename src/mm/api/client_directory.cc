#include "mm/api/client_directory.h"

#include <sstream>

namespace probex::mm::api {
namespace {

constexpr char kSchema[] = R"(
CREATE TABLE IF NOT EXISTS mm_clients (client_id TEXT PRIMARY KEY, name TEXT NOT NULL,
  odds_format TEXT NOT NULL, exchange_accounts TEXT NOT NULL, bookmaker TEXT NOT NULL,
  trading_parameters TEXT NOT NULL, active INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mm_client_keys (key_id TEXT PRIMARY KEY, client_id TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, created_at INTEGER NOT NULL,
  revoked INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS mm_client_controls (client_id TEXT PRIMARY KEY,
  paused INTEGER NOT NULL, paused_at INTEGER, pause_reason TEXT NOT NULL,
  stopped INTEGER NOT NULL, stopped_at INTEGER, stop_reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mm_system_control (id INTEGER PRIMARY KEY CHECK (id = 1),
  soft_paused INTEGER NOT NULL, system_stopped INTEGER NOT NULL, emergency INTEGER NOT NULL,
  reason TEXT NOT NULL, since INTEGER);
)";

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::optional<std::int64_t> MicrosOf(const std::optional<Timestamp>& t) {
  return t ? std::optional<std::int64_t>(t->micros()) : std::nullopt;
}

std::optional<Timestamp> TimeOf(std::optional<std::int64_t> us) {
  return us ? std::optional<Timestamp>(Timestamp::FromMicros(*us)) : std::nullopt;
}

}  // namespace

bool IsOddsFormat(std::string_view text) {
  return text == "american" || text == "decimal" || text == "hong_kong" || text == "fractional";
}

Result<std::unique_ptr<ClientDirectory>> ClientDirectory::Open(const std::string& path,
                                                               const Clock& clock) {
  auto db = store::SqliteDb::Open(path);
  if (!db.ok()) return db.error();
  if (Status st = (*db)->Exec("PRAGMA synchronous=NORMAL;"); !st.ok()) return st.error();
  if (Status st = (*db)->Exec(kSchema); !st.ok()) return st.error();
  std::unique_ptr<ClientDirectory> d(new ClientDirectory(std::move(*db), clock));
  if (Status st = d->Load(); !st.ok()) return st.error();
  return d;
}

Status ClientDirectory::Load() {
  auto st = db_->Prepare(
      "SELECT client_id, name, odds_format, exchange_accounts, bookmaker, trading_parameters, "
      "active, created_at FROM mm_clients");
  if (!st.ok()) return st.error();
  for (;;) {
    auto row = st->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    ClientRecord c;
    c.id = st->ColumnText(0);
    c.name = st->ColumnText(1);
    c.odds_format = st->ColumnText(2);
    c.exchange_accounts = Split(st->ColumnText(3));
    c.bookmaker = st->ColumnText(4);
    c.trading_parameters = st->ColumnText(5);
    c.active = st->ColumnInt64(6) != 0;
    c.created_at = Timestamp::FromMicros(st->ColumnInt64(7));
    clients_[c.id] = std::move(c);
  }
  auto keys = db_->Prepare(
      "SELECT key_id, client_id, hash, prefix, created_at, revoked FROM mm_client_keys");
  if (!keys.ok()) return keys.error();
  for (;;) {
    auto row = keys->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    net::KeyRecord r;
    r.id = keys->ColumnText(0);
    r.owner = keys->ColumnText(1);
    r.kind = net::KeyKind::kMmClient;
    r.hash = keys->ColumnText(2);
    r.prefix = keys->ColumnText(3);
    r.created_at = Timestamp::FromMicros(keys->ColumnInt64(4));
    r.revoked = keys->ColumnInt64(5) != 0;
    if (Status s = keys_.Insert(std::move(r)); !s.ok()) return s;
  }
  auto controls = db_->Prepare(
      "SELECT client_id, paused, paused_at, pause_reason, stopped, stopped_at, stop_reason FROM "
      "mm_client_controls");
  if (!controls.ok()) return controls.error();
  for (;;) {
    auto row = controls->Step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    ManualControl m;
    m.paused = controls->ColumnInt64(1) != 0;
    m.paused_at = TimeOf(controls->ColumnOptionalInt64(2));
    m.pause_reason = controls->ColumnText(3);
    m.stopped = controls->ColumnInt64(4) != 0;
    m.stopped_at = TimeOf(controls->ColumnOptionalInt64(5));
    m.stop_reason = controls->ColumnText(6);
    manual_[controls->ColumnText(0)] = std::move(m);
  }
  auto system = db_->Prepare(
      "SELECT soft_paused, system_stopped, emergency, reason, since FROM mm_system_control");
  if (!system.ok()) return system.error();
  auto row = system->Step();
  if (!row.ok()) return row.error();
  if (*row) {
    system_.soft_paused = system->ColumnInt64(0) != 0;
    system_.system_stopped = system->ColumnInt64(1) != 0;
    system_.emergency = system->ColumnInt64(2) != 0;
    system_.reason = system->ColumnText(3);
    system_.since = TimeOf(system->ColumnOptionalInt64(4));
  }
  return OkStatus();
}

Result<ClientRecord> ClientDirectory::CreateClient(ClientRecord c) {
  std::lock_guard lock(mu_);
  if (clients_.count(c.id) != 0) {
    return MakeError("duplicate_client", "client " + c.id + " already exists");
  }
  c.created_at = clock_.Now();
  auto st = db_->Prepare("INSERT INTO mm_clients VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!st.ok()) return st.error();
  st->Bind(1, c.id).Bind(2, c.name).Bind(3, c.odds_format).Bind(4, Join(c.exchange_accounts));
  st->Bind(5, c.bookmaker).Bind(6, c.trading_parameters).Bind(7, std::int64_t{c.active ? 1 : 0});
  st->Bind(8, c.created_at.micros());
  if (Status s = st->Run(); !s.ok()) return s.error();
  clients_[c.id] = c;
  return c;
}

std::optional<ClientRecord> ClientDirectory::Find(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = clients_.find(id);
  if (it == clients_.end()) return std::nullopt;
  return it->second;
}

std::vector<ClientRecord> ClientDirectory::List() const {
  std::lock_guard lock(mu_);
  std::vector<ClientRecord> out;
  for (const auto& [id, c] : clients_) out.push_back(c);
  return out;
}

Status ClientDirectory::SaveKey(const net::KeyRecord& r) {
  auto st = db_->Prepare("INSERT OR REPLACE INTO mm_client_keys VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st.ok()) return st.error();
  st->Bind(1, r.id).Bind(2, r.owner).Bind(3, r.hash).Bind(4, r.prefix);
  st->Bind(5, r.created_at.micros()).Bind(6, std::int64_t{r.revoked ? 1 : 0});
  return st->Run();
}

Result<ClientDirectory::IssuedKey> ClientDirectory::IssueKey(const std::string& client_id,
                                                             std::optional<std::string> preset) {
  std::lock_guard lock(mu_);
  if (clients_.count(client_id) == 0) {
    return MakeError("unknown_client", "no client " + client_id);
  }
  IssuedKey out;
  if (preset) {
    if (!net::IsUuid(*preset)) return MakeError("malformed_key", "an MM client key is a UUID");
    auto known = keys_.Authenticate(net::KeyKind::kMmClient, *preset);
    if (known.ok()) {
      if (known->owner != client_id) {
        return MakeError("duplicate_key", "the key belongs to another client");
      }
      out.key = *preset;
      out.record = *known;
      return out;
    }
    auto r = keys_.Register(net::KeyKind::kMmClient, *preset, client_id, {});
    if (!r.ok()) return r.error();
    out.key = *preset;
    out.record = *r;
  } else {
    auto issued = keys_.Issue(net::KeyKind::kMmClient, client_id, {});
    out.key = issued.key;
    out.record = issued.record;
  }
  if (Status s = SaveKey(out.record); !s.ok()) {
    (void)keys_.Revoke(out.record.id);
    return s.error();
  }
  return out;
}

Status ClientDirectory::RevokeKey(const std::string& key_id) {
  std::lock_guard lock(mu_);
  if (Status s = keys_.Revoke(key_id); !s.ok()) return s;
  auto r = keys_.FindById(key_id);
  return r ? SaveKey(*r) : OkStatus();
}

std::vector<net::KeyRecord> ClientDirectory::Keys(const std::string& client_id) const {
  return keys_.ListByOwner(client_id);
}

Result<net::KeyRecord> ClientDirectory::Authenticate(std::string_view presented) const {
  return keys_.Authenticate(net::KeyKind::kMmClient, presented);
}

ManualControl ClientDirectory::Manual(const std::string& client_id) const {
  std::lock_guard lock(mu_);
  auto it = manual_.find(client_id);
  return it == manual_.end() ? ManualControl{} : it->second;
}

Status ClientDirectory::SetManual(const std::string& client_id, const ManualControl& m) {
  std::lock_guard lock(mu_);
  auto st =
      db_->Prepare("INSERT OR REPLACE INTO mm_client_controls VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st.ok()) return st.error();
  st->Bind(1, client_id).Bind(2, std::int64_t{m.paused ? 1 : 0}).Bind(3, MicrosOf(m.paused_at));
  st->Bind(4, m.pause_reason).Bind(5, std::int64_t{m.stopped ? 1 : 0});
  st->Bind(6, MicrosOf(m.stopped_at)).Bind(7, m.stop_reason);
  if (Status s = st->Run(); !s.ok()) return s;
  manual_[client_id] = m;
  return OkStatus();
}

SystemControl ClientDirectory::System() const {
  std::lock_guard lock(mu_);
  return system_;
}

Status ClientDirectory::SetSystem(const SystemControl& s) {
  std::lock_guard lock(mu_);
  auto st = db_->Prepare("INSERT OR REPLACE INTO mm_system_control VALUES (1, ?1, ?2, ?3, ?4, ?5)");
  if (!st.ok()) return st.error();
  st->Bind(1, std::int64_t{s.soft_paused ? 1 : 0}).Bind(2, std::int64_t{s.system_stopped ? 1 : 0});
  st->Bind(3, std::int64_t{s.emergency ? 1 : 0}).Bind(4, s.reason).Bind(5, MicrosOf(s.since));
  if (Status r = st->Run(); !r.ok()) return r;
  system_ = s;
  return OkStatus();
}

TradingSwitches ClientDirectory::SwitchesOf(const std::string& client_id) const {
  const ManualControl m = Manual(client_id);
  const SystemControl s = System();
  return {m.paused, m.stopped, s.soft_paused, s.system_stopped, s.emergency};
}

}  // namespace probex::mm::api
