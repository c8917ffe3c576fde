#include "net/responder.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/http_server.h"
#include "net/test_peer.h"

namespace probex::net {
namespace {

// Records what it is given, on the io_context's thread (Deliver posts, as HttpSession does).
class RecordingTarget : public ResponseTarget,
                        public std::enable_shared_from_this<RecordingTarget> {
 public:
  RecordingTarget(boost::asio::io_context& io, std::vector<std::string>& log, std::string name)
      : io_(io), log_(log), name_(std::move(name)) {}
  void Deliver(HttpResponse response) override {
    boost::asio::post(io_, [self = shared_from_this(), body = std::move(response.body)] {
      self->log_.push_back(self->name_ + ":" + body);
    });
  }
  void DeliverStream(std::shared_ptr<SseStream>) override {}
  boost::asio::any_io_executor executor() override { return io_.get_executor(); }
  std::shared_ptr<void> keepalive() override { return nullptr; }

 private:
  boost::asio::io_context& io_;
  std::vector<std::string>& log_;
  std::string name_;
};

TEST(ResponderTest, DeferredResponsesWaitForTheOutermostFlushAndKeepTheirOrder) {
  boost::asio::io_context io;
  std::vector<std::string> log;
  auto gate = std::make_shared<ServerGate>();
  auto a = std::make_shared<RecordingTarget>(io, log, "a");
  auto b = std::make_shared<RecordingTarget>(io, log, "b");
  Responder ra(a, gate);
  Responder rb(b, gate);
  Responder rc(a, gate);

  BeginDeferredResponses();
  BeginDeferredResponses();
  ra(HttpResponse::Text(200, "1"));
  rb(HttpResponse::Text(200, "2"));
  EXPECT_FALSE(ra.pending());
  FlushDeferredResponses();  // inner: nothing is handed over yet
  io.run();
  io.restart();
  EXPECT_TRUE(log.empty());
  rc(HttpResponse::Text(200, "3"));
  FlushDeferredResponses();  // outermost: all three, in answer order
  io.run();
  io.restart();
  EXPECT_EQ(log, (std::vector<std::string>{"a:1", "b:2", "a:3"}));

  // Outside a deferral, answers go straight to the target.
  Responder rd(b, gate);
  rd(HttpResponse::Text(200, "4"));
  io.run();
  EXPECT_EQ(log.back(), "b:4");
}

TEST(ResponderTest, DeferredResponsesAreDroppedWhenTheServerClosedBeforeTheFlush) {
  boost::asio::io_context io;
  std::vector<std::string> log;
  auto gate = std::make_shared<ServerGate>();
  auto a = std::make_shared<RecordingTarget>(io, log, "a");
  Responder ra(a, gate);
  BeginDeferredResponses();
  ra(HttpResponse::Text(200, "late"));
  {
    std::lock_guard lock(gate->mu);
    gate->open = false;
  }
  FlushDeferredResponses();
  io.run();
  EXPECT_TRUE(log.empty());
}

// Through the real server: requests on many connections answered by one worker thread inside a
// deferral all get their own answer.
TEST(ResponderTest, ABatchAnsweredFromAnotherThreadReachesEveryConnection) {
  constexpr int kConnections = 8;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<std::string, Responder>> waiting;
  Router router;
  router.Post("/later", [&](HttpRequest& req, Responder respond) {
    std::lock_guard lock(mu);
    waiting.emplace_back(req.body(), std::move(respond));
    cv.notify_all();
  });
  HttpServerOptions options;
  options.access_log = false;
  HttpServer server(options, std::move(router));
  ASSERT_TRUE(server.Start().ok());

  std::vector<std::unique_ptr<testing::TestPeer>> peers;
  for (int i = 0; i < kConnections; ++i) {
    peers.push_back(std::make_unique<testing::TestPeer>(server.port()));
    peers.back()->SendRaw("POST /later HTTP/1.1\r\nHost: a\r\nContent-Length: " +
                          std::to_string(std::to_string(i).size()) + "\r\n\r\n" +
                          std::to_string(i));
  }
  std::thread worker([&] {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return waiting.size() == kConnections; });
    BeginDeferredResponses();
    for (auto& [body, respond] : waiting) respond(HttpResponse::Text(200, "answer " + body));
    FlushDeferredResponses();
  });
  for (int i = 0; i < kConnections; ++i) {
    auto res = peers[i]->Read();
    ASSERT_TRUE(res) << "connection " << i;
    EXPECT_EQ(res->result_int(), 200);
    EXPECT_EQ(res->body(), "answer " + std::to_string(i));
  }
  worker.join();
}

}  // namespace
}  // namespace probex::net
