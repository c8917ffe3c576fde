#include "venue/domain/reject_code.h"

namespace probex::venue {

std::string_view RejectCodeName(RejectCode code) {
  switch (code) {
    case RejectCode::kNone:
      return "none";
    case RejectCode::kUnknownAccount:
      return "unknown_account";
    case RejectCode::kUnknownMarket:
      return "unknown_market";
    case RejectCode::kMarketNotActive:
      return "market_not_active";
    case RejectCode::kNotOrderBookMarket:
      return "not_order_book_market";
    case RejectCode::kInvalidOutcome:
      return "invalid_outcome";
    case RejectCode::kInvalidSide:
      return "invalid_side";
    case RejectCode::kInvalidOrderType:
      return "invalid_order_type";
    case RejectCode::kInvalidPrice:
      return "invalid_price";
    case RejectCode::kPriceRequired:
      return "price_required";
    case RejectCode::kPriceNotAllowed:
      return "price_not_allowed";
    case RejectCode::kInvalidTriggerPrice:
      return "invalid_trigger_price";
    case RejectCode::kTriggerPriceRequired:
      return "trigger_price_required";
    case RejectCode::kTriggerPriceNotAllowed:
      return "trigger_price_not_allowed";
    case RejectCode::kInvalidQuantity:
      return "invalid_quantity";
    case RejectCode::kQuantityAndQuoteQuantity:
      return "quantity_and_quote_quantity";
    case RejectCode::kNoQuantityOrQuoteQuantity:
      return "no_quantity_or_quote_quantity";
    case RejectCode::kInvalidQuoteQuantity:
      return "invalid_quote_quantity";
    case RejectCode::kQuoteQuantityNotAllowed:
      return "quote_quantity_not_allowed";
    case RejectCode::kInsufficientBalance:
      return "insufficient_balance";
    case RejectCode::kOrderNotFound:
      return "order_not_found";
    case RejectCode::kInvalidAmount:
      return "invalid_amount";
    case RejectCode::kWithdrawalNotFound:
      return "withdrawal_not_found";
    case RejectCode::kInvalidFeeRate:
      return "invalid_fee_rate";
    case RejectCode::kInvalidMarketDefinition:
      return "invalid_market_definition";
    case RejectCode::kMarketAlreadySettled:
      return "market_already_settled";
    case RejectCode::kInvalidMarketType:
      return "invalid_market_type";
    case RejectCode::kInvalidUsername:
      return "invalid_username";
    case RejectCode::kUsernameTaken:
      return "username_taken";
    case RejectCode::kInvalidApiKey:
      return "invalid_api_key";
    case RejectCode::kDuplicateApiKey:
      return "duplicate_api_key";
    case RejectCode::kApiKeyNotFound:
      return "api_key_not_found";
    case RejectCode::kInvalidRateTier:
      return "invalid_rate_tier";
    case RejectCode::kIdempotencyConflict:
      return "idempotency_conflict";
    case RejectCode::kInvalidDestination:
      return "invalid_destination";
    case RejectCode::kOrdersDisabled:
      return "orders_disabled";
    case RejectCode::kBettingDisabled:
      return "betting_disabled";
    case RejectCode::kNotPoolMarket:
      return "not_pool_market";
    case RejectCode::kInvalidBetAmount:
      return "invalid_bet_amount";
    case RejectCode::kInvalidIdempotencyKey:
      return "invalid_idempotency_key";
    case RejectCode::kInvalidBettingSettings:
      return "invalid_betting_settings";
  }
  return "unknown";
}

}  // namespace probex::venue
