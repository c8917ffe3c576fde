// HttpServerOptions: the knobs of an HttpServer. Plain value type.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace probex::net {

class HttpRequest;
class RateLimiter;

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port; HttpServer::port() tells which
  int io_threads = 2;      // I/O thread pool size
  // From a request's first byte to its last (headers and body); a stalled request is dropped.
  std::chrono::milliseconds read_timeout{30'000};
  // How long a keep-alive connection may wait for the first byte of its next request.
  std::chrono::milliseconds idle_timeout{60'000};
  // How long one response write may take before the connection is dropped.
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_header_bytes = 16 * 1024;  // larger → 431
  std::size_t max_body_bytes = 1024 * 1024;  // larger → 413
  std::size_t max_connections = 10'000;      // beyond → new connections are closed at once
  // Stop() waits this long for in-flight requests and streams before closing what is left.
  std::chrono::milliseconds shutdown_grace{5'000};
  bool access_log = true;  // one line per request on stderr
  std::string server_name = "probex";
  // Rate limiting for routes that name rate_rules (RouteOptions). Rules are set on the limiter;
  // a route naming a rule needs a limiter here. The key defaults to the client IP.
  std::shared_ptr<RateLimiter> rate_limiter{};
  std::function<std::string(const HttpRequest&)> rate_key{};
};

}  // namespace probex::net
