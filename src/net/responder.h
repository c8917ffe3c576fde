// Responder: the one-shot callback a handler uses to answer its request. Movable, not copyable;
// call it exactly once, from any thread — the response is posted to the connection's strand, so
// a handler may hand the work to another thread (the venue's sequencer) and answer later without
// blocking an I/O thread. A Responder dropped without answering sends 500. If the connection or
// the server is gone by then, answering is a harmless no-op.
// Instead of a response, a handler may turn the request into a Server-Sent Events stream with
// OpenEventStream (see sse_stream.h).
// Thread rule: one Responder is used by one thread at a time; any thread may be that thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "net/http_response.h"
#include "net/sse_stream.h"

namespace probex::net {

// Open while the server's I/O context lives; Responders check it before posting.
struct ServerGate {
  std::mutex mu;
  bool open = true;
};

// Implemented by the HTTP session that owns the request.
class ResponseTarget {
 public:
  virtual ~ResponseTarget() = default;
  // Both post to the connection's strand; called at most once per request, any thread.
  virtual void Deliver(HttpResponse response) = 0;
  virtual void DeliverStream(std::shared_ptr<SseStream> stream) = 0;
  virtual boost::asio::any_io_executor executor() = 0;
  // Keeps the server's I/O context alive for objects (streams) that may outlive the server.
  virtual std::shared_ptr<void> keepalive() = 0;
};

class Responder {
 public:
  Responder() = default;
  Responder(std::weak_ptr<ResponseTarget> target, std::shared_ptr<ServerGate> gate)
      : target_(std::move(target)), gate_(std::move(gate)) {}
  Responder(Responder&& other) noexcept = default;
  Responder& operator=(Responder&& other) noexcept;
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;
  ~Responder();

  // Sends the response. Later calls do nothing.
  void operator()(HttpResponse response);
  // Answers with a `text/event-stream` response that stays open; the returned stream accepts
  // events at once (they are queued until the headers are written). `last_event_id` is the
  // request's Last-Event-ID header, copied for the stream's owner.
  std::shared_ptr<SseStream> OpenEventStream(SseOptions options = {},
                                             std::string_view last_event_id = {});
  // True until the Responder has answered (or was moved from).
  bool pending() const { return gate_ != nullptr; }

 private:
  void Abandon();

  std::weak_ptr<ResponseTarget> target_;
  std::shared_ptr<ServerGate> gate_;
};

// Deferred delivery, for a thread that answers many requests in a burst (the venue's sequencer
// releasing a journal batch): between BeginDeferredResponses() and FlushDeferredResponses() on one
// thread, the Responders called on that thread queue their responses, and the flush hands all of
// them to the I/O threads with one post per server instead of one post (and often one thread
// wake-up) per response. Nesting is allowed; the outermost flush delivers. A deferred response is
// sent as if it had been answered at the flush (a server stopped by then drops it, as it would
// drop a late answer). Thread rule: both calls on the thread that answers.
void BeginDeferredResponses();
void FlushDeferredResponses();

}  // namespace probex::net
