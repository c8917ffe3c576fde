// CtmOptions: how the venue runs CTM rounds and its price oracle — the oracle's source (seeded
// simulator, operator push only, or replay of a recorded file), its assets and simulator
// parameters, the round schedules per asset and round type, and the defaults of operator-created
// rounds. Read from the flattened TOML/env configuration (docs/venue-ctm.md lists the keys).
// Thread rule: plain value types and a pure parser.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "venue/domain/ctm.h"

namespace probex::venue {

struct OracleOptions {
  // "sim" (seeded simulator), "push" (POST /admin/v1/oracle/prices only) or "file:PATH" (replay
  // of a CSV or JSONL recording).
  std::string mode = "sim";
  std::uint64_t seed = 42;
  std::int64_t tick_ms = 1000;
  std::vector<std::string> assets = {"BTC", "ETH"};
  // Simulator: start price per asset (assets without one start at 100), annualised volatility
  // and drift of the geometric Brownian motion, and the bid/ask spread in basis points of price.
  std::map<std::string, std::string> start_prices = {{"BTC", "84000"}, {"ETH", "3200"}};
  double volatility = 0.6;
  double drift = 0.0;
  double spread_bps = 2.0;
};

struct CtmOptions {
  OracleOptions oracle;
  // Schedules for every oracle asset (one per configured round type).
  std::vector<CtmScheduleSpec> schedules;
  // Defaults of operator-created (EVENT) rounds.
  Money entry_fee_blind = Money::FromUnits(10 * Money::kScale);
  Money heatmap_fee_multiplier = Money::FromUnits(2 * Money::kScale);
  Money platform_fee_rate = Money::FromUnits(5'000'000);
};

// The configuration keys the parser reads (for copying from the environment).
std::vector<std::string> CtmConfigKeys();

// Builds the options from "oracle.*" and "ctm.*" keys; defaults for what is absent:
//   ctm.round_types = "BLITZ" (comma list; "" = no schedules)
//   ctm.<type>.duration_s, ctm.<type>.phases ("3,1,1": OPEN, HEATMAP, LOCKED weights),
//   ctm.<type>.lead_s, ctm.<type>.entry_fee_blind, ctm.<type>.heatmap_fee_multiplier,
//   ctm.<type>.platform_fee_rate (type in lower case).
Result<CtmOptions> ParseCtmOptions(const std::map<std::string, std::string>& config);

}  // namespace probex::venue
