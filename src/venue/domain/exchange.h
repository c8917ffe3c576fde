// Exchange: the whole venue state (ledger, markets, CLOB books, open orders, pending withdrawals)
// and the deterministic state machine that applies commands to it.
//
// Contract with the engine (sequencer, journal, snapshots, recovery), which uses it generically:
//
//   class Exchange {
//    public:
//     using Command = ...;  // copyable value: a std::variant of the command structs (command.h)
//     using Output  = ...;  // one command's result: reject code, events, final order state;
//                           // a reusable buffer (Apply clears it), movable
//     static void EncodeCommand(const Command&, std::string& out);  // appends versioned LE bytes
//     static probex::Result<Command> DecodeCommand(std::string_view);  // errors on bad input
//     void Apply(const Command&, std::uint64_t seq, probex::Timestamp now, Output& out);
//     void EncodeSnapshot(std::string& out) const;  // canonical: same state ⇒ same bytes
//     static probex::Result<Exchange> DecodeSnapshot(std::string_view);
//     std::uint64_t StateHash() const;  // 64-bit hash of the canonical snapshot bytes
//   };
//
// Apply is deterministic: the state after a command depends only on the state before, the
// command, `seq` and `now`. A rejected command changes nothing (not even counters). Events are
// appended to `out` only as the last step, after the whole state change. Ids (accounts, markets,
// orders, trades, withdrawals) come from counters in the state. Only open orders (resting or
// armed) are kept; a finished order's final state is in the events and in Output::order.
//
// Thread rule: not thread-safe; owned by the sequencer thread. Readers use the accessors on that
// thread or a published copy.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "common/time.h"
#include "venue/domain/account_registry.h"
#include "venue/domain/command.h"
#include "venue/domain/ctm.h"
#include "venue/domain/event.h"
#include "venue/domain/flat_index.h"
#include "venue/domain/ledger.h"
#include "venue/domain/market.h"
#include "venue/domain/options_book.h"
#include "venue/domain/order.h"
#include "venue/domain/order_book.h"
#include "venue/domain/order_index.h"
#include "venue/domain/order_pool.h"
#include "venue/domain/pool.h"
#include "venue/domain/pool_book.h"
#include "venue/domain/reject_code.h"

namespace probex::venue {

// What Apply produced for one command.
struct ExchangeOutput {
  RejectCode reject = RejectCode::kNone;
  // The id the command created: account (CreateAccount), market (CreateMarket), withdrawal
  // (RequestWithdrawal), order (PlaceOrder); 0 otherwise.
  std::uint64_t created_id = 0;
  bool has_order = false;
  Order order;  // PlaceOrder: the order's state when the command finished
  // RequestWithdrawal: the answer (for a replayed idempotency key, the first one; then
  // `replayed` is true and nothing changed).
  WithdrawalRecord withdrawal;
  bool replayed = false;
  // PlaceCtmPrediction: the prediction (for a replayed idempotency key, the first one).
  // CreateCtmRound reports its round id in created_id.
  CtmPrediction prediction;
  std::vector<Event> events;
  // Out-of-line payloads of rare events (event.h), referenced by the event's index.
  std::vector<OpenedQuoteRequest> opened_requests;  // QuoteRequestOpened
  std::vector<OptionPosition> option_positions;     // OptionExecuted, OptionSettled
  // PlaceBet: the answer (for a replayed idempotency key, the first one, with `replayed`).
  BetReceipt bet;

  bool ok() const { return reject == RejectCode::kNone; }
  void Clear() {
    reject = RejectCode::kNone;
    created_id = 0;
    has_order = false;
    replayed = false;
    events.clear();  // trivially destructible records: no per-event work
    if (!opened_requests.empty()) opened_requests.clear();
    if (!option_positions.empty()) option_positions.clear();
  }
};

// The operator's switches: false disables that family of commands (orders: new orders).
struct VenueSwitches {
  bool betting = true;
  bool ctm = true;
  bool orders = true;
};

struct PendingWithdrawal {
  AccountId account;
  Money amount;
  Money fee;
};

// Aggregated book depth at one price of one outcome.
struct DepthLevel {
  int price = 0;  // cents of the outcome asked for
  std::int64_t quantity = 0;
  std::uint32_t orders = 0;
};

class Exchange {
 public:
  using Command = venue::Command;
  using Output = ExchangeOutput;

  Exchange();

  static void EncodeCommand(const Command& command, std::string& out) {
    venue::EncodeCommand(command, out);
  }
  static Result<Command> DecodeCommand(std::string_view bytes) {
    return venue::DecodeCommand(bytes);
  }
  void Apply(const Command& command, std::uint64_t seq, Timestamp now, Output& out);
  void EncodeSnapshot(std::string& out) const;
  static Result<Exchange> DecodeSnapshot(std::string_view bytes);
  std::uint64_t StateHash() const;

  // ---- Read accessors. ----
  const Ledger& ledger() const { return ledger_; }
  // nullptr for an unknown account.
  const AccountBalances* Balances(AccountId account) const;
  // Zero shares when the account never touched the market.
  Position PositionOf(AccountId account, MarketId market) const;
  // An open (resting or armed) order; nullptr once finished or unknown.
  const Order* FindOrder(OrderId id) const;
  // The account's open orders in the market, oldest first.
  void OpenOrders(AccountId account, MarketId market, std::vector<Order>& out) const;
  // Every open order of the market: resting (book order) then armed stops (id order).
  void OpenOrdersInMarket(MarketId market, std::vector<Order>& out) const;
  // Depth of one outcome: bids best (highest) first, asks best (lowest) first, at most
  // `max_levels` each, prices in that outcome's cents.
  void Depth(MarketId market, int outcome, std::size_t max_levels, std::vector<DepthLevel>& bids,
             std::vector<DepthLevel>& asks) const;
  // Last trade price of the outcome in cents; 0 when the market has not traded.
  int LastTradePrice(MarketId market, int outcome) const;
  const Market* FindMarket(MarketId id) const;
  // Whether a quote request may still be quoted and executed at `now`: open, before its own
  // expiry and its series', on an ACTIVE order-book market before its end time (once a market
  // has ended its outcome is all but known, and an option on it would be a free payout).
  bool RequestTradable(const QuoteRequest& r, Timestamp now) const;
  const std::vector<Market>& markets() const { return markets_; }
  const std::map<std::uint64_t, PendingWithdrawal>& pending_withdrawals() const {
    return withdrawals_;
  }
  std::uint64_t last_seq() const { return last_seq_; }
  // Users, API keys (hashes), rate tiers, withdrawal idempotency records.
  const AccountRegistry& registry() const { return registry_; }
  const VenueSwitches& switches() const { return switches_; }
  std::size_t open_order_count() const { return order_index_.size(); }
  // CTM rounds, predictions, schedules and oracle prices.
  const CtmRounds& ctm() const { return ctm_; }
  // POOL markets: pools, open bets, bet receipts (exchange_pools.cc).
  const PoolBook& pools() const { return pools_; }
  // The options RFQ desk (series, requests, quotes, positions, wallets, trade tapes).
  const OptionsBook& options() const { return options_; }

  // Batch hint (engine, benchmarks): fetches into the cache the memory that `command` will touch,
  // in kPrefetchStages dependent stages, each following what the previous one fetched (index
  // entry → slot → node → its neighbours). With a batch of commands c[0..n), call
  // Prefetch(c[i + (kPrefetchStages − s) × d], s) for s = 0..kPrefetchStages−1 before Apply(c[i])
  // (d ≈ 2..8). Reads only and changes nothing — the result of Apply never depends on whether,
  // when or for which commands it was called (exchange_prefetch.cc).
  static constexpr int kPrefetchStages = 4;
  void Prefetch(const Command& command, int stage) const;
  // All the stages due before Apply(commands[i]) in one call: stage s of commands[i + (4 − s) × d]
  // for each s (those past `count` are skipped).
  void PrefetchAhead(const Command* commands, std::size_t count, std::size_t i,
                     std::size_t distance) const;

  // Pre-sizes the order slab and index (benchmarks, large books).
  void Reserve(std::size_t orders);

 private:
  // Command handlers.
  void Handle(const CreateAccount& c);
  void Handle(const Deposit& c);
  void Handle(const RequestWithdrawal& c);
  void Handle(const ApproveWithdrawal& c);
  void Handle(const RejectWithdrawal& c);
  void Handle(const CreateMarket& c);
  void Handle(const PlaceOrder& c);
  void Handle(const CancelOrders& c);
  void Handle(const EndMarket& c);
  void Handle(const ResolveMarket& c);
  void Handle(const VoidMarket& c);
  void Handle(const AdvanceTime& c);
  void Handle(const CreateUser& c);
  void Handle(const CreateApiKey& c);
  void Handle(const RevokeApiKey& c);
  void Handle(const SetRateTier& c);
  void Handle(const SetSwitches& c);
  // CTM (exchange_ctm.cc).
  void Handle(const OraclePrice& c);
  void Handle(const SetCtmSchedule& c);
  void Handle(const CreateCtmRound& c);
  void Handle(const VoidCtmRound& c);
  void Handle(const PlaceCtmPrediction& c);
  void EmitCtm(const CtmChange& change);
  void Handle(const PlaceBet& c);  // exchange_pools.cc
  // Options RFQ desk (exchange_options.cc).
  void Handle(const RegisterMakerWallet& c);
  void Handle(const CreateQuoteRequest& c);
  void Handle(const CancelQuoteRequest& c);
  void Handle(const PostQuote& c);
  void Handle(const WithdrawQuote& c);
  void Handle(const ExecuteQuote& c);
  void Handle(const OptionsTick& c);
  void CloseRequest(QuoteRequest& request, RequestStatus status);
  void SettleSeries(const SeriesKey& key);
  void PrefetchStage(const Command& command, int stage) const;  // exchange_prefetch.cc
  // Feeds the command's trades and resolutions to the options desk's tapes.
  void ObserveForOptions();

  // Order placement (exchange_orders.cc). The `inline` hot helpers are defined and used only
  // there (one call per fill or per order; a call costs more than their bodies).
  RejectCode ValidateOrder(const PlaceOrder& c, Order& order) const;
  Money WalkMarketOrderNeed(const Order& order, std::int64_t shares_to_deliver) const;
  void Match(std::uint32_t taker, int limit_book_price);
  void Fill(std::uint32_t taker, std::uint32_t maker, int price, std::int64_t quantity);
  [[gnu::always_inline]] inline void Settle(std::uint32_t buyer, std::uint32_t seller,
                                            bool buyer_is_taker, int price, std::int64_t quantity);
  [[gnu::always_inline]] inline void ConsumeCash(Order& order, Money cost, std::int64_t quantity);
  void AddMarketTables(const Market& market);
  [[gnu::always_inline]] inline void Rest(std::uint32_t slot);
  void Arm(std::uint32_t slot);
  void Disarm(std::uint32_t slot);
  void ExecuteAsMarket(std::uint32_t slot);
  void RunStops(MarketId market);
  // Takes an open order out of the book/stop list and the account list, releases its locks,
  // sets the final status, emits, frees the node.
  void CancelOpen(std::uint32_t slot, OrderStatus status, CancelReason reason);
  [[gnu::always_inline]] inline void ReleaseLocks(Order& order, std::uint32_t holding);
  void Finish(std::uint32_t slot);  // a taker that does not rest: release, emit, free
  void LinkAccount(std::uint32_t slot);
  [[gnu::always_inline]] inline void UnlinkAccount(std::uint32_t slot);
  void EndMarketNow(Market& market);
  void SettleMarket(Market& market, bool voided, std::uint8_t winner);
  // Pays out or refunds a POOL market's open bets (exchange_pools.cc).
  void SettlePoolMarket(const Market& market, bool voided, std::uint8_t winner);

  // Constructs the event in place in the reused buffer (no temporary variant to move).
  template <class E>
  void Emit(E&& event) {
    out_->events.emplace_back(std::in_place_type<std::decay_t<E>>, std::forward<E>(event));
  }
  // An order's new state, copied once, straight into the event buffer.
  void EmitOrder(const Order& order) {
    out_->events.emplace_back(std::in_place_type<OrderUpdated>, order);
  }
  void Reject(RejectCode code) { out_->reject = code; }
  Market* MarketFor(MarketId id) {
    return id.value() >= 1 && id.value() <= markets_.size() ? &markets_[id.value() - 1] : nullptr;
  }

  Ledger ledger_;
  std::vector<Market> markets_;
  std::vector<OrderBook> books_;                   // per market (empty for POOL markets)
  std::vector<std::vector<std::uint32_t>> stops_;  // per market: armed stop slots
  // Per market, PerShareLock(fee_rate, c) for c = 0..99 (derived from fee_rate, not encoded).
  std::vector<std::array<Money, 100>> lock_table_;
  OrderPool pool_;
  OrderIndex order_index_;  // order id → slot, open orders only
  std::map<std::uint64_t, PendingWithdrawal> withdrawals_;
  AccountRegistry registry_;
  VenueSwitches switches_;
  CtmRounds ctm_;
  std::uint64_t next_order_id_ = 1;
  std::uint64_t next_trade_id_ = 1;
  std::uint64_t next_withdrawal_id_ = 1;
  std::uint64_t last_seq_ = 0;
  PoolBook pools_;
  OptionsBook options_;

  // Per-command scratch (not state).
  Timestamp now_;
  Output* out_ = nullptr;
  std::vector<std::uint32_t> scratch_;
  std::vector<std::uint32_t> triggered_;
  PoolSettlement settlement_;
  bool observe_options_ = false;  // this command traded or resolved: feed the options tapes
};

}  // namespace probex::venue
