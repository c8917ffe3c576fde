#include "mm/connectors/bookmaker/bookmaker_feed.h"

#include <boost/json.hpp>
#include <cstdio>

#include "common/clock.h"
#include "common/thread_attributes.h"
#include "mm/connectors/bookmaker/odds_frame.h"
#include "net/http_client.h"
#include "net/websocket_client.h"

namespace probex::mm::bookmaker {
namespace {

net::HttpClient MakeClient(const FeedOptions& o) {
  net::HttpClientOptions ho;
  ho.connect_timeout = o.request_timeout;
  ho.request_timeout = o.request_timeout;
  ho.user_agent = "probex-mm";
  return net::HttpClient(o.host, o.port, ho);
}

std::string Join(const std::set<int>& ids) {
  std::string out;
  for (int id : ids) {
    if (!out.empty()) out += ',';
    out += std::to_string(id);
  }
  return out;
}

std::string StringOrInt(const boost::json::value* v) {
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return "";
}

}  // namespace

BookmakerFeed::BookmakerFeed(FeedOptions options) : options_(std::move(options)) {}

BookmakerFeed::~BookmakerFeed() { Stop(); }

void BookmakerFeed::Start(FeedListener* listener) {
  listener_ = listener;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void BookmakerFeed::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool BookmakerFeed::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

void BookmakerFeed::SetTournaments(std::set<int> tournament_ids) {
  std::lock_guard lock(mu_);
  if (tournament_ids == tournaments_) return;
  tournaments_ = std::move(tournament_ids);
  tournaments_changed_ = true;
}

void BookmakerFeed::Run() {
  if (Status st = SetRealtimePriority(options_.realtime_priority); !st.ok()) {
    std::fprintf(stderr, "probex mm: feed thread: %s\n", st.error().message.c_str());
  }
  while (!stopping()) {
    Session();
    if (stopping()) break;
    listener_->OnFeedConnection(false);
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.reconnect_delay, [this] { return stopping_; });
  }
}

bool BookmakerFeed::Snapshot() {
  std::set<int> wanted;
  {
    std::lock_guard lock(mu_);
    wanted = tournaments_;
    tournaments_changed_ = false;
  }
  snapshots_.fetch_add(1);
  if (wanted.empty()) return true;
  auto client = MakeClient(options_);
  auto r = client.GetJson("/v4/odds-by-tournaments?tournamentIds=" + Join(wanted) +
                          "&apiKey=" + options_.api_key);
  if (!r.ok() || r->status != 200 || !r->json.root.is_array()) return false;
  const auto& list = r->json.root.as_array();
  std::map<std::string, FixtureOdds> fresh;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) continue;
    FixtureOdds f;
    ApplyOddsJson(r->json, list[i].as_object(), "/" + std::to_string(i), f);
    if (const auto* s = list[i].as_object().if_contains("updateSeq"); s && s->is_int64()) {
      f.seq = s->as_int64();
    }
    if (f.fixture_id.empty()) continue;
    fresh[f.fixture_id] = std::move(f);
  }
  fixtures_ = std::move(fresh);
  for (const auto& [id, f] : fixtures_) listener_->OnFixtureOdds(f, 0);
  return true;
}

void BookmakerFeed::Session() {
  net::WebSocketClientOptions wo;
  wo.connect_timeout = options_.request_timeout;
  net::WebSocketClient ws(wo);
  if (!ws.Connect(options_.host, options_.port, "/v4/ws?apiKey=" + options_.api_key).ok()) return;
  // The welcome names the sequence the stream continues from.
  auto welcome = ws.Receive(options_.request_timeout);
  if (!welcome.ok() || welcome->closed()) return;
  auto doc = net::ParseJson(welcome->data);
  if (!doc.ok() || !doc->root.is_object()) return;
  if (const auto* s = doc->root.as_object().if_contains("seq"); s && s->is_int64()) {
    seq_ = s->as_int64();
  }
  if (!Snapshot()) return;
  listener_->OnFeedConnection(true);
  listener_->OnFeedHeartbeat();
  auto last_ping = std::chrono::steady_clock::now();
  // Frames are parsed into one reused buffer (no allocation per frame for most of them).
  std::vector<unsigned char> parse_buffer(1 << 16);
  // Odds frames are read straight from their bytes (the general parse is the fallback).
  OddsFrameReader reader;
  std::vector<int> touched;
  // An odds frame in sequence: merged into its fixture, and what it touched handed on. `apply`
  // merges the frame. False: the session must end (a snapshot failed).
  auto on_odds = [&](std::int64_t seq, const std::string& fixture_id, std::int64_t frame_ns,
                     auto&& apply) {
    if (seq <= seq_) return true;  // already in the snapshot
    if (seq != seq_ + 1) {
      gaps_.fetch_add(1);
      if (!Snapshot()) return false;
      seq_ = seq;  // the snapshot is at least as new as this frame
      return true;
    }
    seq_ = seq;
    auto it = fixtures_.find(fixture_id);
    if (it == fixtures_.end()) return true;  // not a tournament we follow
    if (seq <= it->second.seq) return true;
    touched.clear();
    apply(it->second, &touched);
    it->second.seq = seq;
    deltas_.fetch_add(1);
    // Only what the delta touched goes to the listener (the fixture's fields and the merged
    // state of the markets it names), not a copy of the whole fixture.
    const FixtureOdds& all = it->second;
    FixtureOdds update;
    update.fixture_id = all.fixture_id;
    update.sport_id = all.sport_id;
    update.tournament_id = all.tournament_id;
    update.status_id = all.status_id;
    update.bookmaker_active = all.bookmaker_active;
    update.suspended = all.suspended;
    update.seq = all.seq;
    update.partial = true;
    for (int market_id : touched) {
      if (auto m = all.markets.find(market_id); m != all.markets.end()) {
        update.markets.emplace(market_id, m->second);
      }
    }
    listener_->OnFixtureOdds(std::move(update), frame_ns);
    return true;
  };
  while (!stopping()) {
    bool resnapshot = false;
    {
      std::lock_guard lock(mu_);
      resnapshot = tournaments_changed_;
    }
    if (resnapshot && !Snapshot()) return;
    auto msg = ws.Receive(std::chrono::milliseconds(50));
    if (!msg.ok()) {
      if (msg.error().code != "timeout") return;
      if (std::chrono::steady_clock::now() - last_ping >= options_.heartbeat_interval) {
        // A frame arriving before the pong proves the stream alive too (Receive gets it next).
        if (Status p = ws.Ping(options_.request_timeout);
            !p.ok() && p.error().message.rfind("a message arrived", 0) != 0) {
          return;
        }
        last_ping = std::chrono::steady_clock::now();
        listener_->OnFeedHeartbeat();
      }
      continue;
    }
    const std::int64_t frame_ns = MonotonicNanos();
    if (msg->closed()) return;
    // A message proves the stream alive as a pong does: on a busy stream (a frame at least every
    // 50 ms) the ping above never ran, so no heartbeat reached the engine, and every fixture
    // without a frame of its own for the staleness timeout was pulled as stale, then re-placed.
    if (std::chrono::steady_clock::now() - last_ping >= options_.heartbeat_interval) {
      last_ping = std::chrono::steady_clock::now();
      listener_->OnFeedHeartbeat();
    }
    if (reader.Read(msg->data)) {
      if (!on_odds(reader.seq(), reader.fixture_id(), frame_ns,
                   [&](FixtureOdds& f, std::vector<int>* t) { reader.ApplyTo(f, t); })) {
        return;
      }
      continue;
    }
    boost::json::monotonic_resource arena(parse_buffer.data(), parse_buffer.size());
    boost::system::error_code ec;
    const boost::json::value root = boost::json::parse(msg->data, ec, &arena);
    if (ec || !root.is_object()) continue;
    const auto& o = root.as_object();
    const auto* type = o.if_contains("type");
    if (type == nullptr || !type->is_string()) continue;
    if (type->as_string() == "odds") {
      const auto* sq = o.if_contains("seq");
      const std::int64_t seq = sq && sq->is_int64() ? sq->as_int64() : 0;
      if (!on_odds(seq, StringOrInt(o.if_contains("fixtureId")), frame_ns,
                   [&](FixtureOdds& f, std::vector<int>* t) { ApplyOddsObject(o, f, t); })) {
        return;
      }
    } else if (type->as_string() == "fixture") {
      const std::string fixture_id = StringOrInt(o.if_contains("fixtureId"));
      int status = 0;
      if (const auto* st = o.if_contains("statusId"); st && st->is_int64()) {
        status = static_cast<int>(st->as_int64());
      }
      if (auto it = fixtures_.find(fixture_id); it != fixtures_.end()) {
        it->second.status_id = status;
      }
      listener_->OnFixtureStatus(fixture_id, status);
    }
  }
  (void)ws.Close();
}

Result<std::vector<TournamentInfo>> BookmakerFeed::Tournaments(int sport_id) {
  auto client = MakeClient(options_);
  auto r = client.GetJson("/v4/tournaments?sportId=" + std::to_string(sport_id) +
                          "&apiKey=" + options_.api_key);
  if (!r.ok()) return r.error();
  if (r->status != 200 || !r->json.root.is_array()) {
    return MakeError("bookmaker_error", "GET /v4/tournaments: HTTP " + std::to_string(r->status));
  }
  std::vector<TournamentInfo> out;
  for (const auto& v : r->json.root.as_array()) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    TournamentInfo t;
    if (const auto* id = o.if_contains("tournamentId"); id && id->is_int64()) {
      t.tournament_id = static_cast<int>(id->as_int64());
    }
    t.sport_id = sport_id;
    t.name = StringOrInt(o.if_contains("tournamentName"));
    t.category_name = StringOrInt(o.if_contains("categoryName"));
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<MarketTypeInfo>> BookmakerFeed::MarketCatalogue() {
  auto client = MakeClient(options_);
  auto r = client.GetJson("/v4/markets?apiKey=" + options_.api_key);
  if (!r.ok()) return r.error();
  if (r->status != 200 || !r->json.root.is_array()) {
    return MakeError("bookmaker_error", "GET /v4/markets: HTTP " + std::to_string(r->status));
  }
  std::vector<MarketTypeInfo> out;
  for (const auto& v : r->json.root.as_array()) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    MarketTypeInfo m;
    if (const auto* id = o.if_contains("marketId"); id && id->is_int64()) {
      m.market_id = static_cast<int>(id->as_int64());
    }
    if (const auto* id = o.if_contains("sportId"); id && id->is_int64()) {
      m.sport_id = static_cast<int>(id->as_int64());
    }
    m.market_type = StringOrInt(o.if_contains("marketType"));
    m.market_name = StringOrInt(o.if_contains("marketName"));
    if (const auto* outs = o.if_contains("outcomes"); outs && outs->is_array()) {
      for (const auto& x : outs->as_array()) {
        if (!x.is_object()) continue;
        if (const auto* id = x.as_object().if_contains("outcomeId"); id && id->is_int64()) {
          m.outcome_ids.push_back(static_cast<int>(id->as_int64()));
        }
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<BookmakerFeed::FixtureSettlement> BookmakerFeed::Settlements(const std::string& fixture_id) {
  auto client = MakeClient(options_);
  auto r =
      client.GetJson("/v4/settlements?fixtureId=" + fixture_id + "&apiKey=" + options_.api_key);
  if (!r.ok()) return r.error();
  if (r->status != 200 || !r->json.root.is_object()) {
    return MakeError("bookmaker_error", "GET /v4/settlements: HTTP " + std::to_string(r->status));
  }
  FixtureSettlement out;
  const auto& o = r->json.root.as_object();
  if (const auto* st = o.if_contains("statusId"); st && st->is_int64()) {
    out.status_id = static_cast<int>(st->as_int64());
  }
  const auto* markets = o.if_contains("markets");
  if (markets == nullptr || !markets->is_object()) return out;
  for (const auto& [mk, mv] : markets->as_object()) {
    const auto* outcomes = mv.is_object() ? mv.as_object().if_contains("outcomes") : nullptr;
    if (outcomes == nullptr || !outcomes->is_object()) continue;
    for (const auto& [ok, ov] : outcomes->as_object()) {
      const auto* players = ov.is_object() ? ov.as_object().if_contains("players") : nullptr;
      const auto* p0 =
          players && players->is_object() ? players->as_object().if_contains("0") : nullptr;
      const auto* result = p0 && p0->is_object() ? p0->as_object().if_contains("result") : nullptr;
      if (result == nullptr || !result->is_string()) continue;
      auto status = FromFeedResult(result->as_string());
      if (status) out.outcomes[std::stoi(std::string(ok))] = *status;
    }
  }
  return out;
}

}  // namespace probex::mm::bookmaker
