// VenueProcess: starts the real `probex venue` binary (env PROBEX_BIN) on loopback for end-to-end
// tests — port 0 (the bound port is read from its stdout), a temporary data directory, --clock
// manual and a fixed operator key — and stops it with SIGTERM (graceful) or SIGKILL (crash).
// VenueClient wraps net::HttpClient with JSON helpers for the venue's API.
// Thread rule: one thread per object.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/money.h"
#include "net/http_client.h"
#include "net/json.h"

namespace probex::testing {

inline std::string ProbexBin() {
  const char* bin = std::getenv("PROBEX_BIN");
  return bin != nullptr ? bin : "./probex";
}

// A fresh directory under the system temp dir, removed when destroyed.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("probex-venue-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

inline constexpr const char* kOperatorKey = "op_test_operator_key_0123456789";

class VenueProcess {
 public:
  // Starts `probex venue` on `data_dir` with `extra` arguments; throws if it does not come up.
  // `with_operator_key` false leaves the key to DATA_DIR/operator.key.
  VenueProcess(std::string data_dir, std::vector<std::string> extra = {},
               bool with_operator_key = true)
      : data_dir_(std::move(data_dir)),
        extra_(std::move(extra)),
        with_operator_key_(with_operator_key) {
    Start();
  }
  ~VenueProcess() { Kill(); }
  VenueProcess(const VenueProcess&) = delete;
  VenueProcess& operator=(const VenueProcess&) = delete;

  void Start() {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {ProbexBin(),  "venue",   "--port",  "0",
                                     "--data-dir", data_dir_, "--clock", "manual"};
    if (with_operator_key_) {
      args.push_back("--operator-key");
      args.push_back(kOperatorKey);
    }
    args.insert(args.end(), extra_.begin(), extra_.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::perror("execv");
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = ::fdopen(out[0], "r");
    port_ = 0;
    char line[512];
    while (std::fgets(line, sizeof line, stdout_) != nullptr) {
      std::string text(line);
      const std::string marker = "listening on http://";
      auto at = text.find(marker);
      if (at == std::string::npos) continue;
      auto colon = text.rfind(':');
      port_ = static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)));
      break;
    }
    if (port_ == 0) {
      Kill();
      throw std::runtime_error("probex venue did not start (" + ProbexBin() + ")");
    }
  }

  // SIGTERM and wait: a clean stop (final snapshot). Returns the exit status.
  int Terminate() { return Signal(SIGTERM); }
  // SIGKILL and wait: a crash.
  void Kill() { Signal(SIGKILL); }
  void Restart() {
    Kill();
    Start();
  }

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& data_dir() const { return data_dir_; }

 private:
  int Signal(int sig) {
    int status = -1;
    if (pid_ > 0) {
      ::kill(pid_, sig);
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    if (stdout_ != nullptr) {
      std::fclose(stdout_);
      stdout_ = nullptr;
    }
    return status;
  }

  std::string data_dir_;
  std::vector<std::string> extra_;
  bool with_operator_key_ = true;
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  std::uint16_t port_ = 0;
};

// A response with its JSON parsed (json is null when the body is not JSON).
struct Reply {
  int status = 0;
  std::string body;
  std::string retry_after;
  boost::json::value json;

  // The string at a JSON pointer ("" when absent or not a string).
  std::string Str(std::string_view pointer) const {
    boost::system::error_code ec;
    const boost::json::value* v = json.find_pointer(pointer, ec);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  }
  const boost::json::value* At(std::string_view pointer) const {
    boost::system::error_code ec;
    return json.find_pointer(pointer, ec);
  }
  std::int64_t Int(std::string_view pointer) const {
    const boost::json::value* v = At(pointer);
    return v != nullptr && v->is_int64() ? v->get_int64() : -999999;
  }
  // A money string at `pointer` as Money (aborts the test on junk through a sentinel).
  Money MoneyAt(std::string_view pointer) const {
    auto m = Money::Parse(Str(pointer));
    return m ? *m : Money::FromUnits(-1);
  }
};

class VenueClient {
 public:
  VenueClient(std::uint16_t port, std::string bearer = {})
      : client_("127.0.0.1", port), bearer_(std::move(bearer)) {}

  void set_bearer(std::string bearer) { bearer_ = std::move(bearer); }

  Reply Call(std::string_view method, std::string_view target, std::string_view body = {}) {
    net::HttpHeaders headers;
    if (!bearer_.empty()) headers.emplace_back("Authorization", "Bearer " + bearer_);
    auto r = client_.Request(method, target, body, headers);
    Reply reply;
    if (!r) {
      reply.status = -1;
      reply.body = r.error().message;
      return reply;
    }
    reply.status = r->status;
    reply.body = r->body;
    reply.retry_after = std::string(r->Header("Retry-After"));
    boost::system::error_code ec;
    reply.json = boost::json::parse(reply.body, ec);
    if (ec) reply.json = nullptr;
    return reply;
  }
  Reply Get(std::string_view target) { return Call("GET", target); }
  Reply Post(std::string_view target, std::string_view body) { return Call("POST", target, body); }
  Reply Put(std::string_view target, std::string_view body) { return Call("PUT", target, body); }
  Reply Delete(std::string_view target, std::string_view body = {}) {
    return Call("DELETE", target, body);
  }

 private:
  net::HttpClient client_;
  std::string bearer_;
};

}  // namespace probex::testing
