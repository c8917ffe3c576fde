// UnhedgedConnector: the ExchangeConnector for the Unhedged API v1 (`probex venue`): markets with
// their mapping metadata, POST/DELETE/GET /api/v1/orders, /api/v1/orders/history, /api/v1/balance
// (Authorization: Bearer ak_…), and the /ws `user` room for own order updates and fills with
// per-room sequence numbers: a gap or a reconnect is reported so the engine resyncs from REST.
// While the socket is unavailable (or the venue offers none) the stream thread checks the REST
// API every second and reports a gap each time, so the engine resyncs by polling.
// The venue's order-book rate limit (place, cancel and read share one bucket) is respected with a
// local token bucket: a request waits for a token rather than draw a 429; a 429 that still comes
// is waited out once (Retry-After).
// Thread rule: thread-safe; each call borrows one of a pool of keep-alive HTTP connections.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "mm/connectors/exchange_connector.h"
#include "mm/connectors/unhedged/order_codec.h"
#include "mm/connectors/unhedged/order_pipeline.h"
#include "net/http_client.h"
#include "net/rate_limiter.h"

namespace probex::mm::unhedged {

struct UnhedgedOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8700;
  std::string api_key;                  // ak_…
  std::int64_t orders_per_minute = 60;  // the venue's order-book limit for this account
  std::int64_t requests_per_minute = 600;
  std::chrono::milliseconds request_timeout{5'000};
  std::chrono::milliseconds poll_interval{1'000};  // the REST fallback's period
  // Pipelined connections for SendOrders (0: none). The venue answers each in order, one at a
  // time, so lanes are what lets its group commit serve several orders with one fsync.
  int order_lanes = 16;
  int realtime_priority = 0;  // > 0: SCHED_FIFO priority of the order-answer reader
};

class UnhedgedConnector final : public ExchangeConnector {
 public:
  explicit UnhedgedConnector(UnhedgedOptions options);
  ~UnhedgedConnector() override;

  const std::string& name() const override { return name_; }
  ExchangeTraits traits() const override;
  Result<std::vector<ExchangeMarket>> Markets() override;
  Result<ExchangeMarket> Market(const std::string& market_id) override;
  PlaceOrderResult Place(const PlaceOrderRequest& request) override;
  Result<std::vector<std::string>> Cancel(const std::string& market_id,
                                          const std::vector<std::string>& order_ids) override;
  Result<std::vector<ExchangeOrder>> OpenOrders(const std::string& market_id) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> FilledQuantities(
      const std::string& market_id) override;
  Result<ExchangeBalance> Balance() override;
  void StartStream(ExchangeListener* listener) override;
  void StopStream() override;
  std::vector<std::size_t> SendOrders(const std::vector<OrderOp>& ops) override;
  void SetOrderResultListener(OrderResultListener* listener) override;

  // Requests that had to wait for a token, and 429s received (for /metrics).
  std::uint64_t throttled() const { return throttled_.load(); }
  std::uint64_t rejected_429() const { return rejected_429_.load(); }
  // Nanoseconds (MonotonicNanos) when the last order request was handed to the socket.
  std::int64_t last_order_written_ns() const { return last_order_written_ns_.load(); }

 private:
  class Lease;
  struct InFlight {
    OrderOp::Kind kind;
    std::string client_id;
    std::shared_ptr<const MarketCodec> codec;  // the market's id, labels and encoded prefix
  };
  void OnPipelined(std::vector<OrderPipeline::Completion>&& done);
  std::unique_ptr<net::HttpClient> Acquire();
  void Release(std::unique_ptr<net::HttpClient> client);
  // Blocks until the bucket `rule` grants a token (or the stream stops).
  void TakeToken(std::string_view rule);
  Result<net::JsonResponse> Send(std::string_view rule, std::string_view method,
                                 const std::string& target, const std::string& body);
  std::array<std::string, 2> LabelsOf(const std::string& market_id);
  // The market's codec (its labels read from the venue the first time; "YES"/"NO" if that fails).
  std::shared_ptr<const MarketCodec> CodecOf(const std::string& market_id);
  void RememberLabels(const std::string& market_id, const std::array<std::string, 2>& labels);
  void RunStream();
  // One socket session; returns when it ends. false if the socket could not be opened.
  bool StreamSession();

  const std::string name_ = "unhedged";
  UnhedgedOptions options_;
  SystemClock clock_;
  net::RateLimiter limiter_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<net::HttpClient>> pool_;
  std::mutex labels_mu_;
  std::unordered_map<std::string, std::shared_ptr<const MarketCodec>> codecs_;

  ExchangeListener* listener_ = nullptr;
  std::thread stream_;
  std::mutex stream_mu_;
  std::condition_variable stream_cv_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> throttled_{0};
  std::atomic<std::uint64_t> rejected_429_{0};
  std::atomic<std::int64_t> last_order_written_ns_{0};
  // Pipelined order entry.
  std::mutex inflight_mu_;
  std::unordered_map<std::uint64_t, InFlight> inflight_;
  std::uint64_t next_tag_ = 0;
  std::mutex results_mu_;  // held while the result listener runs
  OrderResultListener* results_ = nullptr;
  std::string request_head_;  // Host, Authorization, … of every pipelined request
  std::size_t LaneOf(const OrderOp& op, std::size_t lanes) const;
  // SendOrders' buffers, reused from call to call.
  std::mutex send_mu_;
  std::vector<std::string> lane_bytes_;
  std::vector<std::vector<std::uint64_t>> lane_tags_;
  std::vector<std::vector<std::size_t>> lane_indexes_;
  std::vector<std::shared_ptr<const MarketCodec>> op_codecs_;
  std::unique_ptr<OrderPipeline> pipeline_;
};

}  // namespace probex::mm::unhedged
