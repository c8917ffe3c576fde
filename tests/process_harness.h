// The harness of every end-to-end test: the real `probex` binary (env PROBEX_BIN) started as a
// child process on loopback with port 0 (the bound port is read from the "listening on" line of
// its stdout), a temporary data directory, and a JSON-over-HTTP client.
//   ProbexProcess: one service (`probex venue|bookmaker|mm ...`); Terminate() = SIGTERM (a clean
//     stop), Kill() = SIGKILL (a crash), Restart() = crash and start again on the same arguments.
//   JsonClient: net::HttpClient with an auth header and the body parsed as JSON (Reply).
// Thread rule: one thread per object.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/money.h"
#include "net/http_client.h"

namespace probex::testing {

inline std::string ProbexBin() {
  const char* bin = std::getenv("PROBEX_BIN");
  return bin != nullptr ? bin : "./probex";
}

// What a shell command printed on stdout (add 2>&1 to the command for stderr too) and its exit
// code (-1 when it did not exit normally), with the output parsed as JSON when it is JSON.
struct CommandOutput {
  int exit_code = -1;
  std::string out;
  boost::json::value json;  // null unless `out` is one JSON document
  std::string Str(std::string_view pointer) const {
    boost::system::error_code ec;
    const boost::json::value* v = json.find_pointer(pointer, ec);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  }
};

inline CommandOutput RunCommand(const std::string& command) {
  CommandOutput result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.out.append(buf, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  boost::system::error_code ec;
  result.json = boost::json::parse(result.out, ec);
  if (ec) result.json = nullptr;
  return result;
}

// A fresh directory under the system temp dir, removed when destroyed.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "probex") {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
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

// `probex <subcommand> --port 0 <args...>`; throws if it never prints its "listening on" line.
class ProbexProcess {
 public:
  ProbexProcess(std::string subcommand, std::vector<std::string> args)
      : subcommand_(std::move(subcommand)), args_(std::move(args)) {
    Start();
  }
  ~ProbexProcess() { Kill(); }
  ProbexProcess(const ProbexProcess&) = delete;
  ProbexProcess& operator=(const ProbexProcess&) = delete;

  void Start() {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> argv_text = {ProbexBin(), subcommand_, "--port",
                                          std::to_string(fixed_port_)};
    argv_text.insert(argv_text.end(), args_.begin(), args_.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      for (auto& a : argv_text) argv.push_back(a.data());
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
      if (text.find("listening on") == std::string::npos) continue;
      port_ = static_cast<std::uint16_t>(std::stoi(text.substr(text.rfind(':') + 1)));
      break;
    }
    if (port_ == 0) {
      Kill();
      throw std::runtime_error("probex " + subcommand_ + " did not start (" + ProbexBin() + ")");
    }
  }

  // SIGTERM and wait: a clean stop. Returns the wait status.
  int Terminate() { return Signal(SIGTERM); }
  // SIGKILL and wait: a crash.
  void Kill() { Signal(SIGKILL); }
  void Restart() {
    Kill();
    Start();
  }

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The port of the next Start (0: any free port), e.g. to restart on the same address.
  void set_port(std::uint16_t port) { fixed_port_ = port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  // A process that has not exited 60 s after the signal is a bug (a shutdown that hangs): its
  // threads' stacks go to stderr (when gdb is installed) and it is killed, so the test fails with
  // a diagnosis instead of hanging until CTest's timeout.
  int Signal(int sig) {
    int status = -1;
    if (pid_ > 0) {
      ::kill(pid_, sig);
      bool exited = false;
      for (int waited_ms = 0; waited_ms < 60'000; waited_ms += 10) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
          exited = true;
          break;
        }
        ::usleep(10'000);
      }
      if (!exited) {
        std::fprintf(stderr, "probex %s (pid %d) did not exit within 60 s of signal %d\n",
                     subcommand_.c_str(), static_cast<int>(pid_), sig);
        const std::string stacks = "command -v gdb >/dev/null && gdb -batch -p " +
                                   std::to_string(pid_) +
                                   " -ex 'thread apply all bt' 1>&2 2>/dev/null";
        [[maybe_unused]] int ignored = std::system(stacks.c_str());
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        status = -2;
      }
      pid_ = -1;
    }
    if (stdout_ != nullptr) {
      std::fclose(stdout_);
      stdout_ = nullptr;
    }
    return status;
  }

  std::string subcommand_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  FILE* stdout_ = nullptr;
  std::uint16_t port_ = 0;
  std::uint16_t fixed_port_ = 0;
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

// How a JsonClient authenticates: the venue's `Authorization: Bearer`, or `X-API-Key` (the
// bookmaker, the MM engine, the options desk's makers).
enum class AuthHeader { kBearer, kApiKey };

class JsonClient {
 public:
  JsonClient(std::uint16_t port, std::string key = {}, AuthHeader auth = AuthHeader::kBearer)
      : client_("127.0.0.1", port), key_(std::move(key)), auth_(auth) {}

  void set_key(std::string key) { key_ = std::move(key); }
  void set_bearer(std::string bearer) {
    key_ = std::move(bearer);
    auth_ = AuthHeader::kBearer;
  }

  Reply Call(std::string_view method, std::string_view target, std::string_view body = {}) {
    net::HttpHeaders headers;
    if (!key_.empty()) {
      if (auth_ == AuthHeader::kBearer) {
        headers.emplace_back("Authorization", "Bearer " + key_);
      } else {
        headers.emplace_back("X-API-Key", key_);
      }
    }
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
  Reply Patch(std::string_view target, std::string_view body) {
    return Call("PATCH", target, body);
  }
  Reply Delete(std::string_view target, std::string_view body = {}) {
    return Call("DELETE", target, body);
  }

 private:
  net::HttpClient client_;
  std::string key_;
  AuthHeader auth_;
};

}  // namespace probex::testing
