#include "net/sse_client.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <limits>

namespace probex::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// ---------------------------------------------------------------------------------------------
// SseParser

void SseParser::Feed(std::string_view bytes, const std::function<void(SseMessage&&)>& on_event) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (bytes[i] == '\n') {
        ++i;
        continue;
      }
    }
    std::size_t end = bytes.find_first_of("\r\n", i);
    if (end == std::string_view::npos) {
      line_.append(bytes.substr(i));
      return;
    }
    line_.append(bytes.substr(i, end - i));
    skip_lf_ = bytes[end] == '\r';
    i = end + 1;
    std::string line = std::move(line_);
    line_.clear();
    ProcessLine(line, on_event);
  }
}

void SseParser::ProcessLine(std::string_view line,
                            const std::function<void(SseMessage&&)>& on_event) {
  if (at_stream_start_) {
    at_stream_start_ = false;
    if (line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
  }
  if (line.empty()) {
    // Dispatch: the id is committed even when there is no data.
    last_event_id_ = id_buffer_;
    if (data_.empty()) {
      event_type_.clear();
      return;
    }
    if (data_.back() == '\n') data_.pop_back();
    SseMessage event;
    event.type = event_type_.empty() ? std::string("message") : std::move(event_type_);
    event.data = std::move(data_);
    event.id = last_event_id_;
    data_.clear();
    event_type_.clear();
    on_event(std::move(event));
    return;
  }
  if (line.front() == ':') {
    ++comments_;
    return;
  }
  std::string_view field = line;
  std::string_view value;
  if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    event_type_.assign(value);
  } else if (field == "data") {
    data_.append(value);
    data_.push_back('\n');
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) id_buffer_.assign(value);
  } else if (field == "retry") {
    if (!value.empty() && value.size() <= 18 &&
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      retry_ms_ = std::stoll(std::string(value));
    }
  }
  // Other fields are ignored.
}

void SseParser::Reset() {
  line_.clear();
  skip_lf_ = false;
  at_stream_start_ = true;
  data_.clear();
  event_type_.clear();
  id_buffer_ = last_event_id_;
}

void SseParser::set_last_event_id(std::string id) {
  last_event_id_ = std::move(id);
  id_buffer_ = last_event_id_;
}

// ---------------------------------------------------------------------------------------------
// SseClient::Session: everything that runs on the client's thread.

class SseClient::Session {
 public:
  explicit Session(SseClient& owner) : owner_(owner), resolver_(ioc_), retry_timer_(ioc_) {
    parser_.set_last_event_id(owner.options_.last_event_id);
  }

  void Run() {
    Connect();
    ioc_.run();
  }
  void Stop() { ioc_.stop(); }

 private:
  const SseClientOptions& options() const { return owner_.options_; }

  void Connect() {
    beast::error_code ec;
    asio::ip::address address = asio::ip::make_address(owner_.host_, ec);
    if (!ec) {
      OnResolved({}, {tcp::endpoint(address, owner_.port_)});
      return;
    }
    resolver_.async_resolve(owner_.host_, std::to_string(owner_.port_),
                            [this](beast::error_code rec, tcp::resolver::results_type results) {
                              std::vector<tcp::endpoint> endpoints;
                              for (const auto& r : results) endpoints.push_back(r.endpoint());
                              OnResolved(rec, std::move(endpoints));
                            });
  }

  void OnResolved(beast::error_code ec, std::vector<tcp::endpoint> endpoints) {
    if (ec) return Fail("connect_failed", "cannot resolve " + owner_.host_ + ": " + ec.message());
    stream_.emplace(ioc_);
    stream_->expires_after(options().connect_timeout);
    stream_->async_connect(
        endpoints, [this](beast::error_code cec, const tcp::endpoint&) { OnConnected(cec); });
  }

  void OnConnected(beast::error_code ec) {
    if (ec) return Fail(ec, "connect");
    request_ = {};
    request_.method(http::verb::get);
    request_.target(owner_.target_);
    request_.version(11);
    request_.set(http::field::host, owner_.host_ + ":" + std::to_string(owner_.port_));
    request_.set(http::field::accept, "text/event-stream");
    request_.set(http::field::cache_control, "no-cache");
    for (const auto& [k, v] : options().headers) request_.set(k, v);
    if (!parser_.last_event_id().empty()) request_.set("Last-Event-ID", parser_.last_event_id());
    stream_->expires_after(options().connect_timeout);
    http::async_write(*stream_, request_,
                      [this](beast::error_code wec, std::size_t) { OnWritten(wec); });
  }

  void OnWritten(beast::error_code ec) {
    if (ec) return Fail(ec, "write");
    response_.emplace();
    response_->body_limit(std::numeric_limits<std::uint64_t>::max());
    buffer_.clear();
    stream_->expires_after(options().connect_timeout);
    http::async_read_header(*stream_, buffer_, *response_,
                            [this](beast::error_code rec, std::size_t) { OnHeader(rec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return Fail(ec, "read the response header of");
    const auto& res = response_->get();
    const int status = static_cast<int>(res.result_int());
    std::string_view type(res[http::field::content_type]);
    if (status == 204) {
      return Fail("stream_ended", "GET " + owner_.target_ + ": the server answered 204", true);
    }
    if (status != 200 || type.substr(0, 17) != "text/event-stream") {
      std::string message = "GET " + owner_.target_ + ": HTTP " + std::to_string(status) +
                            " with Content-Type '" + std::string(type) + "'";
      return Fail("http_error", message, status >= 400 && status < 500);
    }
    parser_.Reset();
    owner_.OnOpened();
    ReadBody();
  }

  void ReadBody() {
    response_->get().body().data = chunk_;
    response_->get().body().size = sizeof(chunk_);
    stream_->expires_after(options().idle_timeout);
    http::async_read_some(*stream_, buffer_, *response_,
                          [this](beast::error_code ec, std::size_t) { OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::need_buffer) ec = {};
    std::size_t n = sizeof(chunk_) - response_->get().body().size;
    if (n > 0) {
      parser_.Feed(std::string_view(chunk_, n),
                   [this](SseMessage&& e) { owner_.Deliver(std::move(e)); });
      owner_.NoteLastEventId(parser_.last_event_id());
    }
    if (ec == beast::error::timeout) {
      return Fail("timeout", "GET " + owner_.target_ + ": no data for " +
                                 std::to_string(options().idle_timeout.count()) + " ms");
    }
    if (ec) return Fail(ec, "read");
    if (response_->is_done()) {
      return Fail("stream_closed", "GET " + owner_.target_ + ": the server ended the stream");
    }
    ReadBody();
  }

  void Fail(beast::error_code ec, std::string_view doing) {
    std::string what = "GET " + owner_.target_;
    if (ec == beast::error::timeout) {
      return Fail("timeout", what + ": timed out (" + std::string(doing) + ")");
    }
    Fail(doing == "connect" ? "connect_failed" : "connection_closed",
         "cannot " + std::string(doing) + " " + what + ": " + ec.message());
  }

  void Fail(std::string code, std::string message, bool fatal = false) {
    if (stream_) {
      beast::error_code ignored;
      stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_->socket().close(ignored);
      stream_.reset();
    }
    ++reconnects_;
    const int max = options().max_reconnects;
    if (max >= 0 && reconnects_ > max) fatal = true;
    owner_.OnFailure(MakeError(std::move(code), std::move(message)), fatal);
    if (fatal) return;
    std::int64_t delay = parser_.retry_ms().value_or(options().reconnect_delay.count());
    retry_timer_.expires_after(std::chrono::milliseconds(delay));
    retry_timer_.async_wait([this](beast::error_code tec) {
      if (!tec) Connect();
    });
  }

  SseClient& owner_;
  asio::io_context ioc_;
  tcp::resolver resolver_;
  asio::steady_timer retry_timer_;
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  http::request<http::empty_body> request_;
  std::optional<http::response_parser<http::buffer_body>> response_;
  char chunk_[16 * 1024];
  SseParser parser_;
  int reconnects_ = 0;
};

// ---------------------------------------------------------------------------------------------
// SseClient

SseClient::SseClient(std::string host, std::uint16_t port, std::string target,
                     SseClientOptions options)
    : host_(std::move(host)),
      port_(port),
      target_(std::move(target)),
      options_(std::move(options)),
      last_event_id_(options_.last_event_id) {}

SseClient::~SseClient() { Stop(); }

void SseClient::Start() {
  std::lock_guard lock(mutex_);
  if (session_ || stopping_) return;
  session_ = std::make_unique<Session>(*this);
  thread_ = std::thread([this] { session_->Run(); });
}

void SseClient::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    ended_ = true;
  }
  cv_.notify_all();
  if (session_) session_->Stop();
  if (thread_.joinable()) thread_.join();
  session_.reset();  // closes the socket
}

void SseClient::Deliver(SseMessage&& event) {
  std::unique_lock lock(mutex_);
  last_event_id_ = event.id;
  if (options_.on_event) {
    lock.unlock();
    options_.on_event(event);
    return;
  }
  cv_.wait(lock, [&] { return stopping_ || queue_.size() < options_.max_queued_events; });
  if (stopping_) return;
  queue_.push_back(std::move(event));
  cv_.notify_all();
}

void SseClient::NoteLastEventId(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (last_event_id_ != id) last_event_id_ = id;
}

void SseClient::OnOpened() {
  std::lock_guard lock(mutex_);
  ++connections_;
  cv_.notify_all();
}

void SseClient::OnFailure(Error error, bool fatal) {
  std::lock_guard lock(mutex_);
  last_error_ = std::move(error);
  if (fatal) ended_ = true;
  cv_.notify_all();
}

std::optional<SseMessage> SseClient::Next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return !queue_.empty() || ended_; });
  if (queue_.empty()) return std::nullopt;
  SseMessage e = std::move(queue_.front());
  queue_.pop_front();
  cv_.notify_all();  // room for a paused reader
  return e;
}

bool SseClient::WaitForConnections(std::uint64_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return connections_ >= n || ended_; }) &&
         connections_ >= n;
}

std::string SseClient::last_event_id() const {
  std::lock_guard lock(mutex_);
  return last_event_id_;
}

std::uint64_t SseClient::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

bool SseClient::ended() const {
  std::lock_guard lock(mutex_);
  return ended_;
}

std::optional<Error> SseClient::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

}  // namespace probex::net
