// `probex admin ...`: the venue's operator API from the command line, so an operator never
// hand-writes JSON. Every subcommand is one call to /admin/v1 (docs/venue-api.md); the answer's
// JSON is printed on stdout, an error answer on stderr with exit code 1.
//   --venue URL   (env PROBEX_VENUE_URL, default http://127.0.0.1:8700)
//   --key KEY     (env PROBEX_OPERATOR_KEY) or --key-file DATA_DIR/operator.key
// `probex admin mm …` calls the MM engine's /admin/v1 instead (docs/mm-api.md):
//   --mm URL      (env PROBEX_MM_URL, default http://127.0.0.1:8701); the key is the MM's.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "net/http_client.h"
#include "net/json.h"
#include "net/json_writer.h"
#include "subcommand.h"

namespace probex::app {
namespace {

struct AdminFlags {
  std::string venue;
  std::string mm;
  std::string key;
  std::string key_file;
};

struct Call {
  std::string method;
  std::string target;
  std::string body;    // JSON, empty for none
  bool to_mm = false;  // the MM engine's operator API instead of the venue's
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  std::stringstream in(text);
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

int Run(const AdminFlags& flags, const Call& call) {
  std::string venue = call.to_mm ? flags.mm : flags.venue;
  if (venue.empty()) {
    const char* env = std::getenv(call.to_mm ? "PROBEX_MM_URL" : "PROBEX_VENUE_URL");
    venue = env != nullptr ? env : (call.to_mm ? "http://127.0.0.1:8701" : "http://127.0.0.1:8700");
  }
  std::string key = flags.key;
  if (key.empty() && !flags.key_file.empty()) {
    std::ifstream in(flags.key_file);
    if (!in) {
      std::fprintf(stderr, "probex admin: cannot read %s\n", flags.key_file.c_str());
      return 2;
    }
    std::getline(in, key);
  }
  if (key.empty()) {
    const char* env = std::getenv("PROBEX_OPERATOR_KEY");
    if (env != nullptr) key = env;
  }
  if (key.empty()) {
    std::fprintf(stderr,
                 "probex admin: no operator key (--key, --key-file or PROBEX_OPERATOR_KEY)\n");
    return 2;
  }
  auto url = net::ParseHttpUrl(venue);
  if (!url) {
    std::fprintf(stderr, "probex admin: %s\n", url.error().message.c_str());
    return 2;
  }
  std::string base = url->target == "/" ? "" : url->target;
  while (!base.empty() && base.back() == '/') base.pop_back();
  net::HttpClient client(url->host, url->port);
  auto response = client.Request(call.method, base + call.target, call.body,
                                 {{"Authorization", "Bearer " + key}});
  if (!response) {
    std::fprintf(stderr, "probex admin: %s %s: %s\n", call.method.c_str(), venue.c_str(),
                 response.error().message.c_str());
    return 1;
  }
  if (response->status >= 200 && response->status < 300) {
    std::printf("%s\n", response->body.c_str());
    return 0;
  }
  std::fprintf(stderr, "probex admin: HTTP %d: %s\n", response->status, response->body.c_str());
  return 1;
}

// Registers one subcommand of `probex admin` whose callback builds a Call.
void AddCall(CLI::App& admin, const std::shared_ptr<AdminFlags>& flags, int& exit_code,
             const std::string& name, const std::string& help,
             const std::function<void(CLI::App&, std::function<Call()>&)>& setup) {
  CLI::App* sub = admin.add_subcommand(name, help);
  auto build = std::make_shared<std::function<Call()>>();
  setup(*sub, *build);
  sub->callback([flags, build, &exit_code] { exit_code = Run(*flags, (*build)()); });
}

std::string Json(const std::function<void(net::JsonWriter&)>& fill) {
  std::string out;
  net::JsonWriter w(out);
  w.BeginObject();
  fill(w);
  w.EndObject();
  return out;
}

// `probex admin mm client create|list|key|revoke-key` and `probex admin mm system`.
void AddMmAdmin(CLI::App& admin, const std::shared_ptr<AdminFlags>& flags, int& exit_code) {
  CLI::App* mm =
      admin.add_subcommand("mm", "Operate a running MM engine (clients, keys, switches)");
  mm->require_subcommand(1);
  CLI::App* client = mm->add_subcommand("client", "MM engine clients and their API keys");
  client->require_subcommand(1);
  AddCall(*client, flags, exit_code, "create", "Create a client and its first API key (shown once)",
          [](CLI::App& c, std::function<Call()>& build) {
            struct C {
              std::string id, name, odds_format, accounts, bookmaker, parameters;
            };
            auto o = std::make_shared<C>();
            c.add_option("--id", o->id, "Client id (default: generated)");
            c.add_option("--name", o->name)->required();
            c.add_option("--odds-format", o->odds_format, "american|decimal|hong_kong|fractional")
                ->check(CLI::IsMember({"american", "decimal", "hong_kong", "fractional"}));
            c.add_option("--exchange-accounts", o->accounts, "Comma-separated account names");
            c.add_option("--bookmaker", o->bookmaker, "The client's bookmaker");
            c.add_option("--trading-parameters", o->parameters, "A JSON object");
            build = [o] {
              return Call{"POST", "/admin/v1/clients", Json([&](net::JsonWriter& w) {
                            if (!o->id.empty()) w.Field("id", o->id);
                            w.Field("name", o->name);
                            if (!o->odds_format.empty()) w.Field("oddsFormat", o->odds_format);
                            if (!o->accounts.empty()) {
                              w.Key("exchangeAccounts").BeginArray();
                              for (const auto& a : SplitList(o->accounts)) w.String(a);
                              w.EndArray();
                            }
                            if (!o->bookmaker.empty()) w.Field("bookmaker", o->bookmaker);
                            if (!o->parameters.empty()) {
                              w.Key("tradingParameters").RawJson(o->parameters);
                            }
                          }),
                          true};
            };
          });
  AddCall(*client, flags, exit_code, "list", "List the clients and their keys (prefixes only)",
          [](CLI::App&, std::function<Call()>& build) {
            build = [] { return Call{"GET", "/admin/v1/clients", "", true}; };
          });
  AddCall(*client, flags, exit_code, "key", "Issue another API key for a client (shown once)",
          [](CLI::App& c, std::function<Call()>& build) {
            auto id = std::make_shared<std::string>();
            c.add_option("--client", *id, "Client id")->required();
            build = [id] {
              return Call{"POST", "/admin/v1/clients/" + *id + "/api-keys", "{}", true};
            };
          });
  AddCall(*client, flags, exit_code, "revoke-key", "Revoke an API key by its key id",
          [](CLI::App& c, std::function<Call()>& build) {
            auto id = std::make_shared<std::string>();
            c.add_option("--key-id", *id, "Key id (key_…)")->required();
            build = [id] {
              return Call{"POST", "/admin/v1/api-keys/" + *id + "/revoke", "{}", true};
            };
          });
  AddCall(*mm, flags, exit_code, "system",
          "Show or set the system-wide switches: soft pause, system stop, emergency",
          [](CLI::App& c, std::function<Call()>& build) {
            struct S {
              std::string soft_pause, system_stop, emergency, reason;
            };
            auto s = std::make_shared<S>();
            for (auto [flag, field] : {std::pair{"--soft-pause", &s->soft_pause},
                                       std::pair{"--system-stop", &s->system_stop},
                                       std::pair{"--emergency", &s->emergency}}) {
              c.add_option(flag, *field, "on or off")->check(CLI::IsMember({"on", "off"}));
            }
            c.add_option("--reason", s->reason, "Shown to clients as systemReason");
            build = [s] {
              if (s->soft_pause.empty() && s->system_stop.empty() && s->emergency.empty() &&
                  s->reason.empty()) {
                return Call{"GET", "/admin/v1/system", "", true};
              }
              return Call{"POST", "/admin/v1/system", Json([&](net::JsonWriter& w) {
                            if (!s->soft_pause.empty())
                              w.Field("softPaused", s->soft_pause == "on");
                            if (!s->system_stop.empty()) {
                              w.Field("systemStopped", s->system_stop == "on");
                            }
                            if (!s->emergency.empty()) w.Field("emergency", s->emergency == "on");
                            if (!s->reason.empty()) w.Field("reason", s->reason);
                          }),
                          true};
            };
          });
}

// The price oracle and CTM rounds (docs/venue-ctm.md, "Operator endpoints").
void AddCtmAdmin(CLI::App& cmd, const std::shared_ptr<AdminFlags>& flags, int& exit_code) {
  AddCall(cmd, flags, exit_code, "push-price", "Push an oracle tick for an asset",
          [](CLI::App& c, std::function<Call()>& build) {
            struct P {
              std::string asset, price, bid, ask;
            };
            auto p = std::make_shared<P>();
            c.add_option("--asset", p->asset, "e.g. BTC")->required();
            c.add_option("--price", p->price, "e.g. 97000.5")->required();
            c.add_option("--bid", p->bid, "default: the price");
            c.add_option("--ask", p->ask, "default: the price");
            build = [p] {
              // Numbers go out as the operator typed them (the API reads them exactly).
              return Call{"POST", "/admin/v1/oracle/prices", Json([&](net::JsonWriter& w) {
                            w.Field("asset", p->asset).Field("price", p->price);
                            if (!p->bid.empty()) w.Field("bid", p->bid);
                            if (!p->ask.empty()) w.Field("ask", p->ask);
                          })};
            };
          });
  AddCall(cmd, flags, exit_code, "prices", "Show the oracle's latest tick per asset",
          [](CLI::App&, std::function<Call()>& build) {
            build = [] { return Call{"GET", "/admin/v1/oracle/prices", ""}; };
          });
  AddCall(
      cmd, flags, exit_code, "create-round", "Create an operator (EVENT) CTM round",
      [](CLI::App& c, std::function<Call()>& build) {
        struct R {
          std::string asset, open_at, heatmap_at, locked_at, resolves_at, question, description,
              entry_fee, multiplier, fee_rate;
        };
        auto r = std::make_shared<R>();
        c.add_option("--asset", r->asset, "e.g. BTC")->required();
        c.add_option("--open-at", r->open_at, "ISO-8601 (default: now)");
        c.add_option("--heatmap-at", r->heatmap_at, "ISO-8601: the heatmap phase starts")
            ->required();
        c.add_option("--locked-at", r->locked_at, "ISO-8601: predictions close")->required();
        c.add_option("--resolves-at", r->resolves_at, "ISO-8601: the round resolves")->required();
        c.add_option("--question", r->question);
        c.add_option("--description", r->description);
        c.add_option("--entry-fee", r->entry_fee, "entryFeeBlind, e.g. 1");
        c.add_option("--heatmap-fee-multiplier", r->multiplier, "1..100");
        c.add_option("--platform-fee-rate", r->fee_rate, "0..0.5");
        build = [r] {
          return Call{"POST", "/admin/v1/ctm/rounds", Json([&](net::JsonWriter& w) {
                        w.Field("asset", r->asset);
                        if (!r->open_at.empty()) w.Field("openStartsAt", r->open_at);
                        w.Field("heatmapStartsAt", r->heatmap_at);
                        w.Field("lockedStartsAt", r->locked_at);
                        w.Field("resolvesAt", r->resolves_at);
                        if (!r->question.empty()) w.Field("question", r->question);
                        if (!r->description.empty()) w.Field("description", r->description);
                        if (!r->entry_fee.empty()) w.Field("entryFeeBlind", r->entry_fee);
                        if (!r->multiplier.empty()) {
                          w.Field("heatmapFeeMultiplier", r->multiplier);
                        }
                        if (!r->fee_rate.empty()) w.Field("platformFeeRate", r->fee_rate);
                      })};
        };
      });
  AddCall(cmd, flags, exit_code, "void-round", "Void a CTM round (every entry refunded)",
          [](CLI::App& c, std::function<Call()>& build) {
            auto round = std::make_shared<std::string>();
            c.add_option("--round", *round, "Round id")->required();
            build = [round] {
              return Call{"POST", "/admin/v1/ctm/rounds/" + *round + "/void", "{}"};
            };
          });
  AddCall(cmd, flags, exit_code, "ctm-schedules", "Show the CTM schedules and their next start",
          [](CLI::App&, std::function<Call()>& build) {
            build = [] { return Call{"GET", "/admin/v1/ctm/schedules", ""}; };
          });
}

void Setup(CLI::App& cmd, int& exit_code) {
  auto flags = std::make_shared<AdminFlags>();
  cmd.add_option("--venue", flags->venue, "Venue base URL (env PROBEX_VENUE_URL)");
  cmd.add_option("--key", flags->key, "Operator key (env PROBEX_OPERATOR_KEY)");
  cmd.add_option("--key-file", flags->key_file, "File holding the operator key");
  cmd.add_option("--mm", flags->mm, "MM engine base URL for `admin mm` (env PROBEX_MM_URL)");
  cmd.require_subcommand(1);

  AddCall(cmd, flags, exit_code, "create-user", "Create a user (and its account)",
          [](CLI::App& c, std::function<Call()>& build) {
            auto username = std::make_shared<std::string>();
            c.add_option("--username", *username)->required();
            build = [username] {
              return Call{"POST", "/admin/v1/users",
                          Json([&](net::JsonWriter& w) { w.Field("username", *username); })};
            };
          });
  AddCall(cmd, flags, exit_code, "show-user", "Show a user and its balance",
          [](CLI::App& c, std::function<Call()>& build) {
            auto user = std::make_shared<std::string>();
            c.add_option("--user", *user, "User id")->required();
            build = [user] { return Call{"GET", "/admin/v1/users/" + *user, ""}; };
          });
  AddCall(cmd, flags, exit_code, "create-key", "Issue an API key for a user (shown once)",
          [](CLI::App& c, std::function<Call()>& build) {
            auto user = std::make_shared<std::string>();
            auto kind = std::make_shared<std::string>("ak");
            auto scopes = std::make_shared<std::string>();
            auto name = std::make_shared<std::string>();
            c.add_option("--user", *user, "User id")->required();
            c.add_option("--kind", *kind, "ak or mk_live")->check(CLI::IsMember({"ak", "mk_live"}));
            c.add_option("--scopes", *scopes, "Comma-separated scopes (default: the defaults)");
            c.add_option("--name", *name, "A name for the key");
            build = [user, kind, scopes, name] {
              return Call{"POST", "/admin/v1/users/" + *user + "/api-keys",
                          Json([&](net::JsonWriter& w) {
                            w.Field("kind", *kind);
                            if (!name->empty()) w.Field("name", *name);
                            if (!scopes->empty()) {
                              w.Key("scopes").BeginArray();
                              for (const auto& s : SplitList(*scopes)) w.String(s);
                              w.EndArray();
                            }
                          })};
            };
          });
  AddCall(cmd, flags, exit_code, "deposit", "Credit a user's balance (stands in for the chain)",
          [](CLI::App& c, std::function<Call()>& build) {
            auto user = std::make_shared<std::string>();
            auto amount = std::make_shared<std::string>();
            c.add_option("--user", *user, "User id")->required();
            c.add_option("--amount", *amount, "Amount in CC, e.g. 1000 or 12.5")->required();
            build = [user, amount] {
              return Call{"POST", "/admin/v1/users/" + *user + "/deposits",
                          Json([&](net::JsonWriter& w) { w.Field("amount", *amount); })};
            };
          });
  AddCall(
      cmd, flags, exit_code, "set-rate-tier", "Put a user on a rate-limit tier",
      [](CLI::App& c, std::function<Call()>& build) {
        auto user = std::make_shared<std::string>();
        auto tier = std::make_shared<std::string>();
        c.add_option("--user", *user, "User id")->required();
        c.add_option("--tier", *tier, "standard, market_maker or a configured tier")->required();
        build = [user, tier] {
          return Call{"PUT", "/admin/v1/users/" + *user + "/rate-tier",
                      Json([&](net::JsonWriter& w) { w.Field("tier", *tier); })};
        };
      });
  AddCall(
      cmd, flags, exit_code, "create-market", "List a new market",
      [](CLI::App& c, std::function<Call()>& build) {
        struct M {
          std::string type = "ORDER_BOOK", question, description, category, outcomes = "Yes,No",
                      end_time, fee_rate, metadata;
        };
        auto m = std::make_shared<M>();
        c.add_option("--type", m->type, "ORDER_BOOK or POOL")
            ->check(CLI::IsMember({"ORDER_BOOK", "POOL"}));
        c.add_option("--question", m->question)->required();
        c.add_option("--description", m->description);
        c.add_option("--category", m->category)->required();
        c.add_option("--outcomes", m->outcomes, "Two comma-separated labels (default Yes,No)");
        c.add_option("--end-time", m->end_time, "ISO-8601, e.g. 2026-06-01T00:00:00Z")->required();
        c.add_option("--fee-rate", m->fee_rate, "e.g. 0.02 (default)");
        c.add_option("--metadata", m->metadata, "A JSON object stored as given");
        build = [m] {
          return Call{"POST", "/admin/v1/markets", Json([&](net::JsonWriter& w) {
                        w.Field("type", m->type).Field("question", m->question);
                        if (!m->description.empty()) w.Field("description", m->description);
                        w.Field("category", m->category);
                        w.Key("outcomes").BeginArray();
                        for (const auto& o : SplitList(m->outcomes)) w.String(o);
                        w.EndArray();
                        w.Field("endTime", m->end_time);
                        if (!m->fee_rate.empty()) w.Field("feeRate", m->fee_rate);
                        if (!m->metadata.empty()) w.Key("metadata").RawJson(m->metadata);
                      })};
        };
      });
  for (const char* action : {"end", "void"}) {
    const std::string name = std::string(action) + "-market";
    AddCall(cmd, flags, exit_code, name,
            std::string(action) == "end" ? "End a market now (cancels its orders)"
                                         : "Void a market (refunds: 0.50 per share)",
            [action](CLI::App& c, std::function<Call()>& build) {
              auto market = std::make_shared<std::string>();
              c.add_option("--market", *market, "Market id")->required();
              build = [market, action] {
                return Call{"POST", "/admin/v1/markets/" + *market + "/" + action, "{}"};
              };
            });
  }
  AddCall(cmd, flags, exit_code, "resolve-market", "Resolve a market: 1.00 per winning share",
          [](CLI::App& c, std::function<Call()>& build) {
            auto market = std::make_shared<std::string>();
            auto winner = std::make_shared<int>(0);
            c.add_option("--market", *market, "Market id")->required();
            c.add_option("--winner", *winner, "Winning outcome index (0 or 1)")->required();
            build = [market, winner] {
              return Call{
                  "POST", "/admin/v1/markets/" + *market + "/resolve",
                  Json([&](net::JsonWriter& w) { w.Field("winningOutcomeIndex", *winner); })};
            };
          });
  AddCall(cmd, flags, exit_code, "withdrawals", "List pending withdrawals",
          [](CLI::App&, std::function<Call()>& build) {
            build = [] { return Call{"GET", "/admin/v1/withdrawals", ""}; };
          });
  for (const char* action : {"approve", "reject"}) {
    AddCall(cmd, flags, exit_code, std::string(action) + "-withdrawal",
            std::string("Decide a pending withdrawal: ") + action,
            [action](CLI::App& c, std::function<Call()>& build) {
              auto id = std::make_shared<std::string>();
              c.add_option("--id", *id, "Withdrawal id")->required();
              build = [id, action] {
                return Call{"POST", "/admin/v1/withdrawals/" + *id + "/" + action, "{}"};
              };
            });
  }
  AddCall(
      cmd, flags, exit_code, "switches",
      "Show or set the switches: --orders off answers 503 to new orders",
      [](CLI::App& c, std::function<Call()>& build) {
        struct S {
          std::string betting, ctm, orders;
        };
        auto s = std::make_shared<S>();
        for (auto [flag, field] : {std::pair{"--betting", &s->betting}, std::pair{"--ctm", &s->ctm},
                                   std::pair{"--orders", &s->orders}}) {
          c.add_option(flag, *field, "on or off")->check(CLI::IsMember({"on", "off"}));
        }
        build = [s] {
          if (s->betting.empty() && s->ctm.empty() && s->orders.empty()) {
            return Call{"GET", "/admin/v1/switches", ""};
          }
          return Call{"PUT", "/admin/v1/switches", Json([&](net::JsonWriter& w) {
                        if (!s->betting.empty()) w.Field("betting", s->betting == "on");
                        if (!s->ctm.empty()) w.Field("ctm", s->ctm == "on");
                        if (!s->orders.empty()) w.Field("orders", s->orders == "on");
                      })};
        };
      });
  AddCall(cmd, flags, exit_code, "clock", "Show the venue's clock",
          [](CLI::App&, std::function<Call()>& build) {
            build = [] { return Call{"GET", "/admin/v1/clock", ""}; };
          });
  AddCall(cmd, flags, exit_code, "advance-clock", "Move a --clock manual venue's time forward",
          [](CLI::App& c, std::function<Call()>& build) {
            auto ms = std::make_shared<std::int64_t>(0);
            c.add_option("--ms", *ms, "Milliseconds")->required();
            build = [ms] {
              return Call{"POST", "/admin/v1/clock/advance",
                          Json([&](net::JsonWriter& w) { w.Field("ms", *ms); })};
            };
          });
  AddCtmAdmin(cmd, flags, exit_code);
  AddMmAdmin(cmd, flags, exit_code);
}

const SubcommandRegistrar kAdmin({"admin",
                                  "Operate a running venue (users, keys, deposits, "
                                  "markets, withdrawals, switches, clock, oracle, CTM rounds)",
                                  20, Setup});

}  // namespace
}  // namespace probex::app
