#include "net/websocket_session.h"

#include <gtest/gtest.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <condition_variable>
#include <mutex>

#include "net/http_server.h"
#include "net/test_peer.h"

namespace probex::net {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;
using testing::TestPeer;

HttpServerOptions QuietOptions() {
  HttpServerOptions options;
  options.access_log = false;
  return options;
}

template <typename T>
class Slot {
 public:
  void Set(T v) {
    std::lock_guard lock(mu_);
    value_ = std::move(v);
    cv_.notify_all();
  }
  std::optional<T> WaitFor(std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [this] { return value_.has_value(); });
    return value_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<T> value_;
};

// A blocking Beast WebSocket client with a receive timeout.
class WsClient {
 public:
  explicit WsClient(std::uint16_t port, std::string_view target = "/ws") : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    timeval tv{20, 0};
    ::setsockopt(ws_.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ws_.handshake("127.0.0.1", std::string(target), handshake_error_);
  }
  bool ok() const { return !handshake_error_; }
  const beast::error_code& handshake_error() const { return handshake_error_; }
  void Write(const std::string& text) { ws_.write(boost::asio::buffer(text)); }
  // The next message, or the error that ended the read.
  std::string Read(beast::error_code& ec) {
    beast::flat_buffer buffer;
    ws_.read(buffer, ec);
    return beast::buffers_to_string(buffer.data());
  }
  websocket::stream<tcp::socket>& ws() { return ws_; }

 private:
  boost::asio::io_context ioc_;
  websocket::stream<tcp::socket> ws_;
  beast::error_code handshake_error_;
};

Router EchoRouter(Slot<std::pair<std::uint16_t, std::string>>* closed) {
  Router router;
  router.AddWebSocket(
      "/ws", [closed](HttpRequest& req, const std::shared_ptr<WebSocketSession>& ws) {
        if (req.Query("deny")) {
          ws->Reject(HttpResponse::Json(401, R"({"error":"Unauthorized","message":"no key"})"));
          return;
        }
        ws->Send("welcome " + req.request_id().substr(0, 0) + std::string(req.route()));
        std::weak_ptr<WebSocketSession> weak = ws;
        ws->SetOnMessage([weak](std::string message, bool) {
          auto self = weak.lock();
          if (!self) return;
          if (message.starts_with("close:")) {
            self->Close(4000, message.substr(6));
            return;
          }
          self->Send("echo:" + message);
        });
        ws->SetOnClose([closed](std::uint16_t code, std::string_view reason) {
          if (closed) closed->Set({code, std::string(reason)});
        });
      });
  return router;
}

TEST(WebSocketSessionTest, EchoesMessagesAndCountsSubscribers) {
  auto metrics = std::make_shared<MetricsRegistry>();
  Slot<std::pair<std::uint16_t, std::string>> closed;
  HttpServer server(QuietOptions(), EchoRouter(&closed), metrics);
  ASSERT_TRUE(server.Start().ok());
  WsClient client(server.port());
  ASSERT_TRUE(client.ok()) << client.handshake_error().message();
  beast::error_code ec;
  EXPECT_EQ(client.Read(ec), "welcome /ws");
  for (int i = 0; i < 50; ++i) {
    client.Write("m" + std::to_string(i));
    EXPECT_EQ(client.Read(ec), "echo:m" + std::to_string(i));
    ASSERT_FALSE(ec);
  }
  EXPECT_EQ(metrics->GetGauge("probex_stream_subscribers", "", {{"kind", "websocket"}}).value(), 1);
  // Client-initiated close: the server sees the client's code.
  client.ws().close(websocket::close_reason(websocket::close_code::normal, "done"));
  auto c = closed.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first, 1000);
  EXPECT_EQ(c->second, "done");
}

TEST(WebSocketSessionTest, ServerCloseSendsItsCodeAndReason) {
  Slot<std::pair<std::uint16_t, std::string>> closed;
  HttpServer server(QuietOptions(), EchoRouter(&closed));
  ASSERT_TRUE(server.Start().ok());
  WsClient client(server.port());
  ASSERT_TRUE(client.ok());
  beast::error_code ec;
  client.Read(ec);
  client.Write("close:bye now");
  client.Read(ec);
  EXPECT_EQ(ec, websocket::error::closed);
  EXPECT_EQ(client.ws().reason().code, 4000);
  EXPECT_EQ(std::string(client.ws().reason().reason.data(), client.ws().reason().reason.size()),
            "bye now");
  auto c = closed.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first, 4000);
}

TEST(WebSocketSessionTest, PlainGetOnWebSocketPathIs426InTheServiceShape) {
  HttpServer server(QuietOptions(), EchoRouter(nullptr));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  auto res = peer.Request("GET", "/ws");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 426);
  EXPECT_EQ((*res)[beast::http::field::upgrade], "websocket");
  auto body = boost::json::parse(res->body()).as_object();
  EXPECT_EQ(body["error"].as_string(), "UpgradeRequired");
  // The connection stays usable.
  EXPECT_EQ(peer.Request("GET", "/ws")->result_int(), 426);
}

TEST(WebSocketSessionTest, HandlerCanRejectTheUpgrade) {
  HttpServer server(QuietOptions(), EchoRouter(nullptr));
  ASSERT_TRUE(server.Start().ok());
  WsClient client(server.port(), "/ws?deny=1");
  EXPECT_FALSE(client.ok());
}

TEST(WebSocketSessionTest, ServerStopClosesWithGoingAway) {
  Slot<std::pair<std::uint16_t, std::string>> closed;
  HttpServer server(QuietOptions(), EchoRouter(&closed));
  ASSERT_TRUE(server.Start().ok());
  WsClient client(server.port());
  ASSERT_TRUE(client.ok());
  beast::error_code ec;
  client.Read(ec);
  // The client keeps reading so it answers the close handshake.
  Slot<beast::error_code> read_end;
  std::thread reader([&] {
    beast::error_code e;
    while (!e) client.Read(e);
    read_end.Set(e);
  });
  server.Stop();
  auto e = read_end.WaitFor(std::chrono::seconds(20));
  reader.join();
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, websocket::error::closed);
  EXPECT_EQ(client.ws().reason().code, 1001);
  auto c = closed.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first, 1001);
}

TEST(WebSocketSessionTest, SlowConsumerIsDroppedWithBoundedQueue) {
  Slot<std::pair<std::uint16_t, std::string>> closed;
  Slot<std::shared_ptr<WebSocketSession>> session;
  Router router;
  router.AddWebSocket("/ws", [&](HttpRequest&, const std::shared_ptr<WebSocketSession>& ws) {
    ws->options().max_queued_bytes = 128 * 1024;
    ws->SetOnClose([&](std::uint16_t code, std::string_view reason) {
      closed.Set({code, std::string(reason)});
    });
    session.Set(ws);
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  WsClient client(server.port());
  ASSERT_TRUE(client.ok());
  int small = 4096;
  ::setsockopt(client.ws().next_layer().native_handle(), SOL_SOCKET, SO_RCVBUF, &small,
               sizeof small);
  auto ws = *session.WaitFor(std::chrono::seconds(20));
  std::string message(16 * 1024, 'w');
  int sent = 0;
  while (sent < 1'000'000 && ws->Send(message)) ++sent;  // the client never reads
  EXPECT_LT(sent, 1'000'000);
  auto c = closed.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->first, close_code::kTryAgainLater);
  EXPECT_TRUE(ws->closed());
}

}  // namespace
}  // namespace probex::net
