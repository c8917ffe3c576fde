#include "venue/domain/options.h"

namespace probex::venue {

std::string_view OptionTypeName(OptionType type) {
  return type == OptionType::kCall ? "call" : "put";
}

std::string_view RfqSideName(RfqSide side) { return side == RfqSide::kBuy ? "buy" : "sell"; }

std::string_view RequestStatusName(RequestStatus status) {
  switch (status) {
    case RequestStatus::kOpen:
      return "open";
    case RequestStatus::kCommitted:
      return "committed";
    case RequestStatus::kExpired:
      return "expired";
    case RequestStatus::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string_view QuoteStatusName(QuoteStatus status) {
  switch (status) {
    case QuoteStatus::kLive:
      return "live";
    case QuoteStatus::kWithdrawn:
      return "withdrawn";
    case QuoteStatus::kExpired:
      return "expired";
    case QuoteStatus::kExecuted:
      return "executed";
    case QuoteStatus::kClosed:
      return "closed";
  }
  return "unknown";
}

std::string_view SettlementSourceName(SettlementSource source) {
  switch (source) {
    case SettlementSource::kVwap:
      return "vwap";
    case SettlementSource::kResolved:
      return "resolved";
    case SettlementSource::kLastTrade:
      return "last_trade";
    case SettlementSource::kNoTrades:
      return "no_trades";
  }
  return "unknown";
}

unsigned __int128 SeriesIdOf(const SeriesKey& key) {
  return (static_cast<unsigned __int128>(key.market.value()) << 80) |
         (static_cast<unsigned __int128>(key.type) << 72) |
         (static_cast<unsigned __int128>(key.strike_bps) << 64) |
         static_cast<std::uint64_t>(key.expiry.millis());
}

std::string SeriesIdText(const SeriesKey& key) {
  unsigned __int128 v = SeriesIdOf(key);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  return digits;
}

std::optional<SeriesKey> ParseSeriesId(std::string_view decimal) {
  if (decimal.empty() || decimal.size() > 38) return std::nullopt;
  unsigned __int128 v = 0;
  for (char c : decimal) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  const unsigned __int128 market = v >> 80;
  const unsigned type = static_cast<unsigned>((v >> 72) & 0xFF);
  const unsigned strike = static_cast<unsigned>((v >> 64) & 0xFF);
  const std::uint64_t ms = static_cast<std::uint64_t>(v);
  if (market == 0 || market > 0xFFFFFFFFu || type > 1 || !ValidStrike(static_cast<int>(strike)) ||
      ms > static_cast<std::uint64_t>(INT64_MAX / 1000)) {
    return std::nullopt;
  }
  SeriesKey key{MarketId(static_cast<std::uint32_t>(market)), static_cast<OptionType>(type),
                static_cast<std::uint8_t>(strike),
                Timestamp::FromMillis(static_cast<std::int64_t>(ms))};
  if (SeriesIdOf(key) != v) return std::nullopt;
  return key;
}

bool ValidStrike(int strike_bps) {
  return strike_bps >= kMinStrike && strike_bps <= kMaxStrike && strike_bps % 5 == 0;
}

Money MaxPayoff(OptionType type, int strike_bps) {
  const int cents = type == OptionType::kCall ? 100 - strike_bps : strike_bps;
  return Money::FromUnits(static_cast<std::int64_t>(cents) * (Money::kScale / 100));
}

Money Payoff(OptionType type, int strike_bps, int s_cents) {
  int cents = type == OptionType::kCall ? s_cents - strike_bps : strike_bps - s_cents;
  if (cents < 0) cents = 0;
  return Money::FromUnits(static_cast<std::int64_t>(cents) * (Money::kScale / 100));
}

}  // namespace probex::venue
