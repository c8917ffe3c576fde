// The options RFQ desk under load: one `probex venue` (the real binary, system clock) with M maker
// SSE connections on channel 1. Measures (1) fan-out latency: from just before the taker's
// `POST /quote-requests` leaves to the moment each maker connection has read the request's
// `quote_request` event (so it includes the POST, the journal's fdatasync and the fan-out), p50,
// p99 and max over all (request, maker) pairs, and p99 of the slowest maker per request; and
// (2) quotes/s accepted on channel 2 (`POST /v1/mm/quotes`, re-posts that update one live quote
// per maker) by T client threads on keep-alive connections. A plain executable.
//   ./options_rfq_bench --probex ./probex [--makers 500] [--requests 200] [--gap-ms 20]
//       [--quote-threads 4] [--quote-seconds 5] [--threads 2]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/http_client.h"
#include "net/json.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kOperatorKey = "op_bench_options_rfq_key_0123456789";

struct Args {
  std::string probex = "./probex";
  int makers = 500;
  int requests = 200;
  int gap_ms = 20;
  int quote_threads = 4;
  int quote_seconds = 5;
  int threads = 2;
};

Args ParseArgs(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const std::string v = argv[i + 1];
    if (k == "--probex") a.probex = v;
    if (k == "--makers") a.makers = std::stoi(v);
    if (k == "--requests") a.requests = std::stoi(v);
    if (k == "--gap-ms") a.gap_ms = std::stoi(v);
    if (k == "--quote-threads") a.quote_threads = std::stoi(v);
    if (k == "--quote-seconds") a.quote_seconds = std::stoi(v);
    if (k == "--threads") a.threads = std::stoi(v);
  }
  return a;
}

pid_t StartVenue(const Args& a, const std::string& dir, std::uint16_t& port) {
  const std::string config = dir + "/venue.toml";
  std::ofstream out(config);
  out << "[venue.rate_limits]\n";
  for (const char* rule : {"global", "auth_reads", "orders", "withdrawals", "key_creation",
                           "desk_maker", "desk_taker"}) {
    out << rule << " = \"100000000/min\"\n";
  }
  out.close();
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) std::exit(1);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    const std::string threads = std::to_string(a.threads);
    std::vector<std::string> args = {a.probex,     "venue",       "--port",         "0",
                                     "--data-dir", dir + "/data", "--operator-key", kOperatorKey,
                                     "--config",   config,        "--threads",      threads};
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  FILE* f = ::fdopen(pipe_fds[0], "r");
  char line[512];
  port = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    std::string text(line);
    if (text.find("listening on http://") == std::string::npos) continue;
    port = static_cast<std::uint16_t>(std::stoi(text.substr(text.rfind(':') + 1)));
    break;
  }
  return pid;
}

std::string Call(probex::net::HttpClient& c, std::string_view method, const std::string& target,
                 const std::string& body, const probex::net::HttpHeaders& headers) {
  auto r = c.Request(method, target, body, headers);
  if (!r || r->status != 200) {
    std::fprintf(stderr, "%s %s failed: %s\n", std::string(method).c_str(), target.c_str(),
                 r ? r->body.c_str() : r.error().message.c_str());
    std::exit(1);
  }
  return r->body;
}

std::string Field(const std::string& json, const std::string& pointer) {
  auto doc = probex::net::ParseJson(json);
  boost::system::error_code ec;
  const auto* v = doc->root.find_pointer(pointer, ec);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = ParseArgs(argc, argv);
  ::signal(SIGPIPE, SIG_IGN);
  const std::string dir =
      (std::filesystem::temp_directory_path() / ("probex-rfq-bench-" + std::to_string(::getpid())))
          .string();
  std::filesystem::create_directories(dir);
  std::uint16_t port = 0;
  const pid_t venue = StartVenue(a, dir, port);
  if (port == 0) return 1;
  probex::net::HttpClient admin("127.0.0.1", port);
  const probex::net::HttpHeaders op = {{"Authorization", std::string("Bearer ") + kOperatorKey}};
  auto user = [&](const std::string& name) {
    return Field(Call(admin, "POST", "/admin/v1/users", R"({"username":")" + name + R"("})", op),
                 "/user/id");
  };
  const std::string maker = user("mm-bench");
  const std::string maker_key = Field(
      Call(admin, "POST", "/admin/v1/users/" + maker + "/api-keys", R"({"kind":"mk_live"})", op),
      "/key");
  Call(admin, "POST", "/admin/v1/users/" + maker + "/deposits", R"({"amount":"1000000"})", op);
  const std::string taker = user("taker-bench");
  const std::string taker_key =
      Field(Call(admin, "POST", "/admin/v1/users/" + taker + "/api-keys", R"({"kind":"ak"})", op),
            "/key");
  const std::string end = "2099-01-01T00:00:00.000Z";
  const std::string market = Field(
      Call(
          admin, "POST", "/admin/v1/markets",
          R"({"type":"ORDER_BOOK","question":"bench","category":"x","outcomes":["Yes","No"],"endTime":")" +
              end + R"(","feeRate":0})",
          op),
      "/market/id");

  // Channel 1: M raw SSE connections.
  std::vector<int> fds;
  for (int i = 0; i < a.makers; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return 1;
    const std::string get =
        "GET /v1/mm/quote-requests/stream HTTP/1.1\r\nHost: b\r\nX-API-Key: " + maker_key +
        "\r\n\r\n";
    if (::send(fd, get.data(), get.size(), 0) < 0) return 1;
    fds.push_back(fd);
  }
  std::mutex mu;
  std::map<int, Clock::time_point> sent;                      // request number → send time
  std::vector<std::vector<double>> arrivals(a.requests + 1);  // per request: ms per maker
  std::atomic<bool> stop{false};
  std::atomic<int> ready{0};
  std::thread reader([&] {
    std::vector<pollfd> polls;
    for (int fd : fds) polls.push_back({fd, POLLIN, 0});
    std::vector<std::string> buffers(fds.size());
    std::vector<bool> snapshot_done(fds.size(), false);
    char chunk[16384];
    while (!stop) {
      if (::poll(polls.data(), polls.size(), 50) <= 0) continue;
      const auto now = Clock::now();
      for (std::size_t i = 0; i < polls.size(); ++i) {
        if ((polls[i].revents & POLLIN) == 0) continue;
        const ssize_t n = ::recv(polls[i].fd, chunk, sizeof chunk, 0);
        if (n <= 0) continue;
        std::string& b = buffers[i];
        b.append(chunk, static_cast<std::size_t>(n));
        if (!snapshot_done[i] && b.find("event: snapshot_complete") != std::string::npos) {
          snapshot_done[i] = true;
          ++ready;
        }
        std::size_t at;
        while ((at = b.find("event: quote_request\n")) != std::string::npos) {
          const std::size_t end_of_event = b.find("\n\n", at);
          if (end_of_event == std::string::npos) break;
          const std::size_t req = b.find("\"requestId\":\"req-", at);
          const int k = std::atoi(b.c_str() + req + 17);
          {
            std::lock_guard lock(mu);
            auto s = sent.find(k);
            if (s != sent.end() && k <= a.requests) {
              arrivals[k].push_back(
                  std::chrono::duration<double, std::milli>(now - s->second).count());
            }
          }
          b.erase(0, end_of_event + 2);
        }
        if (b.size() > 65536) b.erase(0, b.size() - 4096);
      }
    }
  });
  while (ready < a.makers) std::this_thread::sleep_for(std::chrono::milliseconds(10));

  probex::net::HttpClient taker_http("127.0.0.1", port);
  const probex::net::HttpHeaders taker_auth = {{"Authorization", "Bearer " + taker_key}};
  const std::string body =
      R"({"market":{"conditionId":")" + market +
      R"("},"option":{"optionType":"call","strikeBps":50,"expiryMs":4070908800000},"trade":{"side":"buy","budgetUsd":100}})";
  for (int k = 1; k <= a.requests; ++k) {
    {
      std::lock_guard lock(mu);
      sent[k] = Clock::now();
    }
    Call(taker_http, "POST", "/quote-requests", body, taker_auth);
    std::this_thread::sleep_for(std::chrono::milliseconds(a.gap_ms));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  reader.join();
  std::vector<double> all;
  std::vector<double> slowest;
  std::size_t complete = 0;
  for (int k = 1; k <= a.requests; ++k) {
    all.insert(all.end(), arrivals[k].begin(), arrivals[k].end());
    if (arrivals[k].size() == static_cast<std::size_t>(a.makers)) ++complete;
    if (!arrivals[k].empty())
      slowest.push_back(*std::max_element(arrivals[k].begin(), arrivals[k].end()));
  }
  std::printf("fan-out: %d makers, %d requests, %zu deliveries, %zu requests reached every maker\n",
              a.makers, a.requests, all.size(), complete);
  std::printf("  POST -> event at maker: p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
              Percentile(all, 0.5), Percentile(all, 0.99), Percentile(all, 1.0));
  std::printf("  slowest maker per request: p50 %.2f ms  p99 %.2f ms\n", Percentile(slowest, 0.5),
              Percentile(slowest, 0.99));
  for (int fd : fds) ::close(fd);

  // Channel 2: quotes/s. Each thread is its own maker re-posting one quote on request 1.
  std::vector<std::string> keys;
  for (int t = 0; t < a.quote_threads; ++t) {
    const std::string id = user("mm-q" + std::to_string(t));
    keys.push_back(Field(
        Call(admin, "POST", "/admin/v1/users/" + id + "/api-keys", R"({"kind":"mk_live"})", op),
        "/key"));
    Call(admin, "POST", "/admin/v1/users/" + id + "/deposits", R"({"amount":"1000000"})", op);
  }
  // A fresh request with a long TTL to quote on.
  const std::string quote_req =
      Field(Call(taker_http, "POST", "/quote-requests",
                 body.substr(0, body.size() - 1) + R"(,"ttlMs":3600000})", taker_auth),
            "/requestId");
  std::atomic<long> accepted{0};
  std::atomic<long> failed{0};
  const auto deadline = Clock::now() + std::chrono::seconds(a.quote_seconds);
  std::vector<std::thread> quoters;
  for (int t = 0; t < a.quote_threads; ++t) {
    quoters.emplace_back([&, t] {
      probex::net::HttpClient c("127.0.0.1", port);
      const probex::net::HttpHeaders h = {{"X-API-Key", keys[t]}};
      int i = 0;
      while (Clock::now() < deadline) {
        const std::string price = "0." + std::to_string(10 + (i++ % 30));
        auto r = c.Request("POST", "/v1/mm/quotes",
                           R"({"requestId":")" + quote_req + R"(","quote":{"side":"buy","price":)" +
                               price + R"(,"size":1000,"expires_in_ms":60000}})",
                           h);
        if (r && r->status == 200) {
          ++accepted;
        } else {
          ++failed;
        }
      }
    });
  }
  for (auto& t : quoters) t.join();
  std::printf("channel 2: %d threads, %d s: %ld quotes accepted (%.0f/s), %ld failed\n",
              a.quote_threads, a.quote_seconds, accepted.load(),
              static_cast<double>(accepted.load()) / a.quote_seconds, failed.load());
  ::kill(venue, SIGTERM);
  ::waitpid(venue, nullptr, 0);
  std::filesystem::remove_all(dir);
  return 0;
}
