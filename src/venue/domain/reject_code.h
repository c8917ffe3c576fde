// RejectCode: the closed set of reasons a venue command is refused. A rejected command changes
// nothing. The API layer maps each code to an HTTP status and error body in one function.
#pragma once

#include <cstdint>
#include <string_view>

namespace probex::venue {

enum class RejectCode : std::uint8_t {
  kNone = 0,
  kUnknownAccount,
  kUnknownMarket,
  kMarketNotActive,
  kNotOrderBookMarket,
  kInvalidOutcome,
  kInvalidSide,
  kInvalidOrderType,
  kInvalidPrice,
  kPriceRequired,
  kPriceNotAllowed,
  kInvalidTriggerPrice,
  kTriggerPriceRequired,
  kTriggerPriceNotAllowed,
  kInvalidQuantity,
  kQuantityAndQuoteQuantity,   // both given
  kNoQuantityOrQuoteQuantity,  // neither given
  kInvalidQuoteQuantity,
  kQuoteQuantityNotAllowed,
  kInsufficientBalance,
  kOrderNotFound,
  kInvalidAmount,
  kWithdrawalNotFound,
  kInvalidFeeRate,
  kInvalidMarketDefinition,
  kMarketAlreadySettled,
  kInvalidMarketType,
  kInvalidUsername,      // not 3..32 characters of [A-Za-z0-9_.-]
  kUsernameTaken,        // another user has it (ignoring case)
  kInvalidApiKey,        // bad hash, prefix, name or scopes
  kDuplicateApiKey,      // a key with the same hash exists
  kApiKeyNotFound,       // unknown, revoked, or another account's key
  kInvalidRateTier,      // not [a-z0-9_-]{0,32}
  kIdempotencyConflict,  // idempotency key reused with a different payload
  kInvalidDestination,   // withdrawal destination too long
  kOrdersDisabled,       // the operator switched order placement off
  // CTM rounds and the price oracle.
  kUnknownRound,            // no CTM round with that id
  kInvalidRoundDefinition,  // bad asset, timestamps, fees or texts
  kRoundLocked,             // the round is LOCKED: no more predictions
  kRoundClosed,             // the round is RESOLVED or VOIDED
  kRoundAlreadySettled,     // void of a RESOLVED or VOIDED round
  kInvalidPrediction,       // predicted price out of range or idempotency key too long
  kCtmDisabled,             // the operator switched CTM off
  kInvalidOraclePrice,      // bad asset, or not 0 < bid ≤ price ≤ ask
  kInvalidSchedule,         // bad CTM schedule
  // Pool betting.
  kBettingDisabled,         // the operator switched pool betting off
  kNotPoolMarket,           // a bet on a market that is not a POOL market
  kInvalidBetAmount,        // below 0.0001 or above the venue's limit
  kInvalidIdempotencyKey,   // longer than 128 bytes
  kInvalidBettingSettings,  // betting fee rate outside 0..0.5 or weight floor outside 1..10000
  // Options RFQ desk.
  kRequestNotFound,         // unknown quote request (or another taker's)
  kRequestClosed,           // committed, expired or cancelled
  kSideMismatch,            // the quote's side is not the taker's
  kSizeTooSmall,            // below 50% of the requested size, or fills nothing
  kPriceOutOfRange,         // not 0 < price < 1 with at most 6 decimals
  kNoArbitrage,             // above the option's maximum payoff
  kInsufficientCollateral,  // the writer (or paying maker) lacks the funds
  kQuoteNotFound,           // unknown quote (or another maker's)
  kQuoteNotLive,            // withdrawn, expired, executed or closed
  kInvalidOption,           // bad option type, strike or expiry
  kInvalidTrade,            // bad side, budget, size or TTL
  kInvalidWallet,           // not "0x" + 40 lowercase hex digits
  kInvalidQuote,            // bad size or lifetime, or quoting one's own request
};

inline constexpr int kRejectCodeCount = static_cast<int>(RejectCode::kInvalidQuote) + 1;

// Stable snake_case name ("insufficient_balance"), used in events, logs and API error codes.
std::string_view RejectCodeName(RejectCode code);

}  // namespace probex::venue
