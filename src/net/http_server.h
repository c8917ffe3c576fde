// HttpServer: the HTTP/1.1 server every probex service runs — Boost.Beast on a pool of I/O
// threads, a strand per connection, keep-alive, read/idle/write timeouts, header and body
// limits (431/413), request ids (X-Request-Id: an incoming sane one is kept), per-route metrics,
// an access log, SSE streams and WebSocket endpoints through the Router.
//
//   auto metrics = std::make_shared<MetricsRegistry>();
//   Router router(VenueErrorFormatter);
//   AddHealthAndMetricsRoutes(router, metrics);
//   HttpServer server(options, std::move(router), metrics);
//   if (Status s = server.Start(); !s.ok()) ...;
//   server.StopOnSignals();  // SIGINT/SIGTERM → graceful Stop()
//   server.Wait();
//
// Stop() is graceful: stop accepting, close idle keep-alive connections, let requests in flight
// finish, end SSE streams (flushed) and WebSocket sessions (close 1001), all within
// options.shutdown_grace; whatever is left is then closed, and the I/O threads are joined.
// Thread rule: Start once, from one thread. Stop, Wait, port and metrics are safe from any
// thread except Stop from an I/O thread (a handler), which would join itself — use RequestStop.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/result.h"
#include "net/http_server_options.h"
#include "net/metrics.h"
#include "net/router.h"

namespace probex::net {

class Listener;
class ServerContext;

class HttpServer {
 public:
  // `metrics` may be shared with the service (and its /metrics route); null creates one.
  HttpServer(HttpServerOptions options, Router router,
             std::shared_ptr<MetricsRegistry> metrics = nullptr);
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the I/O threads. Errors name the address.
  Status Start();
  // The bound port (the real one when options.port was 0); 0 before Start.
  std::uint16_t port() const { return port_; }

  // Graceful stop as described above; blocks until done. Idempotent.
  void Stop();
  // Stop() on a fresh thread; returns at once. Safe from handlers.
  void RequestStop();
  // Makes SIGINT and SIGTERM call RequestStop(). Call after Start.
  void StopOnSignals();
  // Blocks until the server has stopped.
  void Wait();

  MetricsRegistry& metrics() { return *metrics_; }
  std::size_t open_connections() const;
  const HttpServerOptions& options() const;

 private:
  enum class State { kNew, kRunning, kStopping, kStopped };

  std::shared_ptr<MetricsRegistry> metrics_;
  std::shared_ptr<ServerContext> context_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::optional<boost::asio::signal_set> signals_;
  std::shared_ptr<Listener> listener_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;

  std::mutex state_mu_;
  std::condition_variable state_cv_;
  State state_ = State::kNew;  // guarded by state_mu_
  std::mutex stopper_mu_;
  std::thread stopper_;  // guarded by stopper_mu_
};

}  // namespace probex::net
