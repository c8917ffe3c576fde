// Options every service takes (--port, --data-dir, --config FILE, --bind, --threads), with
// precedence: command line > environment (PROBEX_<SERVICE>_<OPTION>) > TOML file > default.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <optional>
#include <string>

#include "common/result.h"

namespace probex::app {

struct ServiceOptions {
  std::string service;  // "venue", "mm", "bookmaker"
  std::string bind = "127.0.0.1";
  int port = 0;
  std::string data_dir;
  std::string config_file;
  int threads = 2;
  // The TOML file's top-level table flattened to "section.key" → value text, for the service.
  std::map<std::string, std::string> config;
};

// Registers the common options on `cmd`. Call Finalize() in the callback.
void AddServiceOptions(CLI::App& cmd, ServiceOptions& options, const std::string& service,
                       int default_port);

// Applies the environment and the TOML file to what the command line left unset, and creates
// the data directory. Returns an error naming the bad setting.
Status FinalizeServiceOptions(CLI::App& cmd, ServiceOptions& options);

// A config value as text: command-line/env/TOML resolution for service-specific settings.
// Looks up PROBEX_<SERVICE>_<KEY> (dots become underscores, upper case) then the TOML file.
std::optional<std::string> ConfigValue(const ServiceOptions& options, const std::string& key);

}  // namespace probex::app
