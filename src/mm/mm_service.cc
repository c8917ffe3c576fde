#include "mm/mm_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"
#include "net/api_key.h"
#include "net/health_routes.h"
#include "net/http_response.h"
#include "net/json_writer.h"
#include "net/rate_limiter.h"

namespace probex::mm {
namespace {

std::string TradingParametersJson(const EngineConfig& e) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Key("margin").Double(e.pricing.margin);
  w.Key("limitRatio").MoneyNumber(e.sizing.limit_ratio);
  w.Field("maxOrderShares", e.sizing.max_order_shares);
  w.Key("fixtureCap").MoneyNumber(e.fixture_cap).Key("sportCap").MoneyNumber(e.sport_cap);
  w.Key("sizeChangeFraction").Double(e.size_change_fraction);
  w.Field("stalenessMs", static_cast<std::int64_t>(e.staleness.count()));
  w.Field("devig", DevigMethodName(e.devig));
  w.Field("hedgeMaxAttempts", e.hedge_max_attempts);
  w.Key("hedgeWorstCasePerShare").MoneyNumber(e.hedge_worst_case_per_share).EndObject();
  return out;
}

}  // namespace

Status MmService::SetUpOperatorKey() {
  if (!options_.api.operator_key.empty()) return OkStatus();
  const std::string path = (std::filesystem::path(options_.data_dir) / "operator.key").string();
  std::ifstream in(path);
  if (in) {
    std::string key;
    std::getline(in, key);
    while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
    if (key.size() < 16) return MakeError("invalid_config", path + " holds no usable key");
    options_.api.operator_key = key;
    return OkStatus();
  }
  const std::string key = "op_" + net::RandomBase62(40);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError("io_error", "cannot create " + path);
  const std::string line = key + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return MakeError("io_error", "cannot write " + path);
  options_.api.operator_key = key;
  return OkStatus();
}

Status MmService::SetUpTradingClient() {
  options_.api.trading_client = options_.client.id;
  if (!clients_->Find(options_.client.id)) {
    api::ClientRecord c = options_.client;
    if (c.exchange_accounts.empty()) c.exchange_accounts = {"unhedged"};
    if (c.bookmaker.empty()) c.bookmaker = "probex";
    c.trading_parameters = TradingParametersJson(options_.engine);
    if (auto r = clients_->CreateClient(c); !r.ok()) return r.error();
  }
  if (!options_.client_api_key.empty()) {
    if (auto k = clients_->IssueKey(options_.client.id, options_.client_api_key); !k.ok()) {
      return MakeError("invalid_config", "client.api_key: " + k.error().message);
    }
  }
  return OkStatus();
}

MmService::MmService(MmServiceOptions options) : options_(std::move(options)) {}

MmService::~MmService() { Stop(); }

Status MmService::Start() {
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  auto store = MmStore::Open((std::filesystem::path(options_.data_dir) / "mm.db").string());
  if (!store.ok()) return store.error();
  auto clients = api::ClientDirectory::Open(
      (std::filesystem::path(options_.data_dir) / "mm.db").string(), clock_);
  if (!clients.ok()) return clients.error();
  clients_ = std::move(*clients);
  if (Status st = SetUpTradingClient(); !st.ok()) return st;
  if (Status st = SetUpOperatorKey(); !st.ok()) return st;
  metrics_ = std::make_shared<net::MetricsRegistry>();
  unhedged::UnhedgedOptions venue = options_.venue;
  venue.realtime_priority = options_.engine.realtime_priority;
  venue_ = std::make_unique<unhedged::UnhedgedConnector>(venue);
  bookmaker::FeedOptions feed;
  feed.realtime_priority = options_.engine.realtime_priority;
  feed.host = options_.bookmaker_host;
  feed.port = static_cast<std::uint16_t>(options_.bookmaker_port);
  feed.api_key = options_.bookmaker_key;
  feed_ = std::make_unique<bookmaker::BookmakerFeed>(feed);
  bookmaker::BettingOptions betting;
  betting.host = options_.bookmaker_host;
  betting.port = static_cast<std::uint16_t>(options_.bookmaker_port);
  betting.api_key = options_.bookmaker_key;
  betting_ = std::make_unique<bookmaker::BookmakerBetting>(betting);
  engine_ = std::make_unique<MmEngine>(options_.engine, *venue_, *feed_, *betting_,
                                       std::move(*store), clock_, *metrics_);
  api_ =
      std::make_unique<api::ApiContext>(options_.api, *engine_, *venue_, *feed_, *clients_, clock_);
  hub_ = std::make_unique<api::SubscriptionHub>(*api_);
  api_->hub = hub_.get();
  engine_->SetObserver(hub_.get());
  if (Status st = engine_->Start(); !st.ok()) return st;
  // The persisted switches rule the engine's control state.
  if (Status st = api_->ApplyControl("start"); !st.ok()) return st;
  hub_->Start();
  net::Router router(api::DetailFormatter);
  net::AddHealthAndMetricsRoutes(router, metrics_);
  api::AddMmApiRoutes(router, api_.get());
  auto limiter = std::make_shared<net::RateLimiter>(clock_);
  limiter->SetRule(api::kClientRateRule, {options_.api.requests_per_minute, 60'000});
  net::HttpServerOptions server_options;
  server_options.rate_limiter = limiter;
  server_options.bind_address = options_.bind;
  server_options.port = static_cast<std::uint16_t>(options_.port);
  server_options.io_threads = options_.threads;
  server_ = std::make_unique<net::HttpServer>(server_options, std::move(router), metrics_);
  if (Status st = server_->Start(); !st.ok()) return st;
  server_->StopOnSignals();
  std::printf("probex mm listening on %s:%u\n", options_.bind.c_str(),
              static_cast<unsigned>(server_->port()));
  std::fflush(stdout);
  return OkStatus();
}

void MmService::Wait() {
  if (server_) server_->Wait();
}

void MmService::Stop() {
  if (server_) server_->Stop();
  if (engine_) engine_->Stop(true);
  if (hub_) hub_->Stop();
}

}  // namespace probex::mm
