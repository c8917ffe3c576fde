#include "net/websocket_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "net/http_client.h"
#include "net/http_server.h"
#include "net/router.h"
#include "net/websocket_session.h"

namespace probex::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// A blocking Beast WebSocket echo server on 127.0.0.1:0. "close:<code>" makes it close with that
// code; "ping" makes it ping the client first; "/plain" is answered 426 like an HTTP endpoint;
// "/auth" needs X-API-Key: secret.
class EchoServer {
 public:
  EchoServer() : acceptor_(ioc_, tcp::endpoint(tcp::v4(), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~EchoServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    asio::io_context ioc;
    tcp::socket wake(ioc);
    beast::error_code ec;
    wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    accept_thread_.join();
    for (auto& t : threads_) t.join();
  }

  std::uint16_t port() const { return port_; }
  // Blocks until a session ended with a close frame from the client; returns its code.
  int WaitClientClose() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !client_close_codes_.empty(); });
    return client_close_codes_.front();
  }

 private:
  void AcceptLoop() {
    while (true) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      std::lock_guard lock(mutex_);
      if (stopping_ || ec) return;
      fds_.push_back(socket.native_handle());
      threads_.emplace_back([this, s = std::move(socket)]() mutable { Serve(std::move(s)); });
    }
  }

  void Serve(tcp::socket socket) {
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    beast::error_code ec;
    http::read(socket, buffer, req, ec);
    if (ec) return;
    bool refuse = !websocket::is_upgrade(req) || req.target() == "/plain" ||
                  (req.target() == "/auth" && req["X-API-Key"] != "secret");
    if (refuse) {
      http::response<http::string_body> res{
          req.target() == "/auth" ? http::status::unauthorized : http::status::upgrade_required,
          11};
      res.body() = "upgrade required";
      res.prepare_payload();
      http::write(socket, res, ec);
      return;
    }
    websocket::stream<tcp::socket> ws(std::move(socket));
    ws.accept(req, ec);
    if (ec) return;
    while (true) {
      buffer.consume(buffer.size());
      ws.read(buffer, ec);
      if (ec == websocket::error::closed) {
        std::lock_guard lock(mutex_);
        client_close_codes_.push_back(ws.reason().code);
        cv_.notify_all();
        return;
      }
      if (ec) return;
      std::string text = beast::buffers_to_string(buffer.data());
      if (text.rfind("close:", 0) == 0) {
        ws.close(websocket::close_reason(
                     static_cast<websocket::close_code>(std::stoi(text.substr(6))), "bye"),
                 ec);
        while (!ec) ws.read(buffer, ec);  // drain until the client's close answer
        return;
      }
      if (text == "ping") ws.ping("srv", ec);
      ws.text(ws.got_text());
      ws.write(buffer.data(), ec);
      if (ec) return;
    }
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread accept_thread_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> fds_;
  std::vector<int> client_close_codes_;
  bool stopping_ = false;
};

constexpr auto kWait = std::chrono::seconds(30);

TEST(WebSocketClientTest, EchoesTextMessages) {
  EchoServer server;
  WebSocketClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws").ok());
  EXPECT_TRUE(client.is_open());
  for (std::string text : {std::string("hello"), std::string(100'000, 'x'), std::string("")}) {
    ASSERT_TRUE(client.Send(text).ok());
    Result<WebSocketMessage> m = client.Receive(kWait);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->kind, WebSocketMessage::Kind::kText);
    EXPECT_EQ(m->data, text);
  }
  EXPECT_TRUE(client.Close(1000, "done").ok());
  EXPECT_EQ(server.WaitClientClose(), 1000);
  EXPECT_FALSE(client.is_open());
  EXPECT_EQ(client.Send("x").error().code, "not_open");
}

TEST(WebSocketClientTest, ServerCloseCodeAndReasonAreReported) {
  EchoServer server;
  WebSocketClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws").ok());
  ASSERT_TRUE(client.Send("close:4001").ok());
  Result<WebSocketMessage> m = client.Receive(kWait);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_TRUE(m->closed());
  EXPECT_EQ(m->close_code, 4001);
  EXPECT_EQ(m->close_reason, "bye");
  EXPECT_FALSE(client.is_open());
  EXPECT_EQ(client.Receive(kWait).error().code, "not_open");
  EXPECT_TRUE(client.Close().ok());  // already closed: nothing to do
}

TEST(WebSocketClientTest, ReceiveTimeoutKeepsTheConnectionAndLosesNothing) {
  EchoServer server;
  WebSocketClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws").ok());
  Result<WebSocketMessage> m = client.Receive(std::chrono::milliseconds(20));
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, "timeout");
  EXPECT_TRUE(client.is_open());
  ASSERT_TRUE(client.Send("after").ok());
  m = client.Receive(kWait);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->data, "after");
}

TEST(WebSocketClientTest, CloseWhileAReadIsPending) {
  EchoServer server;
  WebSocketClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws").ok());
  EXPECT_EQ(client.Receive(std::chrono::milliseconds(1)).error().code, "timeout");
  Status s = client.Close(4002, "pending");
  EXPECT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(server.WaitClientClose(), 4002);
  EXPECT_FALSE(client.is_open());
}

TEST(WebSocketClientTest, PingGetsAPongAndServerPingsAreAnswered) {
  EchoServer server;
  WebSocketClient client;
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws").ok());
  ASSERT_TRUE(client.Ping(kWait, "hi").ok());
  EXPECT_EQ(client.pongs_received(), 1u);
  // The server pings, then echoes: the client answers the ping inside Receive.
  ASSERT_TRUE(client.Send("ping").ok());
  Result<WebSocketMessage> m = client.Receive(kWait);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->data, "ping");
  EXPECT_TRUE(client.Close(4000, "bye").ok());
  EXPECT_EQ(server.WaitClientClose(), 4000);
}

TEST(WebSocketClientTest, HandshakeHeadersAndRefusals) {
  EchoServer server;
  WebSocketClient client;
  Status s = client.Connect("127.0.0.1", server.port(), "/plain");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "handshake_failed");
  EXPECT_EQ(s.error().message, "WebSocket upgrade of /plain refused: HTTP 426");
  s = client.Connect("127.0.0.1", server.port(), "/auth");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "WebSocket upgrade of /auth refused: HTTP 401");
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/auth", {{"X-API-Key", "secret"}}).ok());
  ASSERT_TRUE(client.Send("ok").ok());
  EXPECT_EQ(client.Receive(kWait)->data, "ok");
}

TEST(WebSocketClientTest, ConnectFailure) {
  std::uint16_t port;
  {
    EchoServer gone;
    port = gone.port();
  }
  WebSocketClient client;
  Status s = client.Connect("127.0.0.1", port, "/ws");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "connect_failed");
  EXPECT_FALSE(client.is_open());
}

TEST(WebSocketClientTest, DestructorClosesCleanly) {
  EchoServer server;
  {
    WebSocketClient client;
    ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws").ok());
  }
  EXPECT_EQ(server.WaitClientClose(), 1001);
}

// Against the probex HttpServer's WebSocketSession (net/websocket_session.h).
TEST(WebSocketClientWithServerTest, EchoPingCloseCodeAndRefusals) {
  Router router;
  router.AddWebSocket("/ws", [](HttpRequest& req, const std::shared_ptr<WebSocketSession>& ws) {
    if (req.Header("X-API-Key") != "k") {
      ws->Reject(HttpResponse::Json(401, R"({"error":"Unauthorized"})"));
      return;
    }
    std::weak_ptr<WebSocketSession> weak = ws;
    ws->SetOnMessage([weak](std::string message, bool) {
      std::shared_ptr<WebSocketSession> session = weak.lock();
      if (!session) return;
      if (message == "bye") {
        session->Close(4001, "bye");
      } else {
        session->Send(std::move(message));
      }
    });
  });
  HttpServerOptions options;
  options.access_log = false;
  options.shutdown_grace = std::chrono::milliseconds(500);
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());

  WebSocketClient client;
  Status s = client.Connect("127.0.0.1", server.port(), "/ws");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "WebSocket upgrade of /ws refused: HTTP 401");
  ASSERT_TRUE(client.Connect("127.0.0.1", server.port(), "/ws", {{"X-API-Key", "k"}}).ok());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.Send("m" + std::to_string(i)).ok());
    Result<WebSocketMessage> m = client.Receive(kWait);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_EQ(m->data, "m" + std::to_string(i));
  }
  ASSERT_TRUE(client.Ping(kWait).ok());
  ASSERT_TRUE(client.Send("bye").ok());
  Result<WebSocketMessage> closed = client.Receive(kWait);
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_TRUE(closed->closed());
  EXPECT_EQ(closed->close_code, 4001);
  EXPECT_EQ(closed->close_reason, "bye");

  // A plain GET on the WebSocket path answers 426.
  HttpClient http("127.0.0.1", server.port());
  Result<HttpResponse> plain = http.Get("/ws");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(plain->status, 426);
}

}  // namespace
}  // namespace probex::net
