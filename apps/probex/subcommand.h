// Subcommands register themselves here, one file each (venue_command.cc, journal_command.cc, …),
// so adding a service never edits main.cc. The files are compiled into the executable directly,
// which keeps their static registrars alive.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace probex::app {

struct SubcommandSpec {
  std::string name;
  std::string description;
  int order = 100;  // position in --help
  // Adds options to `cmd` and sets its callback; the callback's int is the process exit code.
  std::function<void(CLI::App& cmd, int& exit_code)> setup;
};

std::vector<SubcommandSpec>& Subcommands();

struct SubcommandRegistrar {
  explicit SubcommandRegistrar(SubcommandSpec spec) { Subcommands().push_back(std::move(spec)); }
};

}  // namespace probex::app
