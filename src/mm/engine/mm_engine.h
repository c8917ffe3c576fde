// MmEngine: the market-making engine of ARCHITECTURE §5. One engine thread owns every piece of
// state (mapped markets, odds, quote slots, orders, bets, positions, control state) and applies
// events in order — feed frames, venue order updates, I/O results, timer ticks, control calls —
// LMAX style; network I/O runs on eight worker threads whose results come back as events.
//
// Quoting: for each venue ORDER_BOOK market whose metadata maps it to a bookmaker outcome, whose
// market type is allowed for its sport and whose tournament is active, one live order per side:
// priced and sized by domain/quote_pricer, replaced per domain/quote_decision, recorded in the
// store with a client id before it is sent. Pulls (cancel within one timer tick): odds
// unconfirmed for `staleness`, suspended or inactive selections, a lost feed or venue, a flagged
// fixture, a disallowed type or inactive tournament, and the stopped state.
// Hedging: each increase of an order's cumulative fill is hedged at once (domain/hedge_plan); a
// declined bet is retried at the current odds while the locked result per share stays above the
// configured worst case, then flagged — the fixture stops quoting.
// Recovery: on start, on every venue (re)connect and on stream gaps, open orders and fills are
// reconciled with the venue: unknown open orders are adopted (a pending placement whose answer
// was lost) or cancelled (orphans), duplicates are cancelled, vanished orders are closed.
// Thread rule: public methods are thread-safe (they post to the engine thread and wait).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "mm/connectors/bookmaker/bookmaker_betting.h"
#include "mm/connectors/bookmaker/bookmaker_feed.h"
#include "mm/connectors/exchange_connector.h"
#include "mm/domain/control_state.h"
#include "mm/domain/position.h"
#include "mm/domain/quote_decision.h"
#include "mm/engine/engine_config.h"
#include "mm/engine/engine_observer.h"
#include "mm/engine/mm_store.h"
#include "mm/engine/store_writer.h"
#include "net/metrics.h"

namespace probex::mm {

struct PositionView {
  std::string exchange_market_id;
  std::string fixture_id;
  int outcome_id = 0;
  std::string exchange;
  std::int64_t shares_yes = 0;  // venue outcome 0 held (bid fills)
  std::int64_t shares_no = 0;   // venue outcome 1 held (ask fills)
  std::int64_t open_quantity = 0;
  Money venue_cost;
  Money venue_fees;
  Money hedge_stake;
  Money locked;  // the result whatever happens
  Money pnl;     // realized once settled, else marked to the devigged fair value
  bool realized = false;
};

struct PnlView {
  Money realized;
  Money unrealized;
  Money turnover;  // venue cost of matched quantity
  int settled = 0;
  int unsettled = 0;
};

struct MarketTypeView {
  int sport_id = 0;
  std::string market_type;
  bool enabled = false;
};

class MmEngine final : public ExchangeListener,
                       public OrderResultListener,
                       public bookmaker::FeedListener,
                       public bookmaker::BetListener {
 public:
  MmEngine(EngineConfig config, ExchangeConnector& venue, bookmaker::BookmakerFeed& feed,
           bookmaker::BookmakerBetting& betting, std::unique_ptr<MmStore> store, const Clock& clock,
           net::MetricsRegistry& metrics);
  ~MmEngine() override;

  // Loads the store, discovers markets, starts the streams and the engine thread, reconciles.
  Status Start();
  // Stops quoting; with `cancel_quotes` cancels every live order first (clean shutdown).
  void Stop(bool cancel_quotes = true);

  // Control state (persisted). Stop cancels every quote; pause keeps resting orders.
  Status SetControlState(ControlState state, const std::string& reason);
  ControlState control_state();
  // Allowlist and tournaments (persisted); a change pulls or resumes the affected quotes.
  Status SetMarketTypeAllowed(int sport_id, const std::string& market_type, bool enabled);
  Status SetTournamentActive(int tournament_id, bool active);
  std::vector<MarketTypeView> MarketTypes();
  std::vector<TournamentRecord> Tournaments();
  // Read models for the client API.
  std::vector<EngineOrder> Orders();
  std::vector<HedgeBet> Bets();
  std::vector<PositionView> Positions();
  PnlView Pnl();
  std::set<std::string> FlaggedFixtures();
  // Waits until the engine thread has applied everything posted so far.
  void Sync();
  // The client API: set before Start; told of every saved order and bet (engine thread).
  void SetObserver(EngineObserver* observer) { observer_ = observer; }
  // Cancels engine orders by id at the venue (the client API); `done` gets one outcome per id
  // once the venue answered (on the engine thread: do not block). A cancelled quote's slot is free,
  // so a live engine re-quotes it at its next decision; pause first to keep the book empty.
  void CancelOrders(std::vector<std::string> order_ids,
                    std::function<void(std::vector<CancelOutcome>)> done);

  // Listener callbacks (connector threads).
  void OnExchangeOrder(const std::string& exchange, const ExchangeOrder& order) override;
  void OnExchangeConnection(const std::string& exchange, bool up) override;
  void OnExchangeGap(const std::string& exchange) override;
  void OnOrderResults(std::vector<OrderOpResult>&& results) override;
  void OnFixtureOdds(bookmaker::FixtureOdds odds, std::int64_t frame_ns) override;
  void OnFixtureStatus(const std::string& fixture_id, int status_id) override;
  void OnFeedConnection(bool up) override;
  void OnFeedHeartbeat() override;
  void OnBet(const bookmaker::BetView& bet) override;

 private:
  struct Slot {
    std::string order_id;    // the live (non-terminal) order, or empty
    std::string cancelling;  // a replaced order whose (pipelined) cancel is not answered yet
    int in_flight = 0;       // requests of this slot not answered yet
    bool dirty = false;      // re-price once nothing is in flight
    std::int64_t dirty_frame_ns = 0;  // the latest odds frame that moved it meanwhile
    std::int64_t retry_ns = 0;        // after a failed cancel the timer retries from then on
  };
  struct MappedMarket {
    ExchangeMarket market;
    MarketMapping mapping;
    std::string market_type;
    std::vector<int> outcome_ids;  // every outcome of the bookmaker market
    std::optional<int> winning_outcome;
    bool resolved = false;                // the venue resolved or voided it
    bool orders_settled = false;          // resolved, and none of its orders is UNDECIDED any more
    Slot* slots[2] = {nullptr, nullptr};  // bid, ask: nodes of slots_ (never erased), cached
  };

  struct PendingRetry {
    std::string bet_id;  // the declined bet being retried
    std::int64_t due_ns = 0;
  };

  void Post(std::function<void()> task);
  // Applies `f` at once on the calling thread (a feed thread) under the state lock, then sends
  // what it made: the feed's events keep their order, and a frame needs no hand-off.
  template <typename F>
  void Inline(F&& f);
  template <typename F>
  auto Call(F f) -> decltype(f());
  void Run();
  // Queues network I/O for the workers; `urgent` (orders, cancels, hedges) goes before the
  // background reads (reconciliation, discovery) so a sweep never delays a quote.
  void Work(std::function<void()> task, bool urgent = false);
  void RunWorker();
  std::int64_t NowNs() const { return MonotonicNanos(); }
  Timestamp Now() const { return clock_.Now(); }

  // Engine-thread logic.
  void LoadState();
  void AddMarkets(const std::vector<ExchangeMarket>& markets);
  void UpdateFeedTournaments();
  const char* PullReason(const MappedMarket& m) const;
  std::optional<QuoteLevel> Target(const MappedMarket& m, QuoteSide side, const EngineOrder* live,
                                   std::vector<HedgeQuote>& hedges, Money& price, Money& limit);
  Slot& SlotOf(MappedMarket& m, QuoteSide side);
  // A market by id through the hash index (nullptr: not mapped), and an order's slot.
  MappedMarket* FindMarket(const std::string& market_id);
  Slot& SlotFor(const std::string& market_id, QuoteSide side);
  void Requote(const std::string& market_id, QuoteSide side, std::int64_t frame_ns = 0);
  // One side of a market; `reconciling` and `pull` (PullReason, looked up once per market) are
  // the caller's.
  void RequoteSide(MappedMarket& m, QuoteSide side, std::int64_t frame_ns, bool reconciling,
                   const char* pull);
  void RequoteMarket(const std::string& market_id, std::int64_t frame_ns = 0);
  void RequoteAll();
  void PlaceQuote(MappedMarket& m, QuoteSide side, const QuoteLevel& level, Money price,
                  Money limit, std::int64_t frame_ns);
  // `frame_ns`: the odds frame that moved the quote (0: none), for tick-to-order. `replacing`: a
  // new order for the slot follows at once (on the same ordered connection lane).
  void CancelQuote(const std::string& order_id, std::int64_t frame_ns = 0, bool replacing = false);
  // After each event: the intents of new orders (one write), then every order request the event
  // made (one write per connection lane), then the event's SQLite writes (one transaction).
  void FlushOutbox();
  void FlushSaves();
  void SendBlocking(std::vector<OrderOp> ops, std::vector<std::int64_t> frames);
  void OnPlaced(const std::string& order_id, const PlaceOrderResult& result);
  void OnCancelled(const std::string& order_id, const Result<std::vector<std::string>>& dropped);
  void ApplyExchangeOrder(EngineOrder& o, const ExchangeOrder& x);
  void ReleaseSlotIfDone(const EngineOrder& o);
  void Hedge(const EngineOrder& o, std::int64_t shares);
  void SendBet(const HedgeBet& bet);
  void OnBetResult(const std::string& bet_id, const bookmaker::HedgeBetResult& result);
  void RetryOrFlag(HedgeBet& declined);
  void FlagFixture(const std::string& fixture_id, const std::string& reason);
  void ReconcileAll();
  void ReconcileMarket(const std::string& market_id);
  // Keeps the per-fixture and per-sport exposure sums in step with an order (called by Save).
  void AccountExposure(const EngineOrder& o);
  void OnReconciled(const std::string& market_id, const std::vector<ExchangeOrder>& open,
                    const std::map<std::string, std::int64_t>& filled);
  void OnTimer();
  void ApplySettlement(const std::string& fixture_id,
                       const bookmaker::BookmakerFeed::FixtureSettlement& s);
  Money Exposure(const std::string& fixture_id, int sport_id, bool by_sport,
                 const EngineOrder* except) const;
  Position& PositionOf(const std::string& market_id);
  std::string NewId(const char* prefix);
  // orders_.at(id) through a hash index (orders_ only grows: a map lookup compared long ids
  // ~17 times per quote).
  EngineOrder& OrderAt(const std::string& id);
  void Save(const EngineOrder& o);
  void SaveBet(const HedgeBet& b);
  std::vector<double> FairOf(const MappedMarket& m) const;
  void UpdatePnlGauges();

  EngineConfig config_;
  ExchangeConnector& venue_;
  bookmaker::BookmakerFeed& feed_;
  bookmaker::BookmakerBetting& betting_;
  std::unique_ptr<MmStore> store_;
  std::mutex store_mu_;  // the writer thread's transactions vs the engine thread's other writes
  std::unique_ptr<StoreWriter> writer_;
  const Clock& clock_;
  int tick_cents_ = 1;  // the venue's tick (its traits, read once)

  // Metrics.
  net::Counter& orders_placed_;
  net::Counter& orders_cancelled_;
  net::Counter& fills_;
  net::Counter& hedges_placed_;
  net::Counter& hedges_declined_;
  net::Counter& hedges_flagged_;
  net::Counter& reconciliations_;
  net::Counter& orphans_cancelled_;
  net::Gauge& live_quotes_;
  net::Gauge& mapped_markets_;
  net::Histogram& tick_to_order_;
  net::Histogram& tick_to_queue_;  // the engine's own part: frame read → request queued
  // P&L and exposure in 1e-8 CC units (Money units), refreshed every second by the timer.
  net::Gauge& pnl_realized_;
  net::Gauge& pnl_unrealized_;
  net::Gauge& pnl_locked_;
  net::Gauge& flagged_fixtures_;

  // Engine thread.
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  // Held while engine state is touched: by the engine thread per event, by a feed thread while
  // it applies a frame in place.
  std::mutex exec_mu_;
  std::deque<std::function<void()>> inbox_;
  bool stopping_ = false;
  std::thread::id engine_thread_id_;
  // Workers.
  std::vector<std::thread> workers_;
  std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::deque<std::function<void()>> work_;
  std::deque<std::function<void()>> urgent_work_;
  bool workers_stopping_ = false;

  // State (engine thread only).
  ControlState state_ = ControlState::kLive;
  std::map<std::string, MappedMarket> markets_;                 // venue market id →
  std::map<std::string, std::vector<std::string>> by_fixture_;  // fixture → venue market ids
  std::map<std::string, bookmaker::FixtureOdds> odds_;
  std::map<std::string, std::int64_t> odds_confirmed_ns_;
  std::map<std::string, bool> stale_fixtures_;  // as the timer last saw each fixture's odds
  std::int64_t feed_heartbeat_ns_ = 0;
  bool feed_up_ = false;
  bool venue_up_ = false;
  std::map<std::pair<std::string, QuoteSide>, Slot> slots_;
  std::map<std::string, EngineOrder> orders_;
  std::map<std::string, std::string> by_exchange_id_;
  std::map<std::string, HedgeBet> bets_;
  std::map<std::string, Position> positions_;
  std::map<int, std::map<std::string, bool>> allowlist_;
  std::map<int, TournamentRecord> tournaments_;
  std::map<int, std::pair<std::string, std::vector<int>>> catalogue_;  // market → type, outcomes
  std::set<std::string> flagged_;
  std::vector<PendingRetry> retries_;
  std::set<std::string> reconciling_;
  std::int64_t last_reconcile_ns_ = 0;
  std::int64_t last_discovery_ns_ = 0;
  bool held_markets_loaded_ = false;  // the first discovery looked for positions in gone markets
  std::uint64_t id_counter_ = 0;
  EngineObserver* observer_ = nullptr;
  // The accepted bets of each position (venue market id →), in the order they were added to it.
  std::map<std::string, std::vector<std::string>> position_bets_;
  std::int64_t last_pnl_ns_ = 0;
  // Warm-up after a start: until the feed and the venue stream are both up (at most the
  // staleness timeout), the resting orders found in the store are left alone and nothing new is
  // placed, so a restart does not churn every quote.
  bool warm_ = false;
  std::int64_t started_ns_ = 0;
  // Indexes kept so no per-event path scans every order ever placed.
  std::unordered_map<std::string, std::vector<std::string>> market_orders_;  // market → order ids
  std::unordered_map<std::string, Money> accounted_exposure_;                // order id → counted
  std::unordered_map<std::string, EngineOrder*> order_index_;    // order id → orders_ node
  std::unordered_map<std::string, MappedMarket*> market_index_;  // venue market id → markets_ node
  // Slots marked dirty, for the timer (it used to scan every slot each tick).
  std::set<std::pair<std::string, QuoteSide>> dirty_slots_;
  std::map<std::string, Money> fixture_exposure_;
  std::map<int, Money> sport_exposure_;
  std::vector<std::string> sweep_;  // markets left in the current periodic reconciliation
  // (fixture, bookmaker market) → the venue markets priced from it.
  std::map<std::pair<std::string, int>, std::vector<std::string>> by_book_market_;
  // The order requests of the current event and the odds frame behind each (0: none).
  std::vector<OrderOp> outbox_;
  std::vector<std::int64_t> outbox_frames_;
  std::vector<std::string> dirty_orders_;  // saved in memory, SQLite after the sends
};

}  // namespace probex::mm
