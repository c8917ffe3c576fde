// BookmakerBetting: the betting client of the bookmaker (55-tech ABP shapes): POST /place-orders
// with one requestUuid per hedge bet, so a retry after a timeout returns the first answer instead
// of betting twice; GET /bets to reconcile; and the /ws channels (login, then orders, bets,
// settlements) for bet and settlement updates.
// Thread rule: Place and Bets are thread-safe (one connection per call); the listener is called
// on the stream thread.
#pragma once

#include <boost/json/value.hpp>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "mm/domain/settlement.h"

namespace probex::mm::bookmaker {

struct HedgeBetRequest {
  std::string request_uuid;
  std::string fixture_id;
  int outcome_id = 0;
  Money min_odds;  // orderPrice: the lowest odds accepted
  Money stake;
};

enum class HedgeOutcome { kAccepted, kDeclined, kUnknown };

struct BetView {
  std::string request_uuid;
  std::string bet_id;
  std::string fixture_id;
  int outcome_id = 0;
  Money price;
  Money stake;
  std::string bet_status;  // the bookmaker's: PLACED, CONFIRMED, VOID, …
  SettlementStatus settlement = SettlementStatus::kUndecided;
  Money payout;
};

struct HedgeBetResult {
  HedgeOutcome outcome = HedgeOutcome::kUnknown;
  BetView bet;                 // kAccepted
  std::string decline_reason;  // kDeclined: ODDS_CHANGED, SUSPENDED, STAKE_EXCEEDS_LIMIT, …
  std::string error;           // kUnknown
};

class BetListener {
 public:
  virtual ~BetListener() = default;
  virtual void OnBet(const BetView& bet) = 0;
};

struct BettingOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8702;
  std::string api_key;
  std::chrono::milliseconds request_timeout{5'000};
  int transport_retries = 2;  // resends of the same requestUuid after an unknown outcome
};

class BookmakerBetting {
 public:
  explicit BookmakerBetting(BettingOptions options);
  ~BookmakerBetting();

  HedgeBetResult Place(const HedgeBetRequest& request);
  // Every bet of the account after `after_bet_id` (all pages).
  Result<std::vector<BetView>> Bets(std::int64_t after_bet_id = 0);

  void Start(BetListener* listener);
  void Stop();

 private:
  void Run();
  bool stopping() const;

  BettingOptions options_;
  BetListener* listener_ = nullptr;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

// A bet object of the betting API (also the `data` of bets/settlements channel messages).
std::optional<BetView> ParseBet(const boost::json::value& v);

}  // namespace probex::mm::bookmaker
