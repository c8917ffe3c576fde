#include "net/http_session.h"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <exception>
#include <string>
#include <utility>

#include "common/clock.h"
#include "net/connection_slot.h"
#include "net/server_context.h"
#include "net/sse_stream.h"
#include "net/websocket_session.h"

namespace probex::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {
constexpr std::string_view kUnmatchedRoute = "<unmatched>";
constexpr std::size_t kLingerMaxBytes = 1024 * 1024;
}  // namespace

HttpSession::HttpSession(net::ip::tcp::socket&& socket, std::shared_ptr<ServerContext> context)
    : context_(std::move(context)), stream_(std::move(socket)), executor_(stream_.get_executor()) {
  beast::error_code ec;
  auto endpoint = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_address_ = endpoint.address().to_string();
}

HttpSession::~HttpSession() = default;

void HttpSession::Run(std::shared_ptr<ConnectionSlot> slot) {
  slot_ = std::move(slot);
  net::dispatch(executor_,
                beast::bind_front_handler(&HttpSession::DoWaitRequest, shared_from_this()));
}

void HttpSession::DoWaitRequest() {
  in_request_ = false;
  if (closed_) return;
  if (context_->stopping()) return DoClose();
  if (buffer_.size() > 0) return DoReadHeader();  // a pipelined request is already here
  idle_ = true;
  stream_.expires_after(context_->options().idle_timeout);
  stream_.async_read_some(
      buffer_.prepare(4096),
      beast::bind_front_handler(&HttpSession::OnFirstBytes, shared_from_this()));
}

void HttpSession::OnFirstBytes(beast::error_code ec, std::size_t bytes) {
  idle_ = false;
  if (ec) return DoClose();  // peer closed, idle timeout, or shutdown
  buffer_.commit(bytes);
  DoReadHeader();
}

void HttpSession::DoReadHeader() {
  if (closed_) return;
  in_request_ = true;
  started_ns_ = MonotonicNanos();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(context_->options().max_header_bytes));
  parser_->body_limit(context_->options().max_body_bytes);
  // The read timeout runs from the request's first byte to its last.
  stream_.expires_after(context_->options().read_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      beast::bind_front_handler(&HttpSession::OnReadHeader, shared_from_this()));
}

void HttpSession::OnReadHeader(beast::error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return DoClose();
  if (ec == http::error::body_limit) {
    return SendError(
        413, "PayloadTooLarge",
        "request body exceeds " + std::to_string(context_->options().max_body_bytes) + " bytes",
        true);
  }
  if (ec == http::error::header_limit) {
    return SendError(431, "RequestHeaderFieldsTooLarge", "request headers too large", true);
  }
  if (ec == beast::error::timeout || ec == net::error::operation_aborted) return DoClose();
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return SendError(400, "BadRequest", "malformed request: " + ec.message(), true);
  }
  if (ec) return DoClose();
  const auto& header = parser_->get();
  auto expect = header[http::field::expect];
  if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     beast::bind_front_handler(&HttpSession::OnContinueSent, shared_from_this()));
    return;
  }
  DoReadBody();
}

void HttpSession::OnContinueSent(beast::error_code ec, std::size_t) {
  if (ec) return DoClose();
  DoReadBody();
}

void HttpSession::DoReadBody() {
  if (parser_->is_done()) {
    return Dispatch(parser_->release());
  }
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&HttpSession::OnReadBody, shared_from_this()));
}

void HttpSession::OnReadBody(beast::error_code ec, std::size_t) {
  if (ec == http::error::body_limit) {
    return SendError(
        413, "PayloadTooLarge",
        "request body exceeds " + std::to_string(context_->options().max_body_bytes) + " bytes",
        true);
  }
  if (ec == beast::error::timeout || ec == net::error::operation_aborted) return DoClose();
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return SendError(400, "BadRequest", "malformed request: " + ec.message(), true);
  }
  if (ec) return DoClose();
  Dispatch(parser_->release());
}

void HttpSession::Dispatch(HttpRequest::BeastRequest message) {
  stream_.expires_never();
  parser_.reset();
  request_keep_alive_ = message.keep_alive();
  std::string incoming_id;
  if (auto it = message.find("X-Request-Id"); it != message.end()) {
    incoming_id.assign(it->value().data(), it->value().size());
  }
  std::string request_id = context_->RequestId(incoming_id);
  auto parsed = HttpRequest::FromBeast(std::move(message), remote_address_, std::move(request_id));
  if (!parsed.ok()) {
    request_ = HttpRequest();
    route_label_ = kUnmatchedRoute;
    return SendError(400, "BadRequest", parsed.error().message, true);
  }
  request_ = std::move(parsed).value();
  head_only_ = request_.method() == "HEAD";
  const Router& router = context_->router();
  Router::Match match = router.Find(request_.method(), request_.segments());
  if (match.kind == Router::Match::Kind::kNotFound) {
    route_label_ = kUnmatchedRoute;
    return OnResponse(router.Error(
        404, "NotFound", "no route for " + std::string(request_.method()) + " " + request_.path()));
  }
  if (match.kind == Router::Match::Kind::kMethodNotAllowed) {
    route_label_ = kUnmatchedRoute;
    if (request_.method() == "OPTIONS") {  // what this path allows (RFC 9110 §9.3.7)
      HttpResponse response = HttpResponse::Empty(204);
      response.SetHeader("Allow", match.allow);
      return OnResponse(std::move(response));
    }
    HttpResponse response =
        router.Error(405, "MethodNotAllowed",
                     "method " + std::string(request_.method()) + " not allowed on " +
                         request_.path() + " (allowed: " + match.allow + ")");
    response.SetHeader("Allow", match.allow);
    return OnResponse(std::move(response));
  }
  const Router::Route& route = *match.route;
  route_label_ = route.path_template;
  request_.SetRoute(route.path_template, std::move(match.params));
  if (std::optional<HttpResponse> denied = context_->CheckRateLimits(route, request_)) {
    return OnResponse(std::move(*denied));
  }
  if (route.websocket_handler) {
    if (!beast::websocket::is_upgrade(request_.message())) {
      HttpResponse response =
          router.Error(426, "UpgradeRequired", request_.path() + " is a WebSocket endpoint");
      response.SetHeader("Upgrade", "websocket");
      return OnResponse(std::move(response));
    }
    auto ws = std::make_shared<WebSocketSession>(context_, executor_, remote_address_,
                                                 request_.request_id());
    try {
      route.websocket_handler(request_, ws);
    } catch (const std::exception& e) {
      return OnResponse(router.Error(500, "InternalError", e.what()));
    }
    if (std::optional<HttpResponse> rejection = ws->TakeRejection()) {
      return OnResponse(std::move(*rejection));
    }
    return DoUpgrade(std::move(ws));
  }
  Responder responder(std::weak_ptr<ResponseTarget>(shared_from_this()), context_->gate());
  try {
    route.handler(request_, std::move(responder));
  } catch (const std::exception& e) {
    // The Responder, if still unanswered, sends 500 when it is destroyed.
    std::fprintf(stderr, "handler for %s %s threw: %s\n", route.method.c_str(),
                 route.path_template.c_str(), e.what());
  }
}

void HttpSession::DoUpgrade(std::shared_ptr<WebSocketSession> ws) {
  RecordFinished(101, 0);
  HttpRequest::BeastRequest message = request_.message();
  ws->Attach(std::move(stream_), std::move(message), std::move(slot_));
  closed_ = true;                            // the socket belongs to the WebSocket session now
  if (context_->stopping()) ws->Shutdown();  // Stop() may have walked the connections already
}

void HttpSession::Deliver(HttpResponse response) {
  net::post(executor_, [self = shared_from_this(), response = std::move(response)]() mutable {
    self->OnResponse(std::move(response));
  });
}

void HttpSession::DeliverStream(std::shared_ptr<SseStream> stream) {
  net::post(executor_,
            [self = shared_from_this(), stream = std::move(stream)]() { self->OnStream(stream); });
}

void HttpSession::OnResponse(HttpResponse response) {
  if (closed_) return;
  const HttpServerOptions& options = context_->options();
  const int status = response.status;
  const bool keep_alive = request_keep_alive_ && !close_after_ && !context_->stopping();
  // Serialized by hand rather than through Beast's serializer: one string, no per-field
  // allocations, written with the body in one gathered send.
  std::string& head = response_head_;
  head.clear();
  head += "HTTP/1.1 ";
  head += std::to_string(status);
  head += ' ';
  head += StatusReason(status);
  head += "\r\nServer: ";
  head += options.server_name;
  head += "\r\n";
  if (!response.content_type.empty()) {
    head += "Content-Type: ";
    head += response.content_type;
    head += "\r\n";
  }
  if (!request_.request_id().empty()) {
    head += "X-Request-Id: ";
    head += request_.request_id();
    head += "\r\n";
  }
  for (const auto& [name, value] : response.headers) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  // 1xx, 204 and 304 carry neither a body nor a length (RFC 9110 §8.6).
  const bool bodiless = status < 200 || status == 204 || status == 304;
  if (bodiless) {
    response.body.clear();
  } else {
    head += "Content-Length: ";
    head += std::to_string(response.body.size());
    head += "\r\n";
    if (head_only_) response.body.clear();  // HEAD: the length GET would send, no body
  }
  if (!keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
  response_body_ = std::move(response.body);
  response_status_ = status;
  response_keep_alive_ = keep_alive;
  stream_.expires_after(options.write_timeout);
  std::array<net::const_buffer, 2> buffers{net::buffer(response_head_),
                                           net::buffer(response_body_)};
  net::async_write(stream_, buffers,
                   beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this()));
}

void HttpSession::OnWrite(beast::error_code ec, std::size_t) {
  RecordFinished(response_status_, response_body_.size());
  if (ec) return DoClose();
  if (!response_keep_alive_) return close_after_ ? DoLingerClose() : DoClose();
  response_body_.clear();
  request_ = HttpRequest();
  DoWaitRequest();
}

void HttpSession::OnStream(std::shared_ptr<SseStream> stream) {
  if (closed_) {
    stream->ForceClose();
    return;
  }
  if (head_only_) {  // HEAD of an event stream: its head, then close
    stream->ForceClose();
    close_after_ = true;
    return OnResponse(HttpResponse::Text(200, "", "text/event-stream"));
  }
  std::string head = "HTTP/1.1 200 OK\r\nServer: ";
  head += context_->options().server_name;
  head +=
      "\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
      "X-Accel-Buffering: no\r\nConnection: close\r\n";
  if (!request_.request_id().empty()) {
    head += "X-Request-Id: " + request_.request_id() + "\r\n";
  }
  head += "\r\n";
  RecordFinished(200, 0);
  stream_.expires_never();
  stream->Attach(std::move(stream_), std::move(head), std::move(slot_));
  closed_ = true;                             // the socket belongs to the stream now
  if (context_->stopping()) stream->Close();  // Stop() may have walked the connections already
}

void HttpSession::SendError(int status, std::string_view type, std::string_view message,
                            bool close) {
  if (close) close_after_ = true;
  if (route_label_.empty()) route_label_ = kUnmatchedRoute;
  OnResponse(context_->router().Error(status, type, message));
}

void HttpSession::RecordFinished(int status, std::uint64_t body_bytes) {
  std::int64_t duration_ns = MonotonicNanos() - started_ns_;
  std::string_view method = request_.method();
  if (method.empty() && parser_) {
    auto m = parser_->get().method_string();
    method = std::string_view(m.data(), m.size());
  }
  const std::string& route = route_label_.empty() ? request_.route() : route_label_;
  context_->RecordRequest(method, route.empty() ? kUnmatchedRoute : std::string_view(route), status,
                          duration_ns);
  if (context_->access_log().enabled()) {
    context_->access_log().Write(AccessLogEntry{
        .method = method,
        .path = request_.path(),
        .status = status,
        .duration_us = duration_ns / 1000,
        .bytes = body_bytes,
        .request_id = request_.request_id(),
        .remote = remote_address_,
    });
  }
  route_label_.clear();
}

void HttpSession::DoClose() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
  if (slot_) slot_->Release();
}

void HttpSession::DoLingerClose() {
  if (closed_) return;
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
  stream_.expires_after(std::chrono::seconds(1));
  buffer_.consume(buffer_.size());
  auto drained = std::make_shared<std::size_t>(0);
  auto self = shared_from_this();
  // Reads and discards until the peer closes, 1 s passes, or 1 MiB has been drained.
  struct Drain {
    std::shared_ptr<HttpSession> self;
    std::shared_ptr<std::size_t> drained;
    void operator()(beast::error_code ec, std::size_t bytes) const {
      *drained += bytes;
      self->buffer_.consume(self->buffer_.size());
      if (ec || *drained > kLingerMaxBytes || self->closed_) return self->DoClose();
      self->stream_.async_read_some(self->buffer_.prepare(16 * 1024), *this);
    }
  };
  Drain{self, drained}(beast::error_code(), 0);
}

void HttpSession::Shutdown() {
  net::post(executor_, [self = shared_from_this()] {
    self->close_after_ = true;
    if (self->idle_ || !self->in_request_) {
      // Waiting for a request that has not started: nothing is in flight.
      self->DoClose();
    }
  });
}

void HttpSession::ForceClose() {
  net::post(executor_, [self = shared_from_this()] { self->DoClose(); });
}

}  // namespace probex::net
