#include "bookmaker/sim/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "bookmaker/domain/market_catalogue.h"

namespace probex::bookmaker {
namespace {

constexpr std::size_t kDropQueueIndex = std::numeric_limits<std::size_t>::max();
constexpr Timestamp kNever = Timestamp::FromMicros(std::numeric_limits<std::int64_t>::max());
constexpr std::int64_t kOvertimeS = 300;

const char* const kPremierTeams[] = {
    "Ashford Rovers", "Brixton Athletic", "Camden Town",       "Dover Harbour", "Everton Park",
    "Fulwood United", "Greenwich City",   "Hackney Wanderers", "Islington FC",  "Kingston Albion"};
const char* const kLigaTeams[] = {
    "Atletico Sierra", "Real Costa", "Deportivo Norte", "Union Levante", "Sporting Mesa",
    "Racing Valle",    "CD Montana", "Celta Brava",     "Getafe Sol",    "Osasuna Alta"};
const char* const kBasketTeams[] = {
    "Harbor Hawks", "Desert Suns",    "Lake Lynx",     "Metro Knights", "Canyon Coyotes",
    "Bay Sharks",   "Prairie Wolves", "Summit Eagles", "River Otters",  "Forest Bears"};

std::string FixtureIdFor(std::size_t index) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "id1%08zu", index + 1);
  return buf;
}

Score Minus(Score a, Score b) {
  return {a.participant1 - b.participant1, a.participant2 - b.participant2};
}

}  // namespace

Simulator::Simulator(SimConfig config)
    : config_(config), pricer_(config.pricer), now_(config.season_start) {
  BuildSeason();
}

void Simulator::BuildSeason() {
  tournaments_ = {
      {17, kSoccerSportId, "premier-sim-league", "Premier Sim League", "england", "England"},
      {8, kSoccerSportId, "liga-simulada", "Liga Simulada", "spain", "Spain"},
      {132, kBasketballSportId, "sim-basketball-league", "Sim Basketball League", "usa", "USA"}};
  drop_rng_ = Rng::Derive(config_.seed, 0);
  next_drop_change_ = config_.drops_per_hour > 0
                          ? config_.season_start.PlusSeconds(static_cast<std::int64_t>(
                                drop_rng_.Exponential(config_.drops_per_hour / 3600.0)))
                          : kNever;
  for (int i = 0; i < config_.fixtures; ++i) {
    std::size_t index = static_cast<std::size_t>(i);
    Runtime rt;
    rt.rng = Rng::Derive(config_.seed, index + 1);
    const Tournament& t = tournaments_[i % 4 == 3 ? 2 : (i % 4 == 1 ? 1 : 0)];
    const char* const* names = t.tournament_id == 17  ? kPremierTeams
                               : t.tournament_id == 8 ? kLigaTeams
                                                      : kBasketTeams;
    int a = static_cast<int>(rt.rng.Below(10));
    int b = (a + 1 + static_cast<int>(rt.rng.Below(9))) % 10;
    Fixture f;
    f.fixture_id = FixtureIdFor(index);
    f.sport_id = t.sport_id;
    f.tournament_id = t.tournament_id;
    f.participant1_id = t.tournament_id * 100 + a + 1;
    f.participant1_name = names[a];
    f.participant2_id = t.tournament_id * 100 + b + 1;
    f.participant2_name = names[b];
    f.start_time =
        config_.season_start.PlusSeconds(config_.first_kickoff_s + i * config_.kickoff_interval_s);
    bool soccer = t.sport_id == kSoccerSportId;
    rt.true_rate1 = soccer ? rt.rng.Uniform(1.1, 1.9) : rt.rng.Uniform(104, 118);
    rt.true_rate2 = soccer ? rt.rng.Uniform(0.8, 1.5) : rt.rng.Uniform(100, 114);
    rt.book_rate1 = rt.true_rate1 * std::exp(0.08 * rt.rng.Normal());
    rt.book_rate2 = rt.true_rate2 * std::exp(0.08 * rt.rng.Normal());
    rt.regulation_s = soccer ? 90 * 60 : 48 * 60;
    rt.end_s = rt.regulation_s;
    if (rt.rng.Uniform() < config_.cancel_probability) {
      rt.cancel_at = std::max(config_.season_start, f.start_time.PlusSeconds(-600));
    }
    if (soccer) {
      for (int p = 1; p <= 2; ++p) {
        double rate =
            (p == 1 ? rt.true_rate1 : rt.true_rate2) / static_cast<double>(rt.regulation_s);
        double at = 0;
        while (true) {
          at += rt.rng.Exponential(rate);
          if (at >= static_cast<double>(rt.regulation_s)) break;
          rt.goals.push_back({static_cast<std::int64_t>(at), p});
        }
      }
      std::sort(rt.goals.begin(), rt.goals.end(), [](const Goal& x, const Goal& y) {
        return x.offset_s != y.offset_s ? x.offset_s < y.offset_s : x.participant < y.participant;
      });
    }
    rt.next_drift = config_.season_start;
    index_[f.fixture_id] = index;
    fixtures_.push_back(std::move(f));
    runtime_.push_back(std::move(rt));
  }
  for (std::size_t i = 0; i < fixtures_.size(); ++i) Schedule(i);
  queue_.insert({next_drop_change_, kDropQueueIndex});
}

std::optional<std::pair<Timestamp, Simulator::EventKind>> Simulator::NextEvent(
    std::size_t index) const {
  const Fixture& f = fixtures_[index];
  const Runtime& rt = runtime_[index];
  std::optional<std::pair<Timestamp, EventKind>> best;
  auto consider = [&](Timestamp at, EventKind kind) {
    if (!best || at < best->first || (at == best->first && kind < best->second)) {
      best = std::make_pair(at, kind);
    }
  };
  if (f.status == FixtureStatus::kNotStarted) {
    if (rt.cancel_at) consider(*rt.cancel_at, EventKind::kCancel);
    consider(f.start_time, EventKind::kKickoff);
    if (rt.next_drift < f.start_time) consider(rt.next_drift, EventKind::kDrift);
  } else if (f.status == FixtureStatus::kLive) {
    Timestamp start = *f.true_start_time;
    if (rt.next_goal < rt.goals.size()) {
      consider(start.PlusSeconds(rt.goals[rt.next_goal].offset_s), EventKind::kGoal);
    }
    if (rt.suspended_until) consider(*rt.suspended_until, EventKind::kUnsuspend);
    if (!rt.half_time_done) consider(start.PlusSeconds(rt.regulation_s / 2), EventKind::kHalfTime);
    consider(start.PlusSeconds(rt.end_s), EventKind::kFullTime);
    consider(rt.next_tick, EventKind::kTick);
  }
  return best;
}

void Simulator::Schedule(std::size_t index) {
  auto old = queued_at_.find(index);
  if (old != queued_at_.end()) {
    queue_.erase({old->second, index});
    queued_at_.erase(old);
  }
  auto next = NextEvent(index);
  if (!next) return;
  queue_.insert({next->first, index});
  queued_at_[index] = next->first;
}

void Simulator::AdvanceTo(Timestamp now, SimUpdate& out) {
  while (!queue_.empty() && queue_.begin()->first <= now) {
    auto [at, index] = *queue_.begin();
    queue_.erase(queue_.begin());
    now_ = std::max(now_, at);
    if (index == kDropQueueIndex) {
      dropped_ = !dropped_;
      next_drop_change_ = dropped_
                              ? at.PlusSeconds(static_cast<std::int64_t>(
                                    drop_rng_.Uniform(static_cast<double>(config_.drop_min_s),
                                                      static_cast<double>(config_.drop_max_s))))
                              : at.PlusSeconds(1 + static_cast<std::int64_t>(drop_rng_.Exponential(
                                                       config_.drops_per_hour / 3600.0)));
      queue_.insert({next_drop_change_, kDropQueueIndex});
      for (std::size_t i = 0; i < fixtures_.size(); ++i) {
        if (runtime_[i].listed && fixtures_[i].open_for_betting()) Reprice(i, out);
      }
      continue;
    }
    queued_at_.erase(index);
    auto next = NextEvent(index);
    if (next && next->first == at) Process(index, next->second, at, out);
    Schedule(index);
  }
  now_ = std::max(now_, now);
}

void Simulator::Process(std::size_t index, EventKind kind, Timestamp at, SimUpdate& out) {
  Fixture& f = fixtures_[index];
  Runtime& rt = runtime_[index];
  switch (kind) {
    case EventKind::kCancel:
      f.status = FixtureStatus::kCancelled;
      rt.listed = true;
      Reprice(index, out);
      out.fixtures_changed.push_back(f.fixture_id);
      out.cancelled.push_back(f.fixture_id);
      return;
    case EventKind::kKickoff:
      f.status = FixtureStatus::kLive;
      f.true_start_time = at;
      rt.listed = true;
      rt.next_tick = at.PlusSeconds(config_.live_tick_s);
      Reprice(index, out);
      out.fixtures_changed.push_back(f.fixture_id);
      return;
    case EventKind::kGoal: {
      const Goal& goal = rt.goals[rt.next_goal++];
      (goal.participant == 1 ? f.score.participant1 : f.score.participant2) += 1;
      rt.suspended_until = at.PlusSeconds(config_.goal_suspension_s);
      Reprice(index, out);
      out.fixtures_changed.push_back(f.fixture_id);
      return;
    }
    case EventKind::kUnsuspend:
      rt.suspended_until.reset();
      Reprice(index, out);
      return;
    case EventKind::kHalfTime:
      rt.half_time_done = true;
      f.periods.push_back({"p1", f.score});
      out.fixtures_changed.push_back(f.fixture_id);
      return;
    case EventKind::kFullTime:
      if (f.sport_id == kBasketballSportId && f.score.participant1 == f.score.participant2) {
        if (rt.end_s == rt.regulation_s) {
          f.periods.push_back(
              {"p2", Minus(f.score, f.periods.empty() ? Score{} : f.periods[0].second)});
        }
        rt.end_s += kOvertimeS;  // level: play overtime
        return;
      }
      Finish(index, out);
      return;
    case EventKind::kTick:
      rt.next_tick = at.PlusSeconds(config_.live_tick_s);
      if (f.sport_id == kBasketballSportId) {
        int p1 = rt.rng.Poisson(rt.true_rate1 * static_cast<double>(config_.live_tick_s) /
                                static_cast<double>(rt.regulation_s));
        int p2 = rt.rng.Poisson(rt.true_rate2 * static_cast<double>(config_.live_tick_s) /
                                static_cast<double>(rt.regulation_s));
        if (p1 != 0 || p2 != 0) {
          f.score.participant1 += p1;
          f.score.participant2 += p2;
          out.fixtures_changed.push_back(f.fixture_id);
        }
      }
      Reprice(index, out);
      return;
    case EventKind::kDrift:
      if (rt.listed) {
        rt.book_rate1 *= std::exp(config_.drift_sigma * rt.rng.Normal());
        rt.book_rate2 *= std::exp(config_.drift_sigma * rt.rng.Normal());
      }
      rt.listed = true;
      rt.next_drift = at.PlusSeconds(config_.drift_interval_s);
      Reprice(index, out);
      return;
  }
}

void Simulator::Finish(std::size_t index, SimUpdate& out) {
  Fixture& f = fixtures_[index];
  Runtime& rt = runtime_[index];
  if (!f.true_start_time) f.true_start_time = now_;
  f.status = FixtureStatus::kFinished;
  f.true_end_time = now_;
  rt.suspended_until.reset();
  rt.listed = true;
  // Per-period scores: p1 at half time, p2 the rest of regulation, ot any overtime.
  Score half = f.periods.empty() ? Score{} : f.periods[0].second;
  bool has_p2 = false;
  for (const auto& [name, s] : f.periods) has_p2 |= name == "p2";
  if (!f.periods.empty() && !has_p2) {
    Score rest = Minus(f.score, half);
    if (rest.participant1 >= 0 && rest.participant2 >= 0) f.periods.push_back({"p2", rest});
  } else if (has_p2) {
    Score regulation{half.participant1 + f.periods[1].second.participant1,
                     half.participant2 + f.periods[1].second.participant2};
    Score ot = Minus(f.score, regulation);
    if (ot.participant1 >= 0 && ot.participant2 >= 0) f.periods.push_back({"ot", ot});
  }
  Reprice(index, out);
  out.fixtures_changed.push_back(f.fixture_id);
  out.finished.push_back(f.fixture_id);
}

void Simulator::Reprice(std::size_t index, SimUpdate& out) {
  const Fixture& f = fixtures_[index];
  const Runtime& rt = runtime_[index];
  double fraction = 1.0;
  if (f.status == FixtureStatus::kLive) {
    std::int64_t elapsed = (now_.micros() - f.true_start_time->micros()) / 1'000'000;
    fraction = static_cast<double>(std::max<std::int64_t>(0, rt.end_s - elapsed)) /
               static_cast<double>(rt.regulation_s);
  } else if (!f.open_for_betting()) {
    fraction = 0;
  }
  FixtureOdds target = pricer_.Price(f.sport_id, f.score, rt.book_rate1 * fraction,
                                     rt.book_rate2 * fraction, f.status == FixtureStatus::kLive);
  bool closed = !f.open_for_betting();
  for (auto& [market_id, market] : target.markets) {
    if (closed) market.market_active = false;
    for (auto& [outcome_id, q] : market.outcomes) {
      if (closed) q.active = false;
      q.bookmaker_changed_at = now_;
    }
  }
  target.bookmaker_is_active = !dropped_;
  target.suspended = !closed && (dropped_ || rt.manual_suspended || rt.suspended_until.has_value());
  if (auto delta = board_.Apply(f.fixture_id, target, now_)) out.odds.push_back(std::move(*delta));
}

std::optional<std::size_t> Simulator::IndexOf(const std::string& fixture_id) const {
  auto it = index_.find(fixture_id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::optional<Timestamp> Simulator::NextEventTime() const {
  if (queue_.empty() || queue_.begin()->first == kNever) return std::nullopt;
  return queue_.begin()->first;
}

const Fixture* Simulator::FindFixture(const std::string& fixture_id) const {
  auto index = IndexOf(fixture_id);
  return index ? &fixtures_[*index] : nullptr;
}

Status Simulator::ForceGoal(const std::string& fixture_id, int participant, SimUpdate& out) {
  auto index = IndexOf(fixture_id);
  if (!index) return MakeError("fixture_not_found", "no fixture " + fixture_id);
  Fixture& f = fixtures_[*index];
  if (f.status != FixtureStatus::kLive) {
    return MakeError("fixture_not_live", "a goal needs a live fixture (statusId 1)");
  }
  if (participant != 1 && participant != 2) {
    return MakeError("invalid_participant", "participant must be 1 or 2");
  }
  (participant == 1 ? f.score.participant1 : f.score.participant2) += 1;
  runtime_[*index].suspended_until = now_.PlusSeconds(config_.goal_suspension_s);
  Reprice(*index, out);
  out.fixtures_changed.push_back(f.fixture_id);
  Schedule(*index);
  return OkStatus();
}

Status Simulator::SetSuspended(const std::string& fixture_id, bool suspended, SimUpdate& out) {
  auto index = IndexOf(fixture_id);
  if (!index) return MakeError("fixture_not_found", "no fixture " + fixture_id);
  if (!fixtures_[*index].open_for_betting()) {
    return MakeError("fixture_closed", "the fixture is finished or cancelled");
  }
  runtime_[*index].manual_suspended = suspended;
  runtime_[*index].listed = true;
  Reprice(*index, out);
  return OkStatus();
}

Status Simulator::ForceFinal(const std::string& fixture_id, Score score, SimUpdate& out) {
  auto index = IndexOf(fixture_id);
  if (!index) return MakeError("fixture_not_found", "no fixture " + fixture_id);
  Fixture& f = fixtures_[*index];
  if (!f.open_for_betting()) {
    return MakeError("fixture_closed", "the fixture is already finished or cancelled");
  }
  if (score.participant1 < 0 || score.participant2 < 0) {
    return MakeError("invalid_score", "scores are non-negative");
  }
  f.score = score;
  Finish(*index, out);
  Schedule(*index);
  return OkStatus();
}

}  // namespace probex::bookmaker
