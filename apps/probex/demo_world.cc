#include "demo_world.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "common/clock.h"
#include "common/time.h"
#include "net/json_writer.h"

namespace probex::app {
namespace {

namespace json = boost::json;

const json::value* At(const json::value& root, std::string_view pointer) {
  boost::system::error_code ec;
  return root.find_pointer(pointer, ec);
}

double Number(const json::value* v) {
  if (v == nullptr) return -1;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_string()) {
    try {
      return std::stod(std::string(v->as_string()));
    } catch (...) {
      return -1;
    }
  }
  return -1;
}

// What the demo lists for a fixture: (bookmaker market, its outcome standing for YES, question).
struct MarketKind {
  int market_id;
  int outcome_id;
  const char* question;  // printf format with the two participants
};
constexpr MarketKind kSoccerKinds[] = {
    {101, 101, "Will %s beat %s?"},
    {1020, 1020, "Over 2.5 goals in %s v %s?"},
};
constexpr MarketKind kBasketballKinds[] = {{111, 111, "Will %s beat %s?"}};

}  // namespace

std::string Text(const json::value& root, std::string_view pointer) {
  const json::value* v = At(root, pointer);
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return "";
}

// POST with the operator's key; any answer but 200/201 is an error naming the call.
Result<net::JsonResponse> PostOk(net::HttpClient& client, const std::string& target,
                                 const std::string& body) {
  auto r = client.PostJson(target, body);
  if (!r.ok()) return r.error();
  if (r->status != 200 && r->status != 201) {
    return MakeError("demo_failed",
                     target + " answered " + std::to_string(r->status) + ": " + r->body);
  }
  return r;
}

Result<DemoAccount> CreateAccount(net::HttpClient& venue, const std::string& username,
                                  const std::string& deposit, const char* tier) {
  DemoAccount account;
  auto user = PostOk(venue, "/admin/v1/users", "{\"username\":\"" + username + "\"}");
  if (!user.ok()) return user.error();
  account.user_id = Text(user->json.root, "/user/id");
  auto key = PostOk(venue, "/admin/v1/users/" + account.user_id + "/api-keys",
                    "{\"kind\":\"ak\",\"name\":\"" + username + "\"}");
  if (!key.ok()) return key.error();
  account.key = Text(key->json.root, "/key");
  auto funded = PostOk(venue, "/admin/v1/users/" + account.user_id + "/deposits",
                       "{\"amount\":\"" + deposit + "\"}");
  if (!funded.ok()) return funded.error();
  if (tier != nullptr) {
    auto r = venue.Request("PUT", "/admin/v1/users/" + account.user_id + "/rate-tier",
                           std::string("{\"tier\":\"") + tier + "\"}");
    if (!r.ok()) return r.error();
    if (r->status != 200) return MakeError("demo_failed", "rate-tier answered " + r->body);
  }
  return account;
}

Status SeedVenue(DemoWorld& world, int crowd_size) {
  net::HttpClient venue("127.0.0.1", static_cast<std::uint16_t>(world.venue_port));
  venue.SetDefaultHeader("Authorization", "Bearer " + world.operator_key);
  net::HttpClient book("127.0.0.1", static_cast<std::uint16_t>(world.bookmaker_port));
  book.SetDefaultHeader("X-API-Key", world.bookmaker_key);

  auto mm = CreateAccount(venue, "demo-market-maker", "100000", "market_maker");
  if (!mm.ok()) return mm.error();
  world.market_maker = *mm;
  auto trader = CreateAccount(venue, "demo-trader", "10000", nullptr);
  if (!trader.ok()) return trader.error();
  world.trader = *trader;
  for (int i = 0; i < crowd_size; ++i) {
    // The crowd shares one IP here, unlike a real one: its tier (the default limits, written to
    // venue.toml by the demo) counts each taker per account.
    auto taker = CreateAccount(venue, "crowd-" + std::to_string(i + 1), "5000", "crowd");
    if (!taker.ok()) return taker.error();
    world.crowd.push_back(*taker);
  }

  // Season time runs `speed` times faster than the venue's wall clock: a market ends three
  // season hours after kick-off, converted to wall time.
  auto clock = book.GetJson("/admin/clock");
  if (!clock.ok() || clock->status != 200) return MakeError("demo_failed", "no bookmaker clock");
  auto season_now = ParseIso8601(Text(clock->json.root, "/now"));
  if (!season_now.ok()) return MakeError("demo_failed", "bad bookmaker clock");
  auto fixtures = book.GetJson("/v4/fixtures?statusId=0");
  if (!fixtures.ok() || fixtures->status != 200 || !fixtures->json.root.is_array()) {
    return MakeError("demo_failed", "the bookmaker lists no fixtures");
  }
  const Timestamp wall_now = SystemClock().Now();
  for (const auto& f : fixtures->json.root.as_array()) {
    const std::string fixture_id = Text(f, "/fixtureId");
    const int sport_id = static_cast<int>(Number(At(f, "/sportId")));
    const std::string tournament_id = Text(f, "/tournamentId");
    auto start = ParseIso8601(Text(f, "/startTime"));
    if (fixture_id.empty() || !start.ok()) continue;
    const double season_s = static_cast<double>(start->micros() - season_now->micros()) / 1e6;
    const auto wall_s = static_cast<std::int64_t>((season_s + 3 * 3600) / world.speed) + 60;
    const std::string end = FormatIso8601(wall_now.PlusSeconds(wall_s));
    const std::string home = Text(f, "/participant1Name");
    const std::string away = Text(f, "/participant2Name");
    const bool soccer = sport_id == 10;
    const MarketKind* kinds = soccer ? kSoccerKinds : kBasketballKinds;
    const std::size_t kind_count = soccer ? std::size(kSoccerKinds) : std::size(kBasketballKinds);
    // One ORDER_BOOK market per kind (the MM quotes them) and a POOL market on the first kind.
    for (std::size_t k = 0; k <= kind_count; ++k) {
      const bool pool = k == kind_count;
      const MarketKind& kind = kinds[pool ? 0 : k];
      char question[256];
      std::snprintf(question, sizeof question, kind.question, home.c_str(), away.c_str());
      std::string body;
      net::JsonWriter w(body);
      w.BeginObject();
      w.Field("type", pool ? "POOL" : "ORDER_BOOK");
      w.Field("question", pool ? std::string(question) + " (pool)" : std::string(question));
      w.Field("category", soccer ? "Soccer" : "Basketball");
      w.Key("outcomes").BeginArray().String("YES").String("NO").EndArray();
      w.Field("endTime", end);
      w.Field("feeRate", "0.01");
      w.Key("metadata").BeginObject();
      w.Field("fixtureId", fixture_id);
      w.Field("marketId", std::to_string(kind.market_id));
      w.Field("outcomeId", std::to_string(kind.outcome_id));
      w.Field("sportId", std::to_string(sport_id));
      w.Field("tournamentId", tournament_id);
      w.EndObject();
      w.EndObject();
      auto market = PostOk(venue, "/admin/v1/markets", body);
      if (!market.ok()) return market.error();
      DemoMarket m;
      m.venue_id = Text(market->json.root, "/market/id");
      m.fixture_id = fixture_id;
      m.sport_id = sport_id;
      m.bookmaker_market_id = kind.market_id;
      m.bookmaker_outcome_id = kind.outcome_id;
      m.question = question;
      m.pool = pool;
      m.end = wall_now.PlusSeconds(wall_s);
      world.markets.push_back(std::move(m));
    }
  }
  if (world.markets.empty()) return MakeError("demo_failed", "no upcoming fixture to list");
  return OkStatus();
}

DemoCrowd::DemoCrowd(const DemoWorld& world, std::uint64_t seed, DemoActivity& activity)
    : world_(world),
      activity_(activity),
      rng_(seed),
      bookmaker_("127.0.0.1", static_cast<std::uint16_t>(world.bookmaker_port)),
      public_venue_("127.0.0.1", static_cast<std::uint16_t>(world.venue_port)) {
  bookmaker_.SetDefaultHeader("X-API-Key", world.bookmaker_key);
  for (const auto& account : world.crowd) {
    Taker t;
    t.venue = std::make_unique<net::HttpClient>("127.0.0.1",
                                                static_cast<std::uint16_t>(world.venue_port));
    t.venue->SetDefaultHeader("Authorization", "Bearer " + account.key);
    takers_.push_back(std::move(t));
  }
}

double BookmakerFairValue(net::HttpClient& bookmaker, const DemoMarket& m) {
  auto odds = bookmaker.GetJson("/v4/odds?fixtureId=" + m.fixture_id);
  if (!odds.ok() || odds->status != 200) return -1;
  const auto* market = At(odds->json.root, "/bookmakerOdds/probex/markets/" +
                                               std::to_string(m.bookmaker_market_id) + "/outcomes");
  if (market == nullptr || !market->is_object()) return -1;
  if (const auto* s = At(odds->json.root, "/bookmakerOdds/probex/suspended");
      s != nullptr && s->is_bool() && s->as_bool()) {
    return -1;
  }
  // Multiplicative devig: the demo's takers need a view, not the MM's precision.
  double sum = 0;
  double mine = -1;
  for (const auto& [outcome, body] : market->as_object()) {
    const double price = Number(At(body, "/players/0/price"));
    const json::value* active = At(body, "/players/0/active");
    if (price <= 1 || (active != nullptr && active->is_bool() && !active->as_bool())) return -1;
    sum += 1 / price;
    if (outcome == std::to_string(m.bookmaker_outcome_id)) mine = 1 / price;
  }
  return mine < 0 || sum <= 0 ? -1 : mine / sum;
}

void DemoCrowd::Step() {
  if (takers_.empty()) return;
  std::uniform_int_distribution<std::size_t> pick_taker(0, takers_.size() - 1);
  const std::size_t taker = pick_taker(rng_);
  std::uniform_int_distribution<int> activity(0, 99);
  const int roll = activity(rng_);
  CommitDueOptions();
  if (roll < 15 || world_.markets.empty()) {
    PredictCtm(taker);
  } else if (roll < 30) {
    BetOnPool(taker);
  } else if (roll < 34) {
    RequestOption(taker);
  } else {
    TradeOrderBook(taker);
  }
}

void DemoCrowd::PredictCtm(std::size_t index) {
  auto rounds = public_venue_.GetJson("/api/v1/ctm/rounds?status=OPEN,HEATMAP,LOCKED&limit=50");
  if (!rounds.ok() || rounds->status != 200) return;
  const json::value* list = At(rounds->json.root, "/rounds");
  if (list == nullptr || !list->is_array() || list->as_array().empty()) return;
  const auto& all = list->as_array();
  std::vector<const json::value*> open;
  for (const auto& r : all) {
    const std::string status = Text(r, "/status");
    if (status == "OPEN" || status == "HEATMAP") open.push_back(&r);
  }
  if (open.empty()) return;
  std::uniform_int_distribution<std::size_t> pick(0, open.size() - 1);
  const json::value& chosen = *open[pick(rng_)];
  const std::string round_id = Text(chosen, "/id");
  const std::string asset = Text(chosen, "/asset");
  // The asset's last price: from the price history of a running round of that asset (a round
  // created ahead has no history before it opens).
  double last = -1;
  for (const auto& r : all) {
    if (Text(r, "/asset") != asset || last > 0) continue;
    auto history = public_venue_.GetJson("/api/v1/ctm/rounds/" + Text(r, "/id") + "/price-history");
    if (!history.ok() || history->status != 200) continue;
    const json::value* prices = At(history->json.root, "/prices");
    if (prices != nullptr && prices->is_array() && !prices->as_array().empty()) {
      last = Number(At(prices->as_array().back(), "/price"));
    }
  }
  if (last <= 0) return;
  // A guess around the last price: a spread of players, so the heatmap and ranks have shape.
  std::normal_distribution<double> move(0, 0.003);
  char price[32];
  std::snprintf(price, sizeof price, "%.2f", last * (1 + move(rng_)));
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject().Field("predictedPrice", std::string(price)).EndObject();
  auto placed = takers_[index].venue->PostJson("/api/v1/ctm/rounds/" + round_id + "/predict", body);
  if (placed.ok() && (placed->status == 200 || placed->status == 201)) {
    activity_.predictions.fetch_add(1, std::memory_order_relaxed);
  } else {
    activity_.rejected.fetch_add(1, std::memory_order_relaxed);
    activity_.NoteReject(placed.ok()
                             ? std::to_string(placed->status) + " " + placed->body.substr(0, 160)
                             : placed.error().message);
  }
}

void DemoCrowd::BetOnPool(std::size_t index) {
  std::uniform_int_distribution<std::size_t> pick_market(0, world_.markets.size() - 1);
  const DemoMarket& m = world_.markets[pick_market(rng_)];
  if (m.settled || !m.pool) return;
  const double fair = FairValue(m);
  if (fair <= 0) return;
  // Backs YES with the probability its noisy view gives it, a few units at a time.
  std::normal_distribution<double> noise(0, 0.1);
  std::bernoulli_distribution yes(std::clamp(fair + noise(rng_), 0.05, 0.95));
  std::uniform_int_distribution<int> amount(1, 25);
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject();
  w.Field("marketId", m.venue_id);
  w.Field("outcomeIndex", yes(rng_) ? 0 : 1);
  w.Field("amount", std::to_string(amount(rng_)));
  w.Field("idempotencyKey", "demo-bet-" + std::to_string(++next_key_));
  w.EndObject();
  auto placed = takers_[index].venue->PostJson("/api/v1/bets", body);
  if (placed.ok() && (placed->status == 200 || placed->status == 201)) {
    activity_.bets.fetch_add(1, std::memory_order_relaxed);
  } else {
    activity_.rejected.fetch_add(1, std::memory_order_relaxed);
    activity_.NoteReject(placed.ok()
                             ? std::to_string(placed->status) + " " + placed->body.substr(0, 160)
                             : placed.error().message);
  }
}

void DemoCrowd::TradeOrderBook(std::size_t index) {
  std::uniform_int_distribution<std::size_t> pick_market(0, world_.markets.size() - 1);
  const DemoMarket& m = world_.markets[pick_market(rng_)];
  if (m.settled || m.pool) return;
  const double fair = FairValue(m);
  if (fair <= 0.02 || fair >= 0.98) return;
  Taker& taker = takers_[index];
  auto book = public_venue_.GetJson("/api/v1/markets/" + m.venue_id + "/orderbook?depth=1");
  if (!book.ok() || book->status != 200) return;
  const double best_bid = Number(At(book->json.root, "/outcomes/0/bestBid"));
  const double best_ask = Number(At(book->json.root, "/outcomes/0/bestAsk"));
  std::normal_distribution<double> noise(0, 0.04);
  const double view = std::clamp(fair + noise(rng_), 0.02, 0.98);
  std::uniform_int_distribution<int> size(5, 40);
  std::string side;
  std::string type = "Limit";
  double price = 0;
  if (best_ask > 0 && view > best_ask + 0.01) {
    side = "bid";
    type = "Market";
  } else if (best_bid > 0 && view < best_bid - 0.01) {
    side = "ask";
    type = "Market";
  } else {
    // No edge against the book: rest a limit order a little on the cheap side of the view.
    std::bernoulli_distribution buy(0.5);
    side = buy(rng_) ? "bid" : "ask";
    const double offset = side == "bid" ? -0.03 : 0.03;
    price = std::clamp(std::round((view + offset) * 100) / 100, 0.01, 0.99);
  }
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject();
  w.Field("marketId", m.venue_id);
  w.Field("outcome", "YES");
  w.Field("side", side);
  w.Field("type", type);
  if (type == "Limit") {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", price);
    w.Field("price", std::string(text));
  }
  w.Field("quantity", std::to_string(size(rng_)));
  w.EndObject();
  auto placed = taker.venue->PostJson("/api/v1/orders", body);
  if (placed.ok() && (placed->status == 200 || placed->status == 201)) {
    activity_.orders.fetch_add(1, std::memory_order_relaxed);
  } else {
    activity_.rejected.fetch_add(1, std::memory_order_relaxed);
    activity_.NoteReject(placed.ok()
                             ? std::to_string(placed->status) + " " + placed->body.substr(0, 160)
                             : placed.error().message);
  }
}

void DemoCrowd::RequestOption(std::size_t index) {
  std::uniform_int_distribution<std::size_t> pick_market(0, world_.markets.size() - 1);
  const DemoMarket& m = world_.markets[pick_market(rng_)];
  const Timestamp now = SystemClock().Now();
  // Only markets still trading for a while: the option settles on the market's resolution.
  if (m.settled || m.pool || m.end.micros() < now.PlusSeconds(120).micros()) return;
  const double fair = FairValue(m);
  if (fair <= 0.05 || fair >= 0.95) return;
  std::bernoulli_distribution call(0.5);
  std::bernoulli_distribution buy(0.75);
  std::uniform_int_distribution<int> strike_step(2, 18);  // strikes 10..90
  const bool is_call = call(rng_);
  const bool is_buy = buy(rng_);
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject();
  w.Key("market").BeginObject().Field("conditionId", m.venue_id).EndObject();
  w.Key("option").BeginObject();
  w.Field("optionType", is_call ? "call" : "put");
  w.Field("strikeBps", strike_step(rng_) * 5);
  // A minute after the market's end, in whole seconds.
  w.Field("expiryMs", (m.end.millis() / 1000 + 60) * 1000);
  w.EndObject();
  w.Key("trade").BeginObject();
  w.Field("side", is_buy ? "buy" : "sell");
  if (is_buy) {
    w.Field("budgetUsd", 20);
  } else {
    w.Field("size", 10);
  }
  w.EndObject();
  w.EndObject();
  Taker& taker = takers_[index];
  auto r = taker.venue->PostJson("/quote-requests", body);
  if (!r.ok() || r->status != 200) {
    activity_.rejected.fetch_add(1, std::memory_order_relaxed);
    activity_.NoteReject(r.ok() ? "quote-requests " + std::to_string(r->status) + " " +
                                      r->body.substr(0, 160)
                                : r.error().message);
    return;
  }
  activity_.option_requests.fetch_add(1, std::memory_order_relaxed);
  pending_options_.push_back({index, Text(r->json.root, "/requestId"),
                              std::chrono::steady_clock::now() + std::chrono::milliseconds(1500)});
}

void DemoCrowd::CommitDueOptions() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = pending_options_.begin(); it != pending_options_.end();) {
    if (it->due > now) {
      ++it;
      continue;
    }
    auto r =
        takers_[it->taker].venue->PostJson("/quote-requests/" + it->request_id + "/commit", "{}");
    if (r.ok() && r->status == 200) {
      activity_.option_trades.fetch_add(1, std::memory_order_relaxed);
    } else if (!r.ok() || r->status != 409) {  // 409 no_quotes: nobody quoted, not an error
      activity_.rejected.fetch_add(1, std::memory_order_relaxed);
      activity_.NoteReject(r.ok() ? "commit " + std::to_string(r->status) + " " +
                                        r->body.substr(0, 160)
                                  : r.error().message);
    }
    it = pending_options_.erase(it);
  }
}

DemoOperator::DemoOperator(DemoWorld& world, DemoActivity& activity)
    : world_(world),
      activity_(activity),
      venue_("127.0.0.1", static_cast<std::uint16_t>(world.venue_port)),
      bookmaker_("127.0.0.1", static_cast<std::uint16_t>(world.bookmaker_port)) {
  venue_.SetDefaultHeader("Authorization", "Bearer " + world.operator_key);
  bookmaker_.SetDefaultHeader("X-API-Key", world.bookmaker_key);
}

void DemoOperator::Step() {
  std::map<std::string, net::JsonResponse> settlements;  // per fixture, fetched once a step
  for (auto& m : world_.markets) {
    if (m.settled) continue;
    auto it = settlements.find(m.fixture_id);
    if (it == settlements.end()) {
      auto r = bookmaker_.GetJson("/v4/settlements?fixtureId=" + m.fixture_id);
      if (!r.ok() || r->status != 200) continue;
      it = settlements.emplace(m.fixture_id, std::move(*r)).first;
    }
    const json::value& root = it->second.json.root;
    const int status = static_cast<int>(Number(At(root, "/statusId")));
    std::string target;
    std::string body = "{}";
    if (status == 3) {
      target = "/admin/v1/markets/" + m.venue_id + "/void";
    } else if (status == 2) {
      const std::string result =
          Text(root, "/markets/" + std::to_string(m.bookmaker_market_id) + "/outcomes/" +
                         std::to_string(m.bookmaker_outcome_id) + "/players/0/result");
      if (result == "WIN") {
        target = "/admin/v1/markets/" + m.venue_id + "/resolve";
        body = R"({"winningOutcomeIndex":0})";
      } else if (result == "LOSE") {
        target = "/admin/v1/markets/" + m.venue_id + "/resolve";
        body = R"({"winningOutcomeIndex":1})";
      } else if (result == "PUSH" || result == "CANCELLED") {
        target = "/admin/v1/markets/" + m.venue_id + "/void";
      }
    }
    if (target.empty()) continue;
    auto r = venue_.PostJson(target, body);
    if (r.ok() && (r->status == 200 || r->status == 409)) {
      m.settled = true;
      activity_.resolved.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

}  // namespace probex::app
