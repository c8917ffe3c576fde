// Identifiers of the venue's domain objects. Accounts and markets are dense (1, 2, 3, ...), so
// `value() - 1` indexes their tables; orders, trades and withdrawals count up from 1 as well.
#pragma once

#include <cstdint>

#include "common/strong_id.h"

namespace probex::venue {

struct AccountIdTag {};
struct MarketIdTag {};
struct OrderIdTag {};
struct TradeIdTag {};
struct WithdrawalIdTag {};

using AccountId = StrongId<AccountIdTag, std::uint32_t>;
using MarketId = StrongId<MarketIdTag, std::uint32_t>;
using OrderId = StrongId<OrderIdTag, std::uint64_t>;
using TradeId = StrongId<TradeIdTag, std::uint64_t>;
using WithdrawalId = StrongId<WithdrawalIdTag, std::uint64_t>;

}  // namespace probex::venue
