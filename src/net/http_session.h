// HttpSession: one accepted TCP connection speaking HTTP/1.1 (Boost.Beast's advanced-server
// shape: do_x/on_x pairs on a per-connection strand, kept alive by shared_from_this). Reads one
// request at a time, routes it, writes the handler's response, and loops while keep-alive holds.
// Hands its socket to an SseStream or a WebSocketSession when a handler asks. Internal to src/net.
// Thread rule: all work runs on the connection's strand; Deliver/DeliverStream/Shutdown/
// ForceClose may be called from any thread (they post).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "net/connection.h"
#include "net/http_request.h"
#include "net/responder.h"

namespace probex::net {

class ConnectionSlot;
class ServerContext;
class WebSocketSession;

class HttpSession final : public Connection,
                          public ResponseTarget,
                          public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<ServerContext> context);
  ~HttpSession() override;

  void Run(std::shared_ptr<ConnectionSlot> slot);

  void Deliver(HttpResponse response) override;
  void DeliverStream(std::shared_ptr<SseStream> stream) override;
  boost::asio::any_io_executor executor() override { return executor_; }
  std::shared_ptr<void> keepalive() override { return context_; }

  void Shutdown() override;
  void ForceClose() override;

 private:
  void DoWaitRequest();
  void OnFirstBytes(boost::beast::error_code ec, std::size_t bytes);
  void DoReadHeader();
  void OnReadHeader(boost::beast::error_code ec, std::size_t bytes);
  void OnContinueSent(boost::beast::error_code ec, std::size_t bytes);
  void DoReadBody();
  void OnReadBody(boost::beast::error_code ec, std::size_t bytes);
  void Dispatch(HttpRequest::BeastRequest message);
  void DoUpgrade(std::shared_ptr<WebSocketSession> ws);
  void OnResponse(HttpResponse response);
  void OnWrite(boost::beast::error_code ec, std::size_t bytes);
  void OnStream(std::shared_ptr<SseStream> stream);
  // Answers a request that could not be read or routed, then closes if `close` is set.
  void SendError(int status, std::string_view type, std::string_view message, bool close);
  void RecordFinished(int status, std::uint64_t body_bytes);
  void DoClose();
  // After an error response: stop sending, drain what the peer still sends for a moment (so
  // it reads our answer instead of a reset), then close.
  void DoLingerClose();

  std::shared_ptr<ServerContext> context_;  // first: owns the I/O context the rest uses
  boost::beast::tcp_stream stream_;
  boost::asio::any_io_executor executor_;  // the strand; outlives a hand-over of stream_
  std::shared_ptr<ConnectionSlot> slot_;
  std::string remote_address_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  HttpRequest request_;
  std::string route_label_;
  bool request_keep_alive_ = false;
  bool head_only_ = false;  // a HEAD request: the GET route's head, without its body
  // The response being written: its head serialized here, its body as the handler gave it,
  // sent with one gathered write.
  std::string response_head_;
  std::string response_body_;
  int response_status_ = 0;
  bool response_keep_alive_ = false;
  std::int64_t started_ns_ = 0;
  bool idle_ = false;         // waiting for the first byte of a request
  bool in_request_ = false;   // a request is being read, handled or answered
  bool close_after_ = false;  // close once the current response is written
  bool closed_ = false;
};

}  // namespace probex::net
