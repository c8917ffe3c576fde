#include "net/http_server.h"

#include <boost/asio/ip/address.hpp>
#include <csignal>

#include "net/listener.h"
#include "net/server_context.h"

namespace probex::net {

namespace net = boost::asio;

HttpServer::HttpServer(HttpServerOptions options, Router router,
                       std::shared_ptr<MetricsRegistry> metrics)
    : metrics_(metrics ? std::move(metrics) : std::make_shared<MetricsRegistry>()),
      context_(std::make_shared<ServerContext>(std::move(options), std::move(router), metrics_)) {}

HttpServer::~HttpServer() {
  Stop();
  std::lock_guard lock(stopper_mu_);
  if (stopper_.joinable()) stopper_.join();
}

const HttpServerOptions& HttpServer::options() const { return context_->options(); }

std::size_t HttpServer::open_connections() const { return context_->open_connections(); }

Status HttpServer::Start() {
  {
    std::lock_guard lock(state_mu_);
    if (state_ != State::kNew) return MakeError("already_started", "the server was started");
  }
  const HttpServerOptions& options = context_->options();
  boost::system::error_code ec;
  auto address = net::ip::make_address(options.bind_address, ec);
  if (ec) {
    return MakeError("invalid_address",
                     "bind address '" + options.bind_address + "': " + ec.message());
  }
  listener_ = std::make_shared<Listener>(context_->io(), context_);
  if (Status s = listener_->Open({address, options.port}); !s.ok()) return s;
  port_ = listener_->port();
  work_.emplace(context_->io().get_executor());
  listener_->Run();
  int threads = std::max(1, options.io_threads);
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { context_->io().run(); });
  std::lock_guard lock(state_mu_);
  state_ = State::kRunning;
  return OkStatus();
}

void HttpServer::Stop() {
  {
    std::unique_lock lock(state_mu_);
    if (state_ == State::kNew) {
      state_ = State::kStopped;
      state_cv_.notify_all();
      return;
    }
    if (state_ != State::kRunning) {
      state_cv_.wait(lock, [this] { return state_ == State::kStopped; });
      return;
    }
    state_ = State::kStopping;
  }
  context_->SetStopping();
  if (signals_) {
    net::post(context_->io(), [this] {
      boost::system::error_code ignored;
      signals_->cancel(ignored);
    });
  }
  listener_->Stop();
  for (const auto& connection : context_->Snapshot()) connection->Shutdown();
  if (!context_->WaitUntilEmpty(context_->options().shutdown_grace)) {
    for (const auto& connection : context_->Snapshot()) connection->ForceClose();
    (void)context_->WaitUntilEmpty(std::chrono::milliseconds(1000));
  }
  {
    // From here on, Responders still held by handlers answer into the void.
    std::lock_guard lock(context_->gate()->mu);
    context_->gate()->open = false;
  }
  work_.reset();
  context_->io().stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  context_->Clear();
  // Destroys handlers still queued (and the sessions they hold) now, not when the last stream
  // object a service kept lets the context go.
  context_->io().ShutdownNow();
  std::lock_guard lock(state_mu_);
  state_ = State::kStopped;
  state_cv_.notify_all();
}

void HttpServer::RequestStop() {
  std::lock_guard lock(stopper_mu_);
  if (stopper_.joinable()) return;
  stopper_ = std::thread([this] { Stop(); });
}

void HttpServer::StopOnSignals() {
  signals_.emplace(context_->io(), SIGINT, SIGTERM);
  signals_->async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) RequestStop();
  });
}

void HttpServer::Wait() {
  std::unique_lock lock(state_mu_);
  state_cv_.wait(lock, [this] { return state_ == State::kStopped; });
}

}  // namespace probex::net
