#include "net/sse_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "net/http_server.h"
#include "net/router.h"
#include "net/sse_stream.h"

namespace probex::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::string_literals;

std::vector<SseMessage> FeedAll(SseParser& parser, std::string_view bytes, std::size_t chunk) {
  std::vector<SseMessage> out;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    parser.Feed(bytes.substr(i, chunk), [&](SseMessage&& e) { out.push_back(std::move(e)); });
  }
  return out;
}

SseMessage Event(std::string type, std::string data, std::string id) {
  return SseMessage{std::move(type), std::move(data), std::move(id)};
}

TEST(SseParserTest, FramingEdgeCasesInEveryChunking) {
  const std::string stream =
      "\xEF\xBB\xBF"                                      // a BOM is ignored
      ": keep-alive comment\r\n"                          // comments are skipped
      "event: connected\r\ndata: {\"a\":1}\r\n\r\n"       // CRLF
      "data: line one\ndata: line two\ndata\ndata:x\n\n"  // multi-line, bare field, no space
      "id: 7\rdata:  two spaces\r\r"                      // CR only; only one space is removed
      "id: 8\n\n"                                         // no data: nothing dispatched
      "event: quote_request\nid: 9\nunknown: x\nretry: 250\ndata: {}\n\n"
      "data: after\n\n"  // id carries over, type resets
      "id: bad\0id\ndata: nul-id-ignored\n\n"s
      "data: incomplete at the end";
  for (std::size_t chunk : {stream.size(), std::size_t{1}, std::size_t{2}, std::size_t{7}}) {
    SseParser parser;
    std::vector<SseMessage> events = FeedAll(parser, stream, chunk);
    ASSERT_EQ(events.size(), 6u) << "chunk " << chunk;
    EXPECT_EQ(events[0], Event("connected", "{\"a\":1}", ""));
    EXPECT_EQ(events[1], Event("message", "line one\nline two\n\nx", ""));
    EXPECT_EQ(events[2], Event("message", " two spaces", "7"));
    EXPECT_EQ(events[3], Event("quote_request", "{}", "9"));
    EXPECT_EQ(events[4], Event("message", "after", "9"));
    EXPECT_EQ(events[5], Event("message", "nul-id-ignored", "9"));
    EXPECT_EQ(parser.retry_ms(), 250);
    EXPECT_EQ(parser.comments(), 1u);
    EXPECT_EQ(parser.last_event_id(), "9");
  }
}

TEST(SseParserTest, IdWithoutDataIsCommittedAndResetDropsThePartialEvent) {
  SseParser parser;
  std::vector<SseMessage> events = FeedAll(parser, "id: 41\n\nid: 42\ndata: half", 100);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(parser.last_event_id(), "41");  // 42 was never dispatched
  parser.Reset();
  events = FeedAll(parser, "data: fresh\n\n", 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], Event("message", "fresh", "41"));
}

TEST(SseParserTest, CrLfSplitAcrossChunksIsOneLineEnd) {
  SseParser parser;
  std::vector<SseMessage> events;
  auto sink = [&](SseMessage&& e) { events.push_back(std::move(e)); };
  parser.Feed("data: a\r", sink);
  parser.Feed("\n\r", sink);
  parser.Feed("\ndata: b\r\n\r\n", sink);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].data, "a");
  EXPECT_EQ(events[1].data, "b");
}

TEST(SseParserTest, RetryMustBeDigits) {
  SseParser parser;
  FeedAll(parser, "retry: 12x\nretry: -5\nretry:\n\n", 100);
  EXPECT_EQ(parser.retry_ms(), std::nullopt);
  FeedAll(parser, "retry:3000\n\n", 100);
  EXPECT_EQ(parser.retry_ms(), 3000);
}

// A raw event-stream server on 127.0.0.1:0: each connection gets scripted bytes, and the server
// records the Last-Event-ID it was sent.
class SseServer {
 public:
  struct Reply {
    std::string bytes;
    bool close_after;  // else hold the connection open until the client closes it
  };
  using Script = std::function<Reply(int connection, const http::request<http::string_body>&)>;

  explicit SseServer(Script script)
      : script_(std::move(script)), acceptor_(ioc_, tcp::endpoint(tcp::v4(), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accept_thread_ = std::thread([this] { AcceptLoop(); });
  }

  ~SseServer() {
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
  std::vector<std::string> last_event_ids() {
    std::lock_guard lock(mutex_);
    return last_event_ids_;
  }
  std::vector<std::string> api_keys() {
    std::lock_guard lock(mutex_);
    return api_keys_;
  }
  // Blocks until the client has closed `n` held-open connections.
  void WaitClientClosed(int n) {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return client_closed_ >= n; });
  }

 private:
  void AcceptLoop() {
    for (int i = 0;; ++i) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      std::lock_guard lock(mutex_);
      if (stopping_ || ec) return;
      fds_.push_back(socket.native_handle());
      threads_.emplace_back([this, i, s = std::move(socket)]() mutable { Serve(i, std::move(s)); });
    }
  }

  void Serve(int connection, tcp::socket socket) {
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    beast::error_code ec;
    http::read(socket, buffer, req, ec);
    if (ec) return;
    {
      std::lock_guard lock(mutex_);
      auto it = req.find("Last-Event-ID");
      last_event_ids_.push_back(it == req.end() ? "(none)" : std::string(it->value()));
      api_keys_.push_back(std::string(req["X-API-Key"]));
    }
    Reply reply = script_(connection, req);
    asio::write(socket, asio::buffer(reply.bytes), ec);
    if (!reply.close_after) {
      char c;
      while (!ec) socket.read_some(asio::buffer(&c, 1), ec);  // until the client closes
      std::lock_guard lock(mutex_);
      if (!stopping_) ++client_closed_;
      cv_.notify_all();
    }
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    std::lock_guard lock(mutex_);
    fds_.erase(std::remove(fds_.begin(), fds_.end(), socket.native_handle()), fds_.end());
    socket.close(ignored);
  }

  Script script_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::thread accept_thread_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<int> fds_;
  std::vector<std::string> last_event_ids_;
  std::vector<std::string> api_keys_;
  int client_closed_ = 0;
  bool stopping_ = false;
};

constexpr char kStreamHead[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";

std::string Chunked(const std::vector<std::string>& pieces) {
  std::string out =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (const std::string& p : pieces) {
    char size[20];
    std::snprintf(size, sizeof(size), "%zx\r\n", p.size());
    out += size + p + "\r\n";
  }
  return out;
}

TEST(SseClientTest, ResumesWithLastEventIdAfterTheServerDropsTheConnection) {
  SseServer server([](int connection, const auto&) -> SseServer::Reply {
    if (connection == 0) {
      // Two events, then half of a third, then the server drops the connection.
      return {std::string(kStreamHead) +
                  "retry: 10\n\nevent: connected\ndata: {}\n\nid: 1\ndata: one\n\n"
                  "id: 2\r\ndata: two\r\n\r\nid: 3\ndata: lost",
              true};
    }
    // The second stream is chunked, with an event split across chunks.
    return {Chunked({"id: 3\ndata: thr", "ee\n\n: ping\n\n", "id: 4\ndata: four\n\n"}), false};
  });
  SseClientOptions options;
  options.headers = {{"X-API-Key", "mk_live_alpha_xxx"}};
  SseClient client("127.0.0.1", server.port(), "/v1/mm/quote-requests/stream", options);
  client.Start();
  std::vector<SseMessage> events;
  while (events.size() < 5) {
    std::optional<SseMessage> e = client.Next(std::chrono::seconds(30));
    ASSERT_TRUE(e) << "got " << events.size() << " events";
    events.push_back(std::move(*e));
  }
  EXPECT_EQ(events[0], Event("connected", "{}", ""));
  EXPECT_EQ(events[1], Event("message", "one", "1"));
  EXPECT_EQ(events[2], Event("message", "two", "2"));
  EXPECT_EQ(events[3], Event("message", "three", "3"));
  EXPECT_EQ(events[4], Event("message", "four", "4"));
  EXPECT_EQ(client.last_event_id(), "4");
  EXPECT_EQ(client.connections(), 2u);
  EXPECT_EQ(server.last_event_ids(), (std::vector<std::string>{"(none)", "2"}));
  EXPECT_EQ(server.api_keys(),
            (std::vector<std::string>{"mk_live_alpha_xxx", "mk_live_alpha_xxx"}));
  client.Stop();
  server.WaitClientClosed(1);  // Stop closed the held-open stream
  EXPECT_TRUE(client.ended());
  EXPECT_EQ(client.Next(std::chrono::milliseconds(0)), std::nullopt);
}

TEST(SseClientTest, CallbackDeliveryAndInitialLastEventId) {
  SseServer server([](int, const auto&) -> SseServer::Reply {
    return {std::string(kStreamHead) + "id: 11\ndata: a\n\nid: 12\ndata: b\n\n", false};
  });
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> seen;
  SseClientOptions options;
  options.last_event_id = "10";
  options.on_event = [&](const SseMessage& e) {
    std::lock_guard lock(mutex);
    seen.push_back(e.id + ":" + e.data);
    cv.notify_all();
  };
  SseClient client("127.0.0.1", server.port(), "/stream", options);
  client.Start();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return seen.size() >= 2; }));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"11:a", "12:b"}));
  EXPECT_EQ(server.last_event_ids(), (std::vector<std::string>{"10"}));
  client.Stop();
  server.WaitClientClosed(1);
}

TEST(SseClientTest, ClientErrorAnswerEndsTheClient) {
  SseServer server([](int, const auto&) -> SseServer::Reply {
    return {
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
        "\r\n{}",
        true};
  });
  SseClient client("127.0.0.1", server.port(), "/stream");
  client.Start();
  EXPECT_FALSE(client.WaitForConnections(1, std::chrono::seconds(30)));
  EXPECT_TRUE(client.ended());
  ASSERT_TRUE(client.last_error());
  EXPECT_EQ(client.last_error()->code, "http_error");
  EXPECT_EQ(client.last_error()->message,
            "GET /stream: HTTP 401 with Content-Type 'application/json'");
  EXPECT_EQ(client.connections(), 0u);
  EXPECT_EQ(client.Next(std::chrono::milliseconds(0)), std::nullopt);
}

TEST(SseClientTest, GivesUpAfterMaxReconnects) {
  SseServer server([](int, const auto&) -> SseServer::Reply {
    return {std::string(kStreamHead) + "data: x\n\n", true};
  });
  SseClientOptions options;
  options.reconnect_delay = std::chrono::milliseconds(1);
  options.max_reconnects = 2;
  SseClient client("127.0.0.1", server.port(), "/stream", options);
  client.Start();
  int received = 0;
  while (client.Next(std::chrono::seconds(30))) ++received;
  EXPECT_TRUE(client.ended());
  EXPECT_EQ(received, 3);  // the first connection and two reconnects
  EXPECT_EQ(client.connections(), 3u);
  EXPECT_EQ(client.last_error()->code, "stream_closed");
}

TEST(SseClientTest, NextTimesOutWhenNothingArrives) {
  SseServer server([](int, const auto&) -> SseServer::Reply { return {kStreamHead, false}; });
  SseClient client("127.0.0.1", server.port(), "/stream");
  client.Start();
  ASSERT_TRUE(client.WaitForConnections(1, std::chrono::seconds(30)));
  EXPECT_EQ(client.Next(std::chrono::milliseconds(20)), std::nullopt);
  EXPECT_FALSE(client.ended());
}

// Against the probex HttpServer's SseStream (net/sse_stream.h): the server ends the first stream
// after two events; the client resumes with Last-Event-ID and the server replays from there.
TEST(SseClientWithServerTest, ResumesFromTheServersStream) {
  struct Shared {
    std::mutex mutex;
    std::vector<std::string> last_ids;
  };
  auto shared = std::make_shared<Shared>();
  Router router;
  router.Get("/v1/mm/quote-requests/stream", [shared](HttpRequest& req, Responder respond) {
    std::string last(req.Header("Last-Event-ID").value_or(""));
    {
      std::lock_guard lock(shared->mutex);
      shared->last_ids.push_back(last);
    }
    SseOptions options;
    options.keepalive_interval = std::chrono::milliseconds(0);
    std::shared_ptr<SseStream> stream = respond.OpenEventStream(options, last);
    if (last.empty()) {
      stream->Send({"quote_request", "1", "one"});
      stream->Send({"quote_request", "2", "two\nlines"});
      stream->Close();
      return;
    }
    for (int i = std::stoi(last) + 1; i <= 4; ++i) {
      stream->Send({"quote_request", std::to_string(i), "n" + std::to_string(i)});
    }
  });
  HttpServerOptions server_options;
  server_options.access_log = false;
  server_options.shutdown_grace = std::chrono::milliseconds(500);
  HttpServer server(server_options, std::move(router));
  ASSERT_TRUE(server.Start().ok());

  SseClientOptions options;
  options.reconnect_delay = std::chrono::milliseconds(5);
  SseClient client("127.0.0.1", server.port(), "/v1/mm/quote-requests/stream", options);
  client.Start();
  std::vector<SseMessage> got;
  while (got.size() < 4) {
    std::optional<SseMessage> m = client.Next(std::chrono::seconds(30));
    ASSERT_TRUE(m) << "got " << got.size();
    got.push_back(std::move(*m));
  }
  EXPECT_EQ(got[0], Event("quote_request", "one", "1"));
  EXPECT_EQ(got[1], Event("quote_request", "two\nlines", "2"));
  EXPECT_EQ(got[2], Event("quote_request", "n3", "3"));
  EXPECT_EQ(got[3], Event("quote_request", "n4", "4"));
  EXPECT_EQ(client.connections(), 2u);
  client.Stop();
  std::lock_guard lock(shared->mutex);
  EXPECT_EQ(shared->last_ids, (std::vector<std::string>{"", "2"}));
}

}  // namespace
}  // namespace probex::net
