#include "venue/venue_service.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/api_key.h"
#include "net/health_routes.h"
#include "net/responder.h"
#include "venue/api/admin_api.h"
#include "venue/api/balance_api.h"
#include "venue/api/ctm_api.h"
#include "venue/api/keys_api.h"
#include "venue/api/markets_api.h"
#include "venue/api/options_desk.h"
#include "venue/api/orders_api.h"
#include "venue/api/read_api.h"
#include "venue/api/users_api.h"

namespace probex::venue {
namespace {

constexpr std::size_t kMaxBodyBytes = 64 * 1024;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && s[start] == ' ') ++start;
  return s.substr(start);
}

}  // namespace

VenueService::VenueService(VenueServiceOptions options) : options_(std::move(options)) {}

VenueService::~VenueService() { Stop(); }

Status VenueService::SetUpOperatorKey() {
  if (!options_.operator_key.empty()) {
    operator_key_ = options_.operator_key;
    operator_key_path_.clear();
    return OkStatus();
  }
  operator_key_path_ = (std::filesystem::path(options_.data_dir) / "operator.key").string();
  std::ifstream in(operator_key_path_);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    operator_key_ = Trim(text.str());
    if (operator_key_.size() < 16) {
      return MakeError("invalid_config", operator_key_path_ + " holds no usable key (16+ chars)");
    }
    return OkStatus();
  }
  const std::string key = "op_" + net::RandomBase62(40);
  const int fd = ::open(operator_key_path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return MakeError("io_error", "cannot create " + operator_key_path_);
  const std::string line = key + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return MakeError("io_error", "cannot write " + operator_key_path_);
  operator_key_ = key;
  return OkStatus();
}

Status VenueService::Start() {
  if (options_.clock != "system" && options_.clock != "manual") {
    return MakeError("invalid_config", "--clock must be system or manual");
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.data_dir, ec);
  if (ec) return MakeError("io_error", "cannot create " + options_.data_dir + ": " + ec.message());
  if (Status st = SetUpOperatorKey(); !st.ok()) return st;
  if (Status st = rate_policy_.Configure(options_.config); !st.ok()) return st;
  auto ctm = ParseCtmOptions(options_.config);
  if (!ctm) return ctm.error();
  ctm_ = std::move(*ctm);
  // Under a manual clock time moves only by the operator, so the simulator is off unless asked
  // for; prices then come from POST /admin/v1/oracle/prices.
  if (options_.clock == "manual" && options_.config.count("oracle.mode") == 0) {
    ctm_.oracle.mode = "push";
  }
  if (auto desk = api::OptionsDeskSettings::FromConfig(options_.config); !desk) {
    return desk.error();
  }

  if (options_.clock == "manual") {
    // On a whole second, so that times the API shows in milliseconds are exact (pool time
    // weights computed by hand in tests depend on it).
    manual_clock_ = std::make_unique<ManualClock>(
        Timestamp::FromSeconds(system_clock_.Now().micros() / 1'000'000));
    clock_ = manual_clock_.get();
  } else {
    clock_ = &system_clock_;
  }
  engine::EngineOptions engine_options;
  engine_options.data_dir = options_.data_dir;
  engine_options.clock = clock_;
  engine_options.snapshot_every = options_.snapshot_every;
  engine_options.snapshot_on_shutdown = true;
  // A batch's HTTP answers reach the I/O threads with one post, not one wake-up per answer.
  engine_options.before_release = net::BeginDeferredResponses;
  engine_options.after_release = net::FlushDeferredResponses;
  auto opened = engine::VenueEngine::Open(std::move(engine_options));
  if (!opened) return opened.error();
  engine_ = std::move(*opened);
  if (manual_clock_ && manual_clock_->Now() < engine_->recovery().last_time) {
    manual_clock_->Set(engine_->recovery().last_time);
  }
  auto loaded = engine_->Query([this](const Exchange& exchange) {
    directory_.Load(exchange);
    return true;
  });
  if (!loaded) return loaded.error();

  rate_limiter_ = std::make_shared<net::RateLimiter>(*clock_);
  rate_policy_.Install(*rate_limiter_);
  api::VenueSettings settings = options_.settings;
  settings.data_dir = options_.data_dir;
  settings.manual_clock = manual_clock_ != nullptr;
  context_ = std::make_unique<api::ApiContext>(*engine_, *clock_, directory_, rate_policy_,
                                               *rate_limiter_, settings, operator_key_);

  auto metrics = std::make_shared<net::MetricsRegistry>();
  net::Router router(net::VenueErrorFormatter);
  net::AddHealthAndMetricsRoutes(router, metrics);
  RegisterRoutes(router);

  net::HttpServerOptions server_options;
  server_options.bind_address = options_.bind;
  server_options.port = static_cast<std::uint16_t>(options_.port);
  server_options.io_threads = options_.threads;
  server_options.max_body_bytes = kMaxBodyBytes;
  server_options.access_log = options_.access_log;
  server_options.server_name = "probex-venue";
  server_ = std::make_unique<net::HttpServer>(server_options, std::move(router), metrics);
  if (Status st = server_->Start(); !st.ok()) return st;
  server_->StopOnSignals();

  if (Status st = SetUpCtm(); !st.ok()) return st;
  lifecycle_ = std::thread([this] { RunLifecycle(); });

  std::printf("probex venue listening on http://%s:%u\n", options_.bind.c_str(),
              static_cast<unsigned>(server_->port()));
  if (operator_key_path_.empty()) {
    std::printf("operator key: given with --operator-key\n");
  } else {
    std::printf("operator key: %s\n", operator_key_path_.c_str());
  }
  std::printf("clock: %s; recovered %llu commands\n", options_.clock.c_str(),
              static_cast<unsigned long long>(engine_->recovery().last_seq));
  std::fflush(stdout);
  return OkStatus();
}

// One line per API module; modules with state register their stop hooks and feed subscribers
// through the ApiContext (api_context.h).
void VenueService::RegisterRoutes(net::Router& router) {
  api::ApiContext& ctx = *context_;
  api::RegisterMarketsRoutes(router, ctx);
  api::RegisterOrdersRoutes(router, ctx);
  api::RegisterBalanceRoutes(router, ctx);
  api::RegisterKeysRoutes(router, ctx);
  api::RegisterUsersRoutes(router, ctx);
  api::RegisterAdminRoutes(router, ctx, manual_clock_.get());
  api::RegisterReadRoutes(router, ctx);
  api::RegisterCtmRoutes(
      router, ctx, {ctm_.entry_fee_blind, ctm_.heatmap_fee_multiplier, ctm_.platform_fee_rate});
  if (Status st = api::RegisterOptionsDeskRoutes(router, ctx, options_.config); !st.ok()) {
    std::fprintf(stderr, "options desk: %s\n", st.error().message.c_str());
  }
}

Status VenueService::SetUpCtm() {
  // Configured schedules are (re)applied when they differ from the recovered ones; schedules no
  // longer configured are disabled.
  auto current = engine_->Query([](const Exchange& x) { return x.ctm().schedules(); });
  if (!current) return current.error();
  std::vector<CtmScheduleSpec> wanted = ctm_.schedules;
  for (const auto& [key, schedule] : *current) {
    bool configured = false;
    for (const CtmScheduleSpec& s : ctm_.schedules) {
      configured =
          configured || (s.asset == key.first && static_cast<std::uint8_t>(s.type) == key.second);
    }
    if (!configured && schedule.spec.enabled) {
      CtmScheduleSpec off = schedule.spec;
      off.enabled = false;
      wanted.push_back(off);
    }
  }
  for (const CtmScheduleSpec& spec : wanted) {
    auto it = current->find({spec.asset, static_cast<std::uint8_t>(spec.type)});
    if (it != current->end() && it->second.spec == spec) continue;
    auto done = engine_->Submit(SetCtmSchedule{spec});
    if (!done) return done.error();
    if (!done->output.ok()) {
      return MakeError("invalid_config", "CTM schedule " + spec.asset + " " +
                                             std::string(CtmRoundTypeName(spec.type)) + ": " +
                                             std::string(RejectCodeName(done->output.reject)));
    }
  }
  // Rounds that are already due are created at once.
  auto advanced = engine_->Submit(AdvanceTime{});
  if (!advanced) return advanced.error();
  oracle_ = std::make_unique<OracleFeed>(*engine_, *clock_, ctm_.oracle);
  return oracle_->Start();
}

void VenueService::RunLifecycle() {
  std::unique_lock lock(lifecycle_mu_);
  while (!stopping_) {
    lifecycle_cv_.wait_for(lock, std::chrono::milliseconds(options_.lifecycle_tick_ms));
    if (stopping_) break;
    lock.unlock();
    const Timestamp now = clock_->Now();
    auto due = engine_->Query([now](const Exchange& exchange) {
      for (const Market& m : exchange.markets()) {
        if (m.status == MarketStatus::kActive && m.end_time <= now) return true;
      }
      return exchange.ctm().NextDeadline() <= now;
    });
    if (due && *due) {
      auto done = engine_->Submit(AdvanceTime{});
      if (!done) std::fprintf(stderr, "venue lifecycle: %s\n", done.error().message.c_str());
    }
    lock.lock();
  }
}

void VenueService::Wait() {
  if (server_) server_->Wait();
}

void VenueService::Stop() {
  std::call_once(stop_once_, [this] {
    if (server_) server_->Stop();
    {
      std::lock_guard lock(lifecycle_mu_);
      stopping_ = true;
      lifecycle_cv_.notify_all();
    }
    if (lifecycle_.joinable()) lifecycle_.join();
    if (oracle_) oracle_->Stop();
    if (context_) context_->RunStopHooks();
    if (engine_) engine_->Stop();
  });
}

}  // namespace probex::venue
