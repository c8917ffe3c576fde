// `probex demo`: starts the services that exist so far — the simulated bookmaker and the venue —
// as child processes of this binary on loopback, seeds the venue with a demo trader (a funded
// account and an `ak_` key) and order-book markets, prints the URLs and keys (also written to
// DATA_DIR/demo.json), and stops everything on SIGINT/SIGTERM or after --duration seconds.
// The MM engine and the simulated crowd join the demo with their own issues.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/time.h"
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
  int duration_s = 0;  // 0 = until interrupted
  int seed = 1;
  double speed = 60;
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

// POSTs JSON to the venue's operator API; returns the parsed answer or an error naming the call.
Result<net::JsonResponse> Operator(net::HttpClient& venue, const std::string& target,
                                   const std::string& body) {
  auto r = venue.PostJson(target, body);
  if (!r.ok()) return r.error();
  if (r->status != 200 && r->status != 201) {
    return MakeError("demo_failed",
                     target + " answered " + std::to_string(r->status) + ": " + r->body);
  }
  return r;
}

std::string StringAt(const net::JsonResponse& r, const char* pointer) {
  boost::system::error_code ec;
  const auto* v = r.json.root.find_pointer(pointer, ec);
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return "";
}

struct Seeded {
  std::string trader_key;
  std::vector<std::string> markets;
};

Result<Seeded> SeedVenue(int port, const std::string& operator_key) {
  net::HttpClient venue("127.0.0.1", static_cast<std::uint16_t>(port));
  venue.SetDefaultHeader("Authorization", "Bearer " + operator_key);
  Seeded out;
  auto user = Operator(venue, "/admin/v1/users", R"({"username":"demo-trader"})");
  if (!user.ok()) return user.error();
  const std::string user_id = StringAt(*user, "/user/id");
  auto key =
      Operator(venue, "/admin/v1/users/" + user_id + "/api-keys", R"({"kind":"ak","name":"demo"})");
  if (!key.ok()) return key.error();
  out.trader_key = StringAt(*key, "/key");
  auto deposit =
      Operator(venue, "/admin/v1/users/" + user_id + "/deposits", R"({"amount":"10000"})");
  if (!deposit.ok()) return deposit.error();
  const std::string end = FormatIso8601(SystemClock().Now().PlusSeconds(7 * 24 * 3600));
  const char* questions[] = {"Will BTC close the week above $100k?",
                             "Will the home side win the demo derby?"};
  for (const char* q : questions) {
    std::string body;
    net::JsonWriter w(body);
    w.BeginObject();
    w.Field("type", "ORDER_BOOK");
    w.Field("question", q);
    w.Field("category", "Demo");
    w.Key("outcomes");
    w.BeginArray();
    w.String("YES");
    w.String("NO");
    w.EndArray();
    w.Field("endTime", end);
    w.EndObject();
    auto market = Operator(venue, "/admin/v1/markets", body);
    if (!market.ok()) return market.error();
    out.markets.push_back(StringAt(*market, "/market/id"));
  }
  return out;
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
  auto venue = Spawn(
      "venue",
      {"venue", "--port", std::to_string(o.venue_port), "--data-dir", (dir / "venue").string()},
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
  auto seeded = SeedVenue(o.venue_port, operator_key);
  if (!seeded.ok()) return fail(seeded.error().message);

  const std::string venue_url = "http://127.0.0.1:" + std::to_string(o.venue_port);
  const std::string bookmaker_url = "http://127.0.0.1:" + std::to_string(o.bookmaker_port);
  std::string summary;
  {
    net::JsonWriter w(summary);
    w.BeginObject();
    w.Field("venueUrl", venue_url);
    w.Field("bookmakerUrl", bookmaker_url);
    w.Field("operatorKey", operator_key);
    w.Field("venueKey", seeded->trader_key);
    w.Field("bookmakerKey", bookmaker_key);
    w.Key("markets");
    w.BeginArray();
    for (const auto& m : seeded->markets) w.String(m);
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
      "Ctrl-C stops everything.\n",
      dir.c_str(), venue_url.c_str(), operator_key.c_str(), seeded->trader_key.c_str(),
      venue_url.c_str(), bookmaker_url.c_str(), bookmaker_key.c_str(), bookmaker_url.c_str(),
      bookmaker_key.c_str());
  std::fflush(stdout);

  const auto started = std::chrono::steady_clock::now();
  for (;;) {
    timespec tick{5, 0};
    int sig = ::sigtimedwait(&stop_signals, nullptr, &tick);
    if (sig == SIGINT || sig == SIGTERM) break;
    for (auto& c : children) {
      int status = 0;
      if (c.pid > 0 && ::waitpid(c.pid, &status, WNOHANG) == c.pid) {
        c.pid = -1;
        return fail("the " + c.name + " exited unexpectedly");
      }
    }
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started)
            .count();
    std::printf("[demo %llds] venue and bookmaker up\n", static_cast<long long>(elapsed));
    std::fflush(stdout);
    if (o.duration_s > 0 && elapsed >= o.duration_s) break;
  }
  StopChildren(children);
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
       cmd.add_option("--duration", options->duration_s, "Stop after this many seconds (0: never)");
       cmd.add_option("--seed", options->seed, "Bookmaker season seed");
       cmd.add_option("--speed", options->speed, "Bookmaker season speed");
       cmd.callback([options, &exit_code] { exit_code = RunDemo(*options); });
     }});

}  // namespace
}  // namespace probex::app
