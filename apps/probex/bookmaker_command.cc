// `probex bookmaker`: the simulated sportsbook (ARCHITECTURE §6, docs/bookmaker.md).
#include <cstdio>

#include "bookmaker/bookmaker_service.h"
#include "service_options.h"
#include "subcommand.h"

namespace probex::app {
namespace {

struct BookmakerFlags {
  ServiceOptions service;
  bookmaker::BookmakerServiceOptions book;
};

void Setup(CLI::App& cmd, int& exit_code) {
  auto flags = std::make_shared<BookmakerFlags>();
  AddServiceOptions(cmd, flags->service, "bookmaker", 8702);
  cmd.add_option("--seed", flags->book.seed, "Season seed: one seed, one season");
  cmd.add_option("--clock", flags->book.clock, "system or manual (advance via the operator API)")
      ->check(CLI::IsMember({"system", "manual"}));
  cmd.add_option("--speed", flags->book.speed, "Season seconds per real second (system clock)");
  cmd.add_option(
      "--api-key", flags->book.api_keys,
      "An API key (repeatable); each key has its own account. Default: DATA_DIR/api.key");
  cmd.add_option("--fixtures", flags->book.fixtures, "Fixtures in the season");
  cmd.add_option("--first-kickoff", flags->book.first_kickoff_s,
                 "Seconds from the season start to the first kick-off");
  cmd.add_option("--kickoff-interval", flags->book.kickoff_interval_s,
                 "Seconds between consecutive kick-offs (0: all at once)");
  cmd.add_option("--live-tick", flags->book.live_tick_s,
                 "Season seconds between in-play repricings of a live fixture");
  cmd.add_option("--margin", flags->book.margin, "Bookmaker margin (overround), e.g. 0.05");
  cmd.add_option("--drops-per-hour", flags->book.drops_per_hour,
                 "Simulated connection drops per season hour (0: none)");
  cmd.add_option("--cancel-probability", flags->book.cancel_probability,
                 "Probability that a fixture is cancelled");
  cmd.add_option("--rate-limit", flags->book.rate_limit_per_minute, "Requests per minute per key");
  cmd.add_flag("--access-log", flags->book.access_log, "Log every request on stderr");
  cmd.callback([&cmd, flags, &exit_code] {
    if (Status st = FinalizeServiceOptions(cmd, flags->service); !st.ok()) {
      std::fprintf(stderr, "probex bookmaker: %s\n", st.error().message.c_str());
      exit_code = 2;
      return;
    }
    bookmaker::BookmakerServiceOptions options = flags->book;
    options.bind = flags->service.bind;
    options.port = flags->service.port;
    options.data_dir = flags->service.data_dir;
    options.threads = flags->service.threads;
    bookmaker::BookmakerService service(options);
    if (Status st = service.Start(); !st.ok()) {
      std::fprintf(stderr, "probex bookmaker: %s\n", st.error().message.c_str());
      exit_code = 1;
      return;
    }
    service.Wait();
    service.Stop();
  });
}

const SubcommandRegistrar kBookmaker({"bookmaker", "Run the simulated sportsbook", 30, Setup});

}  // namespace
}  // namespace probex::app
