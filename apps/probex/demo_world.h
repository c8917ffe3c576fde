// The demo's world: what `probex demo` seeds on the venue and how its simulated crowd and operator
// act on it, all through the services' public HTTP APIs (as real users and a real operator
// would). RunDemo (demo_command.cc) owns the processes; this file owns the traffic.
//   SeedVenue:        a market-maker account (market_maker tier), a demo trader, the crowd's
//                     accounts, and one ORDER_BOOK market per bookmaker fixture and market kind
//                     with the mapping metadata the MM engine reads.
//   DemoCrowd:        a thread of simulated takers: market and limit orders from noisy views of
//                     the bookmaker's fair value.
//   DemoOperator:     resolves (or voids) each venue market from the bookmaker's final results.
// Thread rule: SeedVenue runs before the threads start; each class is driven by one thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "net/http_client.h"

namespace probex::app {

// A venue ORDER_BOOK market standing for one bookmaker outcome (outcome 0 = YES = that outcome).
struct DemoMarket {
  std::string venue_id;
  std::string fixture_id;
  int sport_id = 0;
  int bookmaker_market_id = 0;
  int bookmaker_outcome_id = 0;
  std::string question;
  bool pool = false;  // a POOL market (bets) rather than ORDER_BOOK (orders; quoted by the MM)
  Timestamp end;      // the market's endTime
  bool settled = false;
};

struct DemoAccount {
  std::string user_id;
  std::string key;  // ak_…
};

struct DemoWorld {
  std::string operator_key;
  std::string bookmaker_key;
  int venue_port = 0;
  int bookmaker_port = 0;
  double speed = 1;  // bookmaker season seconds per real second
  DemoAccount market_maker;
  DemoAccount trader;
  std::vector<DemoAccount> crowd;
  std::vector<DemoMarket> markets;
  // The options RFQ desk's market maker (demo_options.h).
  DemoAccount options_maker;
  std::string options_maker_key;  // mk_live_…
  std::array<std::uint8_t, 32> options_maker_secret{};
};

// The text at `pointer` (a string, or an integer printed), "" when absent.
std::string Text(const boost::json::value& root, std::string_view pointer);
// POST `body` to `target`; any answer but 200/201 is an error naming the call.
Result<net::JsonResponse> PostOk(net::HttpClient& client, const std::string& target,
                                 const std::string& body);
// A user with an `ak_` key, `deposit` credited and, unless null, the rate tier `tier` (`venue`
// sends the operator's key).
Result<DemoAccount> CreateAccount(net::HttpClient& venue, const std::string& username,
                                  const std::string& deposit, const char* tier);

// Creates the accounts and the markets (the bookmaker must be up with its season).
Status SeedVenue(DemoWorld& world, int crowd_size);

// The bookmaker's devigged (multiplicative) probability of the market's outcome; < 0 when it is
// not quotable (no odds, suspended, an inactive outcome).
double BookmakerFairValue(net::HttpClient& bookmaker, const DemoMarket& m);

// Counters the demo prints in its status line.
struct DemoActivity {
  std::atomic<std::int64_t> orders{0};
  std::atomic<std::int64_t> rejected{0};
  std::atomic<std::int64_t> resolved{0};
  std::atomic<std::int64_t> predictions{0};
  std::atomic<std::int64_t> bets{0};
  std::atomic<std::int64_t> option_requests{0};  // the crowd's quote requests
  std::atomic<std::int64_t> option_trades{0};    // ... committed (an option position opened)
  std::atomic<std::int64_t> option_quotes{0};    // the options maker's quotes

  void NoteReject(std::string why) {
    std::lock_guard lock(mutex_);
    last_reject_ = std::move(why);
  }
  std::string last_reject() const {
    std::lock_guard lock(mutex_);
    return last_reject_;
  }

 private:
  mutable std::mutex mutex_;
  std::string last_reject_;
};

class DemoCrowd {
 public:
  DemoCrowd(const DemoWorld& world, std::uint64_t seed, DemoActivity& activity);
  // One decision of one taker: mostly an order (a market order when its view crosses the book,
  // else a limit order near it), sometimes a CTM prediction. Errors are counted, never fatal.
  void Step();

 private:
  struct Taker {
    std::unique_ptr<net::HttpClient> venue;
  };
  void TradeOrderBook(std::size_t taker);
  void PredictCtm(std::size_t taker);
  void BetOnPool(std::size_t taker);
  // Asks the options desk for a quote on an option expiring after the market's end; the commit
  // follows a few steps later (CommitDueOptions), once makers had time to quote.
  void RequestOption(std::size_t taker);
  void CommitDueOptions();
  double FairValue(const DemoMarket& m) { return BookmakerFairValue(bookmaker_, m); }

  struct PendingOption {
    std::size_t taker = 0;
    std::string request_id;
    std::chrono::steady_clock::time_point due;
  };
  std::vector<PendingOption> pending_options_;

  const DemoWorld& world_;
  DemoActivity& activity_;
  std::mt19937_64 rng_;
  std::uint64_t next_key_ = 0;  // idempotency keys of the crowd's bets
  std::vector<Taker> takers_;
  net::HttpClient bookmaker_;
  net::HttpClient public_venue_;  // book reads: public, so they spend no taker's order budget
};

class DemoOperator {
 public:
  DemoOperator(DemoWorld& world, DemoActivity& activity);
  // Resolves every market whose fixture has finished (void when it was cancelled).
  void Step();

 private:
  DemoWorld& world_;
  DemoActivity& activity_;
  net::HttpClient venue_;
  net::HttpClient bookmaker_;
};

}  // namespace probex::app
