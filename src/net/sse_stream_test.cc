#include "net/sse_stream.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "net/http_server.h"
#include "net/test_peer.h"

namespace probex::net {
namespace {

using testing::TestPeer;

HttpServerOptions QuietOptions() {
  HttpServerOptions options;
  options.access_log = false;
  return options;
}

// Hands the test the stream a handler opened.
class StreamBox {
 public:
  void Put(std::shared_ptr<SseStream> s) {
    std::lock_guard lock(mu_);
    stream_ = std::move(s);
    cv_.notify_all();
  }
  std::shared_ptr<SseStream> Get() {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(20), [this] { return stream_ != nullptr; });
    return stream_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<SseStream> stream_;
};

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

TEST(SseStreamTest, FormatFramesEventIdAndEveryDataLine) {
  EXPECT_EQ(SseStream::Format({.event = "quote_request", .id = "1043", .data = "{\"a\":1}"}),
            "event: quote_request\nid: 1043\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(SseStream::Format({.data = "line1\nline2\r\nline3\rline4"}),
            "data: line1\ndata: line2\ndata: line3\ndata: line4\n\n");
  EXPECT_EQ(SseStream::Format({.data = ""}), "data: \n\n");
  EXPECT_EQ(SseStream::Format({.data = "end\n"}), "data: end\ndata: \n\n");
  // A line break cannot smuggle a field into event or id.
  EXPECT_EQ(SseStream::Format({.event = "a\ndata: x", .id = "7\r\nevent: y", .data = "d"}),
            "event: a\nid: 7\ndata: d\n\n");
}

TEST(SseStreamTest, StreamsEventsWithLastEventIdVisibleToTheHandler) {
  StreamBox box;
  Router router;
  router.Get("/stream", [&](HttpRequest& req, Responder respond) {
    std::string last(req.Header("Last-Event-ID").value_or(""));
    SseOptions options;
    options.keepalive_interval = std::chrono::milliseconds(0);
    auto stream = respond.OpenEventStream(options, last);
    stream->Send({.event = "connected", .data = "{\"resumeAfter\":\"" + last + "\"}"});
    box.Put(stream);
  });
  auto metrics = std::make_shared<MetricsRegistry>();
  HttpServer server(QuietOptions(), std::move(router), metrics);
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  peer.Send("GET", "/stream", {}, {{"Last-Event-ID", "41"}, {"X-Request-Id", "sse-1"}});
  auto stream = box.Get();
  ASSERT_TRUE(stream);
  EXPECT_EQ(stream->last_event_id(), "41");
  // Events sent from another thread.
  std::thread producer([stream] {
    stream->Send({.event = "quote_request", .id = "42", .data = "a\nb"});
    stream->Send({.id = "43", .data = "plain"});
  });
  producer.join();
  std::string got;
  ASSERT_TRUE(peer.ReadUntil("data: plain\n\n", got));
  EXPECT_EQ(got.find("HTTP/1.1 200 OK\r\n"), 0u);
  EXPECT_NE(got.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(got.find("Cache-Control: no-cache\r\n"), std::string::npos);
  EXPECT_NE(got.find("X-Request-Id: sse-1\r\n"), std::string::npos);
  std::string body = got.substr(got.find("\r\n\r\n") + 4);
  EXPECT_EQ(body,
            "event: connected\ndata: {\"resumeAfter\":\"41\"}\n\n"
            "event: quote_request\nid: 42\ndata: a\ndata: b\n\n"
            "id: 43\ndata: plain\n\n");
  EXPECT_EQ(metrics->GetGauge("probex_stream_subscribers", "", {{"kind", "sse"}}).value(), 1);

  // The owner closes: queued events are flushed, then the response ends.
  stream->Send({.data = "last"});
  stream->Close();
  std::string rest;
  EXPECT_TRUE(peer.ReadUntilClosed(&rest));
  EXPECT_EQ(rest, "data: last\n\n");
  EXPECT_FALSE(stream->Send({.data = "after close"}));
}

TEST(SseStreamTest, KeepAliveCommentsAtTheInterval) {
  Router router;
  router.Get("/stream", [](HttpRequest&, Responder respond) {
    SseOptions options;
    options.keepalive_interval = std::chrono::milliseconds(10);
    respond.OpenEventStream(options);
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  peer.Send("GET", "/stream");
  std::string got;
  ASSERT_TRUE(peer.ReadUntil(": ping\n\n: ping\n\n", got));
}

TEST(SseStreamTest, ClientDisconnectRunsOnClose) {
  Slot<SseCloseReason> reason;
  StreamBox box;
  Router router;
  router.Get("/stream", [&](HttpRequest&, Responder respond) {
    auto stream = respond.OpenEventStream();
    stream->SetOnClose([&](SseCloseReason r) { reason.Set(r); });
    stream->Send({.data = "hello"});
    box.Put(stream);
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  {
    TestPeer peer(server.port());
    peer.Send("GET", "/stream");
    std::string got;
    ASSERT_TRUE(peer.ReadUntil("data: hello\n\n", got));
  }  // the client goes away
  auto r = reason.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, SseCloseReason::kClientGone);
  EXPECT_TRUE(box.Get()->closed());
}

TEST(SseStreamTest, SlowConsumerIsDisconnectedAndMemoryStaysBounded) {
  constexpr std::size_t kMaxQueued = 256 * 1024;
  Slot<SseCloseReason> reason;
  StreamBox box;
  Router router;
  router.Get("/stream", [&](HttpRequest&, Responder respond) {
    SseOptions options;
    options.max_queued_bytes = kMaxQueued;
    options.keepalive_interval = std::chrono::milliseconds(0);
    auto stream = respond.OpenEventStream(options);
    stream->SetOnClose([&](SseCloseReason r) { reason.Set(r); });
    box.Put(stream);
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  int small = 4096;
  ::setsockopt(peer.socket().native_handle(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  peer.Send("GET", "/stream");  // and never read
  auto stream = box.Get();
  ASSERT_TRUE(stream);
  const SseEvent event{.event = "tick", .data = std::string(16 * 1024, 'x')};
  std::size_t max_seen = 0;
  int sent = 0;
  // The flood stops when the server gives up on the consumer; the cap only guards the test.
  while (sent < 1'000'000 && stream->Send(event)) {
    ++sent;
    max_seen = std::max(max_seen, stream->queued_bytes());
  }
  EXPECT_LT(sent, 1'000'000) << "a consumer that never reads was never dropped";
  EXPECT_LE(max_seen, kMaxQueued);
  auto r = reason.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, SseCloseReason::kConsumerTooSlow);
  EXPECT_TRUE(stream->closed());
  EXPECT_EQ(stream->queued_bytes(), 0u);
  EXPECT_FALSE(stream->Send(event));
}

TEST(SseStreamTest, ServerStopEndsStreamsCleanly) {
  Slot<SseCloseReason> reason;
  Router router;
  router.Get("/stream", [&](HttpRequest&, Responder respond) {
    auto stream = respond.OpenEventStream();
    stream->SetOnClose([&](SseCloseReason r) { reason.Set(r); });
    stream->Send({.data = "x"});
  });
  HttpServer server(QuietOptions(), std::move(router));
  ASSERT_TRUE(server.Start().ok());
  TestPeer peer(server.port());
  peer.Send("GET", "/stream");
  std::string got;
  ASSERT_TRUE(peer.ReadUntil("data: x\n\n", got));
  server.Stop();
  EXPECT_TRUE(peer.ReadUntilClosed());
  auto r = reason.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, SseCloseReason::kClosedByServer);
}

}  // namespace
}  // namespace probex::net
