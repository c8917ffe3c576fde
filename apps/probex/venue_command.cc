// `probex venue --port 8700 --data-dir DIR [--operator-key K] [--clock system|manual]`: the venue
// (ARCHITECTURE §1, docs/venue-api.md). Settings also come from the TOML file (--config) and
// PROBEX_VENUE_* variables: withdrawal_fee, betting_fee, cc_price_usd, operator_key, clock,
// rate_limits.*, rate_tiers.*.<rule>, pool_time_weight_floor, oracle.* and ctm.*
// (docs/venue-ctm.md); --oracle and --oracle-seed override oracle.mode and oracle.seed.
#include <cstdio>

#include "service_options.h"
#include "subcommand.h"
#include "venue/venue_service.h"

namespace probex::app {
namespace {

struct VenueFlags {
  ServiceOptions service;
  std::string operator_key;
  std::string clock = "system";
  bool access_log = false;
  std::string oracle;       // sim | push | file:PATH (default: oracle.mode, else sim)
  std::string oracle_seed;  // default: oracle.seed, else 42
};

Status ApplyMoney(const ServiceOptions& service, const std::string& key, Money& field) {
  auto text = ConfigValue(service, key);
  if (!text) return OkStatus();
  auto parsed = Money::Parse(*text);
  if (!parsed || parsed->is_negative()) {
    return MakeError("invalid_config",
                     key + " must be a non-negative decimal, got '" + *text + "'");
  }
  field = *parsed;
  return OkStatus();
}

void Setup(CLI::App& cmd, int& exit_code) {
  auto flags = std::make_shared<VenueFlags>();
  AddServiceOptions(cmd, flags->service, "venue", 8700);
  cmd.add_option("--operator-key", flags->operator_key,
                 "Operator API key (default: DATA_DIR/operator.key, created on first start)");
  cmd.add_option("--clock", flags->clock,
                 "system, or manual: time moves only via POST /admin/v1/clock/advance")
      ->check(CLI::IsMember({"system", "manual"}));
  cmd.add_flag("--access-log", flags->access_log, "Log every request on stderr");
  cmd.add_option("--oracle", flags->oracle,
                 "Price oracle: sim (seeded simulator), push (operator endpoint only) or "
                 "file:PATH (replay a CSV/JSONL recording)");
  cmd.add_option("--oracle-seed", flags->oracle_seed, "Seed of the price simulator");
  cmd.callback([&cmd, flags, &exit_code] {
    if (Status st = FinalizeServiceOptions(cmd, flags->service); !st.ok()) {
      std::fprintf(stderr, "probex venue: %s\n", st.error().message.c_str());
      exit_code = 2;
      return;
    }
    venue::VenueServiceOptions options;
    options.bind = flags->service.bind;
    options.port = flags->service.port;
    options.data_dir = flags->service.data_dir;
    options.threads = flags->service.threads;
    options.config = flags->service.config;
    // Rate limits may also come from PROBEX_VENUE_RATE_LIMITS_<RULE>.
    for (std::string_view rule :
         {venue::api::kRuleGlobal, venue::api::kRuleAuthReads, venue::api::kRuleBetsPerMarket,
          venue::api::kRuleCtmPredict, venue::api::kRuleOrders, venue::api::kRulePriceHistory,
          venue::api::kRuleWithdrawals, venue::api::kRuleKeyCreation}) {
      const std::string key = "rate_limits." + std::string(rule);
      if (auto value = ConfigValue(flags->service, key)) options.config[key] = *value;
    }
    // CTM and oracle settings (docs/venue-ctm.md) may also come from PROBEX_VENUE_<KEY>.
    for (const std::string& key : venue::CtmConfigKeys()) {
      if (auto value = ConfigValue(flags->service, key)) options.config[key] = *value;
    }
    if (!flags->oracle.empty()) options.config["oracle.mode"] = flags->oracle;
    if (!flags->oracle_seed.empty()) options.config["oracle.seed"] = flags->oracle_seed;
    options.access_log = flags->access_log;
    options.operator_key = flags->operator_key;
    if (options.operator_key.empty()) {
      options.operator_key = ConfigValue(flags->service, "operator_key").value_or("");
    }
    options.clock = flags->clock;
    if (cmd.count("--clock") == 0) {
      options.clock = ConfigValue(flags->service, "clock").value_or("system");
    }
    for (auto st : {ApplyMoney(flags->service, "withdrawal_fee", options.settings.withdrawal_fee),
                    ApplyMoney(flags->service, "betting_fee", options.settings.betting_fee)}) {
      if (!st.ok()) {
        std::fprintf(stderr, "probex venue: %s\n", st.error().message.c_str());
        exit_code = 2;
        return;
      }
    }
    // Pool bets: betting_fee is a rate of each bet (0..0.5); pool_time_weight_floor the weight of
    // a bet at endTime (0.0001..1, at most 4 decimals; default 0.5). docs/venue-pools.md.
    if (options.settings.betting_fee.units() > Money::kScale / 2) {
      std::fprintf(stderr, "probex venue: betting_fee must be a rate within 0..0.5\n");
      exit_code = 2;
      return;
    }
    if (auto floor = ConfigValue(flags->service, "pool_time_weight_floor")) {
      auto parsed = Money::Parse(*floor);
      if (!parsed || !parsed->HasAtMostDecimals(4) || !parsed->is_positive() ||
          parsed->units() > Money::kScale) {
        std::fprintf(stderr,
                     "probex venue: pool_time_weight_floor must be within 0.0001..1 with at "
                     "most 4 decimals\n");
        exit_code = 2;
        return;
      }
      options.settings.pool_weight_floor =
          static_cast<std::uint32_t>(parsed->units() / (Money::kScale / 10'000));
    }
    if (auto price = ConfigValue(flags->service, "cc_price_usd")) {
      auto parsed = Money::Parse(*price);
      if (!parsed || parsed->is_negative()) {
        std::fprintf(stderr, "probex venue: cc_price_usd must be a non-negative decimal\n");
        exit_code = 2;
        return;
      }
      options.settings.cc_price_usd = parsed->ToPlainString();
    }
    venue::VenueService service(options);
    if (Status st = service.Start(); !st.ok()) {
      std::fprintf(stderr, "probex venue: %s\n", st.error().message.c_str());
      exit_code = 1;
      return;
    }
    service.Wait();
    service.Stop();
  });
}

const SubcommandRegistrar kVenue({"venue",
                                  "Run the venue: Unhedged API v1, the options RFQ desk (Convallax "
                                  "transport) and the operator API",
                                  10, Setup});

}  // namespace
}  // namespace probex::app
