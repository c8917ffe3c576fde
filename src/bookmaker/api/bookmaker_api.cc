#include "bookmaker/api/bookmaker_api.h"

#include <charconv>
#include <cstdlib>
#include <set>

#include "bookmaker/api/betting_json.h"
#include "bookmaker/api/feed_json.h"
#include "bookmaker/domain/market_catalogue.h"
#include "net/api_key.h"
#include "net/json.h"
#include "net/json_writer.h"

namespace probex::bookmaker {
namespace {

using net::HttpRequest;
using net::HttpResponse;
using net::JsonWriter;
using net::Responder;

constexpr std::size_t kMaxOrdersPerRequest = 100;
constexpr std::size_t kMaxPage = 1000;
constexpr std::size_t kFeedQueueBytes = 16 << 20;  // unsent bytes before a feed client is dropped

std::optional<std::string> PresentedKey(const HttpRequest& req) {
  if (auto h = req.Header("X-API-Key"); h && !h->empty()) return std::string(*h);
  if (auto q = req.Query("apiKey"); q && !q->empty()) return std::string(*q);
  return std::nullopt;
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

HttpResponse Json(std::string body) { return HttpResponse::Json(200, std::move(body)); }

class Api {
 public:
  explicit Api(ApiContext context) : ctx_(std::move(context)) {}

  // The account of the request's key, or a 401 answered.
  std::optional<std::int64_t> Authenticate(const HttpRequest& req, Responder& respond) const {
    auto key = PresentedKey(req);
    if (!key) {
      respond(BookmakerError(401, "Unauthorized", "an API key is required (apiKey or X-API-Key)"));
      return std::nullopt;
    }
    auto account = ctx_.book->AccountForKeyHash(net::Sha256Hex(*key));
    if (!account) {
      respond(BookmakerError(401, "Unauthorized", "unknown API key"));
      return std::nullopt;
    }
    return account;
  }

  // Brings the season up to now (so reads see the current state).
  void Tick() const { ctx_.book->AdvanceTo(ctx_.now()); }

  void Sports(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    std::string out;
    JsonWriter w(out);
    w.BeginArray();
    for (const SportSpec& s : MarketCatalogue::Standard().sports()) {
      w.BeginObject().Field("sportId", s.sport_id).Field("slug", s.slug);
      w.Field("sportName", s.name).EndObject();
    }
    w.EndArray();
    respond(Json(out));
  }

  void Tournaments(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    auto sport = req.Query("sportId");
    std::optional<std::int64_t> sport_id;
    if (sport) {
      sport_id = ParseInt(*sport);
      if (!sport_id)
        return respond(BookmakerError(400, "BadRequest", "sportId must be an integer"));
    } else {
      return respond(BookmakerError(400, "BadRequest", "sportId is required"));
    }
    Tick();
    std::string out;
    ctx_.book->Read([&](const Simulator& sim, const BetBook&) {
      JsonWriter w(out);
      w.BeginArray();
      for (const Tournament& t : sim.tournaments()) {
        if (t.sport_id != *sport_id) continue;
        int upcoming = 0, live = 0;
        for (const Fixture& f : sim.fixtures()) {
          if (f.tournament_id != t.tournament_id) continue;
          upcoming += f.status == FixtureStatus::kNotStarted;
          live += f.status == FixtureStatus::kLive;
        }
        w.BeginObject().Field("tournamentId", t.tournament_id).Field("tournamentSlug", t.slug);
        w.Field("tournamentName", t.name).Field("categorySlug", t.category_slug);
        w.Field("categoryName", t.category_name).Field("sportId", t.sport_id);
        w.Field("upcomingFixtures", upcoming).Field("liveFixtures", live).EndObject();
      }
      w.EndArray();
    });
    respond(Json(out));
  }

  void Fixtures(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    std::optional<std::int64_t> tournament_id, sport_id, status_id;
    std::optional<Timestamp> from, to;
    for (auto [name, target] :
         {std::pair{"tournamentId", &tournament_id}, std::pair{"sportId", &sport_id},
          std::pair{"statusId", &status_id}}) {
      if (auto v = req.Query(name)) {
        *target = ParseInt(*v);
        if (!*target) {
          return respond(
              BookmakerError(400, "BadRequest", std::string(name) + " must be an integer"));
        }
      }
    }
    for (auto [name, target] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
      if (auto v = req.Query(name)) {
        auto t = ParseIso8601(*v);
        if (!t.ok()) {
          return respond(
              BookmakerError(400, "BadRequest", std::string(name) + " must be ISO-8601"));
        }
        *target = *t;
      }
    }
    Tick();
    std::string out;
    ctx_.book->Read([&](const Simulator& sim, const BetBook&) {
      JsonWriter w(out);
      w.BeginArray();
      for (const Fixture& f : sim.fixtures()) {
        if (tournament_id && f.tournament_id != *tournament_id) continue;
        if (sport_id && f.sport_id != *sport_id) continue;
        if (status_id && f.status_id() != *status_id) continue;
        if (from && f.start_time < *from) continue;
        if (to && f.start_time > *to) continue;
        w.BeginObject();
        WriteFixture(w, sim, f);
        w.EndObject();
      }
      w.EndArray();
    });
    respond(Json(out));
  }

  void Markets(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    std::int64_t sport_id = 0;
    if (auto v = req.Query("sportId")) {
      auto parsed = ParseInt(*v);
      if (!parsed) return respond(BookmakerError(400, "BadRequest", "sportId must be an integer"));
      sport_id = *parsed;
    }
    std::string out;
    JsonWriter w(out);
    WriteMarketCatalogue(w, static_cast<int>(sport_id));
    respond(Json(out));
  }

  // /v4/odds, /v4/scores, /v4/settlements: one fixture by ?fixtureId.
  void OneFixture(HttpRequest& req, Responder respond,
                  void (*write)(JsonWriter&, const Simulator&, const Fixture&)) const {
    if (!Authenticate(req, respond)) return;
    auto id = req.Query("fixtureId");
    if (!id) return respond(BookmakerError(400, "BadRequest", "fixtureId is required"));
    Tick();
    std::string out;
    bool found = false;
    ctx_.book->Read([&](const Simulator& sim, const BetBook&) {
      const Fixture* f = sim.FindFixture(std::string(*id));
      if (f == nullptr) return;
      found = true;
      JsonWriter w(out);
      write(w, sim, *f);
    });
    if (!found) return respond(BookmakerError(404, "NotFound", "no fixture " + std::string(*id)));
    respond(Json(out));
  }

  void OddsByTournaments(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    auto ids = req.Query("tournamentIds");
    if (!ids) return respond(BookmakerError(400, "BadRequest", "tournamentIds is required"));
    std::set<std::int64_t> wanted;
    for (const std::string& part : SplitList(*ids)) {
      auto v = ParseInt(part);
      if (!v) return respond(BookmakerError(400, "BadRequest", "tournamentIds: integers"));
      wanted.insert(*v);
    }
    Tick();
    std::string out;
    ctx_.book->Read([&](const Simulator& sim, const BetBook&) {
      JsonWriter w(out);
      w.BeginArray();
      for (const Fixture& f : sim.fixtures()) {
        if (wanted.count(f.tournament_id) == 0) continue;
        if (!f.open_for_betting()) continue;
        WriteFixtureOdds(w, sim, f);
      }
      w.EndArray();
    });
    respond(Json(out));
  }

  void Accounts(HttpRequest& req, Responder respond) const {
    auto account_id = Authenticate(req, respond);
    if (!account_id) return;
    Tick();
    std::string out;
    ctx_.book->Read([&](const Simulator&, const BetBook& book) {
      JsonWriter w(out);
      w.BeginArray();
      WriteAccount(w, *book.FindAccount(*account_id));
      w.EndArray();
    });
    respond(Json(out));
  }

  void Betslip(HttpRequest& req, Responder respond) const {
    auto account_id = Authenticate(req, respond);
    if (!account_id) return;
    auto fixture = req.Query("fixtureId");
    auto outcome = req.Query("outcomeId");
    auto outcome_id = outcome ? ParseInt(*outcome) : std::nullopt;
    if (!fixture || !outcome_id) {
      return respond(BookmakerError(400, "BadRequest", "fixtureId and outcomeId are required"));
    }
    Tick();
    SelectionQuote q = ctx_.book->QuoteFor(std::string(*fixture), static_cast<int>(*outcome_id));
    if (!q.exists) return respond(BookmakerError(404, "NotFound", "no such selection"));
    std::string out;
    ctx_.book->Read([&](const Simulator& sim, const BetBook& book) {
      const Account* a = book.FindAccount(*account_id);
      JsonWriter w(out);
      w.BeginObject().Field("fixtureId", std::string(*fixture));
      w.Field("marketId", q.market_id).Field("outcomeId", *outcome_id).Field("playerId", "0");
      w.Key("price").RawNumber(q.price.ToString());
      w.Key("limit").MoneyNumber(q.limit);
      w.Field("active", q.active).Field("suspended", q.suspended);
      w.Field("statusId", sim.FindFixture(std::string(*fixture))->status_id());
      w.Key("minStake").MoneyNumber(a->min_stake);
      w.Key("maxStake").MoneyNumber(Min(a->max_stake, q.limit));
      w.Key("balance").MoneyNumber(a->balance);
      w.EndObject();
    });
    respond(Json(out));
  }

  void PlaceOrders(HttpRequest& req, Responder respond) const {
    auto account_id = Authenticate(req, respond);
    if (!account_id) return;
    auto doc = net::ParseJson(req.body());
    if (!doc.ok()) return respond(BookmakerError(400, "BadRequest", doc.error().message));
    net::FieldErrors errors(net::FieldErrors::Mode::kStopAtFirst);
    auto root = net::JsonReader::Root(*doc, errors);
    std::vector<OrderRequest> requests;
    if (root) {
      auto orders = root->RequiredObjectArray("orders", kMaxOrdersPerRequest);
      if (orders && orders->empty()) root->Fail("orders", "invalid_value", "must not be empty");
      if (orders) {
        for (net::JsonReader& o : *orders) {
          OrderRequest r;
          r.request_uuid = o.RequiredString("requestUuid", {1, 128}).value_or("");
          r.fixture_id = o.RequiredString("fixtureId", {1, 64}).value_or("");
          r.outcome_id = static_cast<int>(o.RequiredInt("outcomeId", 1, 1'000'000).value_or(0));
          if (const auto* p = o.Find("playerId"); p && p->is_int64()) {
            r.player_id = std::to_string(p->as_int64());
          } else {
            r.player_id = o.OptionalString("playerId", {1, 32}).value_or("0");
          }
          net::MoneyRule positive;
          positive.sign = net::MoneyRule::Sign::kPositive;
          r.order_price = o.RequiredMoney("orderPrice", positive).value_or(Money());
          r.order_stake = o.RequiredMoney("orderStake", positive).value_or(Money());
          r.expires_at = o.OptionalTimestamp("expiresAt");
          r.accept_partial_stake = o.OptionalBool("acceptPartialStake").value_or(false);
          r.user_ref = o.OptionalString("userRef", {0, 256}).value_or("");
          requests.push_back(std::move(r));
        }
      }
    }
    if (!errors.ok()) {
      const net::FieldError& e = errors.errors().front();
      return respond(BookmakerError(400, "BadRequest", e.message));
    }
    std::vector<PlaceResult> results = ctx_.book->Place(*account_id, requests, ctx_.now());
    std::string out;
    JsonWriter w(out);
    std::size_t accepted = 0, declined = 0;
    for (const PlaceResult& r : results) {
      if (r.error) {
        ++declined;
      } else {
        (r.outcome.bet ? accepted : declined) += 1;
      }
    }
    w.BeginObject();
    w.Field("status", declined == 0 ? "accepted" : accepted == 0 ? "declined" : "partial-success");
    w.Key("acceptedOrders").BeginArray();
    for (const PlaceResult& r : results) {
      if (!r.error && r.outcome.bet) WriteOrder(w, r.outcome.order);
    }
    w.EndArray().Key("declinedOrders").BeginArray();
    for (std::size_t i = 0; i < results.size(); ++i) {
      const PlaceResult& r = results[i];
      if (r.error) {
        w.BeginObject().Field("requestUuid", requests[i].request_uuid);
        w.Field("fixtureId", requests[i].fixture_id).Field("outcomeId", requests[i].outcome_id);
        w.Field("status", "REJECTED").Field("declineReason", "DUPLICATE_REQUEST_UUID");
        w.Field("message", r.error->message).EndObject();
      } else if (!r.outcome.bet) {
        WriteOrder(w, r.outcome.order);
      }
    }
    w.EndArray().EndObject();
    respond(Json(out));
  }

  void Orders(HttpRequest& req, Responder respond) const {
    auto account_id = Authenticate(req, respond);
    if (!account_id) return;
    std::int64_t after = 0;
    std::size_t limit = 100;
    if (!Page(req, "afterOrderId", after, limit, respond)) return;
    std::string out;
    ctx_.book->Read([&](const Simulator&, const BetBook& book) {
      JsonWriter w(out);
      std::vector<Order> orders = book.Orders(*account_id, after, limit);
      w.BeginObject().Key("orders").BeginArray();
      for (const Order& o : orders) WriteOrder(w, o);
      w.EndArray().Key("nextAfterOrderId");
      orders.size() == limit ? w.Int(orders.back().order_id) : w.Null();
      w.EndObject();
    });
    respond(Json(out));
  }

  void Bets(HttpRequest& req, Responder respond) const {
    auto account_id = Authenticate(req, respond);
    if (!account_id) return;
    std::int64_t after = 0;
    std::size_t limit = 100;
    if (!Page(req, "afterBetId", after, limit, respond)) return;
    std::string fixture_id(req.Query("fixtureId").value_or(""));
    Tick();
    std::string out;
    ctx_.book->Read([&](const Simulator&, const BetBook& book) {
      JsonWriter w(out);
      std::vector<Bet> bets = book.Bets(*account_id, after, limit, fixture_id);
      w.BeginObject().Key("bets").BeginArray();
      for (const Bet& b : bets) WriteBet(w, b);
      w.EndArray().Key("nextAfterBetId");
      bets.size() == limit ? w.Int(bets.back().bet_id) : w.Null();
      w.EndObject();
    });
    respond(Json(out));
  }

  bool Page(const HttpRequest& req, std::string_view cursor, std::int64_t& after,
            std::size_t& limit, Responder& respond) const {
    if (auto v = req.Query(cursor)) {
      auto parsed = ParseInt(*v);
      if (!parsed || *parsed < 0) {
        respond(BookmakerError(400, "BadRequest", std::string(cursor) + " must be an integer"));
        return false;
      }
      after = *parsed;
    }
    if (auto v = req.Query("limit")) {
      auto parsed = ParseInt(*v);
      if (!parsed || *parsed < 1 || *parsed > static_cast<std::int64_t>(kMaxPage)) {
        respond(BookmakerError(400, "BadRequest", "limit must be within 1..1000"));
        return false;
      }
      limit = static_cast<std::size_t>(*parsed);
    }
    return true;
  }

  void Clock(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    respond(Json(ClockJson()));
  }

  std::string ClockJson() const {
    std::string out;
    JsonWriter w(out);
    w.BeginObject().Key("now").Time(ctx_.now()).Field("mode", ctx_.clock_mode).EndObject();
    return out;
  }

  void AdvanceClock(HttpRequest& req, Responder respond) const {
    if (!Authenticate(req, respond)) return;
    if (ctx_.manual_clock == nullptr) {
      return respond(BookmakerError(409, "Conflict", "the clock is not manual (--clock manual)"));
    }
    auto doc = net::ParseJson(req.body().empty() ? std::string_view("{}") : req.body());
    if (!doc.ok()) return respond(BookmakerError(400, "BadRequest", doc.error().message));
    net::FieldErrors errors(net::FieldErrors::Mode::kStopAtFirst);
    auto root = net::JsonReader::Root(*doc, errors);
    std::optional<std::int64_t> seconds;
    std::optional<std::int64_t> millis;
    std::optional<Timestamp> to;
    if (root) {
      seconds = root->OptionalInt("seconds", 0, 366LL * 24 * 3600);
      millis = root->OptionalInt("millis", 0, 366LL * 24 * 3600 * 1000);
      to = root->OptionalTimestamp("to");
    }
    if (!errors.ok()) {
      return respond(BookmakerError(400, "BadRequest", errors.errors().front().message));
    }
    Timestamp now = ctx_.manual_clock->Now();
    Timestamp target = now;
    if (to) target = *to;
    if (seconds) target = target.PlusSeconds(*seconds);
    if (millis) target = target.PlusMillis(*millis);
    if (target < now) {
      return respond(BookmakerError(400, "BadRequest", "the clock cannot go back"));
    }
    ctx_.manual_clock->Set(target);
    ctx_.book->AdvanceTo(target);
    if (ctx_.on_clock_advanced) ctx_.on_clock_advanced(target);
    respond(Json(ClockJson()));
  }

  void Operator(HttpRequest& req, Responder respond, std::string_view action) const {
    if (!Authenticate(req, respond)) return;
    std::string fixture_id(req.PathParam("fixtureId").value_or(""));
    auto doc = net::ParseJson(req.body().empty() ? std::string_view("{}") : req.body());
    if (!doc.ok()) return respond(BookmakerError(400, "BadRequest", doc.error().message));
    net::FieldErrors errors(net::FieldErrors::Mode::kStopAtFirst);
    auto root = net::JsonReader::Root(*doc, errors);
    Status st;
    Timestamp now = ctx_.now();
    if (root && action == "goal") {
      auto participant = root->RequiredInt("participant", 1, 2);
      if (errors.ok()) st = ctx_.book->ForceGoal(fixture_id, static_cast<int>(*participant), now);
    } else if (root && action == "suspension") {
      auto suspended = root->RequiredBool("suspended");
      if (errors.ok()) st = ctx_.book->SetSuspended(fixture_id, *suspended, now);
    } else if (root && action == "final") {
      auto p1 = root->RequiredInt("participant1Score", 0, 10'000);
      auto p2 = root->RequiredInt("participant2Score", 0, 10'000);
      if (errors.ok()) {
        st = ctx_.book->ForceFinal(fixture_id, {static_cast<int>(*p1), static_cast<int>(*p2)}, now);
      }
    }
    if (!errors.ok()) {
      return respond(BookmakerError(400, "BadRequest", errors.errors().front().message));
    }
    if (!st.ok()) {
      int status = st.error().code == "fixture_not_found" ? 404 : 409;
      return respond(BookmakerError(status, st.error().code, st.error().message));
    }
    std::string out;
    ctx_.book->Read([&](const Simulator& sim, const BetBook&) {
      JsonWriter w(out);
      WriteScores(w, *sim.FindFixture(fixture_id));
    });
    respond(Json(out));
  }

  void FeedSocket(HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws) const {
    auto key = PresentedKey(req);
    if (!key || !ctx_.book->AccountForKeyHash(net::Sha256Hex(*key))) {
      ws->Reject(BookmakerError(401, "Unauthorized", "a valid apiKey is required"));
      return;
    }
    StreamHub* hub = ctx_.hub;
    const net::WebSocketSession* raw = ws.get();
    // Every open fixture can reprice at the same instant (kick-offs share a tick): the queue
    // holds such a burst for each client, and still drops one that stops reading.
    ws->options().max_queued_bytes = kFeedQueueBytes;
    ws->SetOnClose([hub, raw](std::uint16_t, std::string_view) { hub->Remove(raw); });
    ws->SetOnMessage([](std::string, bool) {});
    // Registered under the book's lock, with the sequence number it starts after, so the
    // client knows which deltas follow the snapshot it takes next.
    ctx_.book->Read([&](const Simulator& sim, const BetBook&) {
      std::string hello;
      JsonWriter w(hello);
      w.BeginObject().Field("type", "welcome").Field("bookmaker", kBookmakerSlug);
      w.Field("seq", sim.board().seq()).EndObject();
      ws->Send(hello);
      hub->AddFeedClient(ws);
    });
  }

  void BettingSocket(HttpRequest&, const std::shared_ptr<net::WebSocketSession>& ws) const {
    StreamHub* hub = ctx_.hub;
    Sportsbook* book = ctx_.book;
    const net::WebSocketSession* raw = ws.get();
    std::weak_ptr<net::WebSocketSession> weak = ws;
    hub->AddBettingClient(ws);
    ws->SetOnClose([hub, raw](std::uint16_t, std::string_view) { hub->Remove(raw); });
    auto logged_in = std::make_shared<std::int64_t>(0);  // strand-confined: callbacks serialize
    ws->SetOnMessage([hub, book, raw, weak, logged_in](std::string message, bool) {
      auto session = weak.lock();
      if (!session) return;
      auto reply = [&](std::string_view type, bool ok, std::string_view text) {
        std::string out;
        JsonWriter w(out);
        w.BeginObject().Field("type", type).Field("success", ok);
        if (!text.empty()) w.Field("message", text);
        w.EndObject();
        session->Send(out);
      };
      auto doc = net::ParseJson(message);
      if (!doc.ok() || !doc->root.is_object()) return reply("error", false, "invalid JSON");
      const auto& obj = doc->root.as_object();
      auto type_it = obj.find("type");
      std::string type = type_it != obj.end() && type_it->value().is_string()
                             ? std::string(type_it->value().as_string())
                             : "";
      if (type == "login") {
        auto key_it = obj.find("apiKey");
        std::optional<std::int64_t> account;
        if (key_it != obj.end() && key_it->value().is_string()) {
          account = book->AccountForKeyHash(net::Sha256Hex(key_it->value().as_string()));
        }
        if (!account) {
          reply("login", false, "unknown API key");
          session->Close(net::close_code::kPolicyViolation, "unauthorized");
          return;
        }
        *logged_in = *account;
        hub->LogIn(raw, *account);
        return reply("login", true, "");
      }
      if (type == "subscribe") {
        if (*logged_in == 0) return reply("subscribe", false, "log in first");
        std::vector<std::string> channels;
        auto ch = obj.find("channels");
        if (ch != obj.end() && ch->value().is_array()) {
          for (const auto& v : ch->value().as_array()) {
            if (!v.is_string()) continue;
            std::string name(v.as_string());
            if (name == "orders" || name == "bets" || name == "settlements" || name == "accounts") {
              channels.push_back(name);
            }
          }
        }
        if (channels.empty()) return reply("subscribe", false, "no known channel");
        hub->Subscribe(raw, channels);
        std::string out;
        JsonWriter w(out);
        w.BeginObject().Field("type", "subscribed").Field("success", true);
        w.Key("channels").BeginArray();
        for (const auto& c : channels) w.String(c);
        w.EndArray().EndObject();
        session->Send(out);
        return;
      }
      if (type == "ping") return reply("pong", true, "");
      reply("error", false, "unknown message type");
    });
  }

  const ApiContext& ctx() const { return ctx_; }

 private:
  ApiContext ctx_;
};

}  // namespace

HttpResponse BookmakerError(int status, std::string_view error_type, std::string_view message) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("error", error_type).Field("message", message).Field("code", status);
  w.EndObject();
  HttpResponse response = HttpResponse::Json(status, std::move(out));
  return response;
}

void AddBookmakerRoutes(net::Router& router, const ApiContext& context) {
  auto api = std::make_shared<Api>(context);
  net::RouteOptions limited;
  limited.rate_rules = {kRateRule};
  limited.rate_key = [](const HttpRequest& req) {
    auto key = PresentedKey(req);
    return key ? "key:" + net::Sha256Hex(*key) : "ip:" + req.remote_address();
  };
  auto bind = [api](void (Api::*fn)(HttpRequest&, Responder) const) {
    return
        [api, fn](HttpRequest& req, Responder respond) { ((*api).*fn)(req, std::move(respond)); };
  };
  router.Get("/v4/sports", bind(&Api::Sports), limited);
  router.Get("/v4/tournaments", bind(&Api::Tournaments), limited);
  router.Get("/v4/fixtures", bind(&Api::Fixtures), limited);
  router.Get("/v4/markets", bind(&Api::Markets), limited);
  router.Get(
      "/v4/odds",
      [api](HttpRequest& req, Responder respond) {
        api->OneFixture(req, std::move(respond), &WriteFixtureOdds);
      },
      limited);
  router.Get(
      "/v4/scores",
      [api](HttpRequest& req, Responder respond) {
        api->OneFixture(
            req, std::move(respond),
            [](JsonWriter& w, const Simulator&, const Fixture& f) { WriteScores(w, f); });
      },
      limited);
  router.Get(
      "/v4/settlements",
      [api](HttpRequest& req, Responder respond) {
        api->OneFixture(
            req, std::move(respond),
            [](JsonWriter& w, const Simulator&, const Fixture& f) { WriteSettlements(w, f); });
      },
      limited);
  router.Get("/v4/odds-by-tournaments", bind(&Api::OddsByTournaments), limited);
  router.AddWebSocket("/v4/ws",
                      [api](HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws) {
                        api->FeedSocket(req, ws);
                      });

  router.Get("/accounts", bind(&Api::Accounts), limited);
  router.Get("/betslip", bind(&Api::Betslip), limited);
  router.Post("/place-orders", bind(&Api::PlaceOrders), limited);
  router.Get("/orders", bind(&Api::Orders), limited);
  router.Get("/bets", bind(&Api::Bets), limited);
  router.AddWebSocket("/ws",
                      [api](HttpRequest& req, const std::shared_ptr<net::WebSocketSession>& ws) {
                        api->BettingSocket(req, ws);
                      });

  router.Get("/admin/clock", bind(&Api::Clock));
  router.Post("/admin/clock/advance", bind(&Api::AdvanceClock));
  for (std::string_view action : {"goal", "suspension", "final"}) {
    router.Post("/admin/fixtures/:fixtureId/" + std::string(action),
                [api, action](HttpRequest& req, Responder respond) {
                  api->Operator(req, std::move(respond), action);
                });
  }
}

}  // namespace probex::bookmaker
