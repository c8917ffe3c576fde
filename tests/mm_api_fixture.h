// MmStack: the whole chain the MM client API needs, as real processes on loopback —
// `probex bookmaker` (manual clock, a small season, no simulated drops), `probex venue` (manual
// clock, raised rate limits) with a funded market_maker account for the engine, a funded taker,
// and three ORDER_BOOK markets whose metadata maps them to bookmaker outcomes (two on one soccer
// fixture — 1x2 and totals — and one on a fixture of another tournament), and `probex mm`
// quoting them for its trading client (whose key is kClientKey). Shared by mm_api_test.cc and
// mm_ws_test.cc. Thread rule: one thread.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/time.h"
#include "process_harness.h"
#include "venue_process.h"

namespace probex::testing {

inline constexpr const char* kBookKey = "bk_mm_api_test_key_0123456789";
inline constexpr const char* kClientKey = "6f1c2a8e-5b7d-4c2e-9a41-0d6f2b9e7c15";
inline constexpr const char* kMmOperatorKey = "op_mm_operator_key_0123456789";

struct ApiMappedMarket {
  std::string id;  // venue market id
  std::string fixture_id;
  int tournament_id = 0;
  std::string market_type;
};

// Polls `done` (re-reading live state) until it holds or `limit` passes. Waits for a condition
// the processes reach on their own; never used to let time pass.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

using CliOutput = CommandOutput;

class MmStack {
 public:
  // `api_config`: extra lines for the [api] section of mm.toml.
  explicit MmStack(std::string api_config = {}) : api_config_(std::move(api_config)) {
    StartBookmaker();
    StartVenue();
    ListMarkets();
    StartMm();
  }

  JsonClient Client(std::string key = kClientKey) {
    return JsonClient(mm_->port(), std::move(key), AuthHeader::kApiKey);
  }
  JsonClient Operator() { return JsonClient(mm_->port(), kMmOperatorKey, AuthHeader::kBearer); }
  VenueClient Taker() { return VenueClient(venue_->port(), taker_key_); }
  VenueClient VenueAdmin() { return VenueClient(venue_->port(), kOperatorKey); }

  // `probex admin --mm URL --key KEY mm args...`
  CliOutput AdminMm(const std::vector<std::string>& args) {
    std::string command =
        "'" + ProbexBin() + "' admin --mm " + mm_->url() + " --key " + kMmOperatorKey + " mm";
    for (const std::string& a : args) command += " '" + a + "'";
    return RunCommand(command + " 2>&1");
  }

  // The client's open orders (GET /api/v1/orders/open), as parsed JSON objects.
  std::vector<boost::json::object> OpenOrders(const std::string& query = "") {
    JsonClient c = Client();
    Reply r = c.Get("/api/v1/orders/open?pageSize=2000" + query);
    std::vector<boost::json::object> out;
    if (r.status != 200) return out;
    for (const auto& o : r.json.at("orders").as_array()) out.push_back(o.as_object());
    return out;
  }
  std::size_t OpenCount(const std::string& query = "") { return OpenOrders(query).size(); }
  // The open orders once none is still PENDING_PLACEMENT (such an order cannot be cancelled
  // yet: 409). Call it while paused: pending placements settle and no replacement starts.
  std::vector<boost::json::object> SettledOpenOrders(const std::string& query = "") {
    std::vector<boost::json::object> open;
    WaitFor([&] {
      open = OpenOrders(query);
      for (const auto& o : open) {
        if (o.at("orderStatus").as_string() != "PLACED") return false;
      }
      return true;
    });
    return open;
  }
  // The id of an acknowledged (PLACED) open order; empty if there is none.
  std::string PlacedOrderId() {
    auto open = SettledOpenOrders();
    return open.empty() ? "" : std::string(open.front().at("orderId").as_string());
  }
  // Waits until every market has its two quotes (one per side) resting.
  bool WaitQuoting(std::size_t expected) {
    return WaitFor([&] {
      auto open = OpenOrders();
      std::size_t placed = 0;
      for (const auto& o : open) placed += o.at("orderStatus").as_string() == "PLACED";
      return placed == expected && open.size() == expected;
    });
  }

  const std::vector<ApiMappedMarket>& markets() const { return markets_; }
  ProbexProcess& mm() { return *mm_; }
  ProbexProcess& venue() { return *venue_; }
  ProbexProcess& bookmaker() { return *bookmaker_; }
  std::uint16_t mm_port() const { return mm_->port(); }

 private:
  void StartBookmaker() {
    bookmaker_ = std::make_unique<ProbexProcess>(
        "bookmaker",
        std::vector<std::string>{"--data-dir", dir_.path() + "/bookmaker", "--clock", "manual",
                                 "--fixtures", "8", "--first-kickoff", "7200", "--kickoff-interval",
                                 "600", "--api-key", kBookKey, "--drops-per-hour", "0",
                                 "--cancel-probability", "0"});
  }

  void StartVenue() {
    const std::string config = WriteVenueConfig(dir_.path(), kFunctionalTestRules);
    venue_ = std::make_unique<VenueProcess>(dir_.path() + "/venue",
                                            std::vector<std::string>{"--config", config});
    VenueClient admin = VenueAdmin();
    auto user = [&](const std::string& name, const std::string& amount) {
      Reply u = admin.Post("/admin/v1/users", R"({"username":")" + name + R"("})");
      if (u.status != 200) throw std::runtime_error("venue user: " + u.body);
      const std::string id = u.Str("/user/id");
      Reply k = admin.Post("/admin/v1/users/" + id + "/api-keys", R"({"kind":"ak"})");
      Reply d =
          admin.Post("/admin/v1/users/" + id + "/deposits", R"({"amount":")" + amount + R"("})");
      Reply t = admin.Put("/admin/v1/users/" + id + "/rate-tier", R"({"tier":"market_maker"})");
      if (k.status != 200 || d.status != 200 || t.status != 200) {
        throw std::runtime_error("venue setup: " + k.body + d.body + t.body);
      }
      return k.Str("/key");
    };
    mm_venue_key_ = user("mm-engine", "100000");
    taker_key_ = user("taker", "100000");
  }

  void ListMarkets() {
    JsonClient book(bookmaker_->port(), kBookKey, AuthHeader::kApiKey);
    Reply fixtures = book.Get("/v4/fixtures?sportId=10");
    if (fixtures.status != 200) throw std::runtime_error("fixtures: " + fixtures.body);
    const auto& list = fixtures.json.as_array();
    const auto& first = list.at(0).as_object();
    const boost::json::object* other = nullptr;
    for (const auto& f : list) {
      if (f.at("tournamentId") != first.at("tournamentId")) {
        other = &f.as_object();
        break;
      }
    }
    if (other == nullptr) other = &list.at(1).as_object();
    VenueClient admin = VenueAdmin();
    Reply clock = admin.Get("/admin/v1/clock");
    auto now = ParseIso8601(clock.Str("/now"));
    const std::string end = FormatIso8601((now.ok() ? *now : Timestamp()).PlusSeconds(30 * 86400));
    auto list_market = [&](const boost::json::object& f, int market_id, int outcome_id,
                           const std::string& type) {
      ApiMappedMarket m;
      m.fixture_id = std::string(f.at("fixtureId").as_string());
      m.tournament_id = static_cast<int>(f.at("tournamentId").as_int64());
      m.market_type = type;
      const std::string metadata = R"({"fixtureId":")" + m.fixture_id + R"(","marketId":)" +
                                   std::to_string(market_id) + R"(,"outcomeId":)" +
                                   std::to_string(outcome_id) + R"(,"sportId":10,"tournamentId":)" +
                                   std::to_string(m.tournament_id) + "}";
      Reply r = admin.Post("/admin/v1/markets",
                           R"({"type":"ORDER_BOOK","question":"MM )" + m.fixture_id + " " + type +
                               R"(?","category":"Sports","outcomes":["YES","NO"],"endTime":")" +
                               end + R"(","metadata":)" + metadata + "}");
      if (r.status != 200) throw std::runtime_error("market: " + r.body);
      m.id = r.Str("/market/id");
      markets_.push_back(m);
    };
    list_market(first, 101, 101, "1x2");
    list_market(first, 1020, 1020, "totals");
    list_market(*other, 101, 101, "1x2");
  }

  void StartMm() {
    const std::string config = dir_.path() + "/mm.toml";
    {
      std::ofstream out(config);
      out << "[venue]\nhost = \"127.0.0.1\"\nport = " << venue_->port() << "\napi_key = \""
          << mm_venue_key_ << "\"\norders_per_minute = 60000\n\n";
      out << "[bookmaker]\nhost = \"127.0.0.1\"\nport = " << bookmaker_->port() << "\napi_key = \""
          << kBookKey << "\"\n\n";
      out << "[trading]\nmargin = 0.01\nlimit_ratio = 0.5\nmax_order_shares = 50\n"
             "fixture_cap = 100000\nsport_cap = 1000000\nstaleness_ms = 60000\n\n";
      out << "[allowlist]\n10 = \"1x2,totals\"\n\n";
      out << "[tournaments]\nactive = \"" << markets_[0].tournament_id << ","
          << markets_[2].tournament_id << "\"\n\n";
      out << "[client]\nid = \"alpha\"\nname = \"Alpha Trading\"\nodds_format = \"decimal\"\n"
             "api_key = \""
          << kClientKey << "\"\n\n";
      out << "[api]\noperator_key = \"" << kMmOperatorKey << "\"\n" << api_config_ << "\n";
    }
    mm_ = std::make_unique<ProbexProcess>(
        "mm", std::vector<std::string>{"--data-dir", dir_.path() + "/mm", "--config", config});
  }

  std::string api_config_;
  TempDir dir_{"probex-mmapi"};
  std::unique_ptr<ProbexProcess> bookmaker_;
  std::unique_ptr<VenueProcess> venue_;
  std::unique_ptr<ProbexProcess> mm_;
  std::string mm_venue_key_;
  std::string taker_key_;
  std::vector<ApiMappedMarket> markets_;
};

}  // namespace probex::testing
