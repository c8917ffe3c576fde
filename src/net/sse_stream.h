// SseStream: a Server-Sent Events response (`text/event-stream`) kept open after its headers.
// Events are framed with `event:`, `id:` and one `data:` line per line of data; comment
// keep-alives (`: ping`) go out at a set interval. The outbound queue is bounded: a consumer
// that falls behind (queue full) is disconnected, so memory never grows without bound.
// Obtained from Responder::OpenEventStream; the stream ends when the client disconnects, the
// owner calls Close, the queue overflows, or the server stops (queued events are flushed first).
// Thread rule: Send, SendComment, Close, SetOnClose and the accessors are safe from any thread;
// the on-close callback runs once, on the connection's strand (an I/O thread) — do not block it.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "net/connection.h"

namespace probex::net {

class ConnectionSlot;

struct SseOptions {
  std::chrono::milliseconds keepalive_interval{15'000};  // 0 turns keep-alives off
  std::size_t max_queued_bytes = 1024 * 1024;  // queued but unwritten bytes before disconnect
  std::chrono::milliseconds write_timeout{30'000};
};

struct SseEvent {
  std::string event{};  // omitted when empty
  std::string id{};     // omitted when empty
  std::string data{};   // may hold several lines; each becomes its own `data:` line
};

// Why a stream ended, as told to the on-close callback.
enum class SseCloseReason {
  kClosedByServer,   // Close() or server shutdown
  kClientGone,       // the peer closed or the socket failed
  kConsumerTooSlow,  // the outbound queue overflowed
};

class SseStream final : public Connection, public std::enable_shared_from_this<SseStream> {
 public:
  // Use Responder::OpenEventStream; `executor` is the connection's strand.
  // `keepalive` holds the I/O context the executor belongs to.
  SseStream(std::shared_ptr<void> keepalive, boost::asio::any_io_executor executor,
            SseOptions options, std::string last_event_id);
  ~SseStream() override;

  // Queues an event. False when the stream is closed or the queue overflowed (which closes it).
  bool Send(const SseEvent& event);
  // Queues a comment line (": text").
  bool SendComment(std::string_view text);
  // Flushes what is queued, then ends the response.
  void Close();
  // Called once when the stream ends (replaces an earlier callback). If the stream has already
  // ended, the callback runs soon on the strand.
  void SetOnClose(std::function<void(SseCloseReason)> on_close);

  // The request's Last-Event-ID header ("" when absent), for replay.
  const std::string& last_event_id() const { return last_event_id_; }
  bool closed() const { return closed_.load(); }
  std::size_t queued_bytes() const;

  // The wire form of an event: "event: x\nid: 7\ndata: a\ndata: b\n\n".
  static std::string Format(const SseEvent& event);

  // Internal (the HTTP session): takes over the socket and writes `head` (the response headers)
  // before the queued events.
  void Attach(boost::beast::tcp_stream stream, std::string head,
              std::shared_ptr<ConnectionSlot> slot);
  // Internal: marks a stream whose connection is already gone.
  void MarkClosed();

  void Shutdown() override;
  void ForceClose() override;

 private:
  bool Enqueue(std::string bytes);
  void DoWrite();
  void OnWrite(boost::beast::error_code ec, std::size_t bytes);
  void DoWaitPeer();
  void DoKeepAlive();
  void Finish(SseCloseReason reason);  // strand only

  std::shared_ptr<void> keepalive_;  // first: destroyed after everything that uses the context
  boost::asio::any_io_executor executor_;
  SseOptions options_;
  std::string last_event_id_;

  mutable std::mutex mu_;
  std::deque<std::string> queue_;                 // guarded by mu_
  std::size_t queued_bytes_ = 0;                  // guarded by mu_
  bool write_scheduled_ = false;                  // guarded by mu_
  bool closing_ = false;                          // guarded by mu_: flush, then end
  bool stream_attached_ = false;                  // guarded by mu_
  std::function<void(SseCloseReason)> on_close_;  // guarded by mu_
  bool on_close_taken_ = false;                   // guarded by mu_
  SseCloseReason final_reason_ = SseCloseReason::kClosedByServer;  // guarded by mu_
  std::atomic<bool> closed_{false};

  // Strand only.
  std::optional<boost::beast::tcp_stream> stream_;
  std::optional<boost::asio::steady_timer> keepalive_timer_;
  std::shared_ptr<ConnectionSlot> slot_;
  std::string writing_;
  char peer_buffer_[512];
  bool finished_ = false;
  bool subscribed_ = false;
};

}  // namespace probex::net
