#include "bookmaker/domain/odds.h"

namespace probex::bookmaker {

Result<Odds> Odds::Parse(std::string_view text) {
  Result<Money> money = Money::Parse(text);
  if (!money.ok()) return MakeError("invalid_odds", "odds must be a decimal number");
  if (!money->HasAtMostDecimals(3)) {
    return MakeError("invalid_odds", "odds have at most 3 decimals");
  }
  std::int64_t t = money->units() / 100'000;
  if (t < kMinThousandths || t > kMaxThousandths) {
    return MakeError("invalid_odds", "odds must be within 1.001 and 1000");
  }
  return Odds(t);
}

std::string Odds::ToString() const { return ToMoney().ToPlainString(); }

}  // namespace probex::bookmaker
