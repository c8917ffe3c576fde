// MmFixture: a gtest fixture with the three real binaries on loopback for the MM engine's
// end-to-end tests — `probex bookmaker` and `probex venue` in manual clock mode, and `probex mm`
// against them (see process_harness.h). It funds a market-maker account on the venue (its key,
// the market_maker rate tier), creates ORDER_BOOK markets whose metadata maps them to bookmaker
// fixtures, markets and outcomes, and reads the engine's state through what it exposes: its
// SQLite store (DATA_DIR/mm.db, read through MmStore) and /metrics; the venue's and the
// bookmaker's own APIs show what reached them.
// Typical use: SetUp starts the bookmaker and the venue; a test creates its mapped markets, then
// StartMm(options) (the engine discovers markets on start), then drives the bookmaker's clock and
// staged events and the venue's takers.
// Thread rule: one test thread.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/money.h"
#include "common/time.h"
#include "mm/engine/mm_store.h"
#include "process_harness.h"
#include "venue_process.h"

namespace probex::testing {

inline constexpr char kMmBookmakerKey[] = "bk_mm_engine_test_key_0123456789";

// `probex bookmaker` with a manual clock, no simulated drops or cancellations.
class BookmakerTestProcess : public ProbexProcess {
 public:
  BookmakerTestProcess(const std::string& data_dir, std::vector<std::string> extra)
      : ProbexProcess("bookmaker", Args(data_dir, std::move(extra))) {}

 private:
  static std::vector<std::string> Args(const std::string& data_dir,
                                       std::vector<std::string> extra) {
    std::vector<std::string> args = {"--data-dir",
                                     data_dir,
                                     "--clock",
                                     "manual",
                                     "--api-key",
                                     kMmBookmakerKey,
                                     "--drops-per-hour",
                                     "0",
                                     "--cancel-probability",
                                     "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
};

// The bookmaker's APIs with the engine's key (X-API-Key): the bets the engine placed are visible.
class BookmakerTestClient : public JsonClient {
 public:
  explicit BookmakerTestClient(std::uint16_t port)
      : JsonClient(port, kMmBookmakerKey, AuthHeader::kApiKey) {}
  void Advance(std::int64_t seconds) {
    Reply r = Post("/admin/clock/advance", "{\"seconds\":" + std::to_string(seconds) + "}");
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

// One bookmaker outcome's price and limit.
struct BookPrice {
  Money odds;
  Money limit;
  bool active = false;
};

// A bookmaker fixture as `/v4/fixtures` lists it.
struct BookFixture {
  std::string fixture_id;
  int sport_id = 0;
  int tournament_id = 0;
  int status_id = 0;
  Timestamp start;
};

// A venue market mapped to the bookmaker through its metadata.
struct MappedMarket {
  std::string market_id;
  std::string fixture_id;
  int bookmaker_market_id = 0;
  int outcome_id = 0;
  std::vector<int> outcome_ids;  // every outcome of the bookmaker market
};

// The engine's settings, written to mm.toml.
struct MmOptions {
  std::string margin = "0.02";
  std::string limit_ratio = "0.5";
  std::int64_t max_order_shares = 100;
  std::string fixture_cap = "100000";
  std::string sport_cap = "1000000";
  std::string size_change_fraction = "0.2";
  std::int64_t staleness_ms = 3000;
  std::string devig = "shin";
  int hedge_max_attempts = 3;
  std::string hedge_worst_case_per_share = "0.05";
  std::string allowlist = "10 = \"1x2\"\n11 = \"1x2\"";  // [allowlist] lines
  std::string active_tournaments;                        // empty: every mapped market's
};

// Money from JSON (number or string), exact (the bookmaker writes exact decimal numbers).
inline Money MoneyOf(const boost::json::value* v) {
  if (v == nullptr) return Money::FromUnits(-1);
  if (v->is_string()) {
    const auto& s = v->get_string();
    return Money::Parse(std::string_view(s.data(), s.size())).value_or(Money::FromUnits(-1));
  }
  if (v->is_int64()) return Money::FromUnits(v->get_int64() * Money::kScale);
  if (v->is_uint64())
    return Money::FromUnits(static_cast<std::int64_t>(v->get_uint64()) * Money::kScale);
  if (v->is_double()) {
    // The bookmaker serialises exact decimals; boost parses them as doubles: 8 decimals suffice.
    std::ostringstream s;
    s.precision(8);
    s << std::fixed << v->get_double();
    return Money::Parse(s.str()).value_or(Money::FromUnits(-1));
  }
  return Money::FromUnits(-1);
}

inline Money Mn(std::string_view text) {
  auto m = Money::Parse(text);
  if (!m) throw std::runtime_error("bad money literal");
  return *m;
}

// What the engine's SQLite store holds.
struct MmStoreView {
  std::vector<mm::EngineOrder> orders;
  std::vector<mm::HedgeBet> bets;
  std::set<std::string> flagged;
};

class MmFixture : public ::testing::Test {
 protected:
  // Bookmaker season settings (override before SetUp runs, e.g. in the derived constructor).
  std::vector<std::string> bookmaker_args_ = {"--seed",          "11",   "--fixtures",         "4",
                                              "--first-kickoff", "7200", "--kickoff-interval", "0"};

  void SetUp() override {
    dir_ = std::make_unique<TempDir>("probex-mm");
    bookmaker_ =
        std::make_unique<BookmakerTestProcess>(dir_->path() + "/bookmaker", bookmaker_args_);
    book_ = std::make_unique<BookmakerTestClient>(bookmaker_->port());
    StartVenue();
    // The market maker's venue account: a key with the default scopes, funds, the MM tier.
    mm_user_ = CreateUser("marketmaker");
    mm_key_ = IssueKey(mm_user_);
    Deposit(mm_user_, "1000000");
    Reply tier =
        admin_->Put("/admin/v1/users/" + mm_user_ + "/rate-tier", R"({"tier":"market_maker"})");
    EXPECT_EQ(tier.status, 200) << tier.body;
    mm_venue_ = std::make_unique<VenueClient>(venue_->port(), mm_key_);
  }

  void TearDown() override {
    mm_.reset();
    mm_venue_.reset();
    admin_.reset();
    venue_.reset();
    book_.reset();
    bookmaker_.reset();
    dir_.reset();
  }

  // ---- venue --------------------------------------------------------------------------------

  // `probex venue` on a fixed port (so the engine's configured address survives a venue
  // restart), with raised rate limits for the test's own calls.
  void StartVenue() {
    std::string config = dir_->path() + "/venue.toml";
    if (!std::filesystem::exists(config))
      config = WriteVenueConfig(dir_->path(), kFunctionalTestRules);
    venue_ = std::make_unique<VenueProcess>(dir_->path() + "/venue",
                                            std::vector<std::string>{"--config", config});
    venue_port_ = venue_->port();
    Connect();
  }
  void Connect() {
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
    if (!mm_key_.empty()) mm_venue_ = std::make_unique<VenueClient>(venue_->port(), mm_key_);
  }
  // SIGKILL and start again on the same port (the engine's configured address) and data.
  void RestartVenue() {
    venue_->Kill();
    venue_->set_port(venue_port_);
    venue_->Start();
    Connect();
  }

  std::string CreateUser(const std::string& name) {
    Reply r = admin_->Post("/admin/v1/users", R"({"username":")" + name + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/user/id");
  }
  std::string IssueKey(const std::string& user) {
    Reply r = admin_->Post("/admin/v1/users/" + user + "/api-keys", R"({"kind":"ak"})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/key");
  }
  void Deposit(const std::string& user, const std::string& amount) {
    Reply r =
        admin_->Post("/admin/v1/users/" + user + "/deposits", R"({"amount":")" + amount + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
  }
  // A funded venue user who trades against the engine's quotes.
  std::unique_ptr<VenueClient> NewTaker(const std::string& name, const std::string& deposit) {
    const std::string id = CreateUser(name);
    const std::string key = IssueKey(id);
    Deposit(id, deposit);
    return std::make_unique<VenueClient>(venue_->port(), key);
  }
  Timestamp VenueNow() {
    Reply r = admin_->Get("/admin/v1/clock");
    auto t = ParseIso8601(r.Str("/now"));
    return t ? *t : Timestamp();
  }

  // ---- bookmaker ----------------------------------------------------------------------------

  std::vector<BookFixture> BookFixtures() {
    std::vector<BookFixture> out;
    Reply r = book_->Get("/v4/fixtures");
    if (!r.json.is_array()) return out;
    for (const auto& v : r.json.as_array()) {
      BookFixture f;
      f.fixture_id = std::string(v.at("fixtureId").as_string());
      f.sport_id = static_cast<int>(v.at("sportId").to_number<std::int64_t>());
      f.tournament_id = static_cast<int>(v.at("tournamentId").to_number<std::int64_t>());
      f.status_id = static_cast<int>(v.at("statusId").to_number<std::int64_t>());
      if (auto t = ParseIso8601(std::string(v.at("startTime").as_string()))) f.start = *t;
      out.push_back(f);
    }
    return out;
  }
  BookFixture FirstFixtureOfSport(int sport_id) {
    for (const BookFixture& f : BookFixtures()) {
      if (f.sport_id == sport_id) return f;
    }
    ADD_FAILURE() << "no fixture of sport " << sport_id;
    return {};
  }
  // The outcome ids of a bookmaker market (from the catalogue).
  std::vector<int> BookOutcomes(int market_id) {
    std::vector<int> out;
    Reply r = book_->Get("/v4/markets");
    if (!r.json.is_array()) return out;
    for (const auto& m : r.json.as_array()) {
      if (m.at("marketId").to_number<std::int64_t>() != market_id) continue;
      for (const auto& o : m.at("outcomes").as_array()) {
        out.push_back(static_cast<int>(o.at("outcomeId").to_number<std::int64_t>()));
      }
      break;
    }
    return out;
  }
  // The current price of every outcome of one bookmaker market of a fixture.
  std::map<int, BookPrice> BookPrices(const std::string& fixture_id, int market_id) {
    std::map<int, BookPrice> out;
    Reply r = book_->Get("/v4/odds?fixtureId=" + fixture_id);
    const boost::json::value* outcomes =
        r.At("/bookmakerOdds/probex/markets/" + std::to_string(market_id) + "/outcomes");
    if (outcomes == nullptr || !outcomes->is_object()) return out;
    for (const auto& [id, o] : outcomes->as_object()) {
      boost::system::error_code ec;
      BookPrice p;
      p.odds = MoneyOf(o.find_pointer("/players/0/price", ec));
      p.limit = MoneyOf(o.find_pointer("/players/0/limit", ec));
      const boost::json::value* active = o.find_pointer("/players/0/active", ec);
      p.active = active != nullptr && active->is_bool() && active->get_bool();
      out[std::stoi(std::string(id))] = p;
    }
    return out;
  }
  bool BookSuspended(const std::string& fixture_id) {
    Reply r = book_->Get("/v4/odds?fixtureId=" + fixture_id);
    const boost::json::value* s = r.At("/bookmakerOdds/probex/suspended");
    return s != nullptr && s->is_bool() && s->get_bool();
  }
  // The engine's bets as the bookmaker knows them (by requestUuid).
  std::map<std::string, boost::json::object> BookBets() {
    std::map<std::string, boost::json::object> out;
    Reply r = book_->Get("/bets?limit=1000");
    const boost::json::value* list = r.At("/bets");
    if (list == nullptr || !list->is_array()) return out;
    for (const auto& b : list->as_array()) {
      out[std::string(b.at("requestUuid").as_string())] = b.as_object();
    }
    return out;
  }

  // ---- mapped markets -------------------------------------------------------------------------

  // An ORDER_BOOK market whose outcome 0 stands for `outcome_id` of bookmaker market `market_id`
  // of `fixture` (metadata: fixtureId, marketId, outcomeId, sportId, tournamentId).
  MappedMarket CreateMappedMarket(const BookFixture& fixture, int market_id, int outcome_id,
                                  const std::string& fee_rate = "0.02") {
    const std::string end = FormatIso8601(VenueNow().PlusSeconds(30 * 24 * 3600LL));
    const std::string metadata = R"({"fixtureId":")" + fixture.fixture_id + R"(","marketId":)" +
                                 std::to_string(market_id) + R"(,"outcomeId":)" +
                                 std::to_string(outcome_id) + R"(,"sportId":)" +
                                 std::to_string(fixture.sport_id) + R"(,"tournamentId":)" +
                                 std::to_string(fixture.tournament_id) + "}";
    Reply r =
        admin_->Post("/admin/v1/markets",
                     R"({"type":"ORDER_BOOK","question":")" + fixture.fixture_id + " outcome " +
                         std::to_string(outcome_id) +
                         R"(","category":"Sports","outcomes":["Yes","No"],)" + R"("endTime":")" +
                         end + R"(","feeRate":)" + fee_rate + R"(,"metadata":)" + metadata + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    MappedMarket m;
    m.market_id = r.Str("/market/id");
    m.fixture_id = fixture.fixture_id;
    m.bookmaker_market_id = market_id;
    m.outcome_id = outcome_id;
    m.outcome_ids = BookOutcomes(market_id);
    if (std::find(active_tournaments_.begin(), active_tournaments_.end(), fixture.tournament_id) ==
        active_tournaments_.end()) {
      active_tournaments_.push_back(fixture.tournament_id);
    }
    return m;
  }
  // Every ACTIVE ORDER_BOOK market of the venue whose metadata maps it to the bookmaker.
  std::vector<MappedMarket> ListMappedMarkets() {
    std::vector<MappedMarket> out;
    for (int offset = 0;; offset += 100) {
      Reply r = admin_->Get("/api/v1/markets?type=ORDER_BOOK&status=ACTIVE&limit=100&offset=" +
                            std::to_string(offset));
      const boost::json::value* list = r.At("/markets");
      if (list == nullptr || !list->is_array()) break;
      for (const auto& v : list->as_array()) {
        boost::system::error_code ec;
        const boost::json::value* meta = v.find_pointer("/metadata", ec);
        if (meta == nullptr || !meta->is_object() || !meta->as_object().contains("fixtureId")) {
          continue;
        }
        MappedMarket m;
        m.market_id = std::string(v.at("id").as_string());
        m.fixture_id = std::string(meta->at("fixtureId").as_string());
        m.bookmaker_market_id = static_cast<int>(meta->at("marketId").to_number<std::int64_t>());
        m.outcome_id = static_cast<int>(meta->at("outcomeId").to_number<std::int64_t>());
        m.outcome_ids = BookOutcomes(m.bookmaker_market_id);
        out.push_back(m);
      }
      if (list->as_array().size() < 100) break;
    }
    return out;
  }

  // ---- the engine ---------------------------------------------------------------------------

  std::string MmDataDir() const { return dir_->path() + "/mm"; }

  void StartMm(const MmOptions& o = {}) {
    options_ = o;
    const std::string path = dir_->path() + "/mm.toml";
    std::ofstream out(path);
    std::string tournaments = o.active_tournaments;
    if (tournaments.empty()) {
      for (int t : active_tournaments_) {
        if (!tournaments.empty()) tournaments += ",";
        tournaments += std::to_string(t);
      }
    }
    out << "[venue]\nhost = \"127.0.0.1\"\nport = " << venue_port_ << "\napi_key = \"" << mm_key_
        << "\"\norders_per_minute = 100000\n\n[bookmaker]\nhost = \"127.0.0.1\"\nport = "
        << bookmaker_->port() << "\napi_key = \"" << kMmBookmakerKey << "\"\n\n[trading]\n"
        << "margin = " << o.margin << "\nlimit_ratio = " << o.limit_ratio
        << "\nmax_order_shares = " << o.max_order_shares << "\nfixture_cap = " << o.fixture_cap
        << "\nsport_cap = " << o.sport_cap << "\nsize_change_fraction = " << o.size_change_fraction
        << "\nstaleness_ms = " << o.staleness_ms << "\ndevig = \"" << o.devig
        << "\"\nhedge_max_attempts = " << o.hedge_max_attempts
        << "\nhedge_worst_case_per_share = " << o.hedge_worst_case_per_share << "\n\n[allowlist]\n"
        << o.allowlist << "\n\n[tournaments]\nactive = \"" << tournaments << "\"\n";
    out.close();
    mm_ = std::make_unique<ProbexProcess>(
        "mm", std::vector<std::string>{"--data-dir", MmDataDir(), "--config", path});
  }
  JsonClient MmHttp() { return JsonClient(mm_->port()); }

  // A value of /metrics (the first sample whose name matches exactly, labels ignored).
  std::optional<double> Metric(const std::string& name) {
    JsonClient c(mm_->port());
    Reply r = c.Get("/metrics");
    std::istringstream in(r.body);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const std::size_t end = line.find_first_of(" {");
      if (end == std::string::npos || line.compare(0, end, name) != 0) continue;
      return std::stod(line.substr(line.rfind(' ') + 1));
    }
    return std::nullopt;
  }
  // A Money-valued gauge exported in 1e-8 units (mm_pnl_*_units).
  Money MetricMoney(const std::string& name) {
    auto v = Metric(name);
    return Money::FromUnits(v ? static_cast<std::int64_t>(std::llround(*v)) : -1);
  }

  // The engine's store, read while the engine runs (WAL: readers never block the writer).
  using StoreView = MmStoreView;
  StoreView Store() {
    StoreView v;
    auto store = mm::MmStore::Open(MmDataDir() + "/mm.db");
    if (!store.ok()) {
      ADD_FAILURE() << store.error().message;
      return v;
    }
    if (auto o = (*store)->LoadOrders(); o.ok()) v.orders = std::move(*o);
    if (auto b = (*store)->LoadBets(); b.ok()) v.bets = std::move(*b);
    if (auto f = (*store)->LoadFlaggedFixtures(); f.ok()) v.flagged = std::move(*f);
    return v;
  }

  // The engine's open orders on the venue (as the venue lists them) in one market.
  std::vector<boost::json::object> VenueOpenOrders(const std::string& market_id) {
    std::vector<boost::json::object> out;
    Reply r = mm_venue_->Get("/api/v1/orders?marketId=" + market_id + "&limit=100");
    const boost::json::value* list = r.At("/orders");
    if (list == nullptr || !list->is_array()) return out;
    for (const auto& o : list->as_array()) out.push_back(o.as_object());
    return out;
  }
  // The resting order of one side ("bid"/"ask" on outcome 0), if exactly one rests.
  std::optional<boost::json::object> VenueQuote(const std::string& market_id,
                                                const std::string& side) {
    std::optional<boost::json::object> found;
    for (auto& o : VenueOpenOrders(market_id)) {
      if (std::string(o.at("side").as_string()) != side) continue;
      if (found) return std::nullopt;  // two live orders on one side
      found = o;
    }
    return found;
  }
  static int Cents(const boost::json::object& order) {
    return static_cast<int>(std::llround(MoneyOf(&order.at("price")).units() /
                                         static_cast<double>(Money::kScale / 100)));
  }

  // Polls `done` (every 20 ms) until it holds or `seconds` pass; the engine works on real time
  // (its I/O and 100 ms timer), the markets' time stays manual.
  static bool WaitFor(const std::function<bool()>& done, double seconds = 20) {
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (std::chrono::steady_clock::now() < deadline) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  // ---- quotes and takers -----------------------------------------------------------------------

  static std::string PriceText(int cents) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0.%02d", cents);
    return buf;
  }
  // The expected quotes of a market from the bookmaker's current odds.
  std::pair<std::optional<int>, std::optional<int>> Expected(const MappedMarket& m) {
    auto prices = BookPrices(m.fixture_id, m.bookmaker_market_id);
    const double margin = std::stod(options_.margin);
    return {ExpectedBid(prices, m.outcome_id, margin, 0.02),
            ExpectedAsk(prices, m.outcome_id, margin, 0.02)};
  }
  // Waits until exactly one bid and one ask rest at the expected prices; returns them (empty
  // objects, and a test failure, if they never do).
  std::pair<boost::json::object, boost::json::object> WaitQuotes(const MappedMarket& m) {
    std::optional<boost::json::object> bid, ask;
    auto [want_bid, want_ask] = Expected(m);
    EXPECT_TRUE(want_bid && want_ask);
    const bool ok = WaitFor([&] {
      bid = VenueQuote(m.market_id, "bid");
      ask = VenueQuote(m.market_id, "ask");
      return bid && ask && Cents(*bid) == want_bid && Cents(*ask) == want_ask &&
             VenueOpenOrders(m.market_id).size() == 2;
    });
    EXPECT_TRUE(ok) << "quotes of " << m.market_id << ": want bid " << want_bid.value_or(0)
                    << " ask " << want_ask.value_or(0) << ", venue has "
                    << (bid ? boost::json::serialize(*bid) : "no single bid") << " / "
                    << (ask ? boost::json::serialize(*ask) : "no single ask");
    if (!ok) return {};
    return {*bid, *ask};
  }
  // A taker's limit order on outcome 0 ("Yes"): "ask" sells into the engine's bid, "bid" buys
  // from its ask.
  Reply Take(VenueClient& taker, const MappedMarket& m, const std::string& side, int cents,
             std::int64_t quantity) {
    return taker.Post("/api/v1/orders", R"({"marketId":")" + m.market_id +
                                            R"(","outcome":"Yes","side":")" + side +
                                            R"(","type":"Limit","price":)" + PriceText(cents) +
                                            R"(,"quantity":)" + std::to_string(quantity) + "}");
  }
  // The engine's stored order with this venue order id.
  static const mm::EngineOrder* StoredOrder(const StoreView& v, const std::string& exchange_id) {
    for (const auto& o : v.orders) {
      if (o.exchange_order_id == exchange_id) return &o;
    }
    return nullptr;
  }
  static std::string Id(const boost::json::object& order) {
    return std::string(order.at("id").as_string());
  }

  // ---- hand computations (docs/mm-engine.md, Pricing) ----------------------------------------

  // The venue fee per share at probability p.
  static double Fee(double p, double rate) { return rate * std::min(p, 1 - p); }
  // Bid on outcome 0: the highest cent p with p + f(p) ≤ 1 − Σ_C 1/o_c − margin.
  static std::optional<int> ExpectedBid(const std::map<int, BookPrice>& prices, int own,
                                        double margin, double fee_rate) {
    double bound = 1 - margin;
    for (const auto& [id, p] : prices) {
      if (id != own) bound -= 1 / (p.odds.units() / 1e8);
    }
    for (int c = 99; c >= 1; --c) {
      const double p = c / 100.0;
      if (p + Fee(p, fee_rate) <= bound + 1e-9) return c;
    }
    return std::nullopt;
  }
  // Ask on outcome 0: the lowest cent p with p − f(p) ≥ 1/o_O + margin.
  static std::optional<int> ExpectedAsk(const std::map<int, BookPrice>& prices, int own,
                                        double margin, double fee_rate) {
    const double bound = 1 / (prices.at(own).odds.units() / 1e8) + margin;
    for (int c = 1; c <= 99; ++c) {
      const double p = c / 100.0;
      if (p - Fee(p, fee_rate) >= bound - 1e-9) return c;
    }
    return std::nullopt;
  }
  // The venue's fee for `q` shares at `cents`: ceil(rate × min(p, 1 − p) × q) in 1e-8 units.
  static Money VenueFee(int cents, std::int64_t q, const Money& rate) {
    const std::int64_t c = std::min(cents, 100 - cents);
    // rate (1e-8 units) × c/100 × q, rounded up to a unit.
    const __int128 num = static_cast<__int128>(rate.units()) * c * q;
    const std::int64_t units = static_cast<std::int64_t>((num + 99) / 100);
    return Money::FromUnits(units);
  }
  // A hedge stake: shares / odds rounded up to the cent.
  static Money HedgeStake(std::int64_t shares, const Money& odds) {
    // cents = ceil(shares × 100 / odds)
    const __int128 n = static_cast<__int128>(shares) * 100 * Money::kScale;
    const __int128 c = (n + odds.units() - 1) / odds.units();
    return Money::FromUnits(static_cast<std::int64_t>(c) * (Money::kScale / 100));
  }

  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<BookmakerTestProcess> bookmaker_;
  std::unique_ptr<BookmakerTestClient> book_;
  std::unique_ptr<VenueProcess> venue_;
  std::uint16_t venue_port_ = 0;
  std::unique_ptr<VenueClient> admin_;
  std::string mm_user_;
  std::string mm_key_;
  std::unique_ptr<VenueClient> mm_venue_;
  std::unique_ptr<ProbexProcess> mm_;
  MmOptions options_;
  std::vector<int> active_tournaments_;
};

}  // namespace probex::testing
