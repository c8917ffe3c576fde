// BookmakerService: the `probex bookmaker` process — opens the Sportsbook in DATA_DIR, sets up
// its API keys (--api-key, else DATA_DIR/api.key created on first start with mode 0600), the
// clock (system, system × --speed, or manual), the HTTP/WebSocket server and, unless the clock
// is manual, a ticker that advances the season when its next event is due (checking at least
// every 50 ms of real time).
// Thread rule: Start, then Wait from one thread; Stop from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bookmaker/api/bookmaker_api.h"
#include "bookmaker/api/sportsbook.h"
#include "bookmaker/api/stream_hub.h"
#include "common/clock.h"
#include "net/http_server.h"

namespace probex::bookmaker {

struct BookmakerServiceOptions {
  std::string bind = "127.0.0.1";
  int port = 8702;
  std::string data_dir = "./data/bookmaker";
  int threads = 2;
  std::uint64_t seed = 1;
  std::string clock = "system";  // "system" or "manual"
  double speed = 1.0;            // season seconds per real second (system clock)
  std::vector<std::string> api_keys;
  int fixtures = 24;
  std::int64_t first_kickoff_s = 1800;
  std::int64_t kickoff_interval_s = 600;
  std::int64_t live_tick_s = 60;
  double margin = 0.05;
  double drops_per_hour = 0.5;
  double cancel_probability = 0.03;
  std::int64_t rate_limit_per_minute = 6000;
  bool access_log = false;
};

class BookmakerService {
 public:
  explicit BookmakerService(BookmakerServiceOptions options);
  ~BookmakerService();

  // Prints "probex bookmaker listening on ADDR:PORT" (and where the key is) when ready.
  Status Start();
  void Wait();
  void Stop();
  std::uint16_t port() const { return server_ ? server_->port() : 0; }

 private:
  Timestamp Now() const;
  // How long the ticker may sleep before the season's next event is due (at most 50 ms).
  std::chrono::microseconds TickerWait();
  Status SetUpKeys();
  void RunTicker();

  BookmakerServiceOptions options_;
  SystemClock system_clock_;
  std::unique_ptr<ManualClock> manual_clock_;
  Timestamp speed_anchor_sim_;
  Timestamp speed_anchor_real_;
  std::unique_ptr<Sportsbook> book_;
  StreamHub hub_{system_clock_};
  std::unique_ptr<net::HttpServer> server_;
  std::thread ticker_;
  std::mutex ticker_mu_;
  std::condition_variable ticker_cv_;
  bool stopping_ = false;
};

}  // namespace probex::bookmaker
