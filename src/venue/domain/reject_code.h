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
