// `probex demo`: the whole platform alive on loopback. Starts the simulated bookmaker (a seeded
// season at --speed), the venue, and the MM engine as child processes of this binary; seeds the
// venue (demo_world.h: a market maker, a trader, a crowd, one ORDER_BOOK market per bookmaker
// fixture and market kind with the MM's mapping metadata) and an options maker on the RFQ desk
// (demo_options.h); then runs the crowd (orders, bets, predictions, option requests) and the
// operator (who resolves markets from final scores) on one activity thread, prints a status line
// every few seconds, and stops everything on SIGINT/SIGTERM or after --duration seconds. URLs and
// keys are printed and written to DATA_DIR/demo.json.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/time.h"
#include "demo_options.h"
#include "demo_world.h"
#include "net/api_key.h"
#include "net/http_client.h"
#include "net/json_writer.h"
#include "subcommand.h"

namespace probex::app {
namespace {

struct DemoOptions {
  std::string data_dir = "./data/demo";
  int venue_port = 8700;
  int bookmaker_port = 8702;
  int mm_port = 8701;
  int duration_s = 0;  // 0 = until interrupted
  int seed = 1;
  int crowd = 12;
  bool verbose = false;  // also print the crowd's last rejected order
  // Season seconds per real second: kick-offs every minute, the first after three minutes.
  double speed = 10;
};

struct Child {
  std::string name;
  pid_t pid = -1;
};

// Runs `/proc/self/exe args…` with stdout and stderr appended to `log_path`.
Result<Child> Spawn(const std::string& name, const std::vector<std::string>& args,
                    const std::string& log_path) {
  std::vector<char*> argv;
  std::string self = "/proc/self/exe";
  argv.push_back(self.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return MakeError("demo_failed", "cannot open " + log_path);
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    return MakeError("demo_failed", "fork failed");
  }
  if (pid == 0) {
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log);
  return Child{name, pid};
}

bool WaitHealthy(int port, std::chrono::seconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    net::HttpClient client("127.0.0.1", static_cast<std::uint16_t>(port));
    auto r = client.Get("/healthz");
    if (r.ok() && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void StopChildren(std::vector<Child>& children) {
  for (auto& c : children) {
    if (c.pid > 0) ::kill(c.pid, SIGTERM);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  for (auto& c : children) {
    while (c.pid > 0) {
      int status = 0;
      pid_t done = ::waitpid(c.pid, &status, WNOHANG);
      if (done == c.pid || done < 0) {
        c.pid = -1;
        break;
      }
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(c.pid, SIGKILL);
        ::waitpid(c.pid, &status, 0);
        c.pid = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

// The MM engine's counters from its /metrics text (0 when absent).
std::int64_t Metric(const std::string& text, const std::string& name) {
  std::size_t at = 0;
  while ((at = text.find(name, at)) != std::string::npos) {
    const bool line_start = at == 0 || text[at - 1] == '\n';
    at += name.size();
    if (line_start && at < text.size() && text[at] == ' ') {
      return static_cast<std::int64_t>(std::atof(text.c_str() + at + 1));
    }
  }
  return 0;
}

// "pnl (realized r)" from GET /api/v1/pnl, numbers as the API prints them.
std::string PnlText(const boost::json::value& root) {
  auto field = [&](const char* name) -> std::string {
    if (!root.is_object()) return "?";
    const auto* v = root.as_object().if_contains(name);
    if (v == nullptr) return "?";
    if (v->is_string()) return std::string(v->as_string());
    if (!v->is_number()) return "?";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v->to_number<double>());  // display only
    return std::string(text);
  };
  return field("pnl") + " (realized " + field("realizedPnl") + ")";
}

void WriteMmConfig(const std::filesystem::path& path, const DemoWorld& world,
                   const std::string& client_key) {
  std::ofstream f(path);
  f << "[client]\nid = \"demo\"\nname = \"Demo Trading\"\nodds_format = \"decimal\"\n"
    << "api_key = \"" << client_key << "\"\n\n"
    << "[venue]\nhost = \"127.0.0.1\"\nport = " << world.venue_port << "\napi_key = \""
    << world.market_maker.key << "\"\norders_per_minute = 6000\n\n"
    << "[bookmaker]\nhost = \"127.0.0.1\"\nport = " << world.bookmaker_port << "\napi_key = \""
    << world.bookmaker_key << "\"\n\n"
    << "[trading]\nmargin = 0.02\nlimit_ratio = 0.5\nmax_order_shares = 200\n"
    << "fixture_cap = 2000\nsport_cap = 20000\ndevig = \"shin\"\n\n"
    << "[allowlist]\n10 = \"1x2,totals\"\n11 = \"moneyline\"\n\n"
    << "[tournaments]\nactive = \"17,8,132\"\n";
}

int RunDemo(const DemoOptions& o) {
  namespace fs = std::filesystem;
  const fs::path dir = o.data_dir;
  // A fresh directory each run; only a directory this command made itself is ever removed.
  std::error_code ec;
  if (fs::exists(dir / "demo.json", ec)) fs::remove_all(dir, ec);
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    std::fprintf(stderr, "probex demo: %s exists and was not made by the demo; pick --data-dir\n",
                 dir.c_str());
    return 2;
  }
  fs::create_directories(dir, ec);

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &stop_signals, nullptr);

  const std::string bookmaker_key = net::NewUuidV4();
  std::vector<Child> children;
  auto fail = [&](const std::string& why) {
    std::fprintf(stderr, "probex demo: %s (logs in %s)\n", why.c_str(), dir.c_str());
    StopChildren(children);
    return 1;
  };
  char speed[32];
  std::snprintf(speed, sizeof speed, "%g", o.speed);
  auto bookmaker = Spawn("bookmaker",
                         {"bookmaker", "--port", std::to_string(o.bookmaker_port), "--data-dir",
                          (dir / "bookmaker").string(), "--seed", std::to_string(o.seed), "--speed",
                          speed, "--api-key", bookmaker_key},
                         (dir / "bookmaker.log").string());
  if (!bookmaker.ok()) return fail(bookmaker.error().message);
  children.push_back(*bookmaker);
  {
    std::ofstream venue_config(dir / "venue.toml");
    venue_config << "# The demo crowd's tier: the default limits, counted per account.\n"
                 << "[venue.rate_tiers.crowd]\norders = \"60/min\"\n";
  }
  auto venue = Spawn("venue",
                     {"venue", "--port", std::to_string(o.venue_port), "--data-dir",
                      (dir / "venue").string(), "--config", (dir / "venue.toml").string()},
                     (dir / "venue.log").string());
  if (!venue.ok()) return fail(venue.error().message);
  children.push_back(*venue);

  if (!WaitHealthy(o.bookmaker_port, std::chrono::seconds(30))) {
    return fail("the bookmaker did not come up");
  }
  if (!WaitHealthy(o.venue_port, std::chrono::seconds(30)))
    return fail("the venue did not come up");
  // The venue created its operator key on first start (mode 0600); never on a command line.
  std::string operator_key;
  {
    std::ifstream key_file(dir / "venue" / "operator.key");
    std::getline(key_file, operator_key);
  }
  if (operator_key.empty()) return fail("no operator key in " + (dir / "venue").string());
  DemoWorld world;
  world.operator_key = operator_key;
  world.bookmaker_key = bookmaker_key;
  world.venue_port = o.venue_port;
  world.bookmaker_port = o.bookmaker_port;
  world.speed = o.speed;
  if (Status st = SeedVenue(world, o.crowd); !st.ok()) return fail(st.error().message);
  if (Status st = SeedOptionsMaker(world); !st.ok()) return fail(st.error().message);

  const std::string mm_client_key = net::NewUuidV4();
  WriteMmConfig(dir / "mm.toml", world, mm_client_key);
  auto mm = Spawn("mm",
                  {"mm", "--port", std::to_string(o.mm_port), "--data-dir", (dir / "mm").string(),
                   "--config", (dir / "mm.toml").string()},
                  (dir / "mm.log").string());
  if (!mm.ok()) return fail(mm.error().message);
  children.push_back(*mm);
  if (!WaitHealthy(o.mm_port, std::chrono::seconds(30)))
    return fail("the MM engine did not come up");

  const std::string venue_url = "http://127.0.0.1:" + std::to_string(o.venue_port);
  const std::string bookmaker_url = "http://127.0.0.1:" + std::to_string(o.bookmaker_port);
  const std::string mm_url = "http://127.0.0.1:" + std::to_string(o.mm_port);
  std::string summary;
  {
    net::JsonWriter w(summary);
    w.BeginObject();
    w.Field("venueUrl", venue_url);
    w.Field("bookmakerUrl", bookmaker_url);
    w.Field("mmUrl", mm_url);
    w.Field("operatorKey", operator_key);
    w.Field("venueKey", world.trader.key);
    w.Field("marketMakerVenueKey", world.market_maker.key);
    w.Field("bookmakerKey", bookmaker_key);
    w.Field("mmClientKey", mm_client_key);
    w.Field("optionsMakerKey", world.options_maker_key);
    w.Key("markets");
    w.BeginArray();
    for (const auto& m : world.markets) w.String(m.venue_id);
    w.EndArray();
    w.EndObject();
  }
  {
    std::ofstream f(dir / "demo.json");
    f << summary << "\n";
  }
  std::printf(
      "probex demo is up (data in %s)\n"
      "  venue      %s   operator key %s\n"
      "             trader key %s (10000 deposited)\n"
      "             try: curl %s/api/v1/markets?type=ORDER_BOOK\n"
      "  bookmaker  %s   api key %s\n"
      "             try: curl '%s/v4/fixtures?apiKey=%s'\n"
      "  mm engine  %s   client key %s (quoting %zu order-book markets, hedging)\n"
      "             try: curl -H 'X-API-Key: %s' %s/api/v1/pnl\n"
      "  options    an RFQ maker on %s/v1/mm/... (key %s); the crowd requests and commits\n"
      "             try: curl %s/v1/series\n"
      "Ctrl-C stops everything.\n",
      dir.c_str(), venue_url.c_str(), operator_key.c_str(), world.trader.key.c_str(),
      venue_url.c_str(), bookmaker_url.c_str(), bookmaker_key.c_str(), bookmaker_url.c_str(),
      bookmaker_key.c_str(), mm_url.c_str(), mm_client_key.c_str(),
      static_cast<std::size_t>(std::count_if(world.markets.begin(), world.markets.end(),
                                             [](const DemoMarket& m) { return !m.pool; })),
      mm_client_key.c_str(), mm_url.c_str(), venue_url.c_str(), world.options_maker_key.c_str(),
      venue_url.c_str());
  std::fflush(stdout);

  // The crowd and the operator share one thread, so the world needs no locks.
  DemoActivity activity;
  DemoOptionsMaker options_maker(world, activity);
  options_maker.Start();
  std::atomic<bool> stopping{false};
  std::thread activity_thread([&] {
    DemoCrowd crowd(world, static_cast<std::uint64_t>(o.seed), activity);
    DemoOperator operator_loop(world, activity);
    auto next_resolution = std::chrono::steady_clock::now();
    while (!stopping.load()) {
      crowd.Step();
      if (std::chrono::steady_clock::now() >= next_resolution) {
        operator_loop.Step();
        next_resolution = std::chrono::steady_clock::now() + std::chrono::seconds(2);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
  });
  auto stop_all = [&] {
    stopping.store(true);
    activity_thread.join();
    options_maker.Stop();
    StopChildren(children);
  };

  const auto started = std::chrono::steady_clock::now();
  net::HttpClient mm_client("127.0.0.1", static_cast<std::uint16_t>(o.mm_port));
  for (;;) {
    timespec tick{5, 0};
    int sig = ::sigtimedwait(&stop_signals, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) break;
    for (auto& c : children) {
      int status = 0;
      if (c.pid > 0 && ::waitpid(c.pid, &status, WNOHANG) == c.pid) {
        c.pid = -1;
        stopping.store(true);
        activity_thread.join();
        options_maker.Stop();
        return fail("the " + c.name + " exited unexpectedly");
      }
    }
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();
    std::string metrics;
    if (auto r = mm_client.Get("/metrics"); r.ok() && r->status == 200) metrics = r->body;
    std::string pnl = "?";
    if (auto r = mm_client.GetJson("/api/v1/pnl", {{"X-API-Key", mm_client_key}});
        r.ok() && r->status == 200) {
      pnl = PnlText(r->json.root);
    }
    std::printf(
        "[demo %llds] crowd orders %lld, bets %lld, predictions %lld (rejected %lld) · mm quotes "
        "live %lld, "
        "placed %lld, fills %lld, hedges %lld (declined %lld), P&L %s · options requests %lld, "
        "quotes %lld, trades %lld · markets resolved %lld/%zu\n",
        static_cast<long long>(elapsed), static_cast<long long>(activity.orders.load()),
        static_cast<long long>(activity.bets.load()),
        static_cast<long long>(activity.predictions.load()),
        static_cast<long long>(activity.rejected.load()),
        static_cast<long long>(Metric(metrics, "mm_live_quotes")),
        static_cast<long long>(Metric(metrics, "mm_orders_placed_total")),
        static_cast<long long>(Metric(metrics, "mm_fills_total")),
        static_cast<long long>(Metric(metrics, "mm_hedges_placed_total")),
        static_cast<long long>(Metric(metrics, "mm_hedges_declined_total")), pnl.c_str(),
        static_cast<long long>(activity.option_requests.load()),
        static_cast<long long>(activity.option_quotes.load()),
        static_cast<long long>(activity.option_trades.load()),
        static_cast<long long>(activity.resolved.load()), world.markets.size());
    if (const std::string why = activity.last_reject(); !why.empty() && o.verbose) {
      std::printf("  last crowd reject: %s\n", why.c_str());
    }
    std::fflush(stdout);
    if (o.duration_s > 0 && elapsed >= o.duration_s) break;
  }
  stop_all();
  std::printf("probex demo stopped\n");
  return 0;
}

const SubcommandRegistrar kDemo(
    {"demo", "Start the platform with simulated activity on loopback", 50,
     [](CLI::App& cmd, int& exit_code) {
       auto options = std::make_shared<DemoOptions>();
       cmd.add_option("--data-dir", options->data_dir, "Directory for the demo's data (fresh)");
       cmd.add_option("--venue-port", options->venue_port, "Venue port");
       cmd.add_option("--bookmaker-port", options->bookmaker_port, "Bookmaker port");
       cmd.add_option("--mm-port", options->mm_port, "MM engine port");
       cmd.add_option("--crowd", options->crowd, "Simulated takers on the venue");
       cmd.add_flag("--verbose", options->verbose, "Also print the crowd's last rejected order");
       cmd.add_option("--duration", options->duration_s, "Stop after this many seconds (0: never)");
       cmd.add_option("--seed", options->seed, "Bookmaker season seed");
       cmd.add_option("--speed", options->speed, "Bookmaker season speed");
       cmd.callback([options, &exit_code] { exit_code = RunDemo(*options); });
     }});

}  // namespace
}  // namespace probex::app
