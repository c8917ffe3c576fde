#include "common/price.h"

namespace probex {

Result<Price> Price::FromMoneyTradeable(Money amount) {
  if (!amount.HasAtMostDecimals(2)) {
    return MakeError("invalid_price", "price must have at most 2 decimal places");
  }
  std::int64_t cents = amount.units() / 1'000'000;
  if (cents < kMinTradeable || cents > kMaxTradeable) {
    return MakeError("invalid_price", "price must be strictly between 0 and 1");
  }
  return Price(static_cast<int>(cents));
}

Result<Price> Price::ParseTradeable(std::string_view text) {
  auto money = Money::Parse(text);
  if (!money.ok()) return MakeError("invalid_price", money.error().message);
  return FromMoneyTradeable(*money);
}

std::string Price::ToString() const {
  return Money::FromUnits(cents_ * 1'000'000LL).ToPlainString();
}

}  // namespace probex
