#include "net/access_log.h"

#include "common/clock.h"
#include "common/time.h"

namespace probex::net {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

std::string AccessLog::Format(const AccessLogEntry& e, std::string_view ts) {
  std::string out;
  out.reserve(160 + e.path.size());
  out += "{\"ts\":";
  AppendJsonString(out, ts);
  out += ",\"method\":";
  AppendJsonString(out, e.method);
  out += ",\"path\":";
  AppendJsonString(out, e.path);
  out += ",\"status\":" + std::to_string(e.status);
  out += ",\"duration_us\":" + std::to_string(e.duration_us);
  out += ",\"bytes\":" + std::to_string(e.bytes);
  out += ",\"request_id\":";
  AppendJsonString(out, e.request_id);
  out += ",\"remote\":";
  AppendJsonString(out, e.remote);
  out += '}';
  return out;
}

void AccessLog::Write(const AccessLogEntry& entry) const {
  if (!enabled_) return;
  static const SystemClock kClock;
  std::string line = Format(entry, FormatIso8601(kClock.Now()));
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), out_);
}

}  // namespace probex::net
