#include "net/http_server.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "net/access_log.h"
#include "net/health_routes.h"
#include "net/rate_limiter.h"
#include "net/test_peer.h"

namespace probex::net {
namespace {

using testing::TestPeer;
namespace http = boost::beast::http;

HttpServerOptions QuietOptions() {
  HttpServerOptions options;
  options.access_log = false;
  return options;
}

// A one-shot latch that tests wait on instead of sleeping.
class Latch {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool WaitFor(std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(HttpServerTest, ManySequentialRequestsOnOneKeepAliveConnection) {
  Router router;
  router.Post("/echo", [](HttpRequest& req, Responder respond) {
    respond(HttpResponse::Text(200, req.body()));
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  for (int i = 0; i < 200; ++i) {
    auto res = peer.Request("POST", "/echo", "n=" + std::to_string(i));
    ASSERT_TRUE(res) << "request " << i;
    EXPECT_EQ(res->result_int(), 200);
    EXPECT_EQ(res->body(), "n=" + std::to_string(i));
    EXPECT_TRUE(res->keep_alive());
  }
  EXPECT_EQ(server.open_connections(), 1u);
  // Pipelined: two requests in one write are answered in order.
  peer.SendRaw(
      "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nA"
      "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nB");
  auto a = peer.Read();
  auto b = peer.Read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body(), "A");
  EXPECT_EQ(b->body(), "B");
}

TEST(HttpServerTest, ConnectionCloseIsHonoured) {
  Router router;
  router.Get("/x", [](HttpRequest&, Responder respond) { respond(HttpResponse::Text(200, "x")); });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  auto res = peer.Request("GET", "/x", {}, {{"Connection", "close"}});
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->keep_alive());
  EXPECT_TRUE(peer.ReadUntilClosed());
}

TEST(HttpServerTest, BodyOverTheLimitIs413) {
  HttpServerOptions options = QuietOptions();
  options.max_body_bytes = 1000;
  Router router;
  router.Post("/echo", [](HttpRequest& req, Responder respond) {
    respond(HttpResponse::Text(200, req.body()));
  });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  {
    TestPeer peer(server.port());
    auto ok = peer.Request("POST", "/echo", std::string(1000, 'a'));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->result_int(), 200);
    auto res = peer.Request("POST", "/echo", std::string(1001, 'a'));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 413);
    auto body = boost::json::parse(res->body()).as_object();
    EXPECT_EQ(body["error"].as_string(), "PayloadTooLarge");
    EXPECT_FALSE(res->keep_alive());
  }
  {
    // Chunked bodies are limited too.
    TestPeer peer(server.port());
    std::string chunk(600, 'b');
    peer.SendRaw("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" +
                 chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    auto res = peer.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->result_int(), 413);
  }
}

TEST(HttpServerTest, HeadersOverTheLimitAre431) {
  HttpServerOptions options = QuietOptions();
  options.max_header_bytes = 1024;
  Router router;
  router.Get("/x", [](HttpRequest&, Responder respond) { respond(HttpResponse::Text(200, "x")); });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  auto res = peer.Request("GET", "/x", {}, {{"X-Big", std::string(2000, 'h')}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 431);
}

TEST(HttpServerTest, ExpectContinueGetsInterimResponse) {
  Router router;
  router.Post("/echo", [](HttpRequest& req, Responder respond) {
    respond(HttpResponse::Text(200, req.body()));
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  peer.SendRaw(
      "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  std::string interim;
  ASSERT_TRUE(peer.ReadUntil("\r\n\r\n", interim));
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  peer.SendRaw("hello");
  auto res = peer.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body(), "hello");
}

TEST(HttpServerTest, ReadTimeoutClosesAHalfSentRequest) {
  HttpServerOptions options = QuietOptions();
  options.read_timeout = std::chrono::milliseconds(200);
  Router router;
  router.Get("/x", [](HttpRequest&, Responder respond) { respond(HttpResponse::Text(200, "x")); });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  peer.SendRaw("GET /x HTTP/1.1\r\nHost: a\r\n");  // never finished
  EXPECT_TRUE(peer.ReadUntilClosed());             // the server gives up and closes
}

TEST(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpServerOptions options = QuietOptions();
  options.idle_timeout = std::chrono::milliseconds(200);
  Router router;
  router.Get("/x", [](HttpRequest&, Responder respond) { respond(HttpResponse::Text(200, "x")); });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  ASSERT_TRUE(peer.Request("GET", "/x"));
  EXPECT_TRUE(peer.ReadUntilClosed());
}

TEST(HttpServerTest, AsyncResponderAnswersFromAnotherThreadWithoutBlockingIo) {
  // One I/O thread: if the first handler blocked it, the second request could not be served.
  HttpServerOptions options = QuietOptions();
  options.io_threads = 1;
  Latch second_served;
  std::vector<std::thread> workers;
  std::mutex workers_mu;
  Router router;
  router.Get("/slow", [&](HttpRequest&, Responder respond) {
    std::lock_guard lock(workers_mu);
    workers.emplace_back([&second_served, respond = std::move(respond)]() mutable {
      second_served.WaitFor(std::chrono::seconds(20));
      respond(HttpResponse::Text(200, "slow done"));
    });
  });
  router.Get("/fast", [&](HttpRequest&, Responder respond) {
    respond(HttpResponse::Text(200, "fast"));
    second_served.Open();
  });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer slow(server.port());
  slow.Send("GET", "/slow");
  TestPeer fast(server.port());
  auto f = fast.Request("GET", "/fast");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->body(), "fast");
  auto s = slow.Read();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->result_int(), 200);
  EXPECT_EQ(s->body(), "slow done");
  // The keep-alive connection goes on after the async answer.
  slow.Send("GET", "/fast");
  ASSERT_TRUE(slow.Read());
  std::lock_guard lock(workers_mu);
  for (auto& w : workers) w.join();
}

TEST(HttpServerTest, DroppedResponderAndThrowingHandlerAnswer500) {
  Router router;
  router.Get("/drop", [](HttpRequest&, Responder) {});
  router.Get("/throw", [](HttpRequest&, Responder) { throw std::runtime_error("boom"); });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  auto a = peer.Request("GET", "/drop");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->result_int(), 500);
  auto b = peer.Request("GET", "/throw");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->result_int(), 500);
}

TEST(HttpServerTest, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  Router router;
  router.Get("/id", [](HttpRequest& req, Responder respond) {
    respond(HttpResponse::Text(200, req.request_id()));
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  auto a = peer.Request("GET", "/id", {}, {{"X-Request-Id", "client-abc.1:2"}});
  ASSERT_TRUE(a);
  EXPECT_EQ((*a)["X-Request-Id"], "client-abc.1:2");
  EXPECT_EQ(a->body(), "client-abc.1:2");
  auto b = peer.Request("GET", "/id", {}, {{"X-Request-Id", "bad id with spaces"}});
  ASSERT_TRUE(b);
  EXPECT_NE((*b)["X-Request-Id"], "bad id with spaces");
  EXPECT_FALSE((*b)["X-Request-Id"].empty());
  auto c = peer.Request("GET", "/id");
  ASSERT_TRUE(c);
  EXPECT_NE((*c)["X-Request-Id"], (*b)["X-Request-Id"]);
  EXPECT_EQ(c->body(), std::string((*c)["X-Request-Id"]));
}

TEST(HttpServerTest, RateLimitAnswers429WithRetryAfter) {
  ManualClock clock;
  auto limiter = std::make_shared<RateLimiter>(clock);
  limiter->SetRule("orders", RateRule{2, 60'000});
  limiter->SetRule("global", RateRule{100, 60'000});
  HttpServerOptions options = QuietOptions();
  options.rate_limiter = limiter;
  Router router;
  router.Post("/orders",
              [](HttpRequest&, Responder respond) { respond(HttpResponse::Json(201, "{}")); },
              {.rate_rules = {"global", "orders"}});
  router.Get("/free",
             [](HttpRequest&, Responder respond) { respond(HttpResponse::Json(200, "{}")); });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  EXPECT_EQ(peer.Request("POST", "/orders")->result_int(), 201);
  EXPECT_EQ(peer.Request("POST", "/orders")->result_int(), 201);
  auto denied = peer.Request("POST", "/orders");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->result_int(), 429);
  // One token per 30 s: the wait is 30 s, in whole seconds.
  EXPECT_EQ((*denied)[http::field::retry_after], "30");
  auto body = boost::json::parse(denied->body()).as_object();
  EXPECT_EQ(body["error"].as_string(), "RateLimited");
  // Other routes are not limited.
  EXPECT_EQ(peer.Request("GET", "/free")->result_int(), 200);
  // Time passes: a token is back.
  clock.AdvanceMillis(30'000);
  EXPECT_EQ(peer.Request("POST", "/orders")->result_int(), 201);
  // A sub-second wait still says at least 1.
  clock.AdvanceMillis(29'500);
  auto again = peer.Request("POST", "/orders");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->result_int(), 429);
  EXPECT_EQ((*again)[http::field::retry_after], "1");
}

TEST(HttpServerTest, GracefulStopFinishesInFlightRequestAndRefusesNewConnections) {
  Latch handler_entered;
  Latch release;
  std::thread worker;
  Router router;
  router.Get("/slow", [&](HttpRequest&, Responder respond) {
    worker = std::thread([&, respond = std::move(respond)]() mutable {
      release.WaitFor(std::chrono::seconds(20));
      respond(HttpResponse::Text(200, "finished"));
    });
    handler_entered.Open();
  });
  HttpServerOptions options = QuietOptions();
  options.shutdown_grace = std::chrono::seconds(20);
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  std::uint16_t port = server.port();
  TestPeer idle(port);  // an idle keep-alive connection is simply closed
  TestPeer peer(port);
  peer.Send("GET", "/slow");
  ASSERT_TRUE(handler_entered.WaitFor(std::chrono::seconds(20)));

  auto stopped = std::async(std::launch::async, [&] { server.Stop(); });
  EXPECT_TRUE(idle.ReadUntilClosed());
  // New connections are refused once the listener is closed.
  bool refused = false;
  for (int i = 0; i < 2000 && !refused; ++i) {
    TestPeer probe(port);
    refused = !probe.connected() || probe.ReadUntilClosed();
    if (!refused) std::this_thread::yield();
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  release.Open();
  auto res = peer.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_EQ(res->body(), "finished");
  EXPECT_FALSE(res->keep_alive());
  stopped.get();
  worker.join();
  server.Wait();  // returns at once: already stopped
}

TEST(HttpServerTest, ResponderAfterStopIsHarmless) {
  Responder kept;
  Latch entered;
  Router router;
  router.Get("/hold", [&](HttpRequest&, Responder respond) {
    kept = std::move(respond);
    entered.Open();
  });
  HttpServerOptions options = QuietOptions();
  options.shutdown_grace = std::chrono::milliseconds(50);
  auto server = std::make_unique<HttpServer>(options, std::move(router));
  ASSERT_TRUE(server->Start().ok());
  TestPeer peer(server->port());
  peer.Send("GET", "/hold");
  ASSERT_TRUE(entered.WaitFor(std::chrono::seconds(20)));
  server->Stop();  // the grace passes; the connection is closed
  server.reset();
  kept(HttpResponse::Text(200, "late"));  // no crash, no effect
  EXPECT_FALSE(kept.pending());
}

TEST(HttpServerTest, MetricsCountRequestsPerRouteTemplate) {
  auto metrics = std::make_shared<MetricsRegistry>();
  Router router;
  AddHealthAndMetricsRoutes(router, metrics);
  router.Get("/api/v1/markets/:id",
             [](HttpRequest&, Responder respond) { respond(HttpResponse::Json(200, "{}")); });
  HttpServer server(QuietOptions(), std::move(router), metrics);
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  auto health = peer.Request("GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->body(), R"({"status":"ok"})");
  ASSERT_TRUE(peer.Request("GET", "/api/v1/markets/a"));
  ASSERT_TRUE(peer.Request("GET", "/api/v1/markets/b"));
  ASSERT_TRUE(peer.Request("GET", "/nope/1"));
  auto res = peer.Request("GET", "/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->result_int(), 200);
  EXPECT_EQ((*res)[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = res->body();
  EXPECT_NE(text.find("probex_http_requests_total{method=\"GET\",route=\"/api/v1/markets/:id\","
                      "status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("probex_http_requests_total{method=\"GET\",route=\"<unmatched>\","
                      "status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("probex_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/"
                      "markets/:id\"} 2\n"),
            std::string::npos);
  EXPECT_EQ(text.find("markets/a"), std::string::npos);  // never per raw path
  EXPECT_NE(text.find("probex_http_open_connections 1\n"), std::string::npos);
}

TEST(HttpServerTest, MaxConnectionsClosesExtraConnections) {
  HttpServerOptions options = QuietOptions();
  options.max_connections = 1;
  Router router;
  router.Get("/x", [](HttpRequest&, Responder respond) { respond(HttpResponse::Text(200, "x")); });
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer first(server.port());
  ASSERT_TRUE(first.Request("GET", "/x"));
  TestPeer second(server.port());
  second.Send("GET", "/x");
  EXPECT_FALSE(second.Read());
  ASSERT_TRUE(first.Request("GET", "/x"));
}

TEST(HttpServerTest, StartFailsWithAClearErrorWhenThePortIsTaken) {
  HttpServer first(QuietOptions(), Router());
  ASSERT_TRUE(first.Start().ok());
  HttpServerOptions options = QuietOptions();
  options.port = first.port();
  HttpServer second(options, Router());
  Status s = second.Start();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find(std::to_string(first.port())), std::string::npos);
}

TEST(AccessLogTest, OneJsonLinePerRequest) {
  AccessLogEntry e{.method = "GET",
                   .path = "/a\"b",
                   .status = 200,
                   .duration_us = 12,
                   .bytes = 34,
                   .request_id = "rid",
                   .remote = "127.0.0.1"};
  std::string line = AccessLog::Format(e, "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(line, R"({"ts":"2026-01-01T00:00:00.000Z","method":"GET","path":"/a\"b","status":200,)"
                  R"("duration_us":12,"bytes":34,"request_id":"rid","remote":"127.0.0.1"})");
  auto parsed = boost::json::parse(line);
  EXPECT_EQ(parsed.as_object()["status"].as_int64(), 200);

  char buffer[512] = {};
  std::FILE* out = fmemopen(buffer, sizeof buffer, "w");
  AccessLog(true, out).Write(e);
  AccessLog(false, out).Write(e);
  std::fclose(out);
  std::string written(buffer);
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 1);
  EXPECT_NE(written.find("\"request_id\":\"rid\""), std::string::npos);
}

}  // namespace
}  // namespace probex::net
