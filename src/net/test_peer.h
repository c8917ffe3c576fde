// TestPeer: a raw HTTP/1.1 client over one loopback TCP connection, for the server's tests (it
// lets a test send half a request, pipeline, or never read). Blocking, with a receive timeout
// so a broken server fails the test instead of hanging it. Thread rule: one thread per peer.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/dynamic_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

namespace probex::net::testing {

class TestPeer {
 public:
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  explicit TestPeer(std::uint16_t port, int receive_timeout_s = 20) : socket_(ioc_) {
    boost::asio::ip::tcp::endpoint ep(boost::asio::ip::make_address("127.0.0.1"), port);
    socket_.connect(ep, connect_error_);
    if (!connect_error_) {
      timeval tv{receive_timeout_s, 0};
      ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      socket_.set_option(boost::asio::ip::tcp::no_delay(true));
    }
  }

  bool connected() const { return !connect_error_; }
  boost::asio::ip::tcp::socket& socket() { return socket_; }

  void SendRaw(std::string_view bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size()), ec);
  }

  void Send(std::string_view method, std::string_view target, std::string body = {},
            std::initializer_list<std::pair<std::string, std::string>> headers = {}) {
    boost::beast::http::request<boost::beast::http::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(boost::beast::http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    boost::system::error_code ec;
    boost::beast::http::write(socket_, req, ec);
  }

  // Reads one response; std::nullopt when the connection ends or times out first. The answer to
  // a HEAD request has a Content-Length but no body: `head_response` says not to wait for one.
  std::optional<Response> Read(bool head_response = false) {
    Response res;
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head_response);
    boost::system::error_code ec;
    boost::beast::http::read(socket_, buffer_, parser, ec);
    if (ec) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> Request(
      std::string_view method, std::string_view target, std::string body = {},
      std::initializer_list<std::pair<std::string, std::string>> headers = {}) {
    Send(method, target, std::move(body), headers);
    return Read(method == "HEAD");
  }

  // Reads raw bytes until `needle` has appeared (true) or the connection ends (false).
  bool ReadUntil(std::string_view needle, std::string& out) {
    while (out.find(needle) == std::string::npos) {
      char chunk[4096];
      boost::system::error_code ec;
      std::size_t n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec) return false;
      out.append(chunk, n);
    }
    return true;
  }

  // Reads until the server closes the connection; true on a clean EOF or reset (not a timeout).
  bool ReadUntilClosed(std::string* out = nullptr) {
    while (true) {
      char chunk[4096];
      boost::system::error_code ec;
      std::size_t n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (out) out->append(chunk, n);
      if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) return true;
      if (ec) return false;
    }
  }

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  boost::system::error_code connect_error_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace probex::net::testing
