// AccessLog: one structured line (JSON) per finished request on a stream (stderr by default):
// {"ts","method","path","status","duration_us","bytes","request_id","remote"}. Switchable off
// (benchmarks). Thread rule: Write is safe from any thread; each line is one fwrite.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace probex::net {

struct AccessLogEntry {
  std::string_view method{};
  std::string_view path{};
  int status = 0;
  std::int64_t duration_us = 0;
  std::uint64_t bytes = 0;  // response body bytes
  std::string_view request_id{};
  std::string_view remote{};
};

class AccessLog {
 public:
  explicit AccessLog(bool enabled, std::FILE* out = stderr) : enabled_(enabled), out_(out) {}
  bool enabled() const { return enabled_; }
  void Write(const AccessLogEntry& entry) const;
  // The line without its trailing newline; `ts` is ISO-8601 UTC with milliseconds.
  static std::string Format(const AccessLogEntry& entry, std::string_view ts);

 private:
  bool enabled_;
  std::FILE* out_;
};

}  // namespace probex::net
