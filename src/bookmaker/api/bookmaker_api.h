// The bookmaker's HTTP and WebSocket API on a net::Router:
//   feed (OddsPapi v4 shapes, key in ?apiKey= or X-API-Key): GET /v4/sports, /v4/tournaments,
//     /v4/fixtures, /v4/markets, /v4/odds, /v4/odds-by-tournaments, /v4/scores,
//     /v4/settlements; WebSocket /v4/ws?apiKey=.
//   betting (55-tech ABP shapes, X-API-Key): GET /accounts, /betslip, /orders, /bets;
//     POST /place-orders; WebSocket /ws (login message, channels).
//   operator (any valid key): GET /admin/clock, POST /admin/clock/advance,
//     POST /admin/fixtures/:fixtureId/goal|suspension|final.
// Errors are {"error","message","code"} (code = the HTTP status); 401 for a missing or unknown
// key, 429 + Retry-After over the rate limit (rule "bookmaker", keyed by API key).
// Thread rule: configure before the server starts; handlers are thread-safe.
#pragma once

#include <functional>
#include <string_view>

#include "bookmaker/api/sportsbook.h"
#include "bookmaker/api/stream_hub.h"
#include "common/clock.h"
#include "net/router.h"

namespace probex::bookmaker {

inline constexpr char kRateRule[] = "bookmaker";

struct ApiContext {
  Sportsbook* book = nullptr;
  StreamHub* hub = nullptr;
  // The business time now (the manual clock, or the system clock scaled by --speed).
  std::function<Timestamp()> now;
  // Set in --clock manual mode: the clock the operator advances (then persisted via `on_clock`).
  ManualClock* manual_clock = nullptr;
  std::function<void(Timestamp)> on_clock_advanced;
  std::string clock_mode = "system";
};

net::HttpResponse BookmakerError(int status, std::string_view error_type, std::string_view message);

void AddBookmakerRoutes(net::Router& router, const ApiContext& context);

}  // namespace probex::bookmaker
