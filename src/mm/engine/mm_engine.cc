#include "mm/engine/mm_engine.h"

#include <malloc.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <unordered_set>

#include "common/thread_attributes.h"
#include "mm/domain/devig.h"
#include "mm/domain/hedge_plan.h"
#include "mm/domain/quote_decision.h"
#include "mm/domain/quote_pricer.h"

namespace probex::mm {
namespace {

constexpr std::int64_t kNsPerMs = 1'000'000;
// I/O workers: each holds one venue (or bookmaker) request at a time, so this bounds the
// requests in flight; the venue's group commit serves concurrent orders with one fsync.
constexpr int kWorkers = 8;

// Fine below 100 µs (the tick-to-order target), coarser above, up to 10 s.
std::vector<double> LatencyBuckets() {
  std::vector<double> b;
  for (int us = 5; us <= 100; us += 5) b.push_back(us * 1e-6);
  for (double v :
       {125e-6, 150e-6, 200e-6, 250e-6, 300e-6, 400e-6, 500e-6, 750e-6, 1e-3, 1.5e-3, 2e-3, 3e-3,
        5e-3,   7.5e-3, 10e-3,  25e-3,  50e-3,  100e-3, 250e-3, 500e-3, 1.0,  2.5,    5.0,  10.0}) {
    b.push_back(v);
  }
  return b;
}

void Log(const std::string& line) { std::fprintf(stderr, "probex mm: %s\n", line.c_str()); }

// True on a thread applying engine events while holding the engine's state lock: the engine
// thread, or a feed thread applying its frame in place (MmEngine::Inline).
thread_local bool t_in_engine = false;

}  // namespace

MmEngine::MmEngine(EngineConfig config, ExchangeConnector& venue, bookmaker::BookmakerFeed& feed,
                   bookmaker::BookmakerBetting& betting, std::unique_ptr<MmStore> store,
                   const Clock& clock, net::MetricsRegistry& metrics)
    : config_(std::move(config)),
      venue_(venue),
      feed_(feed),
      betting_(betting),
      store_(std::move(store)),
      writer_(std::make_unique<StoreWriter>(*store_, store_mu_)),
      clock_(clock),
      orders_placed_(metrics.GetCounter("mm_orders_placed_total", "Quotes sent to the venue")),
      orders_cancelled_(metrics.GetCounter("mm_orders_cancelled_total", "Quotes cancelled")),
      fills_(metrics.GetCounter("mm_fills_total", "Fills received (order updates with new fills)")),
      hedges_placed_(metrics.GetCounter("mm_hedges_placed_total", "Hedge bets accepted")),
      hedges_declined_(metrics.GetCounter("mm_hedges_declined_total", "Hedge bets declined")),
      hedges_flagged_(metrics.GetCounter("mm_hedges_flagged_total", "Hedges given up (flagged)")),
      reconciliations_(metrics.GetCounter("mm_reconciliations_total", "Market reconciliations")),
      orphans_cancelled_(
          metrics.GetCounter("mm_orphans_cancelled_total", "Unknown venue orders cancelled")),
      live_quotes_(metrics.GetGauge("mm_live_quotes", "Orders resting or in flight")),
      mapped_markets_(metrics.GetGauge("mm_mapped_markets", "Venue markets mapped to the feed")),
      tick_to_order_(metrics.GetHistogram("mm_tick_to_order_seconds",
                                          "From an odds frame read to the order request sent", {},
                                          LatencyBuckets())),
      tick_to_queue_(metrics.GetHistogram(
          "mm_tick_to_queue_seconds",
          "From an odds frame read to the order request queued for the I/O workers", {},
          LatencyBuckets())),
      pnl_realized_(metrics.GetGauge("mm_pnl_realized_units",
                                     "Realized P&L of settled positions, in 1e-8 CC")),
      pnl_unrealized_(metrics.GetGauge("mm_pnl_unrealized_units",
                                       "Unrealized P&L at the devigged fair value, in 1e-8 CC")),
      pnl_locked_(metrics.GetGauge("mm_pnl_locked_units",
                                   "Locked result of open positions (whatever wins), in 1e-8 CC")),
      flagged_fixtures_(
          metrics.GetGauge("mm_flagged_fixtures", "Fixtures flagged for unhedged exposure")) {
  tick_cents_ = venue_.traits().tick_cents;
}

MmEngine::~MmEngine() { Stop(false); }

// ---------------------------------------------------------------------------------------------
// Threads.

template <typename F>
void MmEngine::Inline(F&& f) {
  std::lock_guard exec(exec_mu_);
  const bool was = t_in_engine;
  t_in_engine = true;
  f();
  FlushOutbox();
  FlushSaves();  // the SQLite rows after the sends
  t_in_engine = was;
}

void MmEngine::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    inbox_.push_back(std::move(task));
  }
  cv_.notify_one();
}

template <typename F>
auto MmEngine::Call(F f) -> decltype(f()) {
  using R = decltype(f());
  if (t_in_engine || !thread_.joinable()) return f();
  auto promise = std::make_shared<std::promise<R>>();
  auto future = promise->get_future();
  Post([promise, f = std::move(f)]() mutable {
    if constexpr (std::is_void_v<R>) {
      f();
      promise->set_value();
    } else {
      promise->set_value(f());
    }
  });
  return future.get();
}

void MmEngine::Run() {
  engine_thread_id_ = std::this_thread::get_id();
  t_in_engine = true;
  if (Status st = SetRealtimePriority(config_.realtime_priority); !st.ok()) {
    Log("engine thread: " + st.error().message);
  }
  std::int64_t next_tick = NowNs();
  for (;;) {
    std::deque<std::function<void()>> batch;
    {
      std::unique_lock lock(mu_);
      const auto wait = std::chrono::nanoseconds(std::max<std::int64_t>(0, next_tick - NowNs()));
      cv_.wait_for(lock, wait, [this] { return stopping_ || !inbox_.empty(); });
      if (stopping_ && inbox_.empty()) return;
      batch.swap(inbox_);
    }
    // Each event's order requests go out when it is applied; SQLite follows once per batch.
    // The state lock is taken per event, so a feed frame applied in place (Inline) waits for one
    // event at most, not for the whole batch.
    for (auto& task : batch) {
      std::lock_guard exec(exec_mu_);
      task();
      FlushOutbox();
    }
    std::lock_guard exec(exec_mu_);
    if (NowNs() >= next_tick) {
      OnTimer();
      FlushOutbox();
      next_tick = NowNs() + config_.tick.count() * kNsPerMs;
    }
    FlushSaves();
    // Every intent logged so far has its row queued; once those are committed the log can go.
    if (writer_->Idle()) store_->CompactIntents();
  }
}

void MmEngine::Work(std::function<void()> task, bool urgent) {
  {
    std::lock_guard lock(work_mu_);
    (urgent ? urgent_work_ : work_).push_back(std::move(task));
  }
  work_cv_.notify_one();
}

void MmEngine::RunWorker() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(work_mu_);
      work_cv_.wait(
          lock, [this] { return workers_stopping_ || !work_.empty() || !urgent_work_.empty(); });
      auto& queue = urgent_work_.empty() ? work_ : urgent_work_;
      if (queue.empty()) return;
      task = std::move(queue.front());
      queue.pop_front();
    }
    task();
  }
}

Status MmEngine::Start() {
  // A frame allocates and frees on the feed thread, in that thread's malloc arena; glibc shrinks
  // an arena's heap (mprotect) once its free top passes the trim threshold and grows it again at
  // the next frame (grow_heap/mprotect showed in the frame path's profile). Keep it.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  LoadState();
  // The catalogue (market types and outcome lists) and the venue's markets.
  if (auto cat = feed_.MarketCatalogue(); cat.ok()) {
    for (const auto& m : *cat) catalogue_[m.market_id] = {m.market_type, m.outcome_ids};
  } else {
    return MakeError("bookmaker_unavailable", "GET /v4/markets: " + cat.error().message);
  }
  auto markets = venue_.Markets();
  if (!markets.ok()) {
    return MakeError("venue_unavailable", "GET /api/v1/markets: " + markets.error().message);
  }
  AddMarkets(*markets);
  last_discovery_ns_ = NowNs();
  started_ns_ = NowNs();
  for (int i = 0; i < kWorkers; ++i) workers_.emplace_back([this] { RunWorker(); });
  venue_.SetOrderResultListener(this);
  writer_->Start(observer_);
  thread_ = std::thread([this] { Run(); });
  feed_.Start(this);
  betting_.Start(this);
  venue_.StartStream(this);
  Post([this] { ReconcileAll(); });
  return OkStatus();
}

void MmEngine::Stop(bool cancel_quotes) {
  if (!thread_.joinable()) return;
  feed_.Stop();
  venue_.StopStream();
  betting_.Stop();
  if (cancel_quotes) {
    // Cancel every live quote, market by market, and wait for the answers.
    auto markets = Call([this] {
      std::set<std::string> ids;
      state_ = ControlState::kStopped;  // in memory only: the persisted state is the operator's
      for (const auto& [id, o] : orders_) {
        if (!IsTerminal(o.order_status)) ids.insert(o.exchange_market_id);
      }
      return ids;
    });
    for (const std::string& market_id : markets) {
      auto dropped = venue_.Cancel(market_id, {});
      Call([&] {
        if (!dropped.ok()) return;
        for (const std::string& eid : *dropped) {
          auto it = by_exchange_id_.find(eid);
          if (it == by_exchange_id_.end()) continue;
          EngineOrder& o = orders_[it->second];
          if (IsTerminal(o.order_status)) continue;
          o.order_status = OrderStatus::kCancelled;
          o.updated_at = Now();
          Save(o);
          orders_cancelled_.Increment();
        }
      });
    }
  }
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  {
    std::lock_guard lock(work_mu_);
    workers_stopping_ = true;
  }
  work_cv_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
  venue_.SetOrderResultListener(nullptr);
  FlushSaves();
  writer_->Stop();  // writes what is queued
}

void MmEngine::Sync() {
  Call([] {});
}

// ---------------------------------------------------------------------------------------------
// State.

void MmEngine::LoadState() {
  auto settings = store_->LoadSettings();
  bool first_start = true;
  if (settings.ok()) {
    if (auto it = settings->find("control_state"); it != settings->end()) {
      state_ = ParseControlState(it->second).value_or(ControlState::kLive);
    }
    first_start = settings->find("initialized") == settings->end();
  }
  if (first_start) {
    for (const auto& [sport, types] : config_.allowlist) {
      for (const auto& t : types) (void)store_->SetAllowed(sport, t, true);
    }
    for (int t : config_.active_tournaments) {
      (void)store_->SaveTournament({t, 0, "", "", true});
    }
    (void)store_->SetSetting("initialized", "1");
    (void)store_->SetSetting("control_state", std::string(ControlStateName(state_)));
  }
  if (auto a = store_->LoadAllowlist(); a.ok()) allowlist_ = std::move(*a);
  if (auto t = store_->LoadTournaments(); t.ok()) {
    for (auto& r : *t) tournaments_[r.tournament_id] = r;
  }
  if (auto f = store_->LoadFlaggedFixtures(); f.ok()) flagged_ = std::move(*f);
  if (auto orders = store_->LoadOrders(); orders.ok()) {
    for (auto& o : *orders) {
      if (!o.exchange_order_id.empty()) by_exchange_id_[o.exchange_order_id] = o.order_id;
      if (o.matched_quantity > 0) {
        // Positions are rebuilt when the market is known (AddMarkets).
      }
      if (!IsTerminal(o.order_status)) {
        Slot& s = slots_[{o.exchange_market_id, o.side}];
        if (s.order_id.empty()) {
          s.order_id = o.order_id;
          live_quotes_.Add(1);
        }
      }
      AccountExposure(o);
      market_orders_[o.exchange_market_id].push_back(o.order_id);
      const std::string id = o.order_id;
      EngineOrder& stored = orders_[id] = std::move(o);
      order_index_[id] = &stored;
    }
  }
  if (auto bets = store_->LoadBets(); bets.ok()) {
    for (auto& b : *bets) bets_[b.bet_id] = std::move(b);
  }
  id_counter_ = orders_.size() + bets_.size();
}

void MmEngine::AddMarkets(const std::vector<ExchangeMarket>& markets) {
  bool added = false;
  for (const ExchangeMarket& x : markets) {
    if (x.type != "ORDER_BOOK" || !x.mapping) continue;
    auto it = markets_.find(x.id);
    if (it != markets_.end()) {
      const bool moved = it->second.market.status != x.status;
      it->second.market = x;
      if (moved) RequoteMarket(x.id);  // e.g. no longer ACTIVE: pulled now
      continue;
    }
    MappedMarket m;
    m.market = x;
    m.mapping = *x.mapping;
    if (auto c = catalogue_.find(m.mapping.market_id); c != catalogue_.end()) {
      m.market_type = c->second.first;
      m.outcome_ids = c->second.second;
    }
    if (m.outcome_ids.empty()) continue;  // not a market the bookmaker prices
    // Discovery: the type exists for the sport once a mapping is live (disabled until allowed).
    allowlist_[m.mapping.sport_id].try_emplace(m.market_type, false);
    auto t = tournaments_.find(m.mapping.tournament_id);
    if (t == tournaments_.end()) {
      tournaments_[m.mapping.tournament_id] = {m.mapping.tournament_id, m.mapping.sport_id, "", "",
                                               false};
      std::lock_guard lock(store_mu_);
      (void)store_->SaveTournament(tournaments_[m.mapping.tournament_id]);
    } else if (t->second.sport_id == 0) {
      t->second.sport_id = m.mapping.sport_id;
      std::lock_guard lock(store_mu_);
      (void)store_->SaveTournament(t->second);
    }
    by_fixture_[m.mapping.fixture_id].push_back(x.id);
    by_book_market_[{m.mapping.fixture_id, m.mapping.market_id}].push_back(x.id);
    const std::string id = x.id;
    MappedMarket& stored = markets_.emplace(id, std::move(m)).first->second;
    market_index_.emplace(id, &stored);
    added = true;
  }
  // Positions from stored fills and bets (once per market: only markets just added can lack one).
  for (const auto& [id, o] : orders_) {
    if (!added) break;
    if (o.matched_quantity <= 0 || positions_.count(o.exchange_market_id) != 0) continue;
    if (markets_.count(o.exchange_market_id) == 0) continue;
    Position& p = PositionOf(o.exchange_market_id);
    for (const auto& [oid, order] : orders_) {
      if (order.exchange_market_id != o.exchange_market_id || order.matched_quantity <= 0) continue;
      p.AddFillAtCost(order.side, order.matched_quantity, order.matched_cost, order.fees);
      for (const auto& [bid, b] : bets_) {
        if (b.order_id == oid && b.bet_status == BetStatus::kPlaced) {
          p.AddBet({b.outcome_id, b.placed_stake, b.placed_price});
          position_bets_[o.exchange_market_id].push_back(bid);
        }
      }
    }
  }
  mapped_markets_.Set(static_cast<std::int64_t>(markets_.size()));
  if (added) UpdateFeedTournaments();
}

void MmEngine::UpdateFeedTournaments() {
  std::set<int> ids;
  for (const auto& [id, m] : markets_) ids.insert(m.mapping.tournament_id);
  feed_.SetTournaments(std::move(ids));
}

Position& MmEngine::PositionOf(const std::string& market_id) {
  auto it = positions_.find(market_id);
  if (it != positions_.end()) return it->second;
  const MappedMarket& m = markets_.at(market_id);
  return positions_.emplace(market_id, Position(m.mapping.outcome_id, m.outcome_ids)).first->second;
}

EngineOrder& MmEngine::OrderAt(const std::string& id) {
  auto it = order_index_.find(id);
  if (it != order_index_.end()) return *it->second;
  return orders_.at(id);
}

std::string MmEngine::NewId(const char* prefix) {
  // "<prefix><micros>-<counter>", formatted in place (one allocation).
  std::string id;
  id.reserve(48);
  id += prefix;
  char num[24];
  id.append(num, static_cast<std::size_t>(std::to_chars(num, num + sizeof num, Now().micros()).ptr -
                                          num));
  id += '-';
  id.append(
      num, static_cast<std::size_t>(std::to_chars(num, num + sizeof num, ++id_counter_).ptr - num));
  return id;
}

void MmEngine::AccountExposure(const EngineOrder& o) {
  const std::int64_t open = IsTerminal(o.order_status) ? 0 : o.order_quantity - o.matched_quantity;
  const Money now = CostPerShare(o.side, o.order_cents) * (o.matched_quantity + open);
  Money& was = accounted_exposure_[o.order_id];
  const Money delta = now - was;
  if (delta.is_zero()) return;
  was = now;
  fixture_exposure_[o.fixture_id] += delta;
  sport_exposure_[o.sport_id] += delta;
}

void MmEngine::Save(const EngineOrder& o) {
  AccountExposure(o);
  // Written to SQLite after the event's order requests are sent (FlushSaves); a new order's
  // intent is in the intent log before it is sent (PlaceQuote, FlushOutbox).
  dirty_orders_.push_back(o.order_id);
  if (!t_in_engine) FlushSaves();
}

void MmEngine::FlushSaves() {
  if (dirty_orders_.empty()) return;
  std::vector<std::string> ids;
  ids.swap(dirty_orders_);
  // Each order once, at its first place in the list (through the hash index: this runs under
  // the state lock after every frame).
  std::unordered_set<const EngineOrder*> seen;
  seen.reserve(ids.size());
  std::vector<StoreWriter::Item> items;
  items.reserve(ids.size());
  for (const std::string& id : ids) {
    const EngineOrder& o = OrderAt(id);
    if (!seen.insert(&o).second) continue;
    items.emplace_back().order = o;
  }
  writer_->Enqueue(std::move(items));  // SQLite and the observer, on the writer thread
}

void MmEngine::FlushOutbox() {
  if (!outbox_.empty()) {
    if (Status st = store_->WriteIntents(); !st.ok()) {
      // No intent log: the orders' SQLite rows are their record, committed before the send.
      Log("store: " + st.error().message);
      FlushSaves();
    }
    std::vector<OrderOp> ops;
    std::vector<std::int64_t> frames;
    ops.swap(outbox_);
    frames.swap(outbox_frames_);
    const std::vector<std::size_t> unsent = venue_.SendOrders(ops);
    const std::int64_t now = NowNs();
    std::size_t u = 0;
    std::vector<OrderOp> rest;
    std::vector<std::int64_t> rest_frames;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (u < unsent.size() && unsent[u] == i) {
        ++u;
        rest.push_back(std::move(ops[i]));
        rest_frames.push_back(frames[i]);
        continue;
      }
      if (frames[i] != 0) tick_to_order_.Observe(static_cast<double>(now - frames[i]) / 1e9);
    }
    if (!rest.empty()) SendBlocking(std::move(rest), std::move(rest_frames));
  }
  // Off the engine thread (a call before Start or after Stop) nothing batches the saves.
  if (!t_in_engine) FlushSaves();
}

void MmEngine::SendBlocking(std::vector<OrderOp> ops, std::vector<std::int64_t> frames) {
  // One worker task per market runs its requests in order (a replacement's cancel, then its
  // place), each waiting for its answer.
  std::map<std::string, std::pair<std::vector<OrderOp>, std::vector<std::int64_t>>> by_market;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const std::string market =
        ops[i].kind == OrderOp::Kind::kPlace ? ops[i].place.market_id : ops[i].market_id;
    auto& [list, list_frames] = by_market[market];
    list.push_back(std::move(ops[i]));
    list_frames.push_back(frames[i]);
  }
  for (auto& [market, work] : by_market) {
    Work(
        [this, work = std::move(work)] {
          const auto& [list, list_frames] = work;
          for (std::size_t i = 0; i < list.size(); ++i) {
            const OrderOp& op = list[i];
            if (list_frames[i] != 0) {
              tick_to_order_.Observe(static_cast<double>(NowNs() - list_frames[i]) / 1e9);
            }
            if (op.kind == OrderOp::Kind::kPlace) {
              PlaceOrderResult r = venue_.Place(op.place);
              Post([this, id = op.client_id, r] { OnPlaced(id, r); });
            } else {
              auto r = venue_.Cancel(op.market_id, op.order_ids);
              Post([this, id = op.client_id, r] { OnCancelled(id, r); });
            }
          }
        },
        /*urgent=*/true);
  }
}

void MmEngine::OnOrderResults(std::vector<OrderOpResult>&& results) {
  Post([this, results = std::move(results)] {
    for (const OrderOpResult& r : results) {
      if (r.kind == OrderOp::Kind::kPlace) {
        OnPlaced(r.client_id, r.place);
      } else {
        OnCancelled(r.client_id, r.cancel);
      }
    }
  });
}

void MmEngine::SaveBet(const HedgeBet& b) {
  FlushSaves();  // the orders saved before it first: the writer keeps the order of saves
  std::vector<StoreWriter::Item> items(1);
  items[0].bet = b;
  writer_->Enqueue(std::move(items));
}

// ---------------------------------------------------------------------------------------------
// Quoting.

const char* MmEngine::PullReason(const MappedMarket& m) const {
  if (state_ == ControlState::kStopped) return "stopped";
  if (!feed_up_) return "feed disconnected";
  if (!venue_up_) return "venue disconnected";
  if (m.market.status != "ACTIVE" || m.resolved) return "market not active";
  if (flagged_.count(m.mapping.fixture_id) != 0) return "fixture flagged";
  auto types = allowlist_.find(m.mapping.sport_id);
  if (types == allowlist_.end()) return "market type not allowed";
  auto allowed = types->second.find(m.market_type);
  if (allowed == types->second.end() || !allowed->second) return "market type not allowed";
  auto t = tournaments_.find(m.mapping.tournament_id);
  if (t == tournaments_.end() || !t->second.active) return "tournament inactive";
  auto f = odds_.find(m.mapping.fixture_id);
  if (f == odds_.end()) return "no odds";
  const bookmaker::FixtureOdds& odds = f->second;
  if (odds.status_id != bookmaker::kStatusNotStarted && odds.status_id != bookmaker::kStatusLive) {
    return "fixture closed";
  }
  if (odds.suspended || !odds.bookmaker_active) return "suspended";
  auto confirmed = odds_confirmed_ns_.find(m.mapping.fixture_id);
  const std::int64_t last = std::max(feed_heartbeat_ns_, confirmed->second);
  if (NowNs() - last > config_.staleness.count() * kNsPerMs) return "stale odds";
  return nullptr;
}

std::optional<QuoteLevel> MmEngine::Target(const MappedMarket& m, QuoteSide side,
                                           const EngineOrder* live, std::vector<HedgeQuote>& hedges,
                                           Money& price, Money& limit) {
  const bookmaker::FixtureOdds& odds = odds_.at(m.mapping.fixture_id);
  auto market = odds.markets.find(m.mapping.market_id);
  if (market == odds.markets.end() || !market->second.active) return std::nullopt;
  std::optional<HedgeQuote> own;
  std::vector<HedgeQuote> others;
  for (int id : m.outcome_ids) {
    auto q = market->second.outcomes.find(id);
    if (q == market->second.outcomes.end() || !q->second.active || !q->second.odds.is_positive()) {
      return std::nullopt;  // a needed price is missing or inactive
    }
    HedgeQuote h{id, q->second.odds, q->second.limit};
    if (id == m.mapping.outcome_id) {
      own = h;
    } else {
      others.push_back(h);
    }
  }
  if (!own || others.empty()) return std::nullopt;
  PricingParams pricing = config_.pricing;
  pricing.fee_rate = m.market.fee_rate;
  std::optional<int> cents =
      side == QuoteSide::kBid ? BidCents(others, pricing) : AskCents(*own, pricing);
  if (!cents) return std::nullopt;
  hedges = side == QuoteSide::kBid ? others : std::vector<HedgeQuote>{*own};
  SizingParams sizing = config_.sizing;
  sizing.fixture_room = config_.fixture_cap - Exposure(m.mapping.fixture_id, 0, false, live);
  sizing.sport_room = config_.sport_cap - Exposure("", m.mapping.sport_id, true, live);
  const std::int64_t shares = QuoteShares(side, *cents, hedges, sizing);
  price = hedges.front().odds;
  limit = hedges.front().limit;
  return QuoteLevel{*cents, shares};
}

Money MmEngine::Exposure(const std::string& fixture_id, int sport_id, bool by_sport,
                         const EngineOrder* except) const {
  // The sums count every order's matched quantity and, while it lives, its open quantity; the
  // slot's own live order counts only what matched (its replacement takes its place).
  Money total;
  if (by_sport) {
    if (auto it = sport_exposure_.find(sport_id); it != sport_exposure_.end()) total = it->second;
  } else if (auto it = fixture_exposure_.find(fixture_id); it != fixture_exposure_.end()) {
    total = it->second;
  }
  if (except != nullptr && !IsTerminal(except->order_status)) {
    const EngineOrder& o = *except;
    total -= CostPerShare(o.side, o.order_cents) * (o.order_quantity - o.matched_quantity);
  }
  return total;
}

MmEngine::Slot& MmEngine::SlotOf(MappedMarket& m, QuoteSide side) {
  Slot*& cached = m.slots[side == QuoteSide::kBid ? 0 : 1];
  if (cached == nullptr) cached = &slots_[{m.market.id, side}];
  return *cached;
}

MmEngine::MappedMarket* MmEngine::FindMarket(const std::string& market_id) {
  auto it = market_index_.find(market_id);
  return it == market_index_.end() ? nullptr : it->second;
}

MmEngine::Slot& MmEngine::SlotFor(const std::string& market_id, QuoteSide side) {
  if (MappedMarket* m = FindMarket(market_id)) return SlotOf(*m, side);
  return slots_[{market_id, side}];  // an order of a market no longer mapped (from the store)
}

void MmEngine::RequoteMarket(const std::string& market_id, std::int64_t frame_ns) {
  MappedMarket* found = FindMarket(market_id);
  if (found == nullptr) return;
  MappedMarket& m = *found;
  const bool reconciling = reconciling_.count(market_id) != 0;
  const char* pull = PullReason(m);
  RequoteSide(m, QuoteSide::kBid, frame_ns, reconciling, pull);
  RequoteSide(m, QuoteSide::kAsk, frame_ns, reconciling, pull);
}

void MmEngine::RequoteAll() {
  for (const auto& [id, m] : markets_) RequoteMarket(id);
}

void MmEngine::Requote(const std::string& market_id, QuoteSide side, std::int64_t frame_ns) {
  MappedMarket* m = FindMarket(market_id);
  if (m == nullptr) return;
  RequoteSide(*m, side, frame_ns, reconciling_.count(market_id) != 0, PullReason(*m));
}

void MmEngine::RequoteSide(MappedMarket& m, QuoteSide side, std::int64_t frame_ns, bool reconciling,
                           const char* pull) {
  Slot& slot = SlotOf(m, side);
  if (slot.in_flight > 0 || reconciling) {
    slot.dirty = true;
    dirty_slots_.insert({m.market.id, side});
    if (frame_ns != 0) slot.dirty_frame_ns = frame_ns;
    return;
  }
  // A move deferred while the slot was busy is measured from the latest frame behind it.
  if (frame_ns == 0 && slot.dirty) frame_ns = slot.dirty_frame_ns;
  if (!warm_) {
    if ((feed_up_ && venue_up_) || NowNs() - started_ns_ > config_.staleness.count() * kNsPerMs) {
      warm_ = true;
    } else {
      slot.dirty = true;  // the timer comes back
      dirty_slots_.insert({m.market.id, side});
      return;
    }
  }
  slot.dirty = false;
  slot.dirty_frame_ns = 0;
  const EngineOrder* live = slot.order_id.empty() ? nullptr : &OrderAt(slot.order_id);
  if (live != nullptr && live->order_status == OrderStatus::kPendingPlacement) return;
  std::optional<QuoteLevel> target;
  std::vector<HedgeQuote> hedges;
  Money price, limit;
  if (pull == nullptr) target = Target(m, side, live, hedges, price, limit);
  if (state_ == ControlState::kPaused && pull == nullptr) return;  // resting orders stay
  std::optional<QuoteLevel> live_level;
  if (live != nullptr) {
    live_level = QuoteLevel{live->order_cents, live->order_quantity - live->matched_quantity};
  }
  switch (DecideQuote(live_level, target, tick_cents_, config_.size_change_fraction)) {
    case QuoteAction::kNone:
      return;
    case QuoteAction::kPlace:
      PlaceQuote(m, side, *target, price, limit, frame_ns);
      return;
    case QuoteAction::kReplace:
      // Cancel and place written back to back on one ordered lane: the venue applies the cancel
      // before it reads the place, so two live orders never coexist unless the cancel fails
      // (then reconciliation cancels the survivor).
      CancelQuote(slot.order_id, frame_ns, /*replacing=*/true);
      PlaceQuote(m, side, *target, price, limit, frame_ns);
      return;
    case QuoteAction::kCancel:
      CancelQuote(slot.order_id, frame_ns);
      return;
  }
}

void MmEngine::PlaceQuote(MappedMarket& m, QuoteSide side, const QuoteLevel& level, Money price,
                          Money limit, std::int64_t frame_ns) {
  EngineOrder o;
  o.order_id = NewId("mmo-");
  o.fixture_id = m.mapping.fixture_id;
  o.outcome_id = m.mapping.outcome_id;
  o.bookmaker_market_id = m.mapping.market_id;
  o.sport_id = m.mapping.sport_id;
  o.tournament_id = m.mapping.tournament_id;
  o.market_type = m.market_type;
  o.exchange = venue_.name();
  o.exchange_market_id = m.market.id;
  o.exchange_outcome_id = m.market.outcomes[0];
  o.side = side;
  o.order_cents = level.cents;
  o.order_quantity = level.shares;
  o.bookmaker_outcome_price = price;
  o.bookmaker_outcome_limit = limit;
  o.created_at = o.updated_at = Now();
  store_->AddIntent(o);  // recorded (intent log) before it is sent: FlushOutbox
  Slot& slot = SlotOf(m, side);
  slot.order_id = o.order_id;
  ++slot.in_flight;
  OrderOp op;
  op.kind = OrderOp::Kind::kPlace;
  op.client_id = o.order_id;
  op.place = PlaceOrderRequest{o.order_id, o.exchange_market_id, side, level.cents, level.shares};
  market_orders_[o.exchange_market_id].push_back(o.order_id);
  const std::string id = o.order_id;
  // Ids mostly grow, so the end is the usual place (a wrong hint costs a normal insert).
  EngineOrder& stored = orders_.emplace_hint(orders_.end(), id, std::move(o))->second;
  order_index_.emplace(id, &stored);
  Save(stored);
  live_quotes_.Add(1);
  if (frame_ns != 0) tick_to_queue_.Observe(static_cast<double>(NowNs() - frame_ns) / 1e9);
  outbox_.push_back(std::move(op));
  outbox_frames_.push_back(frame_ns);
  if (!t_in_engine) FlushOutbox();
}

void MmEngine::OnPlaced(const std::string& order_id, const PlaceOrderResult& result) {
  EngineOrder& o = OrderAt(order_id);
  Slot& slot = SlotFor(o.exchange_market_id, o.side);
  if (slot.in_flight > 0) --slot.in_flight;
  switch (result.outcome) {
    case PlaceOutcome::kAccepted:
      orders_placed_.Increment();
      o.exchange_order_id = result.order.id;
      by_exchange_id_[o.exchange_order_id] = o.order_id;
      o.order_status = OrderStatus::kPlaced;
      o.updated_at = Now();
      ApplyExchangeOrder(o, result.order);
      Save(o);
      break;
    case PlaceOutcome::kRejected:
      Log("order " + order_id + " rejected: " + result.error);
      o.order_status = OrderStatus::kFailed;
      o.updated_at = Now();
      Save(o);
      ReleaseSlotIfDone(o);
      break;
    case PlaceOutcome::kUnknown:
      // Only reconciliation can tell whether it rests; it stays PENDING_PLACEMENT until then.
      // Its market only: a lost connection reports each of its requests, and reconciling every
      // market per unknown answer would flood a venue that is already slow.
      Log("order " + order_id + " outcome unknown (" + result.error + "): reconciling");
      ReconcileMarket(o.exchange_market_id);
      return;
  }
  if (slot.dirty || slot.order_id.empty()) Requote(o.exchange_market_id, o.side);
}

void MmEngine::CancelQuote(const std::string& order_id_ref, std::int64_t frame_ns, bool replacing) {
  const std::string order_id = order_id_ref;  // it may be the slot's, which changes below
  EngineOrder& o = OrderAt(order_id);
  Slot& slot = SlotFor(o.exchange_market_id, o.side);
  ++slot.in_flight;
  if (replacing && slot.order_id == order_id) {
    // The slot belongs to the replacement from now on; this order stays counted in the exposure
    // until the cancel's answer.
    slot.cancelling = order_id;
    slot.order_id.clear();
    live_quotes_.Add(-1);
  }
  if (frame_ns != 0) tick_to_queue_.Observe(static_cast<double>(NowNs() - frame_ns) / 1e9);
  OrderOp op;
  op.kind = OrderOp::Kind::kCancel;
  op.client_id = order_id;
  op.market_id = o.exchange_market_id;
  op.order_ids = {o.exchange_order_id};
  outbox_.push_back(std::move(op));
  outbox_frames_.push_back(frame_ns);
  if (!t_in_engine) FlushOutbox();
}

void MmEngine::OnCancelled(const std::string& order_id,
                           const Result<std::vector<std::string>>& dropped) {
  EngineOrder& o = OrderAt(order_id);
  Slot& slot = SlotFor(o.exchange_market_id, o.side);
  if (slot.in_flight > 0) --slot.in_flight;
  const bool replaced = slot.cancelling == order_id;
  if (replaced) slot.cancelling.clear();
  if (!dropped.ok()) {
    Log("cancel of " + order_id + " failed: " + dropped.error().message);
    if (slot.order_id != order_id && !IsTerminal(o.order_status)) {
      // A replaced order may still rest beside its replacement: reconciliation cancels it.
      ReconcileMarket(o.exchange_market_id);
      return;
    }
    // The timer retries (the pull reason still holds) and reconciliation settles it; not every
    // tick: against a venue that is down, a retry per quote per tick drained the venue's request
    // bucket, and a client's cancel then waited behind them for tokens (tens of seconds).
    slot.dirty = true;
    dirty_slots_.insert({o.exchange_market_id, o.side});
    slot.retry_ns = NowNs() + 5 * config_.tick.count() * kNsPerMs;
    return;
  }
  const bool was_dropped =
      std::find(dropped->begin(), dropped->end(), o.exchange_order_id) != dropped->end();
  if (was_dropped && !IsTerminal(o.order_status)) {
    o.order_status = OrderStatus::kCancelled;
    o.updated_at = Now();
    Save(o);
    orders_cancelled_.Increment();
  } else if (!was_dropped && !IsTerminal(o.order_status)) {
    // Filled meanwhile, or already gone: the venue knows.
    ReconcileMarket(o.exchange_market_id);
    return;
  }
  ReleaseSlotIfDone(o);
  // A replaced order's slot re-prices when its replacement is answered, unless moved meanwhile.
  if (!replaced || slot.dirty) Requote(o.exchange_market_id, o.side);
}

void MmEngine::ReleaseSlotIfDone(const EngineOrder& o) {
  if (!IsTerminal(o.order_status)) return;
  Slot& slot = SlotFor(o.exchange_market_id, o.side);
  if (slot.order_id == o.order_id) {
    slot.order_id.clear();
    live_quotes_.Add(-1);
  }
}

void MmEngine::ApplyExchangeOrder(EngineOrder& o, const ExchangeOrder& x) {
  const std::int64_t delta = x.cum_quantity - o.matched_quantity;
  const OrderStatus status_before = o.order_status;
  if (delta > 0) {
    const Money fee_delta = x.cum_fees - o.fees;
    // What the venue charged: a bid pays the outcome-0 notional, an ask buys outcome 1 at 1 − p.
    const Money cost = !x.cum_quote ? CostPerShare(o.side, o.order_cents) * x.cum_quantity
                       : o.side == QuoteSide::kBid
                           ? *x.cum_quote
                           : Money::FromUnits(x.cum_quantity * Money::kScale) - *x.cum_quote;
    const Money cost_delta = cost - o.matched_cost;
    o.matched_cost = cost;
    o.matched_quantity = x.cum_quantity;
    o.fees = x.cum_fees;
    o.matched_at = Now();
    o.matched_status = MatchedFor(o.matched_quantity, o.order_quantity);
    fills_.Increment();
    if (markets_.count(o.exchange_market_id) != 0) {
      PositionOf(o.exchange_market_id).AddFillAtCost(o.side, delta, cost_delta, fee_delta);
    }
  }
  if (x.state == ExchangeOrderState::kFilled || o.matched_quantity >= o.order_quantity) {
    o.order_status = OrderStatus::kFilled;
  } else if (x.state == ExchangeOrderState::kCancelled && !IsTerminal(o.order_status)) {
    o.order_status = OrderStatus::kCancelled;
    orders_cancelled_.Increment();  // the stream may report a cancel before its answer comes
  }
  if (delta > 0 || o.order_status != status_before) {
    o.updated_at = Now();
    Save(o);
  }
  if (delta > 0) Hedge(o, delta);
  ReleaseSlotIfDone(o);
}

void MmEngine::OnExchangeOrder(const std::string&, const ExchangeOrder& order) {
  Post([this, order] {
    auto it = by_exchange_id_.find(order.id);
    if (it == by_exchange_id_.end()) return;  // not ours, or its placement answer is pending
    EngineOrder& o = OrderAt(it->second);
    ApplyExchangeOrder(o, order);
    if (IsTerminal(o.order_status)) Requote(o.exchange_market_id, o.side);
  });
}

void MmEngine::OnExchangeConnection(const std::string&, bool up) {
  Post([this, up] {
    venue_up_ = up;
    Log(up ? "venue connected" : "venue connection lost");
    if (up) {
      ReconcileAll();
    } else {
      RequoteAll();
    }
  });
}

void MmEngine::OnExchangeGap(const std::string&) {
  Post([this] { ReconcileAll(); });
}

// ---------------------------------------------------------------------------------------------
// Feed.

void MmEngine::OnFixtureOdds(bookmaker::FixtureOdds odds, std::int64_t frame_ns) {
  // Applied in place on the feed thread (under the state lock): no hand-off, no wake-up between
  // the frame read and its orders' send.
  Inline([&] {
    auto known = odds_.find(odds.fixture_id);
    const bool status_changed = known == odds_.end() || known->second.status_id != odds.status_id;
    // Fixture-wide fields move every market of the fixture; otherwise only the markets priced
    // from the bookmaker markets the delta touched are re-priced.
    bool whole = !odds.partial || known == odds_.end() || status_changed ||
                 known->second.suspended != odds.suspended ||
                 known->second.bookmaker_active != odds.bookmaker_active;
    if (odds.partial && known != odds_.end()) {
      bookmaker::FixtureOdds& f = known->second;
      f.sport_id = odds.sport_id;
      f.tournament_id = odds.tournament_id;
      f.status_id = odds.status_id;
      f.bookmaker_active = odds.bookmaker_active;
      f.suspended = odds.suspended;
      f.seq = odds.seq;
      for (const auto& [market_id, quotes] : odds.markets) f.markets[market_id] = quotes;
    } else {
      odds_[odds.fixture_id] = odds;
      odds_[odds.fixture_id].partial = false;
    }
    // A snapshot after a reconnect may be the only news of a status change.
    if (observer_ != nullptr && status_changed) {
      observer_->OnFixtureStatus(odds.fixture_id, odds.status_id);
    }
    odds_confirmed_ns_[odds.fixture_id] = NowNs();
    // Each market's requests go out as soon as it is priced (its cancel and place together),
    // not after the whole frame.
    auto requote = [&](const std::string& id) { RequoteMarket(id, frame_ns); };
    if (whole) {
      auto it = by_fixture_.find(odds.fixture_id);
      if (it == by_fixture_.end()) return;
      for (const std::string& id : it->second) requote(id);
      return;
    }
    for (const auto& [market_id, quotes] : odds.markets) {
      auto it = by_book_market_.find({odds.fixture_id, market_id});
      if (it == by_book_market_.end()) continue;
      for (const std::string& id : it->second) requote(id);
    }
  });
}

void MmEngine::OnFixtureStatus(const std::string& fixture_id, int status_id) {
  Inline([&] {
    if (auto o = odds_.find(fixture_id); o != odds_.end()) o->second.status_id = status_id;
    if (observer_ != nullptr) observer_->OnFixtureStatus(fixture_id, status_id);
    auto it = by_fixture_.find(fixture_id);
    if (it == by_fixture_.end()) return;
    for (const std::string& id : it->second) RequoteMarket(id);
    if (status_id == bookmaker::kStatusFinished || status_id == bookmaker::kStatusCancelled) {
      Work([this, fixture_id] {
        auto s = feed_.Settlements(fixture_id);
        if (s.ok()) Post([this, fixture_id, s = *s] { ApplySettlement(fixture_id, s); });
      });
    }
  });
}

void MmEngine::OnFeedConnection(bool up) {
  Inline([&] {
    feed_up_ = up;
    Log(up ? "feed connected" : "feed connection lost");
    if (up) feed_heartbeat_ns_ = NowNs();
    RequoteAll();
  });
}

void MmEngine::OnFeedHeartbeat() {
  Inline([&] { feed_heartbeat_ns_ = NowNs(); });
}

void MmEngine::ApplySettlement(const std::string& fixture_id,
                               const bookmaker::BookmakerFeed::FixtureSettlement& s) {
  for (auto& [id, o] : orders_) {
    if (o.fixture_id != fixture_id) continue;
    auto r = s.outcomes.find(o.outcome_id);
    if (r == s.outcomes.end() || r->second == SettlementStatus::kUndecided) continue;
    o.settlement_status =
        o.matched_quantity > 0 ? OrderSettlement(o.side, r->second) : SettlementStatus::kVoid;
    o.updated_at = Now();
    Save(o);
  }
  Log("fixture " + fixture_id + " settled");
}

// ---------------------------------------------------------------------------------------------
// Hedging.

void MmEngine::Hedge(const EngineOrder& o, std::int64_t shares) {
  auto m = markets_.find(o.exchange_market_id);
  if (m == markets_.end()) return;
  std::vector<int> outcomes;
  for (int id : m->second.outcome_ids) {
    if ((o.side == QuoteSide::kBid) != (id == o.outcome_id)) outcomes.push_back(id);
  }
  const bookmaker::FixtureOdds* odds = nullptr;
  if (auto f = odds_.find(o.fixture_id); f != odds_.end()) odds = &f->second;
  for (int outcome : outcomes) {
    HedgeBet b;
    b.bet_id = NewId("mmb-");
    b.order_id = o.order_id;
    b.fixture_id = o.fixture_id;
    b.outcome_id = outcome;
    b.shares = shares;
    b.placed_at = Now();
    Money price;
    if (odds != nullptr) {
      auto mk = odds->markets.find(o.bookmaker_market_id);
      if (mk != odds->markets.end()) {
        if (auto q = mk->second.outcomes.find(outcome); q != mk->second.outcomes.end()) {
          price = q->second.odds;
        }
      }
    }
    if (!price.is_positive()) {
      b.bet_status = BetStatus::kDeclined;
      b.decline_reason = "NO_PRICE";
      SaveBet(b);
      bets_[b.bet_id] = b;
      RetryOrFlag(bets_[b.bet_id]);
      continue;
    }
    b.requested_price = price;
    b.placed_stake = HedgeStake(shares, price);
    SaveBet(b);
    bets_[b.bet_id] = b;
    SendBet(b);
  }
}

void MmEngine::SendBet(const HedgeBet& b) {
  bookmaker::HedgeBetRequest req{b.bet_id, b.fixture_id, b.outcome_id, b.requested_price,
                                 b.placed_stake};
  Work(
      [this, req] {
        auto r = betting_.Place(req);
        if (r.outcome == bookmaker::HedgeOutcome::kUnknown) {
          // Did it land? The requestUuid tells.
          if (auto bets = betting_.Bets(); bets.ok()) {
            for (const auto& bet : *bets) {
              if (bet.request_uuid == req.request_uuid) {
                r.outcome = bookmaker::HedgeOutcome::kAccepted;
                r.bet = bet;
              }
            }
            if (r.outcome == bookmaker::HedgeOutcome::kUnknown) {
              r.outcome = bookmaker::HedgeOutcome::kDeclined;
              r.decline_reason = "NO_ANSWER";
            }
          }
        }
        Post([this, id = req.request_uuid, r] { OnBetResult(id, r); });
      },
      /*urgent=*/true);
}

void MmEngine::OnBetResult(const std::string& bet_id, const bookmaker::HedgeBetResult& result) {
  HedgeBet& b = bets_.at(bet_id);
  switch (result.outcome) {
    case bookmaker::HedgeOutcome::kAccepted: {
      b.bet_status = BetStatus::kPlaced;
      b.bookmaker_bet_id = result.bet.bet_id;
      if (result.bet.price.is_positive()) b.placed_price = result.bet.price;
      if (result.bet.stake.is_positive()) b.placed_stake = result.bet.stake;
      SaveBet(b);
      hedges_placed_.Increment();
      const EngineOrder& o = orders_.at(b.order_id);
      if (markets_.count(o.exchange_market_id) != 0) {
        PositionOf(o.exchange_market_id).AddBet({b.outcome_id, b.placed_stake, b.placed_price});
        position_bets_[o.exchange_market_id].push_back(b.bet_id);
      }
      return;
    }
    case bookmaker::HedgeOutcome::kDeclined:
      b.bet_status = BetStatus::kDeclined;
      b.decline_reason = result.decline_reason;
      SaveBet(b);
      hedges_declined_.Increment();
      Log("hedge " + bet_id + " declined: " + result.decline_reason);
      retries_.push_back({bet_id, NowNs() + config_.tick.count() * kNsPerMs});
      return;
    case bookmaker::HedgeOutcome::kUnknown:
      b.bet_status = BetStatus::kPending;
      b.decline_reason = result.error;
      SaveBet(b);
      retries_.push_back({bet_id, NowNs() + config_.tick.count() * kNsPerMs});
      return;
  }
}

void MmEngine::RetryOrFlag(HedgeBet& declined) {
  const EngineOrder& o = orders_.at(declined.order_id);
  Money odds;
  if (auto f = odds_.find(o.fixture_id); f != odds_.end()) {
    auto mk = f->second.markets.find(o.bookmaker_market_id);
    if (mk != f->second.markets.end() && !f->second.suspended) {
      if (auto q = mk->second.outcomes.find(declined.outcome_id);
          q != mk->second.outcomes.end() && q->second.active) {
        odds = q->second.odds;
      }
    }
  }
  bool retry = declined.attempt < config_.hedge_max_attempts && odds.is_positive();
  if (retry && markets_.count(o.exchange_market_id) != 0) {
    // The locked result per share with this leg at the new odds must stay above the worst case.
    const Money stake = HedgeStake(declined.shares, odds);
    Position& p = PositionOf(o.exchange_market_id);
    const Money locked = p.LockedResultWith({{declined.outcome_id, stake, odds}});
    const std::int64_t held = std::max<std::int64_t>(1, p.shares_yes() + p.shares_no());
    retry = locked >= -(config_.hedge_worst_case_per_share * held) ||
            ToProbabilityDouble(locked) >=
                -ToProbabilityDouble(config_.hedge_worst_case_per_share) * held;
  }
  if (!retry && declined.attempt < config_.hedge_max_attempts && !odds.is_positive()) {
    // No usable price yet (suspended): wait for it, counting the attempt.
    ++declined.attempt;
    SaveBet(declined);
    retries_.push_back({declined.bet_id, NowNs() + 5 * config_.tick.count() * kNsPerMs});
    return;
  }
  if (!retry) {
    declined.flagged = true;
    declined.bet_status = BetStatus::kFailed;
    SaveBet(declined);
    hedges_flagged_.Increment();
    FlagFixture(declined.fixture_id,
                "hedge " + declined.bet_id + " gave up: " + declined.decline_reason);
    return;
  }
  HedgeBet next = declined;
  next.bet_id = NewId("mmb-");
  next.attempt = declined.attempt + 1;
  next.requested_price = odds;
  next.placed_stake = HedgeStake(declined.shares, odds);
  next.placed_price = Money();
  next.bet_status = BetStatus::kPending;
  next.decline_reason.clear();
  next.placed_at = Now();
  declined.decline_reason += " (retried as " + next.bet_id + ")";
  SaveBet(declined);
  SaveBet(next);
  bets_[next.bet_id] = next;
  SendBet(next);
}

void MmEngine::FlagFixture(const std::string& fixture_id, const std::string& reason) {
  Log("fixture " + fixture_id + " flagged: " + reason);
  flagged_.insert(fixture_id);
  {
    std::lock_guard lock(store_mu_);
    (void)store_->FlagFixture(fixture_id, reason);
  }
  if (auto it = by_fixture_.find(fixture_id); it != by_fixture_.end()) {
    for (const std::string& id : it->second) RequoteMarket(id);
  }
}

void MmEngine::OnBet(const bookmaker::BetView& bet) {
  Post([this, bet] {
    auto it = bets_.find(bet.request_uuid);
    if (it == bets_.end()) return;
    HedgeBet& b = it->second;
    if (b.settlement_status == bet.settlement && b.payout == bet.payout) return;
    b.settlement_status = bet.settlement;
    b.payout = bet.payout;
    if (b.bookmaker_bet_id.empty()) b.bookmaker_bet_id = bet.bet_id;
    SaveBet(b);
  });
}

// ---------------------------------------------------------------------------------------------
// Reconciliation and the timer.

void MmEngine::ReconcileAll() {
  std::set<std::string> ids;
  for (const auto& [id, m] : markets_) ids.insert(id);
  for (const auto& [id, o] : orders_) {
    if (!IsTerminal(o.order_status)) ids.insert(o.exchange_market_id);
  }
  last_reconcile_ns_ = NowNs();
  sweep_.clear();
  for (const std::string& market_id : ids) ReconcileMarket(market_id);
}

void MmEngine::ReconcileMarket(const std::string& market_id) {
  if (!reconciling_.insert(market_id).second) return;
  Work([this, market_id] {
    auto open = venue_.OpenOrders(market_id);
    auto filled = venue_.FilledQuantities(market_id);
    std::map<std::string, std::int64_t> fills;
    if (filled.ok()) fills.insert(filled->begin(), filled->end());
    Post([this, market_id, open, fills] {
      reconciling_.erase(market_id);
      if (!open.ok()) return;  // the next trigger tries again
      OnReconciled(market_id, *open, fills);
    });
  });
}

void MmEngine::OnReconciled(const std::string& market_id, const std::vector<ExchangeOrder>& open,
                            const std::map<std::string, std::int64_t>& filled) {
  reconciliations_.Increment();
  // This market's orders (a copy: handling an order may place another).
  const std::vector<std::string> ids = market_orders_[market_id];
  std::set<std::string> open_ids;
  std::vector<ExchangeOrder> orphans;
  for (const ExchangeOrder& x : open) {
    open_ids.insert(x.id);
    auto it = by_exchange_id_.find(x.id);
    if (it != by_exchange_id_.end()) {
      ApplyExchangeOrder(orders_.at(it->second), x);
      continue;
    }
    // A placement whose answer was lost: adopt it.
    EngineOrder* adopt = nullptr;
    for (const std::string& id : ids) {
      EngineOrder& o = orders_.at(id);
      if (o.exchange_market_id == market_id && o.order_status == OrderStatus::kPendingPlacement &&
          o.exchange_order_id.empty() && o.side == x.side && o.order_cents == x.cents &&
          o.order_quantity == x.quantity) {
        adopt = &o;
        break;
      }
    }
    if (adopt == nullptr) {
      orphans.push_back(x);
      continue;
    }
    adopt->exchange_order_id = x.id;
    adopt->order_status = OrderStatus::kPlaced;
    by_exchange_id_[x.id] = adopt->order_id;
    ApplyExchangeOrder(*adopt, x);
  }
  // Our orders the venue no longer lists: filled or cancelled, as the trade history says.
  for (const std::string& id : ids) {
    EngineOrder& o = orders_.at(id);
    if (o.exchange_market_id != market_id || IsTerminal(o.order_status)) continue;
    if (o.order_status == OrderStatus::kPendingPlacement) {
      if (SlotFor(market_id, o.side).in_flight > 0) continue;  // its answer is still coming
      // Not on the book: did an unknown order of ours fill completely?
      bool adopted = false;
      for (const auto& [eid, qty] : filled) {
        if (by_exchange_id_.count(eid) == 0 && qty == o.order_quantity) {
          o.exchange_order_id = eid;
          by_exchange_id_[eid] = o.order_id;
          ExchangeOrder x;
          x.id = eid;
          x.cum_quantity = qty;
          x.state = ExchangeOrderState::kFilled;
          ApplyExchangeOrder(o, x);
          adopted = true;
          break;
        }
      }
      if (!adopted) {
        o.order_status = OrderStatus::kFailed;  // proven absent from the book and the tape
        o.updated_at = Now();
        Save(o);
        ReleaseSlotIfDone(o);
      }
      continue;
    }
    if (open_ids.count(o.exchange_order_id) != 0) continue;
    ExchangeOrder x;
    x.id = o.exchange_order_id;
    auto f = filled.find(o.exchange_order_id);
    x.cum_quantity = std::max(o.matched_quantity, f != filled.end() ? f->second : 0);
    x.cum_fees = o.fees;
    x.state = x.cum_quantity >= o.order_quantity ? ExchangeOrderState::kFilled
                                                 : ExchangeOrderState::kCancelled;
    ApplyExchangeOrder(o, x);
  }
  // One live order per (market, side): keep the slot's, cancel duplicates and orphans.
  std::vector<std::string> extra;
  for (const std::string& id : ids) {
    EngineOrder& o = orders_.at(id);
    if (o.exchange_market_id != market_id || IsTerminal(o.order_status) ||
        o.exchange_order_id.empty()) {
      continue;
    }
    Slot& slot = SlotFor(market_id, o.side);
    if (slot.cancelling == o.order_id) continue;  // replaced: its cancel is on the way
    if (slot.order_id.empty()) {
      slot.order_id = o.order_id;
      live_quotes_.Add(1);
    } else if (slot.order_id != o.order_id) {
      extra.push_back(o.exchange_order_id);
    }
  }
  for (const ExchangeOrder& x : orphans) extra.push_back(x.id);
  if (!extra.empty()) {
    orphans_cancelled_.Increment(orphans.size());
    Log("cancelling " + std::to_string(extra.size()) + " orphaned/duplicate order(s) in market " +
        market_id);
    Work([this, market_id, extra] {
      auto r = venue_.Cancel(market_id, extra);
      if (r.ok()) {
        Post([this, market_id, dropped = *r] {
          for (const std::string& eid : dropped) {
            auto it = by_exchange_id_.find(eid);
            if (it == by_exchange_id_.end()) continue;
            EngineOrder& o = orders_.at(it->second);
            if (IsTerminal(o.order_status)) continue;
            o.order_status = OrderStatus::kCancelled;
            o.updated_at = Now();
            Save(o);
          }
        });
      }
    });
  }
  RequoteMarket(market_id);
}

void MmEngine::OnTimer() {
  const std::int64_t now = NowNs();
  // Pulls and pending replacements: every market with a live quote or a dirty slot.
  // (A live quote is re-priced by the events that move it; the timer only looks for pulls that
  // time alone brings — stale odds — and for deferred work.)
  // Time alone brings one pull reason, stale odds: checked per fixture (a fixture going stale, or
  // fresh again through a heartbeat, re-prices its markets); every other reason comes with the
  // event that causes it, which re-prices what it affects.
  const std::int64_t staleness = config_.staleness.count() * kNsPerMs;
  for (const auto& [fixture, confirmed] : odds_confirmed_ns_) {
    const bool stale = now - std::max(feed_heartbeat_ns_, confirmed) > staleness;
    bool& was = stale_fixtures_[fixture];
    if (stale == was) continue;
    was = stale;
    if (auto it = by_fixture_.find(fixture); it != by_fixture_.end()) {
      for (const std::string& id : it->second) RequoteMarket(id);
    }
  }
  // Deferred work: slots moved (or whose request failed) while busy.
  // (Only the slots marked dirty: scanning all 20,000 slots every tick held the state lock
  // for a millisecond, and a feed frame waited behind it.)
  if (!dirty_slots_.empty()) {
    std::set<std::pair<std::string, QuoteSide>> keys;
    keys.swap(dirty_slots_);
    for (const auto& key : keys) {
      auto it = slots_.find(key);
      if (it == slots_.end() || !it->second.dirty) continue;
      Slot& slot = it->second;
      if (slot.in_flight == 0 && now >= slot.retry_ns) Requote(key.first, key.second);
      if (slot.dirty) dirty_slots_.insert(key);  // still waiting
    }
  }
  // Markets without quotes may become quotable by time alone only through events; nothing else.
  std::vector<PendingRetry> due;
  std::erase_if(retries_, [&](const PendingRetry& r) {
    if (r.due_ns > now) return false;
    due.push_back(r);
    return true;
  });
  for (const PendingRetry& r : due) RetryOrFlag(bets_.at(r.bet_id));
  if (now - last_pnl_ns_ >= 1'000 * kNsPerMs) {
    last_pnl_ns_ = now;
    UpdatePnlGauges();
  }
  // The periodic sweep: every market once per interval, a few per tick so that thousands of
  // markets never flood the workers (start, reconnects and gaps reconcile everything at once).
  if (sweep_.empty() && venue_up_ &&
      now - last_reconcile_ns_ > config_.reconcile_interval.count() * kNsPerMs) {
    last_reconcile_ns_ = now;
    // Every mapped market, and the markets of live orders that are not mapped (both sorted).
    sweep_.clear();
    sweep_.reserve(markets_.size());
    auto m = markets_.begin();
    for (const auto& [key, slot] : slots_) {
      while (m != markets_.end() && m->first < key.first) sweep_.push_back((m++)->first);
      if (m != markets_.end() && m->first == key.first) continue;
      if (!slot.order_id.empty() && (sweep_.empty() || sweep_.back() != key.first)) {
        sweep_.push_back(key.first);
      }
    }
    for (; m != markets_.end(); ++m) sweep_.push_back(m->first);
  }
  constexpr int kSweepPerTick = 5;
  for (int i = 0; i < kSweepPerTick && !sweep_.empty() && venue_up_; ++i) {
    ReconcileMarket(sweep_.back());
    sweep_.pop_back();
  }
  if (now - last_discovery_ns_ > config_.reconcile_interval.count() * kNsPerMs) {
    last_discovery_ns_ = now;
    Work([this] {
      auto markets = venue_.Markets();
      if (!markets.ok()) return;
      // Applied in slices of a few hundred markets, each its own event: the state lock is let
      // go between them, so a feed frame never waits behind the whole list (10,000 markets).
      auto list = std::make_shared<const std::vector<ExchangeMarket>>(std::move(*markets));
      constexpr std::size_t kSlice = 256;
      for (std::size_t from = 0; from < list->size(); from += kSlice) {
        Post([this, list, from] {
          const std::size_t to = std::min(list->size(), from + kSlice);
          AddMarkets(std::vector<ExchangeMarket>(list->begin() + static_cast<std::ptrdiff_t>(from),
                                                 list->begin() + static_cast<std::ptrdiff_t>(to)));
        });
      }
      Post([this, list] {
        std::set<std::string> active;
        for (const auto& x : *list) active.insert(x.id);
        // Mapped markets that left the ACTIVE list: learn how they resolved.
        for (auto& [id, m] : markets_) {
          if (active.count(id) != 0 || m.resolved) continue;
          Work([this, id = id] {
            auto x = venue_.Market(id);
            if (!x.ok()) return;
            Post([this, x = *x] {
              MappedMarket& mm = markets_.at(x.id);
              mm.market = x;
              if (x.status == "RESOLVED" || x.status == "VOIDED") {
                mm.resolved = true;
                mm.winning_outcome = x.status == "VOIDED" ? std::nullopt : x.winning_outcome;
              }
              RequoteMarket(x.id);
            });
          });
        }
        // Markets the engine holds a position in but no longer finds ACTIVE (they ended or
        // resolved before this start): still the engine's positions and realized P&L. Once per
        // start: a market that leaves the list later stays in markets_ (the loop above).
        std::set<std::string> held;
        for (const auto& [market_id, ids] : market_orders_) {
          if (held_markets_loaded_ || markets_.count(market_id) != 0 ||
              active.count(market_id) != 0) {
            continue;
          }
          for (const std::string& oid : ids) {
            if (OrderAt(oid).matched_quantity > 0) {
              held.insert(market_id);
              break;
            }
          }
        }
        held_markets_loaded_ = true;
        for (const std::string& id : held) {
          Work([this, id] {
            auto x = venue_.Market(id);
            if (!x.ok()) return;
            Post([this, x = *x] {
              AddMarkets({x});
              auto it = markets_.find(x.id);
              if (it == markets_.end()) return;
              if (x.status == "RESOLVED" || x.status == "VOIDED") {
                it->second.resolved = true;
                it->second.winning_outcome =
                    x.status == "VOIDED" ? std::nullopt : x.winning_outcome;
              }
            });
          });
        }
        // Fixtures of resolved markets with orders still UNDECIDED (the fixture's end was
        // missed, e.g. while the engine was down): their settlement is read again. A resolved
        // market whose orders are all decided is not looked at again (it takes no new orders).
        std::set<std::string> undecided;
        for (auto& [market_id, m] : markets_) {
          if (!m.resolved || m.orders_settled) continue;
          bool pending = false;
          if (auto ids = market_orders_.find(market_id); ids != market_orders_.end()) {
            for (const std::string& oid : ids->second) {
              const EngineOrder& o = OrderAt(oid);
              if (o.settlement_status != SettlementStatus::kUndecided) continue;
              undecided.insert(o.fixture_id);
              pending = true;
            }
          }
          m.orders_settled = !pending;
        }
        for (const std::string& fixture_id : undecided) {
          Work([this, fixture_id] {
            auto s = feed_.Settlements(fixture_id);
            if (s.ok()) Post([this, fixture_id, s = *s] { ApplySettlement(fixture_id, s); });
          });
        }
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Control and reads.

Status MmEngine::SetControlState(ControlState state, const std::string& reason) {
  return Call([&]() -> Status {
    {
      std::lock_guard lock(store_mu_);
      if (Status st = store_->SetSetting("control_state", std::string(ControlStateName(state)));
          !st.ok()) {
        return st;
      }
      (void)store_->SetSetting("control_reason", reason);
    }
    state_ = state;
    Log(std::string("control state ") + std::string(ControlStateName(state)) +
        (reason.empty() ? "" : ": " + reason));
    RequoteAll();
    return OkStatus();
  });
}

ControlState MmEngine::control_state() {
  return Call([this] { return state_; });
}

Status MmEngine::SetMarketTypeAllowed(int sport_id, const std::string& market_type, bool enabled) {
  return Call([&]() -> Status {
    {
      std::lock_guard lock(store_mu_);
      if (Status st = store_->SetAllowed(sport_id, market_type, enabled); !st.ok()) return st;
    }
    allowlist_[sport_id][market_type] = enabled;
    RequoteAll();
    return OkStatus();
  });
}

Status MmEngine::SetTournamentActive(int tournament_id, bool active) {
  return Call([&]() -> Status {
    TournamentRecord& t = tournaments_[tournament_id];
    t.tournament_id = tournament_id;
    t.active = active;
    {
      std::lock_guard lock(store_mu_);
      if (Status st = store_->SaveTournament(t); !st.ok()) return st;
    }
    RequoteAll();
    return OkStatus();
  });
}

std::vector<MarketTypeView> MmEngine::MarketTypes() {
  return Call([this] {
    std::vector<MarketTypeView> out;
    for (const auto& [sport, types] : allowlist_) {
      for (const auto& [type, enabled] : types) out.push_back({sport, type, enabled});
    }
    return out;
  });
}

std::vector<TournamentRecord> MmEngine::Tournaments() {
  return Call([this] {
    std::vector<TournamentRecord> out;
    for (const auto& [id, t] : tournaments_) out.push_back(t);
    return out;
  });
}

std::vector<EngineOrder> MmEngine::Orders() {
  return Call([this] {
    std::vector<EngineOrder> out;
    for (const auto& [id, o] : orders_) out.push_back(o);
    std::sort(out.begin(), out.end(), [](const EngineOrder& a, const EngineOrder& b) {
      return a.created_at < b.created_at;
    });
    return out;
  });
}

std::vector<HedgeBet> MmEngine::Bets() {
  return Call([this] {
    std::vector<HedgeBet> out;
    for (const auto& [id, b] : bets_) out.push_back(b);
    std::sort(out.begin(), out.end(),
              [](const HedgeBet& a, const HedgeBet& b) { return a.placed_at < b.placed_at; });
    return out;
  });
}

void MmEngine::CancelOrders(std::vector<std::string> order_ids,
                            std::function<void(std::vector<CancelOutcome>)> done) {
  Post([this, order_ids = std::move(order_ids), done = std::move(done)]() mutable {
    // Validate on the engine thread, then one venue call per market on a worker.
    auto outcomes = std::make_shared<std::vector<CancelOutcome>>();
    // Whether this call holds the slot's in-flight flag (the slot's own order, nothing in flight);
    // otherwise the engine's own cancel or placement is in flight and keeps the slot.
    auto owns = std::make_shared<std::vector<bool>>();
    std::map<std::string, std::vector<std::size_t>> by_market;  // market → outcome indexes
    for (const std::string& id : order_ids) {
      CancelOutcome c{id, CancelOutcome::Code::kFailed, ""};
      auto it = orders_.find(id);
      if (it == orders_.end()) {
        c.code = CancelOutcome::Code::kNotFound;
        c.detail = "order not found";
      } else if (IsTerminal(it->second.order_status)) {
        c.code = CancelOutcome::Code::kNotOpen;
        c.detail = "order is " + std::string(OrderStatusName(it->second.order_status));
      } else if (it->second.exchange_order_id.empty()) {
        c.code = CancelOutcome::Code::kNotOpen;
        c.detail = "order is still PENDING_PLACEMENT";
      } else {
        by_market[it->second.exchange_market_id].push_back(outcomes->size());
        Slot& slot = SlotFor(it->second.exchange_market_id, it->second.side);
        const bool own = slot.order_id == id && slot.in_flight == 0;
        if (own) ++slot.in_flight;
        owns->resize(outcomes->size() + 1, false);
        (*owns)[outcomes->size()] = own;
      }
      outcomes->push_back(std::move(c));
    }
    if (by_market.empty()) return done(std::move(*outcomes));
    auto remaining = std::make_shared<std::size_t>(by_market.size());
    for (auto& [market, indexes] : by_market) {
      std::vector<std::string> eids;
      for (std::size_t i : indexes)
        eids.push_back(orders_.at((*outcomes)[i].order_id).exchange_order_id);
      Work([this, market = market, indexes = indexes, eids, outcomes, owns, remaining, done] {
        auto r = venue_.Cancel(market, eids);
        Post([this, r, indexes, outcomes, owns, remaining, done] {
          for (std::size_t i : indexes) {
            CancelOutcome& c = (*outcomes)[i];
            EngineOrder& o = orders_.at(c.order_id);
            if ((*owns)[i]) {
              OnCancelled(c.order_id, r);  // the engine's own bookkeeping (slot, status, requote)
            } else if (r.ok() && !IsTerminal(o.order_status) &&
                       std::find(r->begin(), r->end(), o.exchange_order_id) != r->end()) {
              // The slot's in-flight operation settles the slot when its answer comes.
              o.order_status = OrderStatus::kCancelled;
              o.updated_at = Now();
              Save(o);
              orders_cancelled_.Increment();
            }
            if (!r.ok()) {
              c.detail = "venue: " + r.error().message;
            } else if (o.order_status == OrderStatus::kCancelled) {
              c.code = CancelOutcome::Code::kCancelled;
            } else {
              c.detail = "the venue did not cancel it (filled or already gone)";
            }
          }
          if (--*remaining == 0) done(std::move(*outcomes));
        });
      });
    }
  });
}

std::set<std::string> MmEngine::FlaggedFixtures() {
  return Call([this] { return flagged_; });
}

std::vector<double> MmEngine::FairOf(const MappedMarket& m) const {
  auto f = odds_.find(m.mapping.fixture_id);
  if (f == odds_.end()) return {};
  auto mk = f->second.markets.find(m.mapping.market_id);
  if (mk == f->second.markets.end()) return {};
  std::vector<double> odds;
  for (int id : m.outcome_ids) {
    auto q = mk->second.outcomes.find(id);
    if (q == mk->second.outcomes.end() || !q->second.odds.is_positive()) return {};
    odds.push_back(ToProbabilityDouble(q->second.odds));
  }
  auto fair = Devig(odds, config_.devig);
  return fair.ok() ? *fair : std::vector<double>{};
}

std::vector<PositionView> MmEngine::Positions() {
  return Call([this] {
    std::vector<PositionView> out;
    for (const auto& [id, p] : positions_) {
      const MappedMarket& m = markets_.at(id);
      PositionView v;
      v.exchange_market_id = id;
      v.fixture_id = m.mapping.fixture_id;
      v.outcome_id = m.mapping.outcome_id;
      v.exchange = venue_.name();
      v.shares_yes = p.shares_yes();
      v.shares_no = p.shares_no();
      v.venue_cost = p.venue_cost();
      v.venue_fees = p.venue_fees();
      v.hedge_stake = p.total_stake();
      v.locked = p.LockedResult();
      for (const auto& [oid, o] : orders_) {
        if (o.exchange_market_id == id && !IsTerminal(o.order_status)) {
          v.open_quantity += o.order_quantity - o.matched_quantity;
        }
      }
      // Realized once the venue resolved and every placed bet is settled.
      // Statuses in the order the position's bets were added (acceptance order).
      std::vector<SettlementStatus> statuses;
      bool settled = m.resolved;
      if (auto pb = position_bets_.find(id); pb != position_bets_.end()) {
        for (const std::string& bid : pb->second) {
          const HedgeBet& b = bets_.at(bid);
          statuses.push_back(b.settlement_status);
          if (b.settlement_status == SettlementStatus::kUndecided) settled = false;
        }
      }
      if (settled) {
        v.realized = true;
        v.pnl = p.Realized(m.winning_outcome, statuses);
      } else {
        const std::vector<double> fair = FairOf(m);
        v.pnl = fair.empty() ? p.LockedResult() : p.MarkToFair(fair);
      }
      out.push_back(v);
    }
    return out;
  });
}

void MmEngine::UpdatePnlGauges() {
  Money realized, unrealized, locked;
  for (const PositionView& v : Positions()) {
    (v.realized ? realized : unrealized) += v.pnl;
    if (!v.realized) locked += v.locked;
  }
  pnl_realized_.Set(realized.units());
  pnl_unrealized_.Set(unrealized.units());
  pnl_locked_.Set(locked.units());
  flagged_fixtures_.Set(static_cast<std::int64_t>(flagged_.size()));
}

PnlView MmEngine::Pnl() {
  PnlView out;
  for (const PositionView& v : Positions()) {
    (v.realized ? out.realized : out.unrealized) += v.pnl;
    (v.realized ? out.settled : out.unsettled) += 1;
    out.turnover += v.venue_cost;
  }
  return out;
}

}  // namespace probex::mm
