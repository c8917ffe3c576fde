#include "venue/api/errors.h"

#include <string>

#include "net/json_writer.h"

namespace probex::venue::api {

net::HttpResponse ErrorResponse(int status, std::string_view error_type, std::string_view message,
                                std::string_view code) {
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject().Field("error", error_type).Field("message", message);
  if (!code.empty()) w.Field("code", code);
  w.EndObject();
  return net::HttpResponse::Json(status, std::move(body));
}

net::HttpResponse BadRequest(std::string_view message, std::string_view code) {
  return ErrorResponse(400, "BadRequest", message, code);
}
net::HttpResponse Unauthorized(std::string_view message) {
  return ErrorResponse(401, "Unauthorized", message, "unauthorized");
}
net::HttpResponse Forbidden(std::string_view message, std::string_view code) {
  return ErrorResponse(403, "Forbidden", message, code);
}
net::HttpResponse NotFound(std::string_view message, std::string_view code) {
  return ErrorResponse(404, "NotFound", message, code);
}
net::HttpResponse Conflict(std::string_view message, std::string_view code) {
  return ErrorResponse(409, "Conflict", message, code);
}
net::HttpResponse ServiceUnavailable(std::string_view message, std::string_view code) {
  return ErrorResponse(503, "ServiceUnavailable", message, code);
}

net::HttpResponse RateLimited(std::string_view rule, std::int64_t retry_after_ms) {
  const std::int64_t seconds = retry_after_ms <= 0 ? 1 : (retry_after_ms + 999) / 1000;
  net::HttpResponse r =
      ErrorResponse(429, "RateLimited",
                    "rate limit '" + std::string(rule) + "' exceeded; retry after " +
                        std::to_string(seconds) + "s",
                    "rate_limited");
  r.SetHeader("Retry-After", std::to_string(seconds));
  return r;
}

net::HttpResponse FieldErrorResponse(const net::FieldErrors& errors) {
  const net::FieldError& e = errors.errors().front();
  return BadRequest(e.message, e.code);
}

net::HttpResponse JsonErrorResponse(const Error& error) {
  return BadRequest(error.message, error.code);
}

net::HttpResponse RejectResponse(RejectCode code) {
  const std::string_view name = RejectCodeName(code);
  switch (code) {
    case RejectCode::kNone:
      return ErrorResponse(500, "InternalError", "a successful command was reported as an error");
    case RejectCode::kUnknownAccount:
      return NotFound("account not found", name);
    case RejectCode::kUnknownMarket:
      return NotFound("market not found", name);
    case RejectCode::kMarketNotActive:
      return BadRequest("market is not ACTIVE", name);
    case RejectCode::kNotOrderBookMarket:
      return BadRequest("market is not an ORDER_BOOK market", name);
    case RejectCode::kInvalidOutcome:
      return BadRequest("outcome does not name one of the market's outcomes", name);
    case RejectCode::kInvalidSide:
      return BadRequest("side must be \"bid\" or \"ask\"", name);
    case RejectCode::kInvalidOrderType:
      return BadRequest("type must be Limit, Market, StopLoss or TakeProfit", name);
    case RejectCode::kInvalidPrice:
      return BadRequest("price must be strictly between 0 and 1 with at most 2 decimals", name);
    case RejectCode::kPriceRequired:
      return BadRequest("price is required for Limit orders", name);
    case RejectCode::kPriceNotAllowed:
      return BadRequest("price is only allowed on Limit orders", name);
    case RejectCode::kInvalidTriggerPrice:
      return BadRequest("triggerPrice must be strictly between 0 and 1 with at most 2 decimals",
                        name);
    case RejectCode::kTriggerPriceRequired:
      return BadRequest("triggerPrice is required for StopLoss and TakeProfit orders", name);
    case RejectCode::kTriggerPriceNotAllowed:
      return BadRequest("triggerPrice is only allowed on StopLoss and TakeProfit orders", name);
    case RejectCode::kInvalidQuantity:
      return BadRequest("quantity must be a positive integer (at most 100000000)", name);
    case RejectCode::kQuantityAndQuoteQuantity:
      return BadRequest("quantity and quoteQuantity are mutually exclusive", name);
    case RejectCode::kNoQuantityOrQuoteQuantity:
      return BadRequest("one of quantity or quoteQuantity is required", name);
    case RejectCode::kInvalidQuoteQuantity:
      return BadRequest("quoteQuantity must be at least 0.0001 with at most 2 decimals", name);
    case RejectCode::kQuoteQuantityNotAllowed:
      return BadRequest("quoteQuantity is only allowed on Market, StopLoss and TakeProfit bids",
                        name);
    case RejectCode::kInsufficientBalance:
      return BadRequest("insufficient balance", name);
    case RejectCode::kOrderNotFound:
      return NotFound("order not found among your open orders in this market", name);
    case RejectCode::kInvalidAmount:
      return BadRequest("amount must be positive and within the venue's limits", name);
    case RejectCode::kWithdrawalNotFound:
      return NotFound("withdrawal not found or already decided", name);
    case RejectCode::kInvalidFeeRate:
      return BadRequest("feeRate must be within 0..0.5", name);
    case RejectCode::kInvalidMarketDefinition:
      return BadRequest(
          "invalid market: question and two distinct outcome labels are required (at most 4096 "
          "bytes each) and endTime must be in the future",
          name);
    case RejectCode::kMarketAlreadySettled:
      return Conflict("market is already resolved or voided", name);
    case RejectCode::kInvalidMarketType:
      return BadRequest("type must be POOL or ORDER_BOOK", name);
    case RejectCode::kInvalidUsername:
      return BadRequest("username must be 3..32 characters of A-Z, a-z, 0-9, _ . -", name);
    case RejectCode::kUsernameTaken:
      return Conflict("username is taken", name);
    case RejectCode::kInvalidApiKey:
      return BadRequest("invalid API key definition (scopes must not be empty)", name);
    case RejectCode::kDuplicateApiKey:
      return Conflict("an API key with the same secret exists", name);
    case RejectCode::kApiKeyNotFound:
      return NotFound("API key not found among your live keys", name);
    case RejectCode::kInvalidRateTier:
      return BadRequest("rate tier must be [a-z0-9_-], at most 32 characters", name);
    case RejectCode::kIdempotencyConflict:
      return Conflict("idempotencyKey was already used with a different payload", name);
    case RejectCode::kInvalidDestination:
      return BadRequest("destination is at most 256 bytes and idempotencyKey at most 128", name);
    case RejectCode::kOrdersDisabled:
      return ServiceUnavailable("order placement is temporarily disabled by the operator", name);
    case RejectCode::kUnknownRound:
      return NotFound("round not found", name);
    case RejectCode::kInvalidRoundDefinition:
      return BadRequest(
          "invalid round: asset is 1..10 of A-Z 0-9; openStartsAt < heatmapStartsAt ≤ "
          "lockedStartsAt < resolvesAt with resolvesAt in the future; entryFeeBlind > 0; "
          "heatmapFeeMultiplier within 1..100; platformFeeRate within 0..0.5",
          name);
    case RejectCode::kRoundLocked:
      return BadRequest("the round is LOCKED: predictions are closed", name);
    case RejectCode::kRoundClosed:
      return BadRequest("the round is already RESOLVED or VOIDED", name);
    case RejectCode::kRoundAlreadySettled:
      return Conflict("the round is already resolved or voided", name);
    case RejectCode::kInvalidPrediction:
      return BadRequest(
          "predictedPrice must be within 0..1000000000 with at most 8 decimals and "
          "idempotencyKey at most 128 bytes",
          name);
    case RejectCode::kCtmDisabled:
      return ServiceUnavailable("CTM is temporarily disabled by the operator", name);
    case RejectCode::kInvalidOraclePrice:
      return BadRequest(
          "asset must be 1..10 of A-Z 0-9 and prices must satisfy 0 < bid <= price <= ask <= "
          "1000000000",
          name);
    case RejectCode::kInvalidSchedule:
      return BadRequest("invalid CTM schedule", name);
    case RejectCode::kBettingDisabled:
      return ServiceUnavailable("betting is temporarily disabled by the operator", name);
    case RejectCode::kNotPoolMarket:
      return BadRequest("market is not a POOL market: use /api/v1/orders for ORDER_BOOK markets",
                        name);
    case RejectCode::kInvalidBetAmount:
      return BadRequest("amount must be at least 0.0001 and at most 1000000000", name);
    case RejectCode::kInvalidIdempotencyKey:
      return BadRequest("idempotencyKey must be 1..128 bytes", name);
    case RejectCode::kInvalidBettingSettings:
      return ErrorResponse(500, "InternalError",
                           "the venue's betting settings are invalid (fee rate 0..0.5, weight "
                           "floor 0.0001..1)",
                           name);
    // Options RFQ desk codes (its own API answers them in the Convallax shape, options_errors.h).
    case RejectCode::kRequestNotFound:
    case RejectCode::kQuoteNotFound:
      return NotFound(name, name);
    case RejectCode::kRequestClosed:
    case RejectCode::kQuoteNotLive:
      return Conflict(name, name);
    case RejectCode::kSideMismatch:
    case RejectCode::kSizeTooSmall:
    case RejectCode::kPriceOutOfRange:
    case RejectCode::kNoArbitrage:
    case RejectCode::kInsufficientCollateral:
    case RejectCode::kInvalidOption:
    case RejectCode::kInvalidTrade:
    case RejectCode::kInvalidWallet:
    case RejectCode::kInvalidQuote:
      return BadRequest(name, name);
  }
  return ErrorResponse(500, "InternalError", "unknown reject code", name);
}

net::HttpResponse EngineErrorResponse(const Error& error) {
  return ServiceUnavailable(error.message, error.code);
}

}  // namespace probex::venue::api
