#include "venue/api/pool_odds.h"

#include <string>

namespace probex::venue::api {

void WritePoolRatio(net::JsonWriter& w, Money numerator, Money denominator) {
  if (!denominator.is_positive()) {
    w.Null();
    return;
  }
  const auto scaled = static_cast<__int128>(numerator.units()) * kWeightScale / denominator.units();
  const auto whole = static_cast<std::int64_t>(scaled / kWeightScale);
  std::string fraction = std::to_string(static_cast<std::int64_t>(scaled % kWeightScale));
  fraction.insert(0, 4 - fraction.size(), '0');
  w.String(std::to_string(whole) + "." + fraction);
}

void WritePoolOutcomeOdds(net::JsonWriter& w, const PoolMarket& pool, int index) {
  w.Key("share");
  WritePoolRatio(w, pool.pools[index], pool.total());
  w.Key("odds");
  WritePoolRatio(w, pool.total() - pool.fees, pool.pools[index]);
}

}  // namespace probex::venue::api
