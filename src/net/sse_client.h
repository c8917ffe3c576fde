// Server-Sent Events client: SseParser decodes a text/event-stream exactly as the WHATWG HTML
// spec's "event stream interpretation" (CRLF, LF or CR line ends, multi-line data, comments,
// id, retry, a leading BOM); SseClient connects to an event-stream URL on its own thread,
// delivers events in order, and on a dropped connection reconnects after the retry delay,
// sending Last-Event-ID so the server can replay what was missed.
//
// Delivery: with `on_event` set, events are passed to it on the client's thread; otherwise they
// queue (bounded: a full queue pauses reading, which pushes back on the server) for Next().
// A 204 or 4xx answer ends the client (as EventSource does for non-retriable answers); other
// failures and server-side closes reconnect.
// Thread rule: SseParser is a plain single-thread object. SseClient's public methods are
// thread-safe; Stop() (also run by the destructor) must not be called from `on_event`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "common/result.h"
#include "net/http_client.h"

namespace probex::net {

struct SseMessage {
  std::string type = "message";  // the `event:` field, "message" when absent
  std::string data;              // `data:` lines joined with "\n"
  std::string id;                // the stream's last event id when this event was dispatched

  friend bool operator==(const SseMessage&, const SseMessage&) = default;
};

class SseParser {
 public:
  // Decodes `bytes` (any chunking) and calls `on_event` for each complete event.
  void Feed(std::string_view bytes, const std::function<void(SseMessage&&)>& on_event);
  // For a new connection: drops a partial line and an undispatched event, keeps the last id.
  void Reset();

  // The id to resume from (committed when an event is dispatched, per the spec).
  const std::string& last_event_id() const { return last_event_id_; }
  void set_last_event_id(std::string id);
  // The reconnection time last set by a `retry:` field, in ms.
  std::optional<std::int64_t> retry_ms() const { return retry_ms_; }
  std::uint64_t comments() const { return comments_; }

 private:
  void ProcessLine(std::string_view line, const std::function<void(SseMessage&&)>& on_event);

  std::string line_;
  bool skip_lf_ = false;  // the previous byte was CR: a following LF ends the same line
  bool at_stream_start_ = true;
  std::string data_;
  std::string event_type_;
  std::string id_buffer_;
  std::string last_event_id_;
  std::optional<std::int64_t> retry_ms_;
  std::uint64_t comments_ = 0;
};

struct SseClientOptions {
  HttpHeaders headers;                               // e.g. {"X-API-Key", "mk_live_..."}
  std::string last_event_id;                         // resume from here on the first connection too
  std::chrono::milliseconds connect_timeout{5'000};  // connect + request + response headers
  std::chrono::milliseconds idle_timeout{60'000};    // no bytes at all for this long: reconnect
  std::chrono::milliseconds reconnect_delay{1'000};  // until the server sends `retry:`
  int max_reconnects = -1;                           // < 0: unlimited
  std::size_t max_queued_events = 10'000;
  std::function<void(const SseMessage&)> on_event;  // empty: queue events for Next()
};

class SseClient {
 public:
  SseClient(std::string host, std::uint16_t port, std::string target,
            SseClientOptions options = {});
  ~SseClient();
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // Starts the client's thread and the first connection.
  void Start();
  // Closes the connection and joins the thread; queued events stay readable with Next().
  void Stop();

  // The next queued event, or nullopt after `timeout` (or once stopped with none left).
  std::optional<SseMessage> Next(std::chrono::milliseconds timeout);

  // Blocks until at least `n` streams have been opened, the client has ended, or `timeout`.
  bool WaitForConnections(std::uint64_t n, std::chrono::milliseconds timeout);

  std::string last_event_id() const;
  // Streams opened so far (200 with text/event-stream).
  std::uint64_t connections() const;
  // Whether the client has ended (stopped, 204/4xx, or out of reconnects).
  bool ended() const;
  // Why the last connection failed or ended, if it did.
  std::optional<Error> last_error() const;

 private:
  class Session;

  void Deliver(SseMessage&& event);
  void NoteLastEventId(const std::string& id);
  void OnOpened();
  void OnFailure(Error error, bool fatal);

  const std::string host_;
  const std::uint16_t port_;
  const std::string target_;
  SseClientOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<SseMessage> queue_;
  std::string last_event_id_;
  std::uint64_t connections_ = 0;
  bool ended_ = false;
  bool stopping_ = false;
  std::optional<Error> last_error_;

  std::unique_ptr<Session> session_;
  std::thread thread_;
};

}  // namespace probex::net
