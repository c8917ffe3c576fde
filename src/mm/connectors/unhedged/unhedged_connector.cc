#include "mm/connectors/unhedged/unhedged_connector.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <thread>

#include "common/clock.h"
#include "mm/connectors/unhedged/unhedged_json.h"
#include "net/json_writer.h"
#include "net/websocket_client.h"

namespace probex::mm::unhedged {
namespace {

constexpr std::string_view kRuleGlobal = "global";
constexpr std::string_view kRuleOrders = "orders";
constexpr int kPageLimit = 100;

std::string ErrorText(const net::JsonResponse& r) {
  if (r.json.root.is_object()) {
    const auto& o = r.json.root.as_object();
    if (auto it = o.find("message"); it != o.end() && it->value().is_string()) {
      return "HTTP " + std::to_string(r.status) + ": " + std::string(it->value().as_string());
    }
  }
  return "HTTP " + std::to_string(r.status);
}

std::int64_t RetryAfterMs(std::string_view header) {
  std::int64_t seconds = 1;
  std::from_chars(header.data(), header.data() + header.size(), seconds);
  return std::max<std::int64_t>(seconds, 1) * 1000;
}

}  // namespace

UnhedgedConnector::UnhedgedConnector(UnhedgedOptions options)
    : options_(std::move(options)), limiter_(clock_) {
  limiter_.SetRule(std::string(kRuleGlobal), {options_.requests_per_minute, 60'000});
  limiter_.SetRule(std::string(kRuleOrders), {options_.orders_per_minute, 60'000});
  request_head_ = "Host: " + options_.host + ":" + std::to_string(options_.port) +
                  "\r\nAuthorization: Bearer " + options_.api_key +
                  "\r\nUser-Agent: probex-mm\r\nContent-Type: application/json\r\n";
  if (options_.order_lanes > 0) {
    PipelineOptions po;
    po.host = options_.host;
    po.port = options_.port;
    po.lanes = options_.order_lanes;
    po.request_timeout = options_.request_timeout;
    po.realtime_priority = options_.realtime_priority;
    pipeline_ = std::make_unique<OrderPipeline>(
        po,
        [this](std::vector<OrderPipeline::Completion>&& done) { OnPipelined(std::move(done)); });
  }
}

UnhedgedConnector::~UnhedgedConnector() {
  StopStream();
  if (pipeline_) pipeline_->Stop();
}

ExchangeTraits UnhedgedConnector::traits() const {
  ExchangeTraits t;
  t.tick_cents = 1;
  t.price_format = "probability_cents";
  t.orders_per_minute = options_.orders_per_minute;
  return t;
}

std::unique_ptr<net::HttpClient> UnhedgedConnector::Acquire() {
  {
    std::lock_guard lock(pool_mu_);
    if (!pool_.empty()) {
      auto c = std::move(pool_.back());
      pool_.pop_back();
      return c;
    }
  }
  net::HttpClientOptions o;
  o.connect_timeout = options_.request_timeout;
  o.request_timeout = options_.request_timeout;
  o.user_agent = "probex-mm";
  auto client = std::make_unique<net::HttpClient>(options_.host, options_.port, o);
  client->SetDefaultHeader("Authorization", "Bearer " + options_.api_key);
  return client;
}

void UnhedgedConnector::Release(std::unique_ptr<net::HttpClient> client) {
  std::lock_guard lock(pool_mu_);
  pool_.push_back(std::move(client));
}

void UnhedgedConnector::TakeToken(std::string_view rule) {
  for (;;) {
    net::RateDecision d = limiter_.Take(rule, "venue");
    if (d.allowed) return;
    throttled_.fetch_add(1);
    std::unique_lock lock(stream_mu_);
    stream_cv_.wait_for(lock, std::chrono::milliseconds(d.retry_after_ms));
  }
}

Result<net::JsonResponse> UnhedgedConnector::Send(std::string_view rule, std::string_view method,
                                                  const std::string& target,
                                                  const std::string& body) {
  for (int attempt = 0;; ++attempt) {
    TakeToken(kRuleGlobal);
    if (!rule.empty()) TakeToken(rule);
    auto client = Acquire();
    if (rule == kRuleOrders && method == "POST") last_order_written_ns_.store(MonotonicNanos());
    auto r = client->SendJson(method, target, body);
    Release(std::move(client));
    if (!r.ok()) return r;
    // A 429 was not processed: wait it out once and try again.
    if (r->status == 429 && attempt == 0) {
      rejected_429_.fetch_add(1);
      std::unique_lock lock(stream_mu_);
      stream_cv_.wait_for(lock, std::chrono::milliseconds(RetryAfterMs(r->Header("Retry-After"))));
      continue;
    }
    return r;
  }
}

std::array<std::string, 2> UnhedgedConnector::LabelsOf(const std::string& market_id) {
  return CodecOf(market_id)->labels;
}

std::shared_ptr<const MarketCodec> UnhedgedConnector::CodecOf(const std::string& market_id) {
  {
    std::lock_guard lock(labels_mu_);
    if (auto it = codecs_.find(market_id); it != codecs_.end()) return it->second;
  }
  auto m = Market(market_id);  // remembers the codec
  if (m.ok()) {
    std::lock_guard lock(labels_mu_);
    if (auto it = codecs_.find(market_id); it != codecs_.end()) return it->second;
  }
  return MakeMarketCodec(market_id, {"YES", "NO"});
}

void UnhedgedConnector::RememberLabels(const std::string& market_id,
                                       const std::array<std::string, 2>& labels) {
  {
    std::lock_guard lock(labels_mu_);
    auto it = codecs_.find(market_id);
    if (it != codecs_.end() && it->second->labels == labels) return;
  }
  auto codec = MakeMarketCodec(market_id, labels);
  std::lock_guard lock(labels_mu_);
  codecs_[market_id] = std::move(codec);
}

Result<std::vector<ExchangeMarket>> UnhedgedConnector::Markets() {
  std::vector<ExchangeMarket> out;
  for (int offset = 0;; offset += kPageLimit) {
    auto r =
        Send("", "GET",
             "/api/v1/markets?type=ORDER_BOOK&status=ACTIVE&limit=" + std::to_string(kPageLimit) +
                 "&offset=" + std::to_string(offset),
             "");
    if (!r.ok()) return r.error();
    if (r->status != 200) return MakeError("venue_error", ErrorText(*r));
    const auto* obj = r->json.root.if_object();
    const auto* list = obj ? obj->if_contains("markets") : nullptr;
    if (list == nullptr || !list->is_array()) {
      return MakeError("bad_response", "GET /api/v1/markets: no markets array");
    }
    for (const auto& v : list->as_array()) {
      auto m = ParseMarket(v);
      if (!m.ok()) continue;
      RememberLabels(m->id, m->outcomes);
      out.push_back(std::move(*m));
    }
    if (static_cast<int>(list->as_array().size()) < kPageLimit) break;
  }
  return out;
}

Result<ExchangeMarket> UnhedgedConnector::Market(const std::string& market_id) {
  auto r = Send("", "GET", "/api/v1/markets/" + market_id, "");
  if (!r.ok()) return r.error();
  if (r->status != 200) return MakeError("venue_error", ErrorText(*r));
  const auto* obj = r->json.root.if_object();
  const auto* m = obj ? obj->if_contains("market") : nullptr;
  if (m == nullptr) return MakeError("bad_response", "GET /api/v1/markets/:id: no market");
  auto parsed = ParseMarket(*m);
  if (parsed.ok()) RememberLabels(parsed->id, parsed->outcomes);
  return parsed;
}

namespace {

// The answer to POST /api/v1/orders as a placement outcome.
PlaceOrderResult PlaceResultOf(const Result<net::JsonResponse>& r, const std::string& market_id,
                               const std::array<std::string, 2>& labels) {
  PlaceOrderResult result;
  if (!r.ok()) {
    // connect_failed: nothing was sent; anything later may have reached the book.
    result.outcome =
        r.error().code == "connect_failed" ? PlaceOutcome::kRejected : PlaceOutcome::kUnknown;
    result.error = r.error().code + ": " + r.error().message;
    return result;
  }
  if (r->status >= 500) {
    result.outcome = r->status == 503 ? PlaceOutcome::kRejected : PlaceOutcome::kUnknown;
    result.error = ErrorText(*r);
    return result;
  }
  if (r->status != 200 && r->status != 201) {
    result.outcome = PlaceOutcome::kRejected;  // a 429 included: it was not processed
    result.error = ErrorText(*r);
    return result;
  }
  const auto* obj = r->json.root.if_object();
  const auto* order = obj ? obj->if_contains("order") : nullptr;
  auto parsed = order ? ParseOrder(*order, &labels) : Result<ExchangeOrder>(MakeError("x", "x"));
  if (!parsed.ok()) {
    result.outcome = PlaceOutcome::kUnknown;
    result.error = "unreadable order in the answer";
    return result;
  }
  result.outcome = PlaceOutcome::kAccepted;
  result.order = std::move(*parsed);
  if (result.order.market_id.empty()) result.order.market_id = market_id;
  return result;
}

// The answer to DELETE /api/v1/orders: the ids the venue dropped.
Result<std::vector<std::string>> CancelResultOf(const Result<net::JsonResponse>& r) {
  if (!r.ok()) return r.error();
  if (r->status == 404) return std::vector<std::string>{};  // none of ours is open there
  if (r->status != 200) return MakeError("venue_error", ErrorText(*r));
  std::vector<std::string> dropped;
  const auto* obj = r->json.root.if_object();
  const auto* result = obj ? obj->if_contains("result") : nullptr;
  const auto* list =
      result && result->is_object() ? result->as_object().if_contains("dropped") : nullptr;
  if (list != nullptr && list->is_array()) {
    for (const auto& v : list->as_array()) {
      if (v.is_string()) dropped.emplace_back(v.as_string());
    }
  }
  return dropped;
}

}  // namespace

PlaceOrderResult UnhedgedConnector::Place(const PlaceOrderRequest& request) {
  const auto labels = LabelsOf(request.market_id);
  auto r = Send(kRuleOrders, "POST", "/api/v1/orders", PlaceBody(request, labels));
  return PlaceResultOf(r, request.market_id, labels);
}

Result<std::vector<std::string>> UnhedgedConnector::Cancel(
    const std::string& market_id, const std::vector<std::string>& order_ids) {
  auto r = Send(kRuleOrders, "DELETE", "/api/v1/orders", CancelBody(market_id, order_ids));
  return CancelResultOf(r);
}

std::size_t UnhedgedConnector::LaneOf(const OrderOp& op, std::size_t lanes) const {
  // A market's ops always land on one lane (the venue then applies them in the order written).
  const std::string& market = op.kind == OrderOp::Kind::kPlace ? op.place.market_id : op.market_id;
  return std::hash<std::string>{}(market) % lanes;
}

std::vector<std::size_t> UnhedgedConnector::SendOrders(const std::vector<OrderOp>& ops) {
  std::vector<std::size_t> unsent;
  if (!pipeline_) {
    for (std::size_t i = 0; i < ops.size(); ++i) unsent.push_back(i);
    return unsent;
  }
  const auto lanes = static_cast<std::size_t>(pipeline_->lanes());
  // Reused between calls (SendOrders runs on one thread at a time: the engine's, under its lock;
  // the mutex only guards the odd concurrent caller).
  std::lock_guard send_lock(send_mu_);
  if (lane_bytes_.size() != lanes) {
    lane_bytes_.assign(lanes, {});
    lane_tags_.assign(lanes, {});
    lane_indexes_.assign(lanes, {});
  }
  for (std::size_t lane = 0; lane < lanes; ++lane) {
    lane_bytes_[lane].clear();
    lane_tags_[lane].clear();
    lane_indexes_[lane].clear();
  }
  // The markets' codecs first (a market not seen yet costs a read of it, outside the locks).
  op_codecs_.clear();
  for (const OrderOp& op : ops) {
    op_codecs_.push_back(
        CodecOf(op.kind == OrderOp::Kind::kPlace ? op.place.market_id : op.market_id));
  }
  std::size_t i = 0;
  {
    std::lock_guard lock(inflight_mu_);
    for (; i < ops.size(); ++i) {
      const OrderOp& op = ops[i];
      // No token at hand: this op and the rest go the blocking way (which waits for tokens).
      if (!limiter_.Take(kRuleGlobal, "venue").allowed) break;
      if (!limiter_.Take(kRuleOrders, "venue").allowed) break;
      const MarketCodec& codec = *op_codecs_[i];
      const std::size_t lane = LaneOf(op, lanes);
      if (op.kind == OrderOp::Kind::kPlace) {
        AppendPlaceRequest(lane_bytes_[lane], request_head_, codec, op.place.side, op.place.cents,
                           op.place.quantity);
      } else {
        AppendCancelRequest(lane_bytes_[lane], request_head_, codec, op.order_ids);
      }
      const std::uint64_t tag = ++next_tag_;
      inflight_.emplace(tag, InFlight{op.kind, op.client_id, op_codecs_[i]});
      lane_tags_[lane].push_back(tag);
      lane_indexes_[lane].push_back(i);
    }
  }
  for (std::size_t j = i; j < ops.size(); ++j) unsent.push_back(j);
  bool any_place = false;
  for (std::size_t lane = 0; lane < lanes; ++lane) {
    if (lane_tags_[lane].empty()) continue;
    if (!pipeline_->Write(static_cast<int>(lane), lane_bytes_[lane], lane_tags_[lane])) {
      std::lock_guard lock(inflight_mu_);
      for (std::uint64_t tag : lane_tags_[lane]) inflight_.erase(tag);
      unsent.insert(unsent.end(), lane_indexes_[lane].begin(), lane_indexes_[lane].end());
      continue;
    }
    for (std::size_t k : lane_indexes_[lane]) any_place |= ops[k].kind == OrderOp::Kind::kPlace;
  }
  if (any_place) last_order_written_ns_.store(MonotonicNanos());
  std::sort(unsent.begin(), unsent.end());
  return unsent;
}

void UnhedgedConnector::SetOrderResultListener(OrderResultListener* listener) {
  std::lock_guard lock(results_mu_);
  results_ = listener;
}

void UnhedgedConnector::OnPipelined(std::vector<OrderPipeline::Completion>&& done) {
  std::vector<OrderOpResult> results;
  results.reserve(done.size());
  for (auto& c : done) {
    InFlight f;
    {
      std::lock_guard lock(inflight_mu_);
      auto it = inflight_.find(c.tag);
      if (it == inflight_.end()) continue;
      f = std::move(it->second);
      inflight_.erase(it);
    }
    if (c.response.ok() && c.response->status == 429) rejected_429_.fetch_add(1);
    OrderOpResult r;
    r.kind = f.kind;
    r.client_id = std::move(f.client_id);
    if (f.kind == OrderOp::Kind::kPlace) {
      r.place = PlaceResultOf(c.response, f.codec->market_id, f.codec->labels);
    } else {
      r.cancel = CancelResultOf(c.response);
    }
    results.push_back(std::move(r));
  }
  if (results.empty()) return;
  std::lock_guard lock(results_mu_);
  if (results_ != nullptr) results_->OnOrderResults(std::move(results));
}

Result<std::vector<ExchangeOrder>> UnhedgedConnector::OpenOrders(const std::string& market_id) {
  const auto labels = LabelsOf(market_id);
  std::vector<ExchangeOrder> out;
  for (int offset = 0;; offset += 1000) {
    auto r = Send(
        kRuleOrders, "GET",
        "/api/v1/orders?marketId=" + market_id + "&limit=1000&offset=" + std::to_string(offset),
        "");
    if (!r.ok()) return r.error();
    if (r->status != 200) return MakeError("venue_error", ErrorText(*r));
    const auto* obj = r->json.root.if_object();
    const auto* list = obj ? obj->if_contains("orders") : nullptr;
    if (list == nullptr || !list->is_array()) {
      return MakeError("bad_response", "GET /api/v1/orders: no orders array");
    }
    for (const auto& v : list->as_array()) {
      auto o = ParseOrder(v, &labels);
      if (!o.ok()) continue;
      if (o->market_id.empty()) o->market_id = market_id;
      out.push_back(std::move(*o));
    }
    if (list->as_array().size() < 1000) break;
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> UnhedgedConnector::FilledQuantities(
    const std::string& market_id) {
  auto r =
      Send(kRuleOrders, "GET", "/api/v1/orders/history?marketId=" + market_id + "&limit=1000", "");
  if (!r.ok()) return r.error();
  if (r->status != 200) return MakeError("venue_error", ErrorText(*r));
  std::map<std::string, std::int64_t> sums;
  const auto* obj = r->json.root.if_object();
  const auto* list = obj ? obj->if_contains("trades") : nullptr;
  if (list == nullptr || !list->is_array()) {
    return MakeError("bad_response", "GET /api/v1/orders/history: no trades array");
  }
  for (const auto& v : list->as_array()) {
    if (!v.is_object()) continue;
    const auto& t = v.as_object();
    const auto* id = t.if_contains("orderId");
    const auto* q = t.if_contains("quantity");
    if (id == nullptr || q == nullptr) continue;
    std::string key = id->is_string() ? std::string(id->as_string())
                                      : (id->is_int64() ? std::to_string(id->as_int64()) : "");
    auto qty = MoneyValue(*q);
    if (key.empty() || !qty) continue;
    sums[key] += qty->units() / Money::kScale;
  }
  return std::vector<std::pair<std::string, std::int64_t>>(sums.begin(), sums.end());
}

Result<ExchangeBalance> UnhedgedConnector::Balance() {
  auto r = Send("", "GET", "/api/v1/balance", "");
  if (!r.ok()) return r.error();
  if (r->status != 200) return MakeError("venue_error", ErrorText(*r));
  const auto* obj = r->json.root.if_object();
  const auto* b = obj ? obj->if_contains("balance") : nullptr;
  if (b == nullptr || !b->is_object()) return MakeError("bad_response", "no balance object");
  const auto& o = b->as_object();
  auto get = [&](std::string_view name) {
    const auto* v = o.if_contains(name);
    return v ? MoneyValue(*v).value_or(Money()) : Money();
  };
  ExchangeBalance out;
  out.available = get("available");
  out.locked = get("lockedEngine") + get("lockedBets") + get("lockedWithdraws");
  out.total = get("total");
  return out;
}

void UnhedgedConnector::StartStream(ExchangeListener* listener) {
  listener_ = listener;
  {
    std::lock_guard lock(stream_mu_);
    stopping_ = false;
  }
  stream_ = std::thread([this] { RunStream(); });
}

void UnhedgedConnector::StopStream() {
  {
    std::lock_guard lock(stream_mu_);
    stopping_ = true;
  }
  stream_cv_.notify_all();
  if (stream_.joinable()) stream_.join();
}

void UnhedgedConnector::RunStream() {
  bool up = false;
  for (;;) {
    {
      std::lock_guard lock(stream_mu_);
      if (stopping_) break;
    }
    const bool had_socket = StreamSession();
    if (had_socket) {
      up = false;
      listener_->OnExchangeConnection(name_, false);
    } else {
      // No socket: is the REST API there? Then poll through it.
      auto b = Balance();
      const bool now_up = b.ok();
      if (now_up != up) {
        up = now_up;
        listener_->OnExchangeConnection(name_, up);
      } else if (up) {
        listener_->OnExchangeGap(name_);
      }
    }
    std::unique_lock lock(stream_mu_);
    stream_cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
  }
  if (up) listener_->OnExchangeConnection(name_, false);
}

bool UnhedgedConnector::StreamSession() {
  net::WebSocketClientOptions wo;
  wo.connect_timeout = options_.request_timeout;
  net::WebSocketClient ws(wo);
  if (!ws.Connect(options_.host, options_.port, "/ws",
                  {{"Authorization", "Bearer " + options_.api_key}})
           .ok()) {
    return false;
  }
  std::string subscribe;
  net::JsonWriter w(subscribe);
  // docs/venue-ws.md: authenticate and join the user room in one message; the acknowledgement
  // carries the room's sequence number, which the gap check starts from.
  w.BeginObject().Field("op", "subscribe").Field("room", "user");
  w.Field("key", options_.api_key).EndObject();
  if (!ws.Send(subscribe).ok()) return true;
  listener_->OnExchangeConnection(name_, true);
  std::optional<std::int64_t> last_seq;
  auto last_ping = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::lock_guard lock(stream_mu_);
      if (stopping_) {
        (void)ws.Close();
        return true;
      }
    }
    auto msg = ws.Receive(std::chrono::milliseconds(100));
    if (!msg.ok()) {
      if (msg.error().code != "timeout") {
        std::fprintf(stderr, "probex mm: venue stream ended: %s: %s\n", msg.error().code.c_str(),
                     msg.error().message.c_str());
        return true;
      }
      if (std::chrono::steady_clock::now() - last_ping > std::chrono::seconds(2)) {
        // A message arriving before the pong is alive too (it waits for the next Receive).
        if (Status p = ws.Ping(std::chrono::seconds(2));
            !p.ok() && p.error().message.rfind("a message arrived", 0) != 0) {
          std::fprintf(stderr, "probex mm: venue stream ping failed: %s: %s\n",
                       p.error().code.c_str(), p.error().message.c_str());
          return true;
        }
        last_ping = std::chrono::steady_clock::now();
      }
      continue;
    }
    if (msg->closed()) {
      std::fprintf(stderr, "probex mm: venue stream closed by the venue (%d %s)\n", msg->close_code,
                   msg->close_reason.c_str());
      return true;
    }
    auto doc = net::ParseJson(msg->data);
    if (!doc.ok() || !doc->root.is_object()) continue;
    const auto& o = doc->root.as_object();
    const auto* room = o.if_contains("room");
    if (room != nullptr && room->is_string() && room->as_string() != "user") continue;
    if (const auto* seq = o.if_contains("seq"); seq != nullptr && seq->is_int64()) {
      const std::int64_t s = seq->as_int64();
      if (last_seq && s != *last_seq + 1) listener_->OnExchangeGap(name_);
      last_seq = s;
    }
    // An order update or a fill carries the order object (as `data`, `order` or `data.order`).
    const boost::json::value* order = o.if_contains("order");
    if (const auto* data = o.if_contains("data"); order == nullptr && data && data->is_object()) {
      order = data->as_object().if_contains("order");
      if (order == nullptr && data->as_object().contains("cum_quantity")) order = data;
    }
    if (order == nullptr || !order->is_object()) continue;
    std::string market_id;
    if (const auto* m = order->as_object().if_contains("market_id"); m && m->is_string()) {
      market_id = std::string(m->as_string());
    }
    const auto labels = LabelsOf(market_id);
    auto parsed = ParseOrder(*order, &labels);
    if (parsed.ok()) listener_->OnExchangeOrder(name_, *parsed);
  }
}

}  // namespace probex::mm::unhedged
