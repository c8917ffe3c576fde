#include "service_options.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace probex::app {
namespace {

std::string EnvName(const std::string& service, const std::string& key) {
  std::string name = "PROBEX_" + service + "_" + key;
  for (char& c : name) {
    c = (c == '.' || c == '-') ? '_'
                               : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

void Flatten(const toml::table& table, const std::string& prefix,
             std::map<std::string, std::string>& out) {
  for (const auto& [key, node] : table) {
    std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      Flatten(*sub, name, out);
    } else if (const auto* s = node.as_string()) {
      out[name] = s->get();
    } else {
      std::ostringstream text;
      node.visit([&](const auto& v) { text << v; });
      out[name] = text.str();
    }
  }
}

}  // namespace

void AddServiceOptions(CLI::App& cmd, ServiceOptions& options, const std::string& service,
                       int default_port) {
  options.service = service;
  options.port = default_port;
  options.data_dir = "./data/" + service;
  cmd.add_option("--port", options.port, "TCP port to listen on (0 picks a free one)");
  cmd.add_option("--bind", options.bind, "Address to listen on");
  cmd.add_option("--data-dir", options.data_dir, "Directory for this service's data");
  cmd.add_option("--config", options.config_file, "TOML configuration file");
  cmd.add_option("--threads", options.threads, "I/O threads");
}

Status FinalizeServiceOptions(CLI::App& cmd, ServiceOptions& options) {
  if (!options.config_file.empty()) {
    try {
      toml::table table = toml::parse_file(options.config_file);
      // A [venue] / [mm] / [bookmaker] section is the service's own; top-level keys apply too.
      Flatten(table, "", options.config);
      if (const auto* own = table[options.service].as_table()) {
        std::map<std::string, std::string> mine;
        Flatten(*own, "", mine);
        for (auto& [k, v] : mine) options.config[k] = v;
      }
    } catch (const toml::parse_error& e) {
      std::ostringstream msg;
      msg << "config " << options.config_file << ": " << e.description() << " at line "
          << e.source().begin.line;
      return MakeError("invalid_config", msg.str());
    }
  }
  auto apply = [&](const char* flag, const std::string& key, auto& field) -> Status {
    if (cmd.count(flag) > 0) return OkStatus();
    std::optional<std::string> value = ConfigValue(options, key);
    if (!value) return OkStatus();
    if constexpr (std::is_same_v<std::decay_t<decltype(field)>, int>) {
      char* end = nullptr;
      long v = std::strtol(value->c_str(), &end, 10);
      if (end == value->c_str() || *end != '\0') {
        return MakeError("invalid_config", key + " must be an integer, got '" + *value + "'");
      }
      field = static_cast<int>(v);
    } else {
      field = *value;
    }
    return OkStatus();
  };
  for (auto st : {apply("--port", "port", options.port), apply("--bind", "bind", options.bind),
                  apply("--data-dir", "data_dir", options.data_dir),
                  apply("--threads", "threads", options.threads)}) {
    if (!st.ok()) return st;
  }
  if (options.port < 0 || options.port > 65535) {
    return MakeError("invalid_config", "port must be within 0..65535");
  }
  if (options.threads < 1 || options.threads > 256) {
    return MakeError("invalid_config", "threads must be within 1..256");
  }
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    return MakeError("invalid_config",
                     "cannot create data directory " + options.data_dir + ": " + ec.message());
  }
  return OkStatus();
}

std::optional<std::string> ConfigValue(const ServiceOptions& options, const std::string& key) {
  if (const char* env = std::getenv(EnvName(options.service, key).c_str())) return std::string(env);
  auto it = options.config.find(key);
  if (it != options.config.end()) return it->second;
  return std::nullopt;
}

}  // namespace probex::app
