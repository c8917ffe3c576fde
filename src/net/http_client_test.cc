#include "net/http_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "net/http_server.h"
#include "net/rate_limiter.h"
#include "net/router.h"

namespace probex::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A small blocking HTTP server on 127.0.0.1:0 whose behaviour each test scripts, counting
// connections and requests as the server sees them.
class ScriptedServer {
 public:
  enum class After {
    kKeepAlive,       // answer and keep reading on the connection
    kClose,           // answer with Connection: close, then close
    kCloseSilently,   // answer without saying so, then close (a keep-alive the server drops)
    kNeverAnswer,     // read the request, never answer
    kDropUnanswered,  // read the request, close without answering
  };
  using Handler = std::function<After(const http::request<http::string_body>&,
                                      http::response<http::string_body>&)>;

  explicit ScriptedServer(Handler handler)
      : handler_(std::move(handler)), acceptor_(ioc_, tcp::endpoint(tcp::v4(), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~ScriptedServer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    cv_.notify_all();
    // Wake the blocking accept with a connection of our own.
    asio::io_context ioc;
    tcp::socket wake(ioc);
    beast::error_code ec;
    wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    accept_thread_.join();
    for (auto& t : connection_threads_) t.join();
  }

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }
  // Blocks until the server has closed `n` connections.
  void WaitClosed(int n) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return closed_ >= n; });
  }

 private:
  void AcceptLoop() {
    while (true) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      std::lock_guard lock(mutex_);
      if (stopping_ || ec) return;
      connections_.fetch_add(1);
      fds_.push_back(socket.native_handle());
      connection_threads_.emplace_back(
          [this, s = std::move(socket)]() mutable { Serve(std::move(s)); });
    }
  }

  void Serve(tcp::socket socket) {
    beast::flat_buffer buffer;
    while (true) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) break;
      requests_.fetch_add(1);
      http::response<http::string_body> res{http::status::ok, 11};
      After after = handler_(req, res);
      if (after == After::kNeverAnswer) {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return stopping_; });
        break;
      }
      if (after == After::kDropUnanswered) break;
      res.keep_alive(after == After::kKeepAlive || after == After::kCloseSilently);
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || after != After::kKeepAlive) break;
    }
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    std::lock_guard lock(mutex_);
    fds_.erase(std::remove(fds_.begin(), fds_.end(), socket.native_handle()), fds_.end());
    socket.close(ignored);
    ++closed_;
    cv_.notify_all();
  }

  Handler handler_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread accept_thread_;
  std::vector<std::thread> connection_threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> fds_;
  bool stopping_ = false;
  int closed_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
};

ScriptedServer::After Echo(const http::request<http::string_body>& req,
                           http::response<http::string_body>& res) {
  res.set(http::field::content_type, "application/json");
  std::string auth(req[http::field::authorization]);
  std::string key(req["X-API-Key"]);
  res.body() = R"({"method":")" + std::string(req.method_string()) + R"(","target":")" +
               std::string(req.target()) + R"(","body":)" +
               (req.body().empty() ? std::string("null") : req.body()) + R"(,"auth":")" + auth +
               R"(","key":")" + key + R"(","price":0.62})";
  res.set("X-Request-Id", "r-" + std::to_string(req.body().size()));
  return ScriptedServer::After::kKeepAlive;
}

TEST(HttpClientTest, ManyRequestsReuseOneKeepAliveConnection) {
  ScriptedServer server(Echo);
  HttpClient client("127.0.0.1", server.port());
  for (int i = 0; i < 50; ++i) {
    Result<JsonResponse> r =
        client.PostJson("/api/v1/bets", R"({"amount":50.5,"i":)" + std::to_string(i) + "}");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->json.root.at("method").as_string(), "POST");
    EXPECT_EQ(r->json.root.at("body").at("i").as_int64(), i);
    EXPECT_EQ(r->json.NumberText("/body/amount"), "50.5");
    EXPECT_EQ(r->json.NumberText("/price"), "0.62");
  }
  for (int i = 0; i < 50; ++i) {
    Result<HttpResponse> r = client.Get("/healthz");
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.requests(), 100);
  EXPECT_EQ(client.connections_opened(), 1u);
}

TEST(HttpClientTest, SendsDefaultAndPerRequestHeaders) {
  ScriptedServer server(Echo);
  HttpClient client("127.0.0.1", server.port());
  client.SetDefaultHeader("Authorization", "Bearer ak_default");
  Result<JsonResponse> r = client.GetJson("/x?a=1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->json.root.at("auth").as_string(), "Bearer ak_default");
  EXPECT_EQ(r->json.root.at("target").as_string(), "/x?a=1");
  r = client.GetJson("/x", {{"authorization", "Bearer ak_other"}, {"X-API-Key", "mk_live_k"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->json.root.at("auth").as_string(), "Bearer ak_other");
  EXPECT_EQ(r->json.root.at("key").as_string(), "mk_live_k");
  EXPECT_EQ(r->Header("x-request-id"), "r-0");
  EXPECT_EQ(r->Header("Content-Type"), "application/json");
  EXPECT_EQ(r->Header("nope"), "");
  Result<HttpResponse> d = client.Request("DELETE", "/orders/1");
  ASSERT_TRUE(d.ok());
  EXPECT_NE(d->body.find(R"("method":"DELETE")"), std::string::npos);
}

TEST(HttpClientTest, TimesOutOnAServerThatNeverAnswers) {
  ScriptedServer server([](const auto&, auto&) { return ScriptedServer::After::kNeverAnswer; });
  HttpClientOptions options;
  options.request_timeout = std::chrono::milliseconds(200);
  HttpClient client("127.0.0.1", server.port(), options);
  Result<HttpResponse> r = client.Get("/slow");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "timeout");
  EXPECT_EQ(r.error().message, "GET /slow: no response within 200 ms");
  EXPECT_FALSE(client.connected());
}

TEST(HttpClientTest, ReconnectsWhenTheServerClosedTheIdleConnection) {
  ScriptedServer server([](const auto& req, auto& res) {
    res.body() = "ok";
    return req.target() == "/close" ? ScriptedServer::After::kCloseSilently
                                    : ScriptedServer::After::kKeepAlive;
  });
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.Get("/close").ok());
  // The server closed its end after answering; the client notices before reuse, even for a POST.
  server.WaitClosed(1);
  Result<HttpResponse> r = client.Post("/next", "{}");
  if (!r.ok()) FAIL() << r.error().message;
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(client.connections_opened(), 2u);
}

TEST(HttpClientTest, ConnectionCloseHeaderEndsTheConnection) {
  ScriptedServer server([](const auto&, auto& res) {
    res.body() = "bye";
    return ScriptedServer::After::kClose;
  });
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.Get("/a").ok());
  EXPECT_FALSE(client.connected());
  ASSERT_TRUE(client.Get("/b").ok());
  EXPECT_EQ(server.connections(), 2);
}

TEST(HttpClientTest, RetriesAnIdempotentRequestButNeverResendsAPost) {
  // The server reads each request on the second connection and drops it unanswered, as a server
  // restarting mid-request would: GET is retried once, POST is reported, never resent.
  std::atomic<int> seen{0};
  ScriptedServer server([&](const auto& req, auto& res) {
    int n = seen.fetch_add(1);
    res.body() = "ok";
    if (n == 0) return ScriptedServer::After::kKeepAlive;  // establishes the connection
    if (n == 1 && req.method() == http::verb::post) {
      return ScriptedServer::After::kDropUnanswered;
    }
    return ScriptedServer::After::kKeepAlive;
  });
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.Get("/warm").ok());
  Result<HttpResponse> post = client.Post("/api/v1/orders", R"({"q":1})");
  ASSERT_FALSE(post.ok());
  EXPECT_EQ(post.error().code, "connection_closed");
  EXPECT_NE(post.error().message.find("not retried"), std::string::npos) << post.error().message;
  EXPECT_EQ(server.requests(), 2);  // the POST reached the server exactly once
  // A fresh connection serves the next request.
  Result<HttpResponse> next = client.Get("/again");
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(server.connections(), 2);
}

TEST(HttpClientTest, GetIsRetriedOnceOnAStaleReusedConnection) {
  std::atomic<int> seen{0};
  ScriptedServer server([&](const auto&, auto& res) {
    int n = seen.fetch_add(1);
    res.body() = "ok" + std::to_string(n);
    return n == 1 ? ScriptedServer::After::kDropUnanswered : ScriptedServer::After::kKeepAlive;
  });
  HttpClient client("127.0.0.1", server.port());
  ASSERT_TRUE(client.Get("/warm").ok());
  Result<HttpResponse> r = client.Get("/retried");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, "ok2");
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(server.connections(), 2);
}

TEST(HttpClientTest, ReportsConnectFailureAndRecovers) {
  std::uint16_t port;
  {
    ScriptedServer gone(Echo);
    port = gone.port();
  }
  HttpClientOptions options;
  options.connect_timeout = std::chrono::milliseconds(2000);
  HttpClient client("127.0.0.1", port, options);
  Result<HttpResponse> r = client.Get("/");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "connect_failed");
  EXPECT_NE(r.error().message.find("cannot connect to 127.0.0.1:"), std::string::npos);
}

TEST(HttpClientTest, ResolvesHostNames) {
  ScriptedServer server(Echo);
  HttpClient client("localhost", server.port());
  Result<HttpResponse> r = client.Get("/");
  if (!r.ok() && r.error().code == "connect_failed") {
    GTEST_SKIP() << "localhost does not resolve to 127.0.0.1 here: " << r.error().message;
  }
  ASSERT_TRUE(r.ok()) << r.error().message;
}

TEST(HttpClientTest, BodyLimitAndNonJsonBodies) {
  ScriptedServer server([](const auto& req, auto& res) {
    res.result(http::status::bad_gateway);
    res.body() = req.target() == "/big" ? std::string(10'000, 'x') : "oops";
    return ScriptedServer::After::kKeepAlive;
  });
  HttpClientOptions options;
  options.max_body_bytes = 1000;
  HttpClient client("127.0.0.1", server.port(), options);
  Result<HttpResponse> big = client.Get("/big");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, "body_too_large");
  Result<HttpResponse> raw = client.Get("/small");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->status, 502);
  EXPECT_EQ(raw->body, "oops");
  Result<JsonResponse> json = client.GetJson("/small");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "invalid_json");
  EXPECT_EQ(json.error().message,
            "GET /small: HTTP 502 with a body that is not JSON (invalid JSON at byte 0: syntax "
            "error): oops");
}

TEST(HttpClientTest, ParsesUrls) {
  Result<HttpUrl> u = ParseHttpUrl("http://127.0.0.1:8700/api/v1/markets?status=ACTIVE&limit=5");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8700);
  EXPECT_EQ(u->target, "/api/v1/markets?status=ACTIVE&limit=5");
  u = ParseHttpUrl("http://example.com");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(ParseHttpUrl("https://x/").error().code, "invalid_url");
  EXPECT_EQ(ParseHttpUrl("not a url").error().code, "invalid_url");
}

// Against the probex HttpServer itself (net/http_server.h).
TEST(HttpClientWithServerTest, KeepAliveJsonErrorsAndRateLimits) {
  ManualClock clock;
  auto limiter = std::make_shared<RateLimiter>(clock);
  limiter->SetRule("orders", RateRule{2, 60'000});
  Router router;
  router.Post("/echo", [](HttpRequest& req, Responder respond) {
    respond(HttpResponse::Json(200, req.body()));
  });
  RouteOptions limited;
  limited.rate_rules = {"orders"};
  router.Post(
      "/orders",
      [](HttpRequest&, Responder respond) { respond(HttpResponse::Json(201, R"({"ok":true})")); },
      limited);
  HttpServerOptions options;
  options.access_log = false;
  options.rate_limiter = limiter;
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());

  HttpClient client("127.0.0.1", server.port());
  for (int i = 0; i < 100; ++i) {
    Result<JsonResponse> r =
        client.PostJson("/echo", R"({"price":0.62,"i":)" + std::to_string(i) + "}");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->json.NumberText("/price"), "0.62");
    EXPECT_EQ(r->json.root.at("i").as_int64(), i);
  }
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(server.open_connections(), 1u);

  EXPECT_EQ(client.PostJson("/orders", "{}")->status, 201);
  EXPECT_EQ(client.PostJson("/orders", "{}")->status, 201);
  Result<JsonResponse> limited_res = client.PostJson("/orders", "{}");
  ASSERT_TRUE(limited_res.ok()) << limited_res.error().message;
  EXPECT_EQ(limited_res->status, 429);
  EXPECT_EQ(limited_res->Header("Retry-After"), "30");
  clock.AdvanceMillis(30'000);
  EXPECT_EQ(client.PostJson("/orders", "{}")->status, 201);

  Result<JsonResponse> missing = client.GetJson("/nope");
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_EQ(missing->status, 404);
  EXPECT_TRUE(missing->json.root.as_object().contains("error"));
  EXPECT_EQ(client.connections_opened(), 1u);
}

}  // namespace
}  // namespace probex::net
