// OracleFeed: the service-side source of the venue's price oracle. It runs outside the pure
// domain and submits every tick as a journaled OraclePrice command, so recovery and replay see
// exactly the prices the rounds saw. Modes (OracleOptions::mode):
//   sim        a seeded simulator: per asset a geometric Brownian motion (annualised volatility
//              and drift) sampled every tick_ms, with a bid/ask spread around it; prices are
//              rounded to cents. The same seed and start prices give the same sequence.
//   push       nothing runs; prices come from POST /admin/v1/oracle/prices.
//   file:PATH  replays a recording: CSV lines `timestamp,asset,price[,bid,ask]` (a header line
//              is skipped; timestamp in ms since the epoch or ISO-8601) or JSONL objects
//              {"asset","price","bid"?,"ask"?,"timestamp"}; the gaps between recorded
//              timestamps are kept, measured on the service's clock (a manual clock replays
//              as the operator advances it).
// Thread rule: Start and Stop from the service's thread; the feed runs on its own thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "venue/ctm_options.h"
#include "venue/engine/venue_engine.h"

namespace probex::venue {

struct RecordedTick {
  std::int64_t offset_ms = 0;  // since the recording's first tick
  OraclePrice tick;
};

// Parses a CSV or JSONL recording (by content: a line starting with '{' is JSON).
Result<std::vector<RecordedTick>> ParseRecording(const std::string& text);

class OracleFeed {
 public:
  OracleFeed(engine::VenueEngine& engine, const Clock& clock, OracleOptions options);
  ~OracleFeed();
  OracleFeed(const OracleFeed&) = delete;
  OracleFeed& operator=(const OracleFeed&) = delete;

  Status Start();
  void Stop();

 private:
  void RunSimulator(std::vector<double> prices);
  void RunReplay(std::vector<RecordedTick> ticks);
  bool WaitFor(std::int64_t ms);  // false once stopping
  void SubmitTick(OraclePrice tick);

  engine::VenueEngine& engine_;
  const Clock& clock_;
  OracleOptions options_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
};

}  // namespace probex::venue
