// BetStore: the bookmaker's durable state in SQLite (DATA_DIR/bookmaker.db): accounts (with
// their API key hashes), orders, bets, settings of the season (seed, start) and the operator
// actions, which the simulator replays at their times on restart. Money is stored as integer
// units (8 decimals), odds as thousandths, times as microseconds.
// Thread rule: not synchronized; used by the Sportsbook under its lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bookmaker/domain/account.h"
#include "bookmaker/domain/bet.h"
#include "bookmaker/domain/order.h"
#include "common/result.h"
#include "store/sqlite_db.h"

namespace probex::bookmaker {

struct OperatorAction {
  std::int64_t seq = 0;
  Timestamp at;
  std::string kind;  // "goal", "suspend", "final"
  std::string fixture_id;
  std::int64_t a = 0;  // goal: participant; suspend: 0/1; final: participant1 score
  std::int64_t b = 0;  // final: participant2 score
};

struct StoredAccount {
  Account account;
  std::string key_hash;
};

class BetStore {
 public:
  static Result<std::unique_ptr<BetStore>> Open(const std::string& path);

  std::optional<std::string> GetMeta(const std::string& key);
  Status SetMeta(const std::string& key, const std::string& value);

  Status SaveAccount(const Account& account, const std::string& key_hash);
  Status SaveOrder(const Order& order);
  Status SaveBet(const Bet& bet);
  Status AppendAction(const OperatorAction& action);

  Result<std::vector<StoredAccount>> LoadAccounts();
  Result<std::vector<Order>> LoadOrders();
  Result<std::vector<Bet>> LoadBets();
  Result<std::vector<OperatorAction>> LoadActions();

  // Groups writes so that one placement or settlement is stored whole or not at all.
  Result<store::SqliteDb::Transaction> Begin() { return db_->Begin(); }

 private:
  explicit BetStore(std::unique_ptr<store::SqliteDb> db) : db_(std::move(db)) {}
  Status Prepare();

  std::unique_ptr<store::SqliteDb> db_;
  store::SqliteStatement put_meta_;
  store::SqliteStatement put_account_;
  store::SqliteStatement put_order_;
  store::SqliteStatement put_bet_;
  store::SqliteStatement put_action_;
};

}  // namespace probex::bookmaker
