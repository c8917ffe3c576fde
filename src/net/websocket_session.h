// WebSocketSession: one accepted WebSocket connection on a route added with
// Router::AddWebSocket. The route's handler receives it before the upgrade completes and sets the
// callbacks there (or calls Reject to answer with a plain HTTP response instead). Text messages
// go out through a bounded queue: a consumer that falls behind (queue full) is disconnected.
// Pings: the server pings an idle peer and drops it when nothing comes back within
// idle_timeout (Beast's keep-alive pings). Close(code, reason) flushes what is queued, then
// sends the close frame; server shutdown closes with 1001 (going away).
// Thread rule: Send, Close, the setters and the accessors are safe from any thread; Reject and
// options() only inside the route's handler. Callbacks run on the connection's strand (an I/O
// thread), one at a time: do not block in them.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "net/connection.h"
#include "net/http_request.h"
#include "net/http_response.h"

namespace probex::net {

class ConnectionSlot;

struct WebSocketOptions {
  std::size_t max_queued_bytes = 1024 * 1024;   // unsent bytes before the peer is dropped
  std::size_t max_message_bytes = 1024 * 1024;  // larger incoming messages close with 1009
  std::chrono::milliseconds handshake_timeout{10'000};
  // A silent peer is pinged after half of this and dropped after all of it.
  std::chrono::milliseconds idle_timeout{30'000};
};

// Close codes (RFC 6455 §7.4.1) as numbers, for Close() and the on-close callback.
namespace close_code {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kAbnormal = 1006;  // no close frame (never sent on the wire)
inline constexpr std::uint16_t kPolicyViolation = 1008;
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kInternalError = 1011;
inline constexpr std::uint16_t kTryAgainLater = 1013;  // also: our queue overflowed
}  // namespace close_code

class WebSocketSession final : public Connection,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  using MessageCallback = std::function<void(std::string message, bool binary)>;
  // `code` is the peer's close code, ours when we closed, or 1006 when the connection dropped.
  using CloseCallback = std::function<void(std::uint16_t code, std::string_view reason)>;

  // Created by the HTTP session; `executor` is the connection's strand.
  // `keepalive` holds the I/O context the executor belongs to.
  WebSocketSession(std::shared_ptr<void> keepalive, boost::asio::any_io_executor executor,
                   std::string remote_address, std::string request_id);
  ~WebSocketSession() override;

  void SetOnMessage(MessageCallback on_message);
  // Runs once, when the connection ends for any reason.
  void SetOnClose(CloseCallback on_close);

  // Queues a text message. False when closed/closing or the queue overflowed (which drops the
  // connection). Messages queued inside the handler go out right after the upgrade.
  bool Send(std::string text);
  // Flushes the queue, then closes with `code` and `reason`.
  void Close(std::uint16_t code = close_code::kNormal, std::string reason = {});

  // Inside the handler only: answer with `response` instead of upgrading (e.g. 401).
  void Reject(HttpResponse response) { rejection_ = std::move(response); }
  WebSocketOptions& options() { return options_; }

  bool closed() const { return closed_.load(); }
  const std::string& remote_address() const { return remote_address_; }
  const std::string& request_id() const { return request_id_; }

  // Internal (the HTTP session).
  std::optional<HttpResponse> TakeRejection() { return std::exchange(rejection_, std::nullopt); }
  void Attach(boost::beast::tcp_stream stream, HttpRequest::BeastRequest request,
              std::shared_ptr<ConnectionSlot> slot);

  void Shutdown() override;
  void ForceClose() override;

 private:
  void OnAccept(boost::beast::error_code ec);
  void DoRead();
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void DoWrite();
  void OnWrite(boost::beast::error_code ec, std::size_t bytes);
  void OnClose(boost::beast::error_code ec);
  void Finish(std::uint16_t code, std::string reason);  // strand only

  std::shared_ptr<void> keepalive_;  // first: destroyed after everything that uses the context
  boost::asio::any_io_executor executor_;
  std::string remote_address_;
  std::string request_id_;
  WebSocketOptions options_;
  std::optional<HttpResponse> rejection_;

  mutable std::mutex mu_;
  std::deque<std::string> queue_;  // guarded by mu_
  std::size_t queued_bytes_ = 0;   // guarded by mu_
  bool write_scheduled_ = false;   // guarded by mu_
  bool open_ = false;              // guarded by mu_: the handshake completed
  std::optional<std::pair<std::uint16_t, std::string>> close_request_;  // guarded by mu_
  MessageCallback on_message_;                                          // guarded by mu_
  CloseCallback on_close_;                                              // guarded by mu_
  bool on_close_taken_ = false;                                         // guarded by mu_
  std::uint16_t final_code_ = close_code::kAbnormal;                    // guarded by mu_
  std::string final_reason_;                                            // guarded by mu_
  std::atomic<bool> closed_{false};

  // Strand only.
  std::optional<boost::beast::websocket::stream<boost::beast::tcp_stream>> ws_;
  HttpRequest::BeastRequest request_;
  std::shared_ptr<ConnectionSlot> slot_;
  boost::beast::flat_buffer read_buffer_;
  std::string writing_;
  bool close_sent_ = false;
  bool finished_ = false;
  bool subscribed_ = false;
};

}  // namespace probex::net
