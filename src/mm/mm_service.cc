#include "mm/mm_service.h"

#include <cstdio>
#include <filesystem>

#include "net/health_routes.h"
#include "net/http_response.h"
#include "net/json_writer.h"

namespace probex::mm {
namespace {

net::HttpResponse DetailError(int status, std::string_view, std::string_view message) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject().Field("detail", message).EndObject();
  return net::HttpResponse::Json(status, std::move(out));
}

}  // namespace

MmService::MmService(MmServiceOptions options) : options_(std::move(options)) {}

MmService::~MmService() { Stop(); }

Status MmService::Start() {
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  auto store = MmStore::Open((std::filesystem::path(options_.data_dir) / "mm.db").string());
  if (!store.ok()) return store.error();
  metrics_ = std::make_shared<net::MetricsRegistry>();
  venue_ = std::make_unique<unhedged::UnhedgedConnector>(options_.venue);
  bookmaker::FeedOptions feed;
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
  if (Status st = engine_->Start(); !st.ok()) return st;
  net::Router router(DetailError);
  net::AddHealthAndMetricsRoutes(router, metrics_);
  net::HttpServerOptions server_options;
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
}

}  // namespace probex::mm
