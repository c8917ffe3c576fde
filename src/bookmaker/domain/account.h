// Account: one bettor's wallet at the book (one per API key): balance and stake bounds.
// Thread rule: plain value type.
#pragma once

#include <cstdint>
#include <string>

#include "common/money.h"
#include "common/time.h"

namespace probex::bookmaker {

struct Account {
  std::int64_t account_id = 0;
  std::string name;
  Money balance;
  Money min_stake;
  Money max_stake;
  Timestamp created_at;
};

}  // namespace probex::bookmaker
