#include "bookmaker/bookmaker_service.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "net/api_key.h"
#include "net/health_routes.h"
#include "net/metrics.h"
#include "net/rate_limiter.h"

namespace probex::bookmaker {
namespace {

constexpr char kClockMeta[] = "clock_us";

}  // namespace

BookmakerService::BookmakerService(BookmakerServiceOptions options)
    : options_(std::move(options)) {}

BookmakerService::~BookmakerService() { Stop(); }

Timestamp BookmakerService::Now() const {
  if (manual_clock_) return manual_clock_->Now();
  if (options_.speed == 1.0) return system_clock_.Now();
  std::int64_t real = system_clock_.Now().micros() - speed_anchor_real_.micros();
  return speed_anchor_sim_.PlusMicros(
      static_cast<std::int64_t>(std::llround(static_cast<double>(real) * options_.speed)));
}

Status BookmakerService::Start() {
  if (options_.clock != "system" && options_.clock != "manual") {
    return MakeError("invalid_config", "--clock must be system or manual");
  }
  if (!(options_.speed > 0) || options_.speed > 100'000) {
    return MakeError("invalid_config", "--speed must be within (0, 100000]");
  }
  if (options_.live_tick_s < 1) return MakeError("invalid_config", "--live-tick must be >= 1");
  std::string db_path = (std::filesystem::path(options_.data_dir) / "bookmaker.db").string();
  // The clock's start: a persisted manual/scaled time survives restarts.
  std::optional<Timestamp> stored_clock;
  {
    auto probe = BetStore::Open(db_path);
    if (!probe.ok()) return probe.error();
    if (auto v = (*probe)->GetMeta(kClockMeta))
      stored_clock = Timestamp::FromMicros(std::stoll(*v));
  }
  if (options_.clock == "manual") {
    manual_clock_ = std::make_unique<ManualClock>();
    if (stored_clock && *stored_clock > manual_clock_->Now()) manual_clock_->Set(*stored_clock);
  } else if (options_.speed != 1.0) {
    speed_anchor_real_ = system_clock_.Now();
    speed_anchor_sim_ = stored_clock.value_or(speed_anchor_real_);
  }
  SportsbookConfig config;
  config.sim.seed = options_.seed;
  config.sim.season_start = Now();
  config.sim.fixtures = options_.fixtures;
  config.sim.first_kickoff_s = options_.first_kickoff_s;
  config.sim.kickoff_interval_s = options_.kickoff_interval_s;
  config.sim.live_tick_s = options_.live_tick_s;
  config.sim.pricer.margin = options_.margin;
  config.sim.drops_per_hour = options_.drops_per_hour;
  config.sim.cancel_probability = options_.cancel_probability;
  auto book = Sportsbook::Open(db_path, config, Now());
  if (!book.ok()) return book.error();
  book_ = std::move(*book);
  if (Status st = SetUpKeys(); !st.ok()) return st;
  book_->Read([&](const Simulator& sim, const BetBook&) { hub_.SetSimulatorView(&sim); });
  book_->SetPublisher(&hub_);

  ApiContext context;
  context.book = book_.get();
  context.hub = &hub_;
  context.now = [this] { return Now(); };
  context.manual_clock = manual_clock_.get();
  context.clock_mode = options_.clock;
  context.on_clock_advanced = [this](Timestamp t) {
    (void)book_->SetMeta(kClockMeta, std::to_string(t.micros()));
  };
  auto metrics = std::make_shared<net::MetricsRegistry>();
  net::Router router(BookmakerError);
  net::AddHealthAndMetricsRoutes(router, metrics);
  AddBookmakerRoutes(router, context);
  net::HttpServerOptions server_options;
  server_options.bind_address = options_.bind;
  server_options.port = static_cast<std::uint16_t>(options_.port);
  server_options.io_threads = options_.threads;
  server_options.access_log = options_.access_log;
  server_options.rate_limiter = std::make_shared<net::RateLimiter>(system_clock_);
  server_options.rate_limiter->SetRule(kRateRule, {options_.rate_limit_per_minute, 60'000});
  server_ = std::make_unique<net::HttpServer>(server_options, std::move(router), metrics);
  if (Status st = server_->Start(); !st.ok()) return st;
  server_->StopOnSignals();
  if (!manual_clock_) ticker_ = std::thread([this] { RunTicker(); });
  std::printf("probex bookmaker listening on %s:%u\n", options_.bind.c_str(),
              static_cast<unsigned>(server_->port()));
  std::fflush(stdout);
  return OkStatus();
}

Status BookmakerService::SetUpKeys() {
  std::vector<std::string> keys = options_.api_keys;
  if (keys.empty()) {
    std::filesystem::path key_file = std::filesystem::path(options_.data_dir) / "api.key";
    std::string key;
    if (std::filesystem::exists(key_file)) {
      std::ifstream in(key_file);
      std::getline(in, key);
    }
    if (key.empty()) {
      key = net::GenerateKey(net::KeyKind::kMmClient);
      std::string tmp = key_file.string() + ".tmp";
      {
        std::ofstream out(tmp, std::ios::trunc);
        out << key << "\n";
        if (!out) return MakeError("io_error", "cannot write " + tmp);
      }
      ::chmod(tmp.c_str(), 0600);
      std::filesystem::rename(tmp, key_file);
      std::printf("probex bookmaker: API key written to %s\n", key_file.string().c_str());
    }
    ::chmod(key_file.c_str(), 0600);
    keys.push_back(key);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto account =
        book_->EnsureAccount(net::Sha256Hex(keys[i]), "bettor-" + std::to_string(i + 1), Now());
    if (!account.ok()) return account.error();
  }
  return OkStatus();
}

std::chrono::microseconds BookmakerService::TickerWait() {
  constexpr std::chrono::microseconds kMaxWait{50'000};
  auto next = book_->NextEventTime();
  if (!next) return kMaxWait;
  double season_us = static_cast<double>(next->micros() - Now().micros());
  auto real_us = static_cast<std::int64_t>(std::ceil(season_us / options_.speed));
  return std::clamp(std::chrono::microseconds(real_us), std::chrono::microseconds(0), kMaxWait);
}

void BookmakerService::RunTicker() {
  std::int64_t last_persist_us = 0;
  std::unique_lock lock(ticker_mu_);
  while (!stopping_) {
    lock.unlock();
    Timestamp now = Now();
    book_->AdvanceTo(now);
    if (options_.speed != 1.0 && now.micros() - last_persist_us >= 1'000'000) {
      (void)book_->SetMeta(kClockMeta, std::to_string(now.micros()));
      last_persist_us = now.micros();
    }
    std::chrono::microseconds wait = TickerWait();
    lock.lock();
    // Wakes when the next event is due, so a change reaches the streams as it happens.
    ticker_cv_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

void BookmakerService::Wait() {
  if (server_) server_->Wait();
}

void BookmakerService::Stop() {
  {
    std::lock_guard lock(ticker_mu_);
    stopping_ = true;
  }
  ticker_cv_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  if (server_) server_->Stop();
  if (book_ && (manual_clock_ || options_.speed != 1.0)) {
    (void)book_->SetMeta(kClockMeta, std::to_string(Now().micros()));
  }
}

}  // namespace probex::bookmaker
