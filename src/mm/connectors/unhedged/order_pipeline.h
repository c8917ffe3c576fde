// OrderPipeline: pipelined HTTP/1.1 order entry to one host over a few keep-alive connections
// ("lanes"). The caller writes requests straight onto a lane's socket (one `send` per batch, from
// the calling thread, without waiting for earlier answers); one reader thread polls every lane,
// parses the answers in order (Boost.Beast's response parser) and hands them back in batches.
// The server answers a connection's requests one at a time in the order they were written
// (net/http_session reads the next pipelined request only after answering the previous one), so
// requests written on one lane are also *processed* in order: a cancel written before a place on
// the same lane is applied before the place is read.
// A lane whose connection fails (reset, closed, no answer for the timeout while requests wait) is
// closed and
// every request still waiting on it completes with an error (`connection_closed`: it may have
// been processed; `connect_failed`: it was never written). The next write reconnects.
// Thread rule: Write is thread-safe; the handler is called on the reader thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "net/http_client.h"

namespace probex::mm::unhedged {

struct PipelineOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8700;
  int lanes = 4;
  std::chrono::milliseconds connect_timeout{1'000};
  // A lane with requests waiting and no answer for this long is dead (a lane that keeps
  // answering is alive however deep its queue: the server answers its requests in order).
  std::chrono::milliseconds request_timeout{5'000};
  int realtime_priority = 0;  // > 0: SCHED_FIFO priority of the reader thread
};

class OrderPipeline {
 public:
  // One answer (or failure) of a request; `tag` is the caller's.
  struct Completion {
    std::uint64_t tag = 0;
    Result<net::JsonResponse> response = MakeError("pending", "");
  };
  using Handler = std::function<void(std::vector<Completion>&&)>;

  OrderPipeline(PipelineOptions options, Handler handler);
  ~OrderPipeline();
  OrderPipeline(const OrderPipeline&) = delete;
  OrderPipeline& operator=(const OrderPipeline&) = delete;

  int lanes() const { return static_cast<int>(lanes_.size()); }
  // Writes `bytes` (complete HTTP/1.1 requests, `tags.size()` of them, in order) on `lane`.
  // Returns false when the lane could not connect: nothing was written and the handler is NOT
  // called for these tags. The socket write happens before this returns unless the kernel's
  // buffer is full (then the reader thread finishes it).
  bool Write(int lane, std::string_view bytes, const std::vector<std::uint64_t>& tags);
  void Stop();

 private:
  struct Lane;
  bool ConnectLocked(Lane& lane);
  void CloseLocked(Lane& lane, std::vector<Completion>& out, const std::string& why);
  void ReadLocked(Lane& lane, std::vector<Completion>& out);
  void Run();
  void Wake();

  PipelineOptions options_;
  Handler handler_;
  std::vector<std::unique_ptr<Lane>> lanes_;
  int wake_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::thread reader_;
};

}  // namespace probex::mm::unhedged
