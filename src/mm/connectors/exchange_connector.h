// ExchangeConnector: what the engine needs from any exchange it quotes on (ARCHITECTURE §5) —
// markets, place, cancel, open orders, order updates and fills, balances, tick size and price
// format, rate limits — so Polymarket, Kalshi or a betting exchange can be added without touching
// the engine. Prices cross this interface as probabilities in whole cents of outcome 0; a
// connector converts at its edge. Order updates carry cumulative filled quantity and fees: the
// engine derives new fills from the increase, so a replayed or resynced update is harmless.
// Thread rule: implementations are thread-safe (the engine's workers call them concurrently);
// the listener is called from the connector's stream thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "mm/domain/quote_pricer.h"

namespace probex::mm {

// Where a venue market's outcome 0 points at the bookmaker (the market's `metadata`).
struct MarketMapping {
  std::string fixture_id;
  int market_id = 0;   // bookmaker market
  int outcome_id = 0;  // the bookmaker outcome that outcome 0 stands for
  int sport_id = 0;
  int tournament_id = 0;
};

struct ExchangeMarket {
  std::string id;
  std::string type;    // "ORDER_BOOK", "POOL"
  std::string status;  // "ACTIVE", "ENDED", "RESOLVED", "VOIDED"
  std::array<std::string, 2> outcomes;
  Money fee_rate;
  std::optional<int> winning_outcome;
  std::optional<MarketMapping> mapping;  // set when metadata maps it
};

enum class ExchangeOrderState { kOpen, kFilled, kCancelled };

struct ExchangeOrder {
  std::string id;
  std::string market_id;
  int outcome = 0;  // 0 or 1 (index of the label)
  QuoteSide side = QuoteSide::kBid;
  int cents = 0;
  std::int64_t quantity = 0;
  std::int64_t cum_quantity = 0;
  Money cum_fees;
  // Σ filled quantity × outcome-0 price, what the fills actually traded at (a crossing order
  // fills at the resting order's better price); nullopt when the exchange does not report it.
  std::optional<Money> cum_quote;
  ExchangeOrderState state = ExchangeOrderState::kOpen;
  std::string raw_status;  // as the exchange spells it
};

struct PlaceOrderRequest {
  std::string client_id;  // the engine's id; never sent twice for one logical order
  std::string market_id;
  QuoteSide side = QuoteSide::kBid;  // on outcome 0
  int cents = 0;
  std::int64_t quantity = 0;
};

// kRejected: the exchange answered no (nothing rests). kUnknown: the request may or may not have
// reached the book (timeout, connection lost) — only reconciliation can tell.
enum class PlaceOutcome { kAccepted, kRejected, kUnknown };

struct PlaceOrderResult {
  PlaceOutcome outcome = PlaceOutcome::kUnknown;
  ExchangeOrder order;  // kAccepted
  std::string error;    // otherwise
};

struct ExchangeBalance {
  Money available;
  Money locked;
  Money total;
};

struct ExchangeTraits {
  int tick_cents = 1;
  std::string price_format = "probability_cents";  // CLOB prices in cents of outcome 0
  std::int64_t orders_per_minute = 60;
};

class ExchangeListener {
 public:
  virtual ~ExchangeListener() = default;
  // An order of ours changed (status, fills); cumulative values.
  virtual void OnExchangeOrder(const std::string& exchange, const ExchangeOrder& order) = 0;
  // The stream connected (true: the engine reconciles) or was lost (false: the engine pulls).
  virtual void OnExchangeConnection(const std::string& exchange, bool up) = 0;
  // A gap in the stream's sequence was found: the engine resyncs from REST.
  virtual void OnExchangeGap(const std::string& exchange) = 0;
};

// Pipelined order entry (optional): order requests written without waiting for earlier answers.
struct OrderOp {
  enum class Kind { kPlace, kCancel };
  Kind kind = Kind::kPlace;
  std::string client_id;    // the engine order placed, or the engine order being cancelled
  PlaceOrderRequest place;  // kPlace
  std::string market_id;    // kCancel
  std::vector<std::string> order_ids;  // kCancel: exchange ids
};

struct OrderOpResult {
  OrderOp::Kind kind = OrderOp::Kind::kPlace;
  std::string client_id;
  PlaceOrderResult place;                                                // kPlace
  Result<std::vector<std::string>> cancel = std::vector<std::string>{};  // kCancel: dropped ids
};

class OrderResultListener {
 public:
  virtual ~OrderResultListener() = default;
  // Answers of ops sent with SendOrders, in batches, on a connector thread.
  virtual void OnOrderResults(std::vector<OrderOpResult>&& results) = 0;
};

class ExchangeConnector {
 public:
  virtual ~ExchangeConnector() = default;
  virtual const std::string& name() const = 0;
  virtual ExchangeTraits traits() const = 0;
  virtual Result<std::vector<ExchangeMarket>> Markets() = 0;
  virtual Result<ExchangeMarket> Market(const std::string& market_id) = 0;
  virtual PlaceOrderResult Place(const PlaceOrderRequest& request) = 0;
  // Returns the ids the exchange dropped (an empty `order_ids` cancels all ours in the market).
  virtual Result<std::vector<std::string>> Cancel(const std::string& market_id,
                                                  const std::vector<std::string>& order_ids) = 0;
  virtual Result<std::vector<ExchangeOrder>> OpenOrders(const std::string& market_id) = 0;
  // Cumulative filled quantity per order id from the trade history of a market.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> FilledQuantities(
      const std::string& market_id) = 0;
  virtual Result<ExchangeBalance> Balance() = 0;
  // Starts / stops the order-update stream (reconnecting by itself until stopped).
  virtual void StartStream(ExchangeListener* listener) = 0;
  virtual void StopStream() = 0;

  // Pipelined order entry. Writes `ops` without waiting for answers (they come to the listener);
  // ops on one market are processed by the exchange in the order given. Returns the indexes of
  // the ops NOT sent (no rate-limit token at hand, or no connection), in order: the caller sends
  // those with Place/Cancel. The default sends nothing.
  virtual std::vector<std::size_t> SendOrders(const std::vector<OrderOp>& ops) {
    std::vector<std::size_t> all(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) all[i] = i;
    return all;
  }
  // Where SendOrders' answers go; nullptr detaches (no call is running once this returns).
  virtual void SetOrderResultListener(OrderResultListener*) {}
};

}  // namespace probex::mm
