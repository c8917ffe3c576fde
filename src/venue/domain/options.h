// Options RFQ desk vocabulary (ARCHITECTURE §4 "Options"): series, quote requests, quotes,
// written option positions, and the desk's commands and events. Options are written on the
// outcome-0 price S (in cents) of an ORDER_BOOK market: a call pays max(0, S−K), a put
// max(0, K−S) per option, K = strike_bps/100 dollars (strike_bps 5..95 in steps of 5; the
// Convallax wire calls it "bps of $1" although one unit is a cent).
// Thread rule: plain value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/time.h"
#include "venue/domain/ids.h"

namespace probex::venue {

enum class OptionType : std::uint8_t { kCall = 0, kPut = 1 };
std::string_view OptionTypeName(OptionType type);  // "call" | "put"
// The taker's side of a request (and of every quote on it).
enum class RfqSide : std::uint8_t { kBuy = 0, kSell = 1 };
std::string_view RfqSideName(RfqSide side);  // "buy" | "sell"

enum class RequestStatus : std::uint8_t { kOpen = 0, kCommitted, kExpired, kCancelled };
std::string_view RequestStatusName(RequestStatus status);  // "open" | "committed" | ...
enum class QuoteStatus : std::uint8_t {
  kLive = 0,   // can be chosen
  kWithdrawn,  // the maker took it back
  kExpired,    // its own expires_in_ms ran out
  kExecuted,   // chosen, confirmed and executed
  kClosed,     // its request closed (committed to another quote, expired or cancelled)
};
std::string_view QuoteStatusName(QuoteStatus status);

inline constexpr int kMinStrike = 5;
inline constexpr int kMaxStrike = 95;
inline constexpr std::int64_t kDefaultRequestTtlMicros = 300'000'000;  // 5 minutes
inline constexpr std::int64_t kMaxRequestTtlMicros = 86'400'000'000;   // 1 day
inline constexpr std::int64_t kMaxQuoteLifetimeMs = 3'600'000;         // 1 hour
inline constexpr std::int64_t kVwapWindowMicros = 1'800'000'000;       // 30 minutes
inline constexpr std::int64_t kMaxOptionQuantity = 1'000'000'000;      // options per quote
inline constexpr int kPriceDecimals = 6;  // premiums are signed as 6-decimal integers

struct SeriesKey {
  MarketId market;
  OptionType type = OptionType::kCall;
  std::uint8_t strike_bps = 0;
  Timestamp expiry;  // whole milliseconds

  friend bool operator==(const SeriesKey&, const SeriesKey&) = default;
  friend auto operator<=>(const SeriesKey& a, const SeriesKey& b) {
    if (auto c = a.market.value() <=> b.market.value(); c != 0) return c;
    if (auto c = a.type <=> b.type; c != 0) return c;
    if (auto c = a.strike_bps <=> b.strike_bps; c != 0) return c;
    return a.expiry.micros() <=> b.expiry.micros();
  }
};

// seriesId = market · 2^80 + type · 2^72 + strike · 2^64 + expiry in ms (a uint256 on the wire,
// shown in decimal). Deterministic: the same series always has the same id.
unsigned __int128 SeriesIdOf(const SeriesKey& key);
std::string SeriesIdText(const SeriesKey& key);
std::optional<SeriesKey> ParseSeriesId(std::string_view decimal);

bool ValidStrike(int strike_bps);
// The most one option can pay: call (100 − K)/100, put K/100. Also the writer's collateral.
Money MaxPayoff(OptionType type, int strike_bps);
// What one option pays at settlement price `s_cents`.
Money Payoff(OptionType type, int strike_bps, int s_cents);

struct Series {
  SeriesKey key;
  Timestamp created_at;
  bool settled = false;
  std::uint8_t settlement_price = 0;   // cents, once settled
  std::uint8_t settlement_source = 0;  // SettlementSource, once settled
};

// How S was found (docs/options-desk.md).
enum class SettlementSource : std::uint8_t {
  kVwap = 0,       // the 30-minute VWAP of outcome-0 trades before expiry
  kResolved = 1,   // the market resolved (or was voided: 50) before expiry
  kLastTrade = 2,  // no trade in the window: the last trade before it
  kNoTrades = 3,   // the market never traded before expiry: S = K, nothing is paid
};
std::string_view SettlementSourceName(SettlementSource source);

struct QuoteRequest {
  std::uint64_t id = 0;
  AccountId taker;
  std::string wallet;  // the taker's wallet address ("" = none given)
  SeriesKey series;
  RfqSide side = RfqSide::kBuy;
  Money budget;           // buys: the premium the taker will spend
  std::int64_t size = 0;  // sells: whole options the taker wants to write
  Timestamp created_at;
  Timestamp expires_at;
  RequestStatus status = RequestStatus::kOpen;
  std::uint64_t position = 0;  // the executed position once committed
};

struct Quote {
  std::uint64_t id = 0;
  std::uint64_t request = 0;
  AccountId maker;
  RfqSide side = RfqSide::kBuy;
  Money price;  // per option, 0 < price ≤ max payoff, at most 6 decimals
  std::int64_t size = 0;
  Timestamp posted_at;         // last (re)post: ties go to the earliest
  Timestamp expires_at;        // posted_at + expires_in_ms
  std::uint64_t priority = 0;  // command seq of the last (re)post: earlier wins a tie
  QuoteStatus status = QuoteStatus::kLive;
};

// One execution: `holder` bought `quantity` options that `writer` wrote.
struct OptionPosition {
  std::uint64_t id = 0;
  std::uint64_t request = 0;
  std::uint64_t quote = 0;
  SeriesKey series;
  AccountId holder;
  AccountId writer;
  std::int64_t quantity = 0;
  Money price;       // per option
  Money premium;     // quantity × price, paid by the holder to the writer
  Money collateral;  // quantity × max payoff, in the writer's locked_engine until settlement
  Timestamp executed_at;
  bool settled = false;
  std::uint8_t settlement_price = 0;  // S in cents
  Money payout;                       // to the holder at settlement
  Timestamp settled_at;
};

// ---- Commands (appended to the venue's Command variant). ----

// A maker's Ethereum wallet: "0x" + 40 lowercase hex digits (replaces an earlier one).
struct RegisterMakerWallet {
  AccountId account;
  std::string wallet;
  friend bool operator==(const RegisterMakerWallet&, const RegisterMakerWallet&) = default;
};
struct CreateQuoteRequest {
  AccountId taker;
  MarketId market;
  OptionType type = OptionType::kCall;
  std::uint8_t strike_bps = 0;
  Timestamp expiry;
  RfqSide side = RfqSide::kBuy;
  Money budget;           // buys
  std::int64_t size = 0;  // sells
  std::int64_t ttl_micros = kDefaultRequestTtlMicros;
  std::string wallet;  // "" or a lowercase 0x address
  friend bool operator==(const CreateQuoteRequest&, const CreateQuoteRequest&) = default;
};
struct CancelQuoteRequest {
  AccountId taker;
  std::uint64_t request = 0;
  friend bool operator==(const CancelQuoteRequest&, const CancelQuoteRequest&) = default;
};
// Posts the maker's quote on a request, or updates its live one (same id).
struct PostQuote {
  AccountId maker;
  std::uint64_t request = 0;
  RfqSide side = RfqSide::kBuy;
  Money price;
  std::int64_t size = 0;
  std::int64_t expires_in_ms = 0;
  friend bool operator==(const PostQuote&, const PostQuote&) = default;
};
struct WithdrawQuote {
  AccountId maker;
  std::uint64_t quote = 0;
  friend bool operator==(const WithdrawQuote&, const WithdrawQuote&) = default;
};
// The taker commits to a quote its maker has confirmed (signature checked by the API layer):
// premium and collateral move, a position is opened, the request closes.
struct ExecuteQuote {
  AccountId taker;
  std::uint64_t request = 0;
  std::uint64_t quote = 0;
  // The quote's priority when the desk offered it to its maker (the version the maker signed):
  // a re-post since then changes it, and the execution is refused. 0: not checked (records
  // journaled before this field existed).
  std::uint64_t accepted_priority = 0;
  friend bool operator==(const ExecuteQuote&, const ExecuteQuote&) = default;
};
// Expires requests and quotes whose time has come and settles series at or past expiry.
struct OptionsTick {
  friend bool operator==(const OptionsTick&, const OptionsTick&) = default;
};

// ---- Events (appended to the venue's Event variant). ----

// The events are plain records (event.h); the payloads of the rare, large ones are kept out of
// line in the command's ExchangeOutput and referenced by index.
//
// A request for quotes was opened: `output.opened_requests[index]`.
struct OpenedQuoteRequest {
  QuoteRequest request;
  std::string question;  // the underlying market's question
};
struct QuoteRequestOpened {
  std::uint32_t index = 0;
};
struct QuoteRequestClosed {
  std::uint64_t request = 0;
  RequestStatus status = RequestStatus::kExpired;
};
// A quote was posted, updated, withdrawn, expired, executed or closed.
struct QuoteChanged {
  Quote quote;
};
// An option position was executed / settled: its state is `output.option_positions[index]`.
struct OptionExecuted {
  std::uint32_t index = 0;
};
struct OptionSettled {
  std::uint32_t index = 0;
};

}  // namespace probex::venue
