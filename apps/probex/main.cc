// probex: one binary, one subcommand per service (ARCHITECTURE §1). Each subcommand lives in its
// own *_command.cc file and registers itself (subcommand.h).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "subcommand.h"

namespace probex::app {

std::vector<SubcommandSpec>& Subcommands() {
  static std::vector<SubcommandSpec> specs;
  return specs;
}

namespace {
const SubcommandRegistrar kVersion({"version", "Print the version", 1000, [](CLI::App& cmd, int&) {
                                      cmd.callback([] { std::printf("probex 0.1.0\n"); });
                                    }});
}  // namespace

}  // namespace probex::app

int main(int argc, char** argv) {
  CLI::App app{
      "probex — an open, self-hostable prediction-market platform: the venue (CLOB, pools, CTM "
      "rounds, options RFQ), the market-making engine and a simulated bookmaker."};
  app.require_subcommand(1);
  auto& specs = probex::app::Subcommands();
  std::stable_sort(specs.begin(), specs.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  int exit_code = 0;
  for (auto& spec : specs) {
    CLI::App* cmd = app.add_subcommand(spec.name, spec.description);
    spec.setup(*cmd, exit_code);
  }
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
