// ApiContext: what every venue API module is given — the engine, the clock, the published
// directory (keys, tiers, switches, market labels), the rate policy and limiter, the venue's
// settings — and the helpers that make a handler a few lines: authentication with scopes, rate
// limits, submitting a command or running a read on the engine and answering when durable.
//
// How a module plugs in (one line in VenueService::RegisterRoutes, venue_service.cc):
//
//   // markets_api.h
//   void RegisterMarketsRoutes(net::Router& router, ApiContext& ctx);
//
//   // markets_api.cc
//   router.Get("/api/v1/markets/:id", ctx.Public({kRuleGlobal}, [&ctx](auto& req, auto respond) {
//     ctx.Read([id](const Exchange& x) { return ...HttpResponse...; }, std::move(respond));
//   }));
//   router.Post("/api/v1/orders", ctx.Authed(kScopeOrderPlace, {kRuleGlobal, kRuleOrders},
//       [&ctx](net::HttpRequest& req, const Caller& caller, net::Responder respond) {
//         ctx.Submit(PlaceOrder{...}, [](const ApiContext::Committed& c) { ... },
//                    std::move(respond));
//       }));
//
// A module with state of its own (SQLite read models, WebSocket rooms) creates it in its Register
// function, subscribes to ctx.engine().Subscribe(...) for the ordered feed, hands ownership to
// ctx.Own(...) and registers cleanup with ctx.OnStop(...). Shutdown order: the HTTP server stops
// (no handler runs any more), then the OnStop hooks run in reverse registration order, then the
// engine stops (final snapshot, remaining feed delivered), then owned objects are destroyed.
//
// Handlers run on I/O threads and must not block: Submit and Read answer later from the engine's
// sequencer thread, after everything the answer reveals is durable.
// Thread rule: configured before the server starts; afterwards every method is thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/money.h"
#include "common/result.h"
#include "net/http_request.h"
#include "net/json.h"
#include "net/rate_limiter.h"
#include "net/responder.h"
#include "net/router.h"
#include "venue/api/errors.h"
#include "venue/api/rate_policy.h"
#include "venue/api/venue_directory.h"
#include "venue/engine/venue_engine.h"

namespace probex::venue::api {

// Venue-wide settings shown by the API (GET /balance) and used by commands.
struct VenueSettings {
  Money withdrawal_fee = Money::FromUnits(Money::kScale);  // 1.0 CC per withdrawal
  Money betting_fee = Money::Zero();  // pool bets: the fee rate of each bet's amount (0..0.5)
  // Pool bets: the timeWeight of a bet placed at the market's endTime, × 10000 (1..10000).
  std::uint32_t pool_weight_floor = 5000;
  std::string cc_price_usd = "0.015";  // JSON number text
  std::string data_dir;
  bool manual_clock = false;
};

// The authenticated caller of a request.
struct Caller {
  AccountId account;
  std::uint64_t key_id = 0;
  std::uint32_t scopes = 0;
  std::string tier;  // "" = default tier

  bool Has(std::uint32_t scope) const { return (scopes & scope) == scope; }
};

class ApiContext {
 public:
  using Committed = engine::VenueEngine::Committed;
  using PlainHandler = std::function<void(net::HttpRequest& req, net::Responder respond)>;
  using AuthedHandler =
      std::function<void(net::HttpRequest& req, const Caller& caller, net::Responder respond)>;
  // Builds the answer to a committed, accepted command (runs on the sequencer thread; keep short).
  using Answer = std::function<net::HttpResponse(const Committed& committed)>;
  // Runs on the sequencer thread between commands; must not block.
  using ReadAnswer = std::function<net::HttpResponse(const Exchange& exchange)>;

  ApiContext(engine::VenueEngine& engine, const Clock& clock, VenueDirectory& directory,
             const RatePolicy& policy, net::RateLimiter& limiter, VenueSettings settings,
             std::string operator_key);
  ~ApiContext();
  ApiContext(const ApiContext&) = delete;
  ApiContext& operator=(const ApiContext&) = delete;

  // ---- Handler wrappers (use these in Register functions). ----
  // No key needed; `rules` are counted per client IP.
  net::HttpHandler Public(std::initializer_list<std::string_view> rules, PlainHandler handler);
  // Needs `Authorization: Bearer ak_…|mk_live_…` with every bit of `scope` (0: any valid key):
  // 401 when missing or invalid, 403 without the scope, then 429 when a rule denies (counted per
  // IP, or per account for users on a non-default tier).
  net::HttpHandler Authed(std::uint32_t scope, std::initializer_list<std::string_view> rules,
                          AuthedHandler handler);
  // Needs `Authorization: Bearer <operator key>`; 401 otherwise. No rate limit.
  net::HttpHandler Operator(PlainHandler handler);

  // ---- The pieces behind the wrappers. ----
  // The caller of a request with a valid key, or the 401 response.
  Result<Caller, net::HttpResponse> Authenticate(const net::HttpRequest& req) const;
  bool IsOperator(const net::HttpRequest& req) const;
  // Takes one token of each rule; the 429 response of the first that denies.
  std::optional<net::HttpResponse> Limit(const net::HttpRequest& req, const Caller* caller,
                                         const std::vector<std::string_view>& rules);
  // Takes one token of `rule` from the bucket of one API key (key_id) under `tier`'s limits (the
  // key's account's rate tier): for routes limited per key rather than per IP (the options desk).
  net::RateDecision TakeForKey(std::string_view rule, std::string_view tier, std::uint64_t key_id);

  // ---- Engine access. ----
  // Submits `command`; once durable, answers `answer(committed)` when accepted or the mapped
  // RejectResponse when rejected; 503 when the engine is overloaded or stopped. Every committed
  // command is shown to the directory before the answer is built.
  void Submit(Command command, Answer answer, net::Responder respond);
  // As Submit, for callers that need the raw result (status error or committed).
  using SubmitCallback = std::function<void(const Status& status, const Committed* committed)>;
  Status SubmitRaw(Command command, SubmitCallback callback);
  // Runs `read` on the sequencer thread and answers its response once what it saw is durable.
  void Read(ReadAnswer read, net::Responder respond);

  // ---- Lifecycle for modules with state. ----
  void Own(std::shared_ptr<void> object);
  void OnStop(std::function<void()> hook);
  // Called by VenueService: runs the OnStop hooks (reverse order), once.
  void RunStopHooks();

  engine::VenueEngine& engine() { return engine_; }
  const Clock& clock() const { return clock_; }
  VenueDirectory& directory() { return directory_; }
  const RatePolicy& rate_policy() const { return policy_; }
  net::RateLimiter& rate_limiter() { return limiter_; }
  const VenueSettings& settings() const { return settings_; }

 private:
  engine::VenueEngine& engine_;
  const Clock& clock_;
  VenueDirectory& directory_;
  const RatePolicy& policy_;
  net::RateLimiter& limiter_;
  VenueSettings settings_;
  std::string operator_key_hash_;

  std::mutex lifecycle_mutex_;
  std::vector<std::shared_ptr<void>> owned_;
  std::vector<std::function<void()>> stop_hooks_;
  bool stopped_ = false;
};

// ---- Request helpers. ----

// A request's JSON body, parsed, with a reader that stops at the first field error.
// Not movable (the reader points into it): declare it, then call Parse.
class JsonBody {
 public:
  JsonBody() = default;
  JsonBody(const JsonBody&) = delete;
  JsonBody& operator=(const JsonBody&) = delete;
  // False (and `error` set to the 400) when the body is not a JSON object. An empty body parses
  // as {} when `empty_is_object`.
  bool Parse(const net::HttpRequest& req, net::HttpResponse& error, bool empty_is_object = false);
  net::JsonReader& reader() { return *reader_; }
  bool ok() const { return errors_.ok(); }
  // The 400 of the first field error.
  net::HttpResponse Error() const { return FieldErrorResponse(errors_); }
  net::FieldErrors& errors() { return errors_; }
  const net::ParsedJson& doc() const { return doc_; }

 private:
  net::ParsedJson doc_;
  net::FieldErrors errors_{net::FieldErrors::Mode::kStopAtFirst};
  std::optional<net::JsonReader> reader_;
};

// Ids are shown as decimal strings ("42"); ParseId accepts exactly that form (1..2^64−1).
std::string FormatId(std::uint64_t id);
std::optional<std::uint64_t> ParseId(std::string_view text);

// Query parameter helpers: nullopt and `error` set to a 400 naming the parameter when present but
// invalid; `fallback` when absent or empty (`?limit=` is no limit).
std::optional<std::int64_t> QueryInt(const net::HttpRequest& req, std::string_view name,
                                     std::int64_t fallback, std::int64_t min, std::int64_t max,
                                     net::HttpResponse& error);

}  // namespace probex::venue::api
