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
};

}  // namespace probex::mm
