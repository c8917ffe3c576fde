#include "net/server_context.h"

#include <algorithm>
#include <random>

#include "net/rate_limiter.h"

namespace probex::net {
namespace {

bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

ServerContext::ServerContext(HttpServerOptions options, Router router,
                             std::shared_ptr<MetricsRegistry> metrics)
    : options_(std::move(options)),
      router_(std::move(router)),
      metrics_(std::move(metrics)),
      access_log_(options_.access_log),
      gate_(std::make_shared<ServerGate>()),
      io_(std::max(1, options_.io_threads)) {
  std::random_device random;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%08x", static_cast<unsigned>(random()));
  id_prefix_ = prefix;
  open_connections_gauge_ =
      &metrics_->GetGauge("probex_http_open_connections", "Open TCP connections (all kinds)");
  rejected_connections_ = &metrics_->GetCounter("probex_http_rejected_connections_total",
                                                "Connections closed at once: max_connections");
  sse_subscribers_ = &metrics_->GetGauge("probex_stream_subscribers", "Open stream subscribers",
                                         {{"kind", "sse"}});
  ws_subscribers_ = &metrics_->GetGauge("probex_stream_subscribers", "Open stream subscribers",
                                        {{"kind", "websocket"}});
}

std::uint64_t ServerContext::Register(std::shared_ptr<Connection> connection) {
  std::lock_guard lock(mu_);
  if (connections_.size() >= options_.max_connections) {
    rejected_connections_->Increment();
    return 0;
  }
  std::uint64_t id = next_id_++;
  connections_.emplace(id, std::move(connection));
  open_connections_gauge_->Add(1);
  return id;
}

void ServerContext::Rebind(std::uint64_t id, std::shared_ptr<Connection> connection) {
  std::shared_ptr<Connection> old;
  std::lock_guard lock(mu_);
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  old = std::exchange(it->second, std::move(connection));
  // `old` is released after the lock (declared first, destroyed last).
}

void ServerContext::Unregister(std::uint64_t id) {
  std::shared_ptr<Connection> old;
  {
    std::lock_guard lock(mu_);
    auto it = connections_.find(id);
    if (it == connections_.end()) return;
    old = std::move(it->second);
    connections_.erase(it);
    open_connections_gauge_->Add(-1);
    if (connections_.empty()) empty_cv_.notify_all();
  }
}

std::vector<std::shared_ptr<Connection>> ServerContext::Snapshot() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<Connection>> out;
  out.reserve(connections_.size());
  for (const auto& [id, c] : connections_) out.push_back(c);
  return out;
}

bool ServerContext::WaitUntilEmpty(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return empty_cv_.wait_for(lock, timeout, [this] { return connections_.empty(); });
}

void ServerContext::Clear() {
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> old;
  {
    std::lock_guard lock(mu_);
    open_connections_gauge_->Add(-static_cast<std::int64_t>(connections_.size()));
    old.swap(connections_);
  }
}

std::size_t ServerContext::open_connections() const {
  std::lock_guard lock(mu_);
  return connections_.size();
}

void ServerContext::StreamOpened(StreamKind kind) {
  (kind == StreamKind::kSse ? sse_subscribers_ : ws_subscribers_)->Add(1);
}

void ServerContext::StreamClosed(StreamKind kind) {
  (kind == StreamKind::kSse ? sse_subscribers_ : ws_subscribers_)->Add(-1);
}

std::string ServerContext::RequestId(std::string_view incoming) {
  if (SaneRequestId(incoming)) return std::string(incoming);
  std::uint64_t n = request_counter_.fetch_add(1, std::memory_order_relaxed) + 1;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s-%012llx", id_prefix_.c_str(),
                static_cast<unsigned long long>(n));
  return buf;
}

std::optional<HttpResponse> ServerContext::CheckRateLimits(const Router::Route& route,
                                                           const HttpRequest& request) const {
  if (route.options.rate_rules.empty() || !options_.rate_limiter) return std::nullopt;
  std::string key;
  if (route.options.rate_key) {
    key = route.options.rate_key(request);
  } else if (options_.rate_key) {
    key = options_.rate_key(request);
  } else {
    key = request.remote_address();
  }
  for (const std::string& rule : route.options.rate_rules) {
    RateDecision decision = options_.rate_limiter->Take(rule, key);
    if (decision.allowed) continue;
    std::int64_t seconds = std::max<std::int64_t>(1, (decision.retry_after_ms + 999) / 1000);
    HttpResponse response = router_.Error(
        429, "RateLimited",
        "rate limit '" + rule + "' exceeded; retry after " + std::to_string(seconds) + " s");
    response.SetHeader("Retry-After", std::to_string(seconds));
    return response;
  }
  return std::nullopt;
}

void ServerContext::RecordRequest(std::string_view method, std::string_view route, int status,
                                  std::int64_t duration_ns) {
  std::string method_text(method);
  std::string route_text(route);
  metrics_
      ->GetCounter(
          "probex_http_requests_total", "HTTP requests by method, route and status",
          {{"method", method_text}, {"route", route_text}, {"status", std::to_string(status)}})
      .Increment();
  metrics_
      ->GetHistogram("probex_http_request_duration_seconds",
                     "Time from a request's first byte to its response written",
                     {{"method", std::move(method_text)}, {"route", std::move(route_text)}})
      .Observe(static_cast<double>(duration_ns) / 1e9);
}

}  // namespace probex::net
