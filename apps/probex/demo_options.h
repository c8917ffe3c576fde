// The options RFQ desk in `probex demo`, driven through its public transport as real users would:
//   SeedOptionsMaker:  an options market maker on the venue — a funded account on the
//                      market_maker tier, an mk_live key and a registered wallet (a fresh
//                      secp256k1 key that signs its confirmations).
//   DemoOptionsMaker:  that maker's bot on the Convallax maker transport: quote requests from
//                      channel 1 (SSE) are priced from the bookmaker's fair value and answered on
//                      channel 2 (REST); acceptances from channel 3 (WebSocket) are signed
//                      (EIP-712) and confirmed.
// The crowd's side (quote requests, then commits) is DemoCrowd::RequestOption in demo_world.cc.
//
// Pricing: the crowd asks for options expiring after the market's end, so they settle on the
// market's resolution (S = 1 or 0): with p the bookmaker's devigged probability of outcome 0,
// a call struck at K is worth p × (1 − K) and a put (1 − p) × K. The maker sells 2 cents above
// that and buys 2 cents below, in whole cents, within (0, max payoff]. An expiry before the
// market's end (not asked by the crowd) gets only the bound that cannot lose: a call is worth at
// most p × (1 − K), a put at most (1 − p) × K, so it only sells, at that bound plus 2 cents.
// Thread rule: SeedOptionsMaker runs before the threads start; DemoOptionsMaker owns two threads
// (the SSE client's and its WebSocket reader) between Start() and Stop().
#pragma once

#include <atomic>
#include <memory>
#include <thread>

#include "common/result.h"
#include "demo_world.h"
#include "net/http_client.h"
#include "net/sse_client.h"

namespace probex::app {

// Creates the options maker's account, mk_live key and wallet (world.options_maker*).
Status SeedOptionsMaker(DemoWorld& world);

// A quote price in whole cents for a request, or 0 when the maker does not quote it.
// `fair_probability` is p (0..1); `strike_cents` K × 100; `taker_buys` the taker's side;
// `settles_on_resolution` whether the expiry is at or after the market's end.
int OptionQuoteCents(double fair_probability, bool call, int strike_cents, bool taker_buys,
                     bool settles_on_resolution);

class DemoOptionsMaker {
 public:
  DemoOptionsMaker(const DemoWorld& world, DemoActivity& activity);
  ~DemoOptionsMaker();
  DemoOptionsMaker(const DemoOptionsMaker&) = delete;
  DemoOptionsMaker& operator=(const DemoOptionsMaker&) = delete;

  void Start();
  void Stop();

 private:
  void OnQuoteRequest(const std::string& data);  // SSE client thread
  void ReadAcceptances();                        // WebSocket thread

  const DemoWorld& world_;
  DemoActivity& activity_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<net::SseClient> requests_;
  std::thread acceptances_;
  net::HttpClient quotes_;     // channel 2, used on the SSE client's thread only
  net::HttpClient bookmaker_;  // fair values, SSE client's thread only
};

}  // namespace probex::app
