// Price: a probability price in whole cents, 1..99 for tradeable prices (0 and 100 are reserved
// for resolution). Order books key their levels by it. Thread rule: plain value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/result.h"

namespace probex {

class Price {
 public:
  static constexpr int kMinTradeable = 1;
  static constexpr int kMaxTradeable = 99;
  static constexpr int kOne = 100;  // 1.00 in cents

  constexpr Price() = default;
  static constexpr Price FromCents(int cents) { return Price(cents); }

  // Exact parse of a decimal ("0.62", "6.2e-1"): at most 2 decimals, strictly inside (0, 1).
  static Result<Price> ParseTradeable(std::string_view text);
  // From an exact Money amount: at most 2 decimals, strictly inside (0, 1).
  static Result<Price> FromMoneyTradeable(Money amount);

  constexpr int cents() const { return cents_; }
  constexpr bool tradeable() const { return cents_ >= kMinTradeable && cents_ <= kMaxTradeable; }
  // 1 − p: the same price seen from the other outcome.
  constexpr Price Complement() const { return Price(kOne - cents_); }
  Money ToMoney() const { return Money::FromUnits(static_cast<std::int64_t>(cents_) * 1'000'000); }
  // "0.62", "0.5", "1": the shortest exact decimal, as the venue prints prices.
  std::string ToString() const;

  friend constexpr auto operator<=>(Price, Price) = default;

 private:
  constexpr explicit Price(int cents) : cents_(cents) {}
  int cents_ = 0;
};

}  // namespace probex
