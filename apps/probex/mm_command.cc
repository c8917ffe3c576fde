// `probex mm --port 8701 --data-dir DIR --config mm.toml`: the MM engine (ARCHITECTURE §5,
// docs/mm-engine.md). Settings come from the TOML file (--config), PROBEX_MM_* variables or the
// flags below: venue.host/port/api_key/orders_per_minute/requests_per_minute,
// bookmaker.host/port/api_key,
// trading.margin/limit_ratio/max_order_shares/fixture_cap/sport_cap/size_change_fraction/
// staleness_ms/devig/hedge_max_attempts/hedge_worst_case_per_share, venue.order_lanes,
// engine.realtime_priority, allowlist.<sportId> =
// "1x2,totals", tournaments.active = "17,18"; the client API (docs/mm-api.md): client.id/name/
// odds_format/api_key/exchange_accounts/bookmaker (the trading client), api.requests_per_minute/
// ws_subscribe_timeout_ms/ws_heartbeat_ms/accounts_poll_ms/ws_connections_per_key/operator_key.
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "mm/mm_service.h"
#include "service_options.h"
#include "subcommand.h"

namespace probex::app {
namespace {

struct MmFlags {
  ServiceOptions service;
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    part.erase(0, part.find_first_not_of(" \t\""));
    part.erase(part.find_last_not_of(" \t\"") + 1);
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

Status Apply(const ServiceOptions& s, mm::MmServiceOptions& o) {
  auto text = [&](const std::string& key) { return ConfigValue(s, key); };
  auto integer = [&](const std::string& key, auto& field) -> Status {
    if (auto v = text(key)) {
      try {
        field = static_cast<std::remove_reference_t<decltype(field)>>(std::stoll(*v));
      } catch (...) {
        return MakeError("invalid_config", key + " must be an integer, got '" + *v + "'");
      }
    }
    return OkStatus();
  };
  auto money = [&](const std::string& key, Money& field) -> Status {
    if (auto v = text(key)) {
      auto m = Money::Parse(*v);
      if (!m) {
        // A TOML float (0.05) may print with more digits than Money takes: round it to 8.
        char* end = nullptr;
        const double d = std::strtod(v->c_str(), &end);
        if (end != v->c_str() && *end == '\0') {
          char buf[64];
          std::snprintf(buf, sizeof buf, "%.8f", d);
          m = Money::Parse(buf);
        }
      }
      if (!m || m->is_negative()) {
        return MakeError("invalid_config", key + " must be a non-negative decimal");
      }
      field = *m;
    }
    return OkStatus();
  };
  int venue_port = o.venue.port;
  std::int64_t staleness_ms = o.engine.staleness.count();
  for (Status st :
       {integer("venue.port", venue_port), integer("bookmaker.port", o.bookmaker_port),
        integer("venue.orders_per_minute", o.venue.orders_per_minute),
        integer("venue.requests_per_minute", o.venue.requests_per_minute),
        integer("trading.max_order_shares", o.engine.sizing.max_order_shares),
        integer("trading.staleness_ms", staleness_ms),
        integer("trading.hedge_max_attempts", o.engine.hedge_max_attempts),
        integer("venue.order_lanes", o.venue.order_lanes),
        integer("engine.realtime_priority", o.engine.realtime_priority),
        money("trading.limit_ratio", o.engine.sizing.limit_ratio),
        money("trading.fixture_cap", o.engine.fixture_cap),
        money("trading.sport_cap", o.engine.sport_cap),
        money("trading.hedge_worst_case_per_share", o.engine.hedge_worst_case_per_share)}) {
    if (!st.ok()) return st;
  }
  o.venue.port = static_cast<std::uint16_t>(venue_port);
  o.engine.staleness = std::chrono::milliseconds(staleness_ms);
  if (auto v = text("venue.host")) o.venue.host = *v;
  if (auto v = text("venue.api_key")) o.venue.api_key = *v;
  if (auto v = text("bookmaker.host")) o.bookmaker_host = *v;
  if (auto v = text("bookmaker.api_key")) o.bookmaker_key = *v;
  for (auto [key, field] :
       {std::pair{"trading.margin", &o.engine.pricing.margin},
        std::pair{"trading.size_change_fraction", &o.engine.size_change_fraction}}) {
    if (auto v = text(key)) {
      try {
        *field = std::stod(*v);
      } catch (...) {
        return MakeError("invalid_config", std::string(key) + " must be a number");
      }
    }
  }
  if (auto v = text("trading.devig")) {
    auto m = mm::ParseDevigMethod(*v);
    if (!m) return MakeError("invalid_config", "trading.devig must be multiplicative|power|shin");
    o.engine.devig = *m;
  }
  for (const auto& [key, value] : s.config) {
    if (key.rfind("allowlist.", 0) == 0) {
      const int sport = std::atoi(key.c_str() + 10);
      for (const auto& t : SplitCommas(value)) o.engine.allowlist[sport].insert(t);
    }
  }
  if (auto v = text("tournaments.active")) {
    for (const auto& t : SplitCommas(*v)) o.engine.active_tournaments.insert(std::atoi(t.c_str()));
  }
  if (auto v = text("client.id")) o.client.id = *v;
  if (auto v = text("client.name")) o.client.name = *v;
  if (auto v = text("client.odds_format")) {
    if (!mm::api::IsOddsFormat(*v)) {
      return MakeError("invalid_config",
                       "client.odds_format must be american|decimal|hong_kong|fractional");
    }
    o.client.odds_format = *v;
  }
  if (auto v = text("client.api_key")) o.client_api_key = *v;
  if (auto v = text("client.exchange_accounts")) o.client.exchange_accounts = SplitCommas(*v);
  if (auto v = text("client.bookmaker")) o.client.bookmaker = *v;
  if (auto v = text("api.operator_key")) o.api.operator_key = *v;
  std::int64_t subscribe_ms = o.api.ws_subscribe_timeout.count();
  std::int64_t heartbeat_ms = o.api.ws_heartbeat.count();
  std::int64_t accounts_ms = o.api.accounts_poll.count();
  for (Status st :
       {integer("api.requests_per_minute", o.api.requests_per_minute),
        integer("api.ws_subscribe_timeout_ms", subscribe_ms),
        integer("api.ws_heartbeat_ms", heartbeat_ms), integer("api.accounts_poll_ms", accounts_ms),
        integer("api.ws_connections_per_key", o.api.ws_connections_per_key)}) {
    if (!st.ok()) return st;
  }
  if (subscribe_ms <= 0 || heartbeat_ms <= 0 || accounts_ms <= 0) {
    return MakeError("invalid_config", "api.*_ms must be positive");
  }
  o.api.ws_subscribe_timeout = std::chrono::milliseconds(subscribe_ms);
  o.api.ws_heartbeat = std::chrono::milliseconds(heartbeat_ms);
  o.api.accounts_poll = std::chrono::milliseconds(accounts_ms);
  if (o.venue.api_key.empty()) return MakeError("invalid_config", "venue.api_key is required");
  if (o.bookmaker_key.empty()) return MakeError("invalid_config", "bookmaker.api_key is required");
  return OkStatus();
}

void Setup(CLI::App& cmd, int& exit_code) {
  auto flags = std::make_shared<MmFlags>();
  AddServiceOptions(cmd, flags->service, "mm", 8701);
  cmd.callback([&cmd, flags, &exit_code] {
    if (Status st = FinalizeServiceOptions(cmd, flags->service); !st.ok()) {
      std::fprintf(stderr, "probex mm: %s\n", st.error().message.c_str());
      exit_code = 2;
      return;
    }
    mm::MmServiceOptions options;
    options.bind = flags->service.bind;
    options.port = flags->service.port;
    options.data_dir = flags->service.data_dir;
    options.threads = flags->service.threads;
    if (Status st = Apply(flags->service, options); !st.ok()) {
      std::fprintf(stderr, "probex mm: %s\n", st.error().message.c_str());
      exit_code = 2;
      return;
    }
    mm::MmService service(options);
    if (Status st = service.Start(); !st.ok()) {
      std::fprintf(stderr, "probex mm: %s\n", st.error().message.c_str());
      exit_code = 1;
      return;
    }
    service.Wait();
    service.Stop();
  });
}

const SubcommandRegistrar kMm({"mm", "Run the market-making engine", 40, Setup});

}  // namespace
}  // namespace probex::app
