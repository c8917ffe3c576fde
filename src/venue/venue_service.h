// VenueService: the `probex venue` process. Recovers the engine (newest snapshot + journal) from
// DATA_DIR, loads the API directory from it, serves the Unhedged API v1 (/api/v1/...), the
// operator API (/admin/v1/...), /healthz and /metrics, and runs the market-lifecycle timer that
// submits AdvanceTime whenever an ACTIVE market's endTime has passed, so it becomes ENDED (and its
// orders are cancelled) by itself — and whenever a CTM round or schedule is due
// (docs/venue-ctm.md); the price oracle's feed runs beside it (oracle_feed.h), configured by
// "oracle.*" and "ctm.*".
//
// Clock: "system", or "manual" — time then moves only through the operator endpoint
// POST /admin/v1/clock/advance {ms}, which exists only in that mode (tests, demos). A manual clock
// starts at the wall-clock time, or at the journal's last command time if that is later.
// The operator key comes from options.operator_key, else DATA_DIR/operator.key (created with mode
// 0600 on first start). Stop is graceful: the HTTP server drains, module stop hooks run, the
// engine finishes what is queued and writes a final snapshot.
// Thread rule: Start, then Wait, from one thread; Stop from any thread but a handler.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "common/result.h"
#include "net/http_server.h"
#include "net/rate_limiter.h"
#include "venue/api/api_context.h"
#include "venue/api/rate_policy.h"
#include "venue/api/venue_directory.h"
#include "venue/ctm_options.h"
#include "venue/engine/venue_engine.h"
#include "venue/oracle_feed.h"

namespace probex::venue {

struct VenueServiceOptions {
  std::string bind = "127.0.0.1";
  int port = 8700;
  std::string data_dir = "./data/venue";
  int threads = 2;
  std::string clock = "system";  // "system" or "manual"
  std::string operator_key;      // empty: DATA_DIR/operator.key
  api::VenueSettings settings;
  // Flattened TOML/env configuration (rate_limits.*, rate_tiers.*).
  std::map<std::string, std::string> config;
  bool access_log = false;
  std::int64_t lifecycle_tick_ms = 200;  // how often the timer looks for markets past endTime
  std::uint64_t snapshot_every = 100'000;
};

class VenueService {
 public:
  explicit VenueService(VenueServiceOptions options);
  ~VenueService();
  VenueService(const VenueService&) = delete;
  VenueService& operator=(const VenueService&) = delete;

  // Prints "probex venue listening on http://ADDR:PORT" and where the operator key is.
  Status Start();
  void Wait();
  void Stop();
  std::uint16_t port() const { return server_ ? server_->port() : 0; }
  const std::string& operator_key() const { return operator_key_; }

 private:
  Status SetUpOperatorKey();
  Status SetUpCtm();  // schedules from the configuration (ctm_options.h), then the oracle feed
  void RegisterRoutes(net::Router& router);
  void RunLifecycle();

  VenueServiceOptions options_;
  SystemClock system_clock_;
  std::unique_ptr<ManualClock> manual_clock_;
  const Clock* clock_ = nullptr;
  std::string operator_key_;
  std::string operator_key_path_;
  std::unique_ptr<engine::VenueEngine> engine_;
  api::VenueDirectory directory_;
  api::RatePolicy rate_policy_;
  std::shared_ptr<net::RateLimiter> rate_limiter_;
  std::unique_ptr<api::ApiContext> context_;
  std::unique_ptr<net::HttpServer> server_;
  CtmOptions ctm_;
  std::unique_ptr<OracleFeed> oracle_;

  std::thread lifecycle_;
  std::mutex lifecycle_mu_;
  std::condition_variable lifecycle_cv_;
  bool stopping_ = false;  // guarded by lifecycle_mu_
  std::once_flag stop_once_;
};

}  // namespace probex::venue
