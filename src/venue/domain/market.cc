#include "venue/domain/market.h"

namespace probex::venue {

std::string_view MarketTypeName(MarketType type) {
  return type == MarketType::kOrderBook ? "ORDER_BOOK" : "POOL";
}

std::string_view MarketStatusName(MarketStatus status) {
  switch (status) {
    case MarketStatus::kActive:
      return "ACTIVE";
    case MarketStatus::kEnded:
      return "ENDED";
    case MarketStatus::kResolved:
      return "RESOLVED";
    case MarketStatus::kVoided:
      return "VOIDED";
  }
  return "?";
}

}  // namespace probex::venue
