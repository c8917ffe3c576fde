// The bookmaker's feed under load: one `probex bookmaker` (the real binary) with N live fixtures
// repricing fast, pushed to C WebSocket clients on /v4/ws. Measures, over a window in which every
// fixture is live: the odds changes per second each client receives (and the outcome prices they
// carry), the latency from the server publishing a change to a client reading it (from the
// message's publishedAtUs, same host, same clock), gaps in the global seq, and the server's CPU
// (utime + stime from /proc/<pid>/stat over the window). A plain executable, not a Google
// Benchmark: one run is one long measurement.
//   ./bookmaker_ws_bench --probex ./probex [--clients 20] [--fixtures 500] [--speed 60]
//       [--live-tick 15] [--kickoff-interval 1] [--measure-s 30] [--threads 2]
// The fixtures kick off one season second apart from the start; the window opens once the last
// has kicked off and must close before the first finishes (basketball: 48 season minutes).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "net/http_client.h"
#include "net/json.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr char kKey[] = "bench_bookmaker_key_0123456789";

struct Flags {
  std::string probex = "./probex";
  int clients = 20;
  int fixtures = 500;
  double speed = 60;
  int live_tick_s = 15;
  int kickoff_interval_s = 1;
  int measure_s = 30;
  int threads = 2;
};

Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    std::string value = argv[i + 1];
    if (name == "--probex") {
      f.probex = value;
    } else if (name == "--clients") {
      f.clients = std::stoi(value);
    } else if (name == "--fixtures") {
      f.fixtures = std::stoi(value);
    } else if (name == "--speed") {
      f.speed = std::stod(value);
    } else if (name == "--live-tick") {
      f.live_tick_s = std::stoi(value);
    } else if (name == "--kickoff-interval") {
      f.kickoff_interval_s = std::stoi(value);
    } else if (name == "--measure-s") {
      f.measure_s = std::stoi(value);
    } else if (name == "--threads") {
      f.threads = std::stoi(value);
    } else {
      std::fprintf(stderr, "unknown flag %s\n", name.c_str());
      std::exit(2);
    }
  }
  return f;
}

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// utime + stime of a process, in clock ticks.
std::int64_t CpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which is in parentheses and may hold spaces).
  std::istringstream rest(stat.substr(stat.rfind(')') + 2));
  std::string field;
  std::int64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) stime = std::stoll(field);
  }
  return utime + stime;
}

// The integer after `"name":` in a JSON text (the feed writes these fields unquoted).
std::optional<std::int64_t> IntField(std::string_view text, std::string_view quoted_name) {
  std::size_t at = text.find(quoted_name);
  if (at == std::string_view::npos) return std::nullopt;
  const char* p = text.data() + at + quoted_name.size();
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(p, text.data() + text.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

std::size_t Count(std::string_view text, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

struct Stats {
  std::vector<std::int64_t> latencies_us;  // inside the window
  std::uint64_t messages = 0;              // odds messages inside the window
  std::uint64_t prices = 0;                // outcome prices they carried
  std::uint64_t gaps = 0;                  // seq jumps (lost messages), whole run
  std::uint64_t closed = 0;                // clients the server dropped
};

// One feed client on a shared io_context: reads forever, records what arrives in the window.
class FeedClient : public std::enable_shared_from_this<FeedClient> {
 public:
  FeedClient(asio::io_context& io, Stats& stats, std::atomic<bool>& measuring)
      : ws_(io), stats_(stats), measuring_(measuring) {}

  void Connect(std::uint16_t port) {
    tcp::resolver resolver(ws_.get_executor());
    beast::get_lowest_layer(ws_).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
    ws_.handshake("127.0.0.1", std::string("/v4/ws?apiKey=") + kKey);
  }
  void Start() { DoRead(); }

 private:
  void DoRead() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->OnRead(ec);
    });
  }
  void OnRead(beast::error_code ec) {
    if (ec) {
      if (ec != asio::error::operation_aborted) {
        if (stats_.closed++ == 0) std::fprintf(stderr, "client read: %s\n", ec.message().c_str());
      }
      return;
    }
    std::int64_t received = NowMicros();
    std::string_view text(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    if (text.find("\"type\":\"odds\"") != std::string_view::npos) {
      auto seq = IntField(text, "\"seq\":");
      auto published = IntField(text, "\"publishedAtUs\":");
      if (seq && last_seq_ != 0 && *seq != last_seq_ + 1) ++stats_.gaps;
      if (seq) last_seq_ = *seq;
      if (published && measuring_.load(std::memory_order_relaxed)) {
        stats_.latencies_us.push_back(received - *published);
        ++stats_.messages;
        stats_.prices += Count(text, "\"price\":");
      }
    }
    buffer_.consume(buffer_.size());
    DoRead();
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  Stats& stats_;
  std::atomic<bool>& measuring_;
  std::int64_t last_seq_ = 0;
};

int LiveFixtures(std::uint16_t port) {
  probex::net::HttpClient http("127.0.0.1", port);
  auto r = http.GetJson("/v4/fixtures?statusId=1", {{"X-API-Key", kKey}});
  if (!r.ok() || !r->json.root.is_array()) return -1;
  return static_cast<int>(r->json.root.as_array().size());
}

std::int64_t Percentile(std::vector<std::int64_t>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  char dir_template[] = "/tmp/probex-bookmaker-bench-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) return 1;
  std::string data_dir = dir_template;

  std::vector<std::string> args = {flags.probex,
                                   "bookmaker",
                                   "--port",
                                   "0",
                                   "--data-dir",
                                   data_dir,
                                   "--api-key",
                                   kKey,
                                   "--threads",
                                   std::to_string(flags.threads),
                                   "--fixtures",
                                   std::to_string(flags.fixtures),
                                   "--first-kickoff",
                                   "0",
                                   "--kickoff-interval",
                                   std::to_string(flags.kickoff_interval_s),
                                   "--speed",
                                   std::to_string(flags.speed),
                                   "--live-tick",
                                   std::to_string(flags.live_tick_s),
                                   "--drops-per-hour",
                                   "0",
                                   "--cancel-probability",
                                   "0",
                                   "--rate-limit",
                                   "1000000"};
  std::string command;
  for (const auto& a : args) command += a + " ";
  std::printf("server: %s\n", command.c_str());
  int out[2];
  if (::pipe(out) != 0) return 1;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    std::vector<char*> argv_child;
    for (auto& a : args) argv_child.push_back(a.data());
    argv_child.push_back(nullptr);
    ::execv(argv_child[0], argv_child.data());
    ::_exit(127);
  }
  ::close(out[1]);
  FILE* child_out = ::fdopen(out[0], "r");
  std::uint16_t port = 0;
  char line[512];
  while (port == 0 && std::fgets(line, sizeof line, child_out) != nullptr) {
    std::string text(line);
    if (text.find("listening on") != std::string::npos) {
      port = static_cast<std::uint16_t>(std::stoi(text.substr(text.rfind(':') + 1)));
    }
  }
  auto start = std::chrono::steady_clock::now();
  if (port == 0) {
    std::fprintf(stderr, "probex bookmaker did not start\n");
    return 1;
  }

  asio::io_context io;
  std::vector<Stats> stats(static_cast<std::size_t>(flags.clients));
  std::atomic<bool> measuring{false};
  std::vector<std::shared_ptr<FeedClient>> clients;
  for (int i = 0; i < flags.clients; ++i) {
    auto c = std::make_shared<FeedClient>(io, stats[static_cast<std::size_t>(i)], measuring);
    c->Connect(port);
    c->Start();
    clients.push_back(c);
  }
  std::thread reader([&io] { io.run(); });

  // The window opens a second after the last kick-off.
  double last_kickoff_real_s =
      static_cast<double>((flags.fixtures - 1) * flags.kickoff_interval_s) / flags.speed;
  std::this_thread::sleep_until(start + std::chrono::milliseconds(static_cast<std::int64_t>(
                                            (last_kickoff_real_s + 1) * 1000)));
  int live_before = LiveFixtures(port);
  std::int64_t cpu_before = CpuTicks(pid);
  auto window_start = std::chrono::steady_clock::now();
  measuring = true;
  std::this_thread::sleep_for(std::chrono::seconds(flags.measure_s));
  measuring = false;
  auto window_end = std::chrono::steady_clock::now();
  std::int64_t cpu_after = CpuTicks(pid);
  int live_after = LiveFixtures(port);

  io.stop();
  reader.join();
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  std::fclose(child_out);
  std::error_code ec;
  std::filesystem::remove_all(data_dir, ec);

  double window_s = std::chrono::duration<double>(window_end - window_start).count();
  double cpu_s =
      static_cast<double>(cpu_after - cpu_before) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  std::vector<std::int64_t> all;
  std::uint64_t messages = 0, prices = 0, gaps = 0, closed = 0;
  std::uint64_t min_messages = UINT64_MAX;
  for (Stats& s : stats) {
    all.insert(all.end(), s.latencies_us.begin(), s.latencies_us.end());
    messages += s.messages;
    prices += s.prices;
    gaps += s.gaps;
    closed += s.closed;
    min_messages = std::min(min_messages, s.messages);
  }
  double per_client = static_cast<double>(messages) / flags.clients / window_s;
  std::printf("live fixtures: %d at the window's start, %d at its end\n", live_before, live_after);
  std::printf("window: %.1f s; clients: %d (dropped by the server: %llu; seq gaps: %llu)\n",
              window_s, flags.clients, static_cast<unsigned long long>(closed),
              static_cast<unsigned long long>(gaps));
  std::printf("odds changes per client: %.0f/s (%.0f outcome prices/s); delivered: %.0f msg/s\n",
              per_client, static_cast<double>(prices) / flags.clients / window_s,
              static_cast<double>(messages) / window_s);
  std::printf("fewest messages for one client: %llu of %.0f on average\n",
              static_cast<unsigned long long>(min_messages),
              static_cast<double>(messages) / flags.clients);
  std::printf("server CPU: %.2f s over %.1f s = %.1f%% of one core (%.1f us per change)\n", cpu_s,
              window_s, 100 * cpu_s / window_s, 1e6 * cpu_s / (per_client * window_s));
  std::printf(
      "latency publish->client (us): p50 %lld  p90 %lld  p99 %lld  p99.9 %lld  max %lld "
      "(n=%zu)\n",
      static_cast<long long>(Percentile(all, 0.5)), static_cast<long long>(Percentile(all, 0.9)),
      static_cast<long long>(Percentile(all, 0.99)), static_cast<long long>(Percentile(all, 0.999)),
      static_cast<long long>(all.empty() ? 0 : *std::max_element(all.begin(), all.end())),
      all.size());
  return 0;
}
