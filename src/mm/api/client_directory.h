// ClientDirectory: the MM engine's clients (created by the operator), their API keys (UUIDs,
// stored as SHA-256 hashes only) and their trading switches — each client's manual pause/stop
// and the operator's system-wide soft pause, system stop and emergency — persisted in the MM's
// SQLite file (tables mm_clients, mm_client_keys, mm_client_controls, mm_system_control).
// Thread rule: thread-safe (one mutex; its own SQLite connection).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/time.h"
#include "mm/domain/trading_status.h"
#include "net/api_key.h"
#include "store/sqlite_db.h"

namespace probex::mm::api {

struct ClientRecord {
  std::string id;
  std::string name;
  std::string odds_format = "decimal";  // american | decimal | hong_kong | fractional
  std::vector<std::string> exchange_accounts;
  std::string bookmaker;
  std::string trading_parameters = "{}";  // a JSON object, as configured
  bool active = true;
  Timestamp created_at;
};

// A client's own switches (the client API's pause/resume and stop/start).
struct ManualControl {
  bool paused = false;
  std::optional<Timestamp> paused_at;
  std::string pause_reason;
  bool stopped = false;
  std::optional<Timestamp> stopped_at;
  std::string stop_reason;
};

// The operator's switches, for every client.
struct SystemControl {
  bool soft_paused = false;
  bool system_stopped = false;
  bool emergency = false;
  std::string reason;
  std::optional<Timestamp> since;  // when the first of them was set
  bool blocked() const { return soft_paused || system_stopped || emergency; }
};

bool IsOddsFormat(std::string_view text);

class ClientDirectory {
 public:
  static Result<std::unique_ptr<ClientDirectory>> Open(const std::string& path, const Clock& clock);

  // Errors: duplicate_client.
  Result<ClientRecord> CreateClient(ClientRecord client);
  std::optional<ClientRecord> Find(const std::string& id) const;
  std::vector<ClientRecord> List() const;

  struct IssuedKey {
    std::string key;  // the plaintext, shown once
    net::KeyRecord record;
  };
  // A new random UUID key, or `preset` (configuration) when given and not yet known.
  // Errors: unknown_client, malformed_key.
  Result<IssuedKey> IssueKey(const std::string& client_id, std::optional<std::string> preset = {});
  // Errors: unknown_key.
  Status RevokeKey(const std::string& key_id);
  std::vector<net::KeyRecord> Keys(const std::string& client_id) const;
  // The key's record (owner = client id). Errors: malformed_key, unknown_key, revoked_key.
  Result<net::KeyRecord> Authenticate(std::string_view presented) const;

  ManualControl Manual(const std::string& client_id) const;
  Status SetManual(const std::string& client_id, const ManualControl& control);
  SystemControl System() const;
  Status SetSystem(const SystemControl& control);
  TradingSwitches SwitchesOf(const std::string& client_id) const;

 private:
  ClientDirectory(std::unique_ptr<store::SqliteDb> db, const Clock& clock)
      : db_(std::move(db)), keys_(clock), clock_(clock) {}
  Status Load();
  Status SaveKey(const net::KeyRecord& r);

  mutable std::mutex mu_;
  std::unique_ptr<store::SqliteDb> db_;
  net::KeyRegistry keys_;
  const Clock& clock_;
  std::map<std::string, ClientRecord> clients_;
  std::map<std::string, ManualControl> manual_;
  SystemControl system_;
};

}  // namespace probex::mm::api
