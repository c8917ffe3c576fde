// WebSocketClient: a synchronous WebSocket client on Boost.Beast (plain ws://) for connectors
// and tests. It owns its io_context; every call runs it only until that call's work is done.
// Receive(timeout) that times out leaves its read pending, so no frame is lost: the next
// Receive (or Ping) continues it. Pings from the server are answered automatically while a
// Receive or Ping is running. Timeouts: connect + handshake, each write, and the close.
//
// Error codes: connect_failed, handshake_failed (the HTTP status is in the message, e.g. 426),
// timeout, not_open, connection_closed.
// Thread rule: not thread-safe; use one instance per thread (or guard it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "net/http_client.h"

namespace probex::net {

struct WebSocketClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};  // TCP connect and the upgrade handshake
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds close_timeout{5'000};
  std::size_t max_message_bytes = 16 << 20;
};

struct WebSocketMessage {
  enum class Kind { kText, kBinary, kClosed };
  Kind kind = Kind::kText;
  std::string data;          // kText / kBinary
  int close_code = 0;        // kClosed: the peer's close code (1000 normal, 1005 none given)
  std::string close_reason;  // kClosed

  bool closed() const { return kind == Kind::kClosed; }
};

class WebSocketClient {
 public:
  explicit WebSocketClient(WebSocketClientOptions options = {});
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  // Opens ws://host:port/target with extra handshake headers (X-API-Key, Authorization, ...).
  Status Connect(std::string_view host, std::uint16_t port, std::string_view target,
                 const HttpHeaders& headers = {});
  // Sends one text message.
  Status Send(std::string_view text);
  // The next message, or a kClosed message once the peer has closed (with its code and reason).
  // Error "timeout" when nothing arrived within `timeout` (the connection stays usable).
  Result<WebSocketMessage> Receive(std::chrono::milliseconds timeout);
  // Sends a ping and waits up to `timeout` for its pong. A message arriving meanwhile is kept
  // for the next Receive.
  Status Ping(std::chrono::milliseconds timeout, std::string_view payload = {});
  // Sends a close frame and waits for the peer's (messages still in flight are discarded).
  Status Close(int code = 1000, std::string_view reason = {});

  bool is_open() const;
  std::uint64_t pongs_received() const;

 private:
  struct Impl;
  WebSocketClientOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace probex::net
