// The MM engine under load, with the three real binaries on loopback (docs/benchmarks/mm.md):
//   * `probex bookmaker` (manual clock) with enough fixtures for --markets venue markets, all
//     in play and kicked off one second apart, so their in-play repricings (every 60 s of season
//     time per fixture) spread evenly; the bench advances the bookmaker's clock in small steps,
//     paced to --rate changed prices per second (counted off the feed's own WebSocket);
//   * `probex venue` (manual clock) with --markets ORDER_BOOK markets, each mapped by metadata
//     to one active bookmaker outcome;
//   * `probex mm` quoting all of them.
// It reports the engine's tick-to-order latency (its mm_tick_to_order_seconds histogram: from
// the odds frame read off the bookmaker socket to the order request handed to the venue
// connection) as p50 / p99 / p99.9 — the upper bound of the bucket holding the quantile — and the
// engine process's CPU (utime + stime from /proc) over the measured window.
//
//   mm_engine_bench [--markets 10000] [--rate 2000] [--seconds 30] [--realtime 0]
// (--realtime N: the engine's engine.realtime_priority, SCHED_FIFO N for its latency path threads)
// PROBEX_BIN names the probex binary (default ./probex).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../tests/process_harness.h"
#include "net/websocket_client.h"

namespace {

using probex::testing::AuthHeader;
using probex::testing::JsonClient;
using probex::testing::ProbexProcess;
using probex::testing::Reply;
using probex::testing::TempDir;
namespace json = boost::json;

constexpr char kBookKey[] = "bk_mm_bench_key_0123456789";
constexpr char kOperatorKey[] = "op_mm_bench_operator_key_0123456789";

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// utime + stime of a process, in seconds.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = text.rfind(')');
  std::istringstream rest(text.substr(close + 2));
  std::vector<std::string> fields;
  std::string f;
  while (rest >> f) fields.push_back(f);
  // After the comm: state(0) ... utime is field 14 of the line, index 11 here; stime index 12.
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  return (std::stod(fields[11]) + std::stod(fields[12])) / ticks;
}

struct Histogram {
  std::vector<std::pair<double, double>> buckets;  // (le, cumulative count); +Inf as inf
  double count = 0;
};

std::map<std::string, double> Scalars(const std::string& text, Histogram* tick,
                                      Histogram* queue = nullptr) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t sp = line.rfind(' ');
    const std::string name = line.substr(0, sp);
    const double value = std::stod(line.substr(sp + 1));
    if (name.rfind("mm_tick_to_order_seconds_bucket", 0) == 0 && tick != nullptr) {
      const std::size_t q = name.find("le=\"") + 4;
      const std::string le = name.substr(q, name.find('"', q) - q);
      tick->buckets.push_back({le == "+Inf" ? INFINITY : std::stod(le), value});
    } else if (name == "mm_tick_to_order_seconds_count" && tick != nullptr) {
      tick->count = value;
    } else if (name.rfind("mm_tick_to_queue_seconds_bucket", 0) == 0 && queue != nullptr) {
      const std::size_t q = name.find("le=\"") + 4;
      const std::string le = name.substr(q, name.find('"', q) - q);
      queue->buckets.push_back({le == "+Inf" ? INFINITY : std::stod(le), value});
    } else if (name == "mm_tick_to_queue_seconds_count" && queue != nullptr) {
      queue->count = value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

// The upper bound of the bucket where the window's cumulative count crosses q.
double Quantile(const Histogram& before, const Histogram& after, double q) {
  const double total = after.count - before.count;
  if (total <= 0) return NAN;
  for (std::size_t i = 0; i < after.buckets.size(); ++i) {
    const double c =
        after.buckets[i].second - (i < before.buckets.size() ? before.buckets[i].second : 0);
    if (c >= q * total) return after.buckets[i].first;
  }
  return INFINITY;
}

std::string Us(double seconds) {
  if (std::isinf(seconds)) return "> 10 s";
  char buf[32];
  if (seconds < 1e-3) {
    std::snprintf(buf, sizeof buf, "≤ %.0f µs", seconds * 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "≤ %.1f ms", seconds * 1e3);
  }
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  int markets = 10000;
  double rate = 2000;
  double seconds = 30;
  int realtime = 0;  // the engine's engine.realtime_priority (0: normal scheduling)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--markets") markets = std::stoi(argv[i + 1]);
    if (a == "--rate") rate = std::stod(argv[i + 1]);
    if (a == "--seconds") seconds = std::stod(argv[i + 1]);
    if (a == "--realtime") realtime = std::stoi(argv[i + 1]);
  }
  TempDir dir("probex-mm-bench");
  // ~70 active outcomes per soccer fixture, 2 per basketball one (every 4th).
  const int fixtures = std::max(4, markets / 50 + 4);
  const int first_kickoff = 3600;
  ProbexProcess book("bookmaker", {"--data-dir",
                                   dir.path() + "/bookmaker",
                                   "--clock",
                                   "manual",
                                   "--api-key",
                                   kBookKey,
                                   "--drops-per-hour",
                                   "0",
                                   "--cancel-probability",
                                   "0",
                                   "--seed",
                                   "3",
                                   "--fixtures",
                                   std::to_string(fixtures),
                                   "--first-kickoff",
                                   std::to_string(first_kickoff),
                                   "--kickoff-interval",
                                   "1",
                                   "--rate-limit",
                                   "100000000"});
  JsonClient bk(book.port(), kBookKey, AuthHeader::kApiKey);
  // Everything in play: kick-offs at first_kickoff + i seconds.
  bk.Post("/admin/clock/advance",
          "{\"seconds\":" + std::to_string(first_kickoff + fixtures + 1) + "}");

  {
    std::ofstream out(dir.path() + "/venue.toml");
    out << "[venue.rate_limits]\n";
    for (const char* rule : {"global", "auth_reads", "orders", "withdrawals", "key_creation"}) {
      out << rule << " = \"100000000/min\"\n";
    }
    out << "[venue.rate_tiers.market_maker]\n";
    for (const char* rule : {"global", "auth_reads", "orders"}) {
      out << rule << " = \"100000000/min\"\n";
    }
  }
  ProbexProcess venue("venue",
                      {"--data-dir", dir.path() + "/venue", "--clock", "manual", "--operator-key",
                       kOperatorKey, "--config", dir.path() + "/venue.toml"});
  JsonClient admin(venue.port(), kOperatorKey);
  const std::string user =
      admin.Post("/admin/v1/users", R"({"username":"marketmaker"})").Str("/user/id");
  const std::string key =
      admin.Post("/admin/v1/users/" + user + "/api-keys", R"({"kind":"ak"})").Str("/key");
  admin.Post("/admin/v1/users/" + user + "/deposits", R"({"amount":"100000000"})");
  admin.Put("/admin/v1/users/" + user + "/rate-tier", R"({"tier":"market_maker"})");

  // The active outcomes of every open fixture, one venue market each.
  struct Target {
    std::string fixture;
    int market, outcome, sport, tournament;
  };
  std::vector<Target> targets;
  std::set<int> tournaments;
  std::map<std::string, std::pair<int, int>> fixture_info;  // fixture → sport, tournament
  {
    Reply fx = bk.Get("/v4/fixtures");
    for (const auto& f : fx.json.as_array()) {
      fixture_info[std::string(f.at("fixtureId").as_string())] = {
          static_cast<int>(f.at("sportId").to_number<std::int64_t>()),
          static_cast<int>(f.at("tournamentId").to_number<std::int64_t>())};
      tournaments.insert(static_cast<int>(f.at("tournamentId").to_number<std::int64_t>()));
    }
    std::string ids;
    for (int t : tournaments) ids += (ids.empty() ? "" : ",") + std::to_string(t);
    Reply odds = bk.Get("/v4/odds-by-tournaments?tournamentIds=" + ids);
    for (const auto& f : odds.json.as_array()) {
      const std::string fixture(f.at("fixtureId").as_string());
      boost::system::error_code ec;
      const json::value* mk = f.find_pointer("/bookmakerOdds/probex/markets", ec);
      if (mk == nullptr) continue;
      for (const auto& [mid, m] : mk->as_object()) {
        const json::value* outs = m.as_object().if_contains("outcomes");
        if (outs == nullptr) continue;
        bool all_active = true;
        for (const auto& [oid, o] : outs->as_object()) {
          const json::value* a = o.find_pointer("/players/0/active", ec);
          all_active = all_active && a != nullptr && a->is_bool() && a->get_bool();
        }
        if (!all_active) continue;
        for (const auto& [oid, o] : outs->as_object()) {
          targets.push_back({fixture, std::stoi(std::string(mid)), std::stoi(std::string(oid)),
                             fixture_info[fixture].first, fixture_info[fixture].second});
        }
      }
    }
  }
  if (static_cast<int>(targets.size()) < markets) {
    std::fprintf(stderr, "only %zu quotable outcomes for %d markets\n", targets.size(), markets);
    markets = static_cast<int>(targets.size());
  }
  targets.resize(static_cast<std::size_t>(markets));
  std::fprintf(stderr, "creating %d venue markets over %d fixtures...\n", markets, fixtures);
  {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        JsonClient c(venue.port(), kOperatorKey);
        for (std::size_t i = next++; i < targets.size(); i = next++) {
          const Target& x = targets[i];
          const std::string meta =
              R"({"fixtureId":")" + x.fixture + R"(","marketId":)" + std::to_string(x.market) +
              R"(,"outcomeId":)" + std::to_string(x.outcome) + R"(,"sportId":)" +
              std::to_string(x.sport) + R"(,"tournamentId":)" + std::to_string(x.tournament) + "}";
          Reply r = c.Post("/admin/v1/markets",
                           R"({"type":"ORDER_BOOK","question":"m)" + std::to_string(i) +
                               R"(","category":"Sports","outcomes":["Yes","No"],)"
                               R"("endTime":"2099-01-01T00:00:00Z","feeRate":0.02,"metadata":)" +
                               meta + "}");
          if (r.status != 200) std::fprintf(stderr, "create market: %s\n", r.body.c_str());
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  std::string active;
  for (int t : tournaments) active += (active.empty() ? "" : ",") + std::to_string(t);
  {
    std::ofstream out(dir.path() + "/mm.toml");
    out << "[venue]\nhost = \"127.0.0.1\"\nport = " << venue.port() << "\napi_key = \"" << key
        << "\"\norders_per_minute = 100000000\nrequests_per_minute = "
           "100000000\n\n[bookmaker]\nhost = \"127.0.0.1\"\nport = "
        << book.port() << "\napi_key = \"" << kBookKey
        << "\"\n\n[trading]\nmargin = 0.02\nlimit_ratio = 0.5\nmax_order_shares = 10\n"
           "fixture_cap = 100000000\nsport_cap = 1000000000\nstaleness_ms = 3000\n\n"
           "[allowlist]\n10 = \"1x2,btts,totals,spreads\"\n11 = \"moneyline\"\n\n"
           "[tournaments]\nactive = \""
        << active << "\"\n\n[engine]\nrealtime_priority = " << realtime << "\n";
  }
  const auto start_mm = std::chrono::steady_clock::now();
  ProbexProcess mm("mm", {"--data-dir", dir.path() + "/mm", "--config", dir.path() + "/mm.toml"});
  JsonClient metrics(mm.port());
  // Initial quoting: wait until the live quote count stops growing.
  double last_quotes = -1;
  auto stable_since = std::chrono::steady_clock::now();
  for (;;) {
    auto m = Scalars(metrics.Get("/metrics").body, nullptr);
    const double q = m["mm_live_quotes"];
    if (q != last_quotes) {
      last_quotes = q;
      stable_since = std::chrono::steady_clock::now();
    } else if (q > 0 && Seconds(std::chrono::steady_clock::now() - stable_since) > 3) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::fprintf(stderr, "%g quotes live after %.1f s\n", last_quotes,
               Seconds(std::chrono::steady_clock::now() - start_mm) - 3);

  // Count changed prices off the feed's WebSocket (what the engine reads too).
  std::atomic<std::int64_t> changes{0};
  std::atomic<bool> stop{false};
  std::thread counter([&] {
    probex::net::WebSocketClient ws;
    if (!ws.Connect("127.0.0.1", book.port(), std::string("/v4/ws?apiKey=") + kBookKey).ok()) {
      return;
    }
    while (!stop) {
      auto msg = ws.Receive(std::chrono::milliseconds(100));
      if (!msg.ok() || msg->closed()) continue;
      boost::system::error_code ec;
      json::value v = json::parse(msg->data, ec);
      if (ec || !v.is_object()) continue;
      const json::value* mk = v.find_pointer("/bookmakerOdds/probex/markets", ec);
      if (mk == nullptr || !mk->is_object()) continue;
      std::int64_t n = 0;
      for (const auto& [mid, m] : mk->as_object()) {
        if (const json::value* outs = m.as_object().if_contains("outcomes")) {
          n += static_cast<std::int64_t>(outs->as_object().size());
        }
      }
      changes += n;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  Histogram h0, h1, q0, q1;
  auto m0 = Scalars(metrics.Get("/metrics").body, &h0, &q0);
  const double cpu0 = CpuSeconds(mm.pid());
  const std::int64_t changes0 = changes;
  const auto t0 = std::chrono::steady_clock::now();
  int advances = 0;
  while (Seconds(std::chrono::steady_clock::now() - t0) < seconds) {
    const double elapsed = Seconds(std::chrono::steady_clock::now() - t0);
    if (static_cast<double>(changes - changes0) < rate * elapsed) {
      bk.Post("/admin/clock/advance", R"({"millis":250})");
      ++advances;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  const double wall = Seconds(std::chrono::steady_clock::now() - t0);
  const double cpu1 = CpuSeconds(mm.pid());
  const std::int64_t changes1 = changes;
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the last orders land
  auto m1 = Scalars(metrics.Get("/metrics").body, &h1, &q1);
  stop = true;
  counter.join();

  const double placed = m1["mm_orders_placed_total"] - m0["mm_orders_placed_total"];
  const double cancelled = m1["mm_orders_cancelled_total"] - m0["mm_orders_cancelled_total"];
  std::printf("markets %d (mapped %g), live quotes %g, fixtures %d\n", markets,
              m1["mm_mapped_markets"], m1["mm_live_quotes"], fixtures);
  std::printf(
      "window %.1f s: %lld odds changes (%.0f/s), %d clock steps, %g orders placed "
      "(%.0f/s), %g cancelled\n",
      wall, static_cast<long long>(changes1 - changes0),
      static_cast<double>(changes1 - changes0) / wall, advances, placed, placed / wall, cancelled);
  std::printf("engine CPU: %.1f%% of one core\n", 100 * (cpu1 - cpu0) / wall);
  std::printf("tick-to-order (%g orders): p50 %s, p99 %s, p99.9 %s\n", h1.count - h0.count,
              Us(Quantile(h0, h1, 0.50)).c_str(), Us(Quantile(h0, h1, 0.99)).c_str(),
              Us(Quantile(h0, h1, 0.999)).c_str());
  std::printf("engine part, frame read to request queued: p50 %s, p99 %s, p99.9 %s\n",
              Us(Quantile(q0, q1, 0.50)).c_str(), Us(Quantile(q0, q1, 0.99)).c_str(),
              Us(Quantile(q0, q1, 0.999)).c_str());
  // (The engine logs "venue connection lost" when it stops: after the figures.)
  std::fflush(stdout);
  mm.Terminate();
  return 0;
}
