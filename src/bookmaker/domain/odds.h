// Odds: exact decimal odds in integer thousandths (1.952 → 1952), as the feed shows them.
// A price is always > 1.000; the board rounds fair odds down to a thousandth (house-safe).
// Thread rule: plain value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/result.h"

namespace probex::bookmaker {

class Odds {
 public:
  static constexpr std::int64_t kScale = 1000;
  static constexpr std::int64_t kMinThousandths = 1001;       // 1.001
  static constexpr std::int64_t kMaxThousandths = 1'000'000;  // 1000.000

  constexpr Odds() = default;
  static constexpr Odds FromThousandths(std::int64_t t) { return Odds(t); }
  // Exact parse of "1.952" / "2" / "1.95e0": at most 3 decimals, within [1.001, 1000].
  static Result<Odds> Parse(std::string_view text);

  constexpr std::int64_t thousandths() const { return thousandths_; }
  // The same value as Money (8 decimals), for comparisons with an order's minimum price.
  Money ToMoney() const { return Money::FromUnits(thousandths_ * 100'000); }
  // Shortest exact decimal: "1.952", "2.1", "3".
  std::string ToString() const;

  friend constexpr auto operator<=>(Odds, Odds) = default;

 private:
  constexpr explicit Odds(std::int64_t t) : thousandths_(t) {}
  std::int64_t thousandths_ = 0;
};

}  // namespace probex::bookmaker
