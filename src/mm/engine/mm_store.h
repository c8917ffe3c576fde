// MmStore: the engine's SQLite file (DATA_DIR/mm.db): engine orders, hedge bets, the control
// state, the market-type allowlist per sport, the tournaments and their active flags, and the
// fixtures flagged for unhedged exposure. Every change is written before the engine acts on it
// (an order is stored before it is sent). WAL with synchronous=NORMAL: a committed write survives
// SIGKILL of the process (not a power cut), which keeps a write off the fsync path.
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

  Status SaveOrder(const EngineOrder& order);
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
  store::SqliteStatement save_order_;
  store::SqliteStatement save_bet_;
};

}  // namespace probex::mm
