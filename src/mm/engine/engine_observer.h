// EngineObserver: told of every change of an engine record as it is written (the client API's
// WebSocket broadcasts) — each saved order and hedge bet, and each fixture status the feed
// reports. Orders and bets are told on the engine's store writer thread, in the order they were
// saved, once written to SQLite; fixture statuses on the engine thread. Implementations must be
// thread-safe, must not block and must not call back into the engine.
// Thread rule: set before MmEngine::Start.
#pragma once

#include <string>

#include "mm/engine/engine_records.h"

namespace probex::mm {

class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  virtual void OnOrderSaved(const EngineOrder& order) = 0;
  virtual void OnBetSaved(const HedgeBet& bet) = 0;
  virtual void OnFixtureStatus(const std::string& fixture_id, int status_id) = 0;
};

// The answer to one order of MmEngine::CancelOrders.
struct CancelOutcome {
  enum class Code { kCancelled, kNotFound, kNotOpen, kFailed };
  std::string order_id;
  Code code = Code::kFailed;
  std::string detail;  // why not, for the failures
};

}  // namespace probex::mm
