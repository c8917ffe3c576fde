#include "net/websocket_client.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <optional>
#include <vector>

namespace probex::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

struct WebSocketClient::Impl {
  asio::io_context ioc;
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  bool open = false;
  std::uint64_t pongs = 0;

  // The one read that may outlive a Receive call.
  beast::flat_buffer read_buffer;
  bool read_pending = false;
  bool read_done = false;
  beast::error_code read_ec;

  // Runs handlers until `done` or the deadline; false on the deadline.
  template <typename Done>
  bool RunUntil(Done done, std::optional<SteadyTime> deadline) {
    while (!done()) {
      if (ioc.stopped()) ioc.restart();
      if (deadline) {
        auto now = std::chrono::steady_clock::now();
        if (now >= *deadline) return false;
        ioc.run_one_for(*deadline - now);
      } else {
        ioc.run_one();
      }
    }
    return true;
  }

  // Ends the connection abruptly and lets every pending operation finish (aborted).
  void Abort() {
    if (!ws) return;
    beast::error_code ignored;
    beast::get_lowest_layer(*ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*ws).socket().close(ignored);
    RunUntil([&] { return !read_pending || read_done; }, std::nullopt);
    open = false;
  }

  void StartRead() {
    if (read_pending) return;
    read_pending = true;
    read_done = false;
    ws->async_read(read_buffer, [this](beast::error_code ec, std::size_t) {
      read_ec = ec;
      read_done = true;
    });
  }
};

WebSocketClient::WebSocketClient(WebSocketClientOptions options)
    : options_(options), impl_(std::make_unique<Impl>()) {}

WebSocketClient::~WebSocketClient() {
  if (impl_->open) (void)Close(1001, "going away");
  impl_->Abort();
}

bool WebSocketClient::is_open() const { return impl_->open; }
std::uint64_t WebSocketClient::pongs_received() const { return impl_->pongs; }

Status WebSocketClient::Connect(std::string_view host, std::uint16_t port, std::string_view target,
                                const HttpHeaders& headers) {
  Impl& impl = *impl_;
  impl.Abort();
  impl.ws.reset();
  impl.read_buffer.clear();
  impl.read_pending = impl.read_done = false;
  const std::string where = std::string(host) + ":" + std::to_string(port);
  const auto deadline = std::chrono::steady_clock::now() + options_.connect_timeout;

  std::vector<tcp::endpoint> endpoints;
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(std::string(host), ec);
  if (!ec) {
    endpoints.emplace_back(address, port);
  } else {
    tcp::resolver resolver(impl.ioc);
    bool resolved = false;
    resolver.async_resolve(std::string(host), std::to_string(port),
                           [&](beast::error_code rec, tcp::resolver::results_type results) {
                             ec = rec;
                             for (const auto& r : results) endpoints.push_back(r.endpoint());
                             resolved = true;
                           });
    if (!impl.RunUntil([&] { return resolved; }, deadline)) {
      resolver.cancel();
      impl.RunUntil([&] { return resolved; }, std::nullopt);
      return MakeError("timeout", "resolving " + std::string(host) + " took too long");
    }
    if (ec) return MakeError("connect_failed", "cannot resolve " + where + ": " + ec.message());
  }

  impl.ws.emplace(impl.ioc);
  impl.ws->read_message_max(options_.max_message_bytes);
  beast::tcp_stream& tcp_layer = beast::get_lowest_layer(*impl.ws);
  tcp_layer.expires_after(options_.connect_timeout);
  bool done = false;
  tcp_layer.async_connect(endpoints, [&](beast::error_code cec, const tcp::endpoint&) {
    ec = cec;
    done = true;
  });
  impl.RunUntil([&] { return done; }, std::nullopt);
  if (ec) {
    impl.ws.reset();
    if (ec == beast::error::timeout) {
      return MakeError("timeout", "connecting to " + where + " took too long");
    }
    return MakeError("connect_failed", "cannot connect to " + where + ": " + ec.message());
  }
  tcp_layer.socket().set_option(tcp::no_delay(true), ec);
  tcp_layer.expires_never();  // the websocket stream's own timeouts apply from here

  websocket::stream_base::timeout timeouts;
  timeouts.handshake_timeout = options_.connect_timeout;
  timeouts.idle_timeout = websocket::stream_base::none();
  timeouts.keep_alive_pings = false;
  impl.ws->set_option(timeouts);
  impl.ws->set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    req.set(beast::http::field::user_agent, "probex-websocket-client");
    for (const auto& [k, v] : headers) req.set(k, v);
  }));
  impl.ws->control_callback([&impl](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) ++impl.pongs;
  });

  websocket::response_type response;
  done = false;
  impl.ws->async_handshake(response, std::string(host) + ":" + std::to_string(port),
                           std::string(target), [&](beast::error_code hec) {
                             ec = hec;
                             done = true;
                           });
  impl.RunUntil([&] { return done; }, std::nullopt);
  if (ec) {
    impl.Abort();
    impl.ws.reset();
    if (ec == beast::error::timeout) {
      return MakeError("timeout", "the WebSocket handshake with " + where + " took too long");
    }
    std::string status =
        response.result_int() != 0 ? "HTTP " + std::to_string(response.result_int()) : ec.message();
    return MakeError("handshake_failed",
                     "WebSocket upgrade of " + std::string(target) + " refused: " + status);
  }
  impl.open = true;
  return OkStatus();
}

Status WebSocketClient::Send(std::string_view text) {
  Impl& impl = *impl_;
  if (!impl.open) return MakeError("not_open", "the WebSocket is not open");
  impl.ws->text(true);
  beast::error_code ec;
  bool done = false;
  impl.ws->async_write(asio::buffer(text.data(), text.size()),
                       [&](beast::error_code wec, std::size_t) {
                         ec = wec;
                         done = true;
                       });
  if (!impl.RunUntil([&] { return done; },
                     std::chrono::steady_clock::now() + options_.write_timeout)) {
    impl.Abort();
    impl.RunUntil([&] { return done; }, std::nullopt);
    return MakeError("timeout", "sending took longer than " +
                                    std::to_string(options_.write_timeout.count()) + " ms");
  }
  if (ec) {
    impl.Abort();
    return MakeError("connection_closed", "cannot send: " + ec.message());
  }
  return OkStatus();
}

Result<WebSocketMessage> WebSocketClient::Receive(std::chrono::milliseconds timeout) {
  Impl& impl = *impl_;
  if (!impl.ws || (!impl.open && !impl.read_done)) {
    return MakeError("not_open", "the WebSocket is not open");
  }
  impl.StartRead();
  if (!impl.RunUntil([&] { return impl.read_done; }, std::chrono::steady_clock::now() + timeout)) {
    return MakeError("timeout", "no message within " + std::to_string(timeout.count()) + " ms");
  }
  impl.read_pending = impl.read_done = false;
  const beast::error_code ec = impl.read_ec;
  if (ec == websocket::error::closed) {
    impl.open = false;
    WebSocketMessage m;
    m.kind = WebSocketMessage::Kind::kClosed;
    m.close_code = impl.ws->reason().code;
    m.close_reason = std::string(impl.ws->reason().reason.data(), impl.ws->reason().reason.size());
    return m;
  }
  if (ec) {
    impl.Abort();
    return MakeError("connection_closed", "the WebSocket connection failed: " + ec.message());
  }
  WebSocketMessage m;
  m.kind = impl.ws->got_text() ? WebSocketMessage::Kind::kText : WebSocketMessage::Kind::kBinary;
  m.data = beast::buffers_to_string(impl.read_buffer.data());
  impl.read_buffer.consume(impl.read_buffer.size());
  return m;
}

Status WebSocketClient::Ping(std::chrono::milliseconds timeout, std::string_view payload) {
  Impl& impl = *impl_;
  if (!impl.open) return MakeError("not_open", "the WebSocket is not open");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::uint64_t before = impl.pongs;
  beast::error_code ec;
  bool done = false;
  impl.ws->async_ping(
      websocket::ping_data(payload.data(), std::min<std::size_t>(payload.size(), 125)),
      [&](beast::error_code pec) {
        ec = pec;
        done = true;
      });
  if (!impl.RunUntil([&] { return done; }, deadline)) {
    impl.Abort();
    impl.RunUntil([&] { return done; }, std::nullopt);
    return MakeError("timeout", "the ping could not be sent in time");
  }
  if (ec) {
    impl.Abort();
    return MakeError("connection_closed", "cannot ping: " + ec.message());
  }
  // Pongs are seen by a read; a message read meanwhile stays for Receive.
  impl.StartRead();
  if (!impl.RunUntil([&] { return impl.pongs > before || impl.read_done; }, deadline)) {
    return MakeError("timeout", "no pong within " + std::to_string(timeout.count()) + " ms");
  }
  if (impl.pongs > before) return OkStatus();
  // A message (or the close) arrived first: wait for the pong without another read.
  if (impl.read_ec) return MakeError("connection_closed", "the connection closed before a pong");
  return MakeError("timeout", "a message arrived before the pong; call Receive first");
}

Status WebSocketClient::Close(int code, std::string_view reason) {
  Impl& impl = *impl_;
  if (!impl.open) return OkStatus();
  impl.open = false;
  beast::error_code ec;
  bool done = false;
  websocket::close_reason why(
      static_cast<websocket::close_code>(code),
      beast::string_view(reason.data(), std::min<std::size_t>(reason.size(), 123)));
  impl.ws->async_close(why, [&](beast::error_code cec) {
    ec = cec;
    done = true;
  });
  const auto deadline = std::chrono::steady_clock::now() + options_.close_timeout;
  bool finished =
      impl.RunUntil([&] { return done && (!impl.read_pending || impl.read_done); }, deadline);
  if (!finished) {
    impl.Abort();
    impl.RunUntil([&] { return done; }, std::nullopt);
    return MakeError("timeout", "the peer did not answer the close in time");
  }
  impl.read_pending = impl.read_done = false;
  if (ec && ec != asio::error::operation_aborted) {
    impl.Abort();
    return MakeError("connection_closed", "closing failed: " + ec.message());
  }
  return OkStatus();
}

}  // namespace probex::net
