// MmStore: the engine's SQLite file (DATA_DIR/mm.db): engine orders, hedge bets, the control
// state, the market-type allowlist per sport, the tournaments and their active flags, and the
// fixtures flagged for unhedged exposure. WAL with synchronous=NORMAL: a committed write survives
// SIGKILL of the process (not a power cut), which keeps a write off the fsync path.
// The intent log (PATH.intents): a new order is recorded there, with its client id, by one
// append `write()` before it is sent (AddIntent + WriteIntents); its SQLite row follows after the
// send, in the engine's batch transaction (Begin/Commit). A `write()` that returned is in the
// kernel's page cache: it survives SIGKILL (not a power cut, like synchronous=NORMAL). LoadOrders
// adds every logged intent SQLite does not have yet as PENDING_PLACEMENT, so an order sent just
// before a SIGKILL is never unknown after the restart.
// Thread rule: not thread-safe; owned by the engine thread.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "mm/domain/control_state.h"
#include "mm/engine/engine_records.h"
#include "store/sqlite_db.h"

namespace probex::mm {

struct TournamentRecord {
  int tournament_id = 0;
  int sport_id = 0;
  std::string name;
  std::string category_name;
  bool active = false;
};

class MmStore {
 public:
  static Result<std::unique_ptr<MmStore>> Open(const std::string& path);
  ~MmStore();
  MmStore(const MmStore&) = delete;
  MmStore& operator=(const MmStore&) = delete;

  Status SaveOrder(const EngineOrder& order);
  // Buffers a new order's intent; WriteIntents appends what is buffered with one write().
  void AddIntent(const EngineOrder& order);
  Status WriteIntents();
  // A transaction around a batch of saves.
  Status Begin();
  Status Commit();
  // After a Commit every logged intent is in SQLite: empties the log once it passed 1 MiB.
  void CompactIntents();
  Result<std::vector<EngineOrder>> LoadOrders();
  Status SaveBet(const HedgeBet& bet);
  Result<std::vector<HedgeBet>> LoadBets();

  Status SetSetting(const std::string& key, const std::string& value);
  Result<std::map<std::string, std::string>> LoadSettings();

  // sport → market type → enabled.
  Status SetAllowed(int sport_id, const std::string& market_type, bool enabled);
  Result<std::map<int, std::map<std::string, bool>>> LoadAllowlist();

  Status SaveTournament(const TournamentRecord& t);
  Result<std::vector<TournamentRecord>> LoadTournaments();

  Status FlagFixture(const std::string& fixture_id, const std::string& reason);
  Status UnflagFixture(const std::string& fixture_id);
  Result<std::set<std::string>> LoadFlaggedFixtures();

 private:
  explicit MmStore(std::unique_ptr<store::SqliteDb> db) : db_(std::move(db)) {}
  std::unique_ptr<store::SqliteDb> db_;
  std::string intents_path_;
  int intents_fd_ = -1;
  std::string intent_buf_;
  std::int64_t intents_bytes_ = 0;
  store::SqliteStatement save_order_;
  store::SqliteStatement save_bet_;
};

}  // namespace probex::mm
