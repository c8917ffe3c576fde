// EngineConfig: the engine's trading parameters (from mm.toml; the client API of the next issue
// changes the persisted parts — allowlists, tournaments, control state — through MmEngine).
// Thread rule: plain value type.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "common/money.h"
#include "mm/domain/devig.h"
#include "mm/domain/quote_pricer.h"

namespace probex::mm {

struct EngineConfig {
  PricingParams pricing;  // margin; fee rate and tick come from each venue market
  SizingParams sizing;    // limit ratio and per-order cap; rooms are computed per quote
  Money fixture_cap = Money::FromUnits(1000 * Money::kScale);  // venue cost per fixture
  Money sport_cap = Money::FromUnits(10000 * Money::kScale);   // venue cost per sport
  double size_change_fraction = 0.2;
  DevigMethod devig = DevigMethod::kShin;
  std::chrono::milliseconds staleness{3'000};  // odds unconfirmed this long are pulled
  std::chrono::milliseconds tick{100};         // the engine's timer (pull checks, retries)
  int hedge_max_attempts = 3;
  // A re-priced hedge is retried while the locked result per share stays ≥ −this.
  Money hedge_worst_case_per_share = Money::FromUnits(Money::kScale / 20);  // 0.05
  std::chrono::milliseconds reconcile_interval{5'000};
  // > 0: the SCHED_FIFO priority of the engine thread (and, set by the service, of the feed
  // reader and the order-answer reader): the tick-to-order path runs when woken, not after a
  // time slice of whatever else is busy. 0: normal scheduling.
  int realtime_priority = 0;
  // Initial allowlist (sport → market types) and active tournaments, applied on first start
  // only; afterwards the persisted values rule.
  std::map<int, std::set<std::string>> allowlist;
  std::set<int> active_tournaments;
};

}  // namespace probex::mm
