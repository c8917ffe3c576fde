// Market: one venue market's definition and trading status. ORDER_BOOK markets have a CLOB and
// two outcomes; POOL markets are listed here so that order placement can refuse them (their
// betting rules come with a later issue). Thread rule: plain value type.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/time.h"
#include "venue/domain/ids.h"

namespace probex::venue {

enum class MarketType : std::uint8_t { kOrderBook = 0, kPool = 1 };
enum class MarketStatus : std::uint8_t { kActive = 0, kEnded = 1, kResolved = 2, kVoided = 3 };

std::string_view MarketTypeName(MarketType type);        // "ORDER_BOOK" | "POOL"
std::string_view MarketStatusName(MarketStatus status);  // "ACTIVE" | "ENDED" | ...

inline constexpr std::uint8_t kNoOutcome = 0xFF;

struct Market {
  MarketId id;
  MarketType type = MarketType::kOrderBook;
  MarketStatus status = MarketStatus::kActive;
  std::string question;
  std::string category;
  std::array<std::string, 2> outcomes;
  Timestamp created_at;
  Timestamp end_time;  // trading stops at end_time (orders are refused from then on)
  Money fee_rate;      // e.g. 0.02
  std::uint8_t winning_outcome = kNoOutcome;
  std::uint8_t last_price = 0;  // last trade price of outcome 0 in cents; 0 = no trade yet
  std::string description;
  std::string metadata;  // a JSON object's text as the operator gave it; empty = none
};

}  // namespace probex::venue
