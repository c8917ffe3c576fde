// OptionsDesk: the live side of the options RFQ desk (ARCHITECTURE §4, docs/options-desk.md) —
// the Convallax maker transport and the taker RFQ API inside `probex venue`:
//   channel 1  GET /v1/mm/quote-requests/stream (SSE: connected, snapshot or Last-Event-ID
//              replay, live quote_request / quote_request_expired, ": ping")
//   channel 2  POST/DELETE/GET /v1/mm/quotes, POST /v1/mm/quotes/:quoteId/confirm
//   channel 3  WebSocket /maker/v1/ws (quote:accepted / confirmed / rejected, ping/pong)
//   takers     /quote-requests..., /v1/markets, /v1/series, /api/v1/options/positions
// Every state change is a journaled domain command (options.h); this class keeps only what is
// live: open streams and sessions, the replay buffer of channel 1, a copy of the open requests
// and their live quotes (fed by the engine's ordered feed), and the pending confirmations of
// commits in progress (not journaled: a restart abandons them, the taker's commit answers 503).
// SSE event ids are the sequence numbers of the commands that produced the events, so they are
// monotonic across restarts. A timer thread expires confirmations and submits OptionsTick when a
// request, quote or series is due.
// Thread rule: thread-safe; one mutex guards the live state; feed callbacks, the timer, commit
// callbacks and handlers all take it briefly and never block on the engine while holding it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/eip712.h"
#include "net/router.h"
#include "net/sse_stream.h"
#include "net/websocket_session.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

struct OptionsDeskSettings {
  std::chrono::milliseconds ping_interval{25'000};    // options.sse_ping_ms
  std::chrono::milliseconds confirm_timeout{10'000};  // options.confirm_timeout_ms
  std::chrono::milliseconds tick_interval{50};        // options.tick_ms
  std::size_t replay_buffer = 1000;                   // options.replay_buffer (events)
  std::uint64_t chain_id = 31337;                     // options.chain_id
  std::string verifying_contract = "0x0000000000000000000000000000000000000000";

  // From the flattened configuration ("options.*" keys).
  static Result<OptionsDeskSettings> FromConfig(const std::map<std::string, std::string>& config);
};

class OptionsDesk {
 public:
  OptionsDesk(ApiContext& ctx, OptionsDeskSettings settings);
  ~OptionsDesk();
  OptionsDesk(const OptionsDesk&) = delete;
  OptionsDesk& operator=(const OptionsDesk&) = delete;

  void Start();
  void Stop();
  void RegisterRoutes(net::Router& router);

 private:
  struct Maker {
    AccountId account;
    std::string name;  // makerId: the owner's username
    std::uint64_t key_id = 0;
  };
  struct OpenRequest {
    QuoteRequest request;
    std::uint64_t seq = 0;                // SSE id of its quote_request event
    std::string data;                     // the quote_request event's data
    std::map<std::uint64_t, Quote> live;  // live quotes by id
    std::set<std::uint64_t> gone;         // quotes seen withdrawn, expired or closed
  };
  struct Buffered {
    std::uint64_t seq = 0;
    net::SseEvent event;
  };
  struct Candidate {
    std::uint64_t quote = 0;
    std::uint64_t priority = 0;  // the quote's priority when chosen: a re-post changes it
    AccountId maker;
    crypto::RfqOrder order;
    std::string wallet;
  };
  struct CommitAttempt {
    std::uint64_t request = 0;
    AccountId taker;
    std::vector<Candidate> candidates;
    std::size_t next = 0;
    net::Responder respond;
  };
  struct Pending {
    std::shared_ptr<CommitAttempt> attempt;
    Candidate candidate;
    Timestamp deadline;
    bool confirming = false;  // signature accepted, ExecuteQuote in flight
  };
  struct TakerStream {
    std::shared_ptr<net::SseStream> stream;
    std::uint64_t best_quote = 0;
    Money best_price;
  };

  // ---- Authentication. ----
  // The maker of X-API-Key / ?apiKey= (an mk_live key); nullopt when missing or invalid.
  std::optional<Maker> AuthenticateMaker(const net::HttpRequest& req) const;
  std::optional<Maker> MakerByKey(std::string_view key) const;

  // ---- Handlers. ----
  void OpenMakerStream(net::HttpRequest& req, net::Responder respond);
  void PostQuoteHandler(net::HttpRequest& req, net::Responder respond);
  void WithdrawQuoteHandler(net::HttpRequest& req, net::Responder respond);
  void ListQuotesHandler(net::HttpRequest& req, net::Responder respond);
  void ConfirmHandler(net::HttpRequest& req, net::Responder respond);
  void WalletHandler(net::HttpRequest& req, net::Responder respond);
  void MeHandler(net::HttpRequest& req, net::Responder respond);
  void OpenMakerSocket(net::HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws);
  void CreateRequestHandler(net::HttpRequest& req, const Caller& caller, net::Responder respond);
  void RequestHandler(net::HttpRequest& req, const Caller& caller, net::Responder respond);
  void RequestQuotesHandler(net::HttpRequest& req, const Caller& caller, net::Responder respond);
  void TakerStreamHandler(net::HttpRequest& req, const Caller& caller, net::Responder respond);
  // Waits (bounded) until the feed has delivered every command the engine had made durable when
  // called: an answer the client already has (e.g. a created request) is then in the desk's state.
  void CatchUpLocked(std::unique_lock<std::mutex>& lock);
  void CommitHandler(net::HttpRequest& req, const Caller& caller, net::Responder respond);
  void CancelHandler(net::HttpRequest& req, const Caller& caller, net::Responder respond);

  // ---- Feed and timer. ----
  void OnCommitted(const ApiContext::Committed& c);
  void RunTimer();
  void Broadcast(std::uint64_t seq, net::SseEvent event);         // mu_ held
  void SendBestQuote(std::uint64_t request);                      // mu_ held
  void SendToMaker(AccountId maker, const std::string& message);  // mu_ held
  void SendRejected(AccountId maker, std::uint64_t quote, std::uint64_t request,
                    std::string_view reason);  // mu_ held
  // Offers the attempt's next candidate (quote:accepted) or answers 503. mu_ held.
  void Advance(const std::shared_ptr<CommitAttempt>& attempt);
  void FinishAttempt(const std::shared_ptr<CommitAttempt>& attempt);  // mu_ held
  std::string AcceptedMessage(const Candidate& c, std::uint64_t request, Timestamp deadline) const;

  ApiContext& ctx_;
  OptionsDeskSettings settings_;
  crypto::Eip712Domain domain_;

  mutable std::mutex mu_;
  std::condition_variable ready_cv_;
  // Notified after every command of the feed: handlers that read the desk's own state wait on it
  // until the feed has caught up with what the engine had released (CatchUpLocked).
  std::condition_variable fed_cv_;
  bool ready_ = false;
  std::uint64_t start_seq_ = 0;
  std::uint64_t last_seq_ = 0;
  std::uint64_t dropped_upto_ = 0;  // the buffer holds every event with seq > dropped_upto_
  std::deque<Buffered> buffer_;
  std::map<std::uint64_t, OpenRequest> open_;
  std::map<std::uint64_t, AccountId> request_taker_;  // every request seen
  std::map<std::uint32_t, std::string> names_;        // account → username
  std::map<std::uint32_t, std::string> wallets_;      // account → wallet
  std::vector<std::pair<AccountId, std::shared_ptr<net::SseStream>>> maker_streams_;
  std::map<std::uint32_t, std::vector<std::shared_ptr<net::WebSocketSession>>> sockets_;
  std::multimap<std::uint64_t, TakerStream> taker_streams_;  // by request
  std::map<std::uint64_t, Pending> pending_;                 // by quote
  std::set<std::uint64_t> committing_;                       // requests with a commit running
  std::uint64_t next_nonce_ = 1;

  std::uint64_t subscription_ = 0;
  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  bool stopping_ = false;
  bool tick_in_flight_ = false;  // guarded by mu_
  std::thread timer_;
};

// Creates the desk (settings from "options.*" config keys), registers its routes, owns it.
Status RegisterOptionsDeskRoutes(net::Router& router, ApiContext& ctx,
                                 const std::map<std::string, std::string>& config);

}  // namespace probex::venue::api
