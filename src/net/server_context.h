// ServerContext: what every connection of one HttpServer shares — options, router, metrics,
// access log, the live-connection set that Stop() walks, and request-id generation.
// Internal to src/net. Thread rule: safe from any thread.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/access_log.h"
#include "net/connection.h"
#include "net/http_server_options.h"
#include "net/metrics.h"
#include "net/responder.h"
#include "net/router.h"

namespace probex::net {

// An io_context whose services can be shut down (pending handlers destroyed) before it is
// destroyed: HttpServer::Stop does so after joining its threads, which releases every session
// still referenced from a queued handler, while objects handed to services (SSE streams,
// WebSocket sessions) may keep the context itself alive past the server.
class IoContext : public boost::asio::io_context {
 public:
  using boost::asio::io_context::io_context;
  void ShutdownNow() { shutdown(); }
};

class ServerContext {
 public:
  enum class StreamKind { kSse, kWebSocket };

  ServerContext(HttpServerOptions options, Router router, std::shared_ptr<MetricsRegistry> metrics);

  IoContext& io() { return io_; }
  const HttpServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  MetricsRegistry& metrics() const { return *metrics_; }
  const AccessLog& access_log() const { return access_log_; }
  const std::shared_ptr<ServerGate>& gate() const { return gate_; }

  bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
  void SetStopping() { stopping_.store(true); }

  // Adds a connection; returns its id, or 0 when max_connections are already open.
  std::uint64_t Register(std::shared_ptr<Connection> connection);
  void Rebind(std::uint64_t id, std::shared_ptr<Connection> connection);
  void Unregister(std::uint64_t id);
  std::vector<std::shared_ptr<Connection>> Snapshot() const;
  // Waits until no connection is left or `timeout` passes; true when none is left.
  bool WaitUntilEmpty(std::chrono::milliseconds timeout) const;
  // Drops every entry (after the I/O threads have stopped).
  void Clear();
  std::size_t open_connections() const;

  void StreamOpened(StreamKind kind);
  void StreamClosed(StreamKind kind);

  // The incoming X-Request-Id when it is sane (1..128 of [A-Za-z0-9._:-]), else a new one.
  std::string RequestId(std::string_view incoming);

  // The first rate rule of `route` that denies `request`, rendered as 429 with Retry-After.
  std::optional<HttpResponse> CheckRateLimits(const Router::Route& route,
                                              const HttpRequest& request) const;

  // Records a finished request in the metrics (per route template, never per raw path).
  void RecordRequest(std::string_view method, std::string_view route, int status,
                     std::int64_t duration_ns);

 private:
  HttpServerOptions options_;
  Router router_;
  std::shared_ptr<MetricsRegistry> metrics_;
  AccessLog access_log_;
  std::shared_ptr<ServerGate> gate_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  mutable std::condition_variable empty_cv_;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections_;  // guarded by mu_
  std::uint64_t next_id_ = 1;                                                   // guarded by mu_

  std::string id_prefix_;
  std::atomic<std::uint64_t> request_counter_{0};

  Gauge* open_connections_gauge_;
  Counter* rejected_connections_;
  Gauge* sse_subscribers_;
  Gauge* ws_subscribers_;
  IoContext io_;
};

}  // namespace probex::net
