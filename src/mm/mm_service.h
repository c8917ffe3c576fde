// MmService: the `probex mm` process — opens DATA_DIR/mm.db, connects the venue (Unhedged API)
// and the bookmaker (feed and betting) connectors, runs the MmEngine, and serves /healthz,
// /metrics, the 55-tech client API (/api/v1/…, /ws/subscribe; docs/mm-api.md) and the operator's
// /admin/v1 (key: --operator-key / api.operator_key, else DATA_DIR/operator.key, made on first
// start). A clean stop (SIGINT/SIGTERM) cancels every quote before exiting.
// Thread rule: Start, then Wait from one thread; Stop from any thread.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "mm/api/api_context.h"
#include "mm/api/client_directory.h"
#include "mm/api/subscription_hub.h"
#include "mm/connectors/bookmaker/bookmaker_betting.h"
#include "mm/connectors/bookmaker/bookmaker_feed.h"
#include "mm/connectors/unhedged/unhedged_connector.h"
#include "mm/engine/engine_config.h"
#include "mm/engine/mm_engine.h"
#include "net/http_server.h"

namespace probex::mm {

inline api::ClientRecord DefaultClient() {
  api::ClientRecord c;
  c.id = "default";
  c.name = "default";
  return c;
}

struct MmServiceOptions {
  std::string bind = "127.0.0.1";
  int port = 8701;
  std::string data_dir = "./data/mm";
  int threads = 2;
  unhedged::UnhedgedOptions venue;
  std::string bookmaker_host = "127.0.0.1";
  int bookmaker_port = 8702;
  std::string bookmaker_key;
  EngineConfig engine;
  // The client the engine trades for ([client] in mm.toml), created on first start; `api_key`
  // (a UUID) is registered for it when given.
  api::ClientRecord client = DefaultClient();
  std::string client_api_key;
  api::MmApiOptions api;  // api.trading_client is set from `client.id`
};

class MmService {
 public:
  explicit MmService(MmServiceOptions options);
  ~MmService();

  // Prints "probex mm listening on ADDR:PORT" when ready.
  Status Start();
  void Wait();
  void Stop();
  std::uint16_t port() const { return server_ ? server_->port() : 0; }
  MmEngine* engine() { return engine_.get(); }

 private:
  Status SetUpOperatorKey();
  Status SetUpTradingClient();

 private:
  MmServiceOptions options_;
  SystemClock clock_;
  std::shared_ptr<net::MetricsRegistry> metrics_;
  std::unique_ptr<unhedged::UnhedgedConnector> venue_;
  std::unique_ptr<bookmaker::BookmakerFeed> feed_;
  std::unique_ptr<bookmaker::BookmakerBetting> betting_;
  std::unique_ptr<api::ClientDirectory> clients_;
  std::unique_ptr<MmEngine> engine_;
  std::unique_ptr<api::ApiContext> api_;
  std::unique_ptr<api::SubscriptionHub> hub_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace probex::mm
