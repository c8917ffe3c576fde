// ExchangeWorkload: a seeded generator of realistic venue traffic for tests and benchmarks:
// setup commands (accounts, deposits, order-book markets), then about 60% limit orders near the
// touch, 30% cancels of the producer's own open orders, 10% marketable orders. Order ids come
// back through Remember() from the command callbacks. Thread rule: one instance per producer;
// Remember may be called from another thread (it locks).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <random>
#include <vector>

#include "common/money.h"
#include "venue/domain/command.h"

namespace probex::venue::engine::testing {

struct ExchangeWorkloadConfig {
  std::uint32_t accounts = 1000;
  std::uint32_t markets = 10;
  std::int64_t deposit_whole = 1'000'000;
};

// Accounts 1..accounts each get a deposit; markets 1..markets end a year after `now`.
inline std::vector<Command> ExchangeSetupCommands(const ExchangeWorkloadConfig& config,
                                                  Timestamp now) {
  std::vector<Command> commands;
  for (std::uint32_t a = 1; a <= config.accounts; ++a) commands.push_back(CreateAccount{});
  for (std::uint32_t a = 1; a <= config.accounts; ++a) {
    commands.push_back(Deposit{AccountId(a), Money::FromWhole(config.deposit_whole).value()});
  }
  for (std::uint32_t m = 1; m <= config.markets; ++m) {
    CreateMarket market;
    market.type = MarketType::kOrderBook;
    market.question = "Will event " + std::to_string(m) + " happen?";
    market.category = "bench";
    market.outcomes = {"YES", "NO"};
    market.end_time = now.PlusSeconds(365 * 24 * 3600);
    market.fee_rate = Money::FromUnits(2'000'000);  // 0.02
    commands.push_back(std::move(market));
  }
  return commands;
}

class ExchangeWorkload {
 public:
  ExchangeWorkload(ExchangeWorkloadConfig config, std::uint64_t seed)
      : config_(config), rng_(seed), mids_(config.markets, 50) {}

  Command Next() {
    const std::uint64_t roll = rng_() % 100;
    if (roll < 30) {
      std::lock_guard lock(mutex_);
      if (!open_.empty()) {
        const std::size_t i = rng_() % open_.size();
        Open order = open_[i];
        open_[i] = open_.back();
        open_.pop_back();
        return CancelOrders{order.account, order.market, {order.id}};
      }
    }
    const std::uint32_t m = static_cast<std::uint32_t>(rng_() % config_.markets);
    int& mid = mids_[m];
    if (rng_() % 16 == 0) mid = std::clamp(mid + static_cast<int>(rng_() % 3) - 1, 20, 80);
    PlaceOrder order;
    order.account = AccountId(static_cast<std::uint32_t>(1 + rng_() % config_.accounts));
    order.market = MarketId(m + 1);
    order.outcome = static_cast<std::uint8_t>(rng_() % 2);
    order.side = rng_() % 2 == 0 ? OrderSide::kBid : OrderSide::kAsk;
    order.quantity = Money::FromWhole(static_cast<std::int64_t>(1 + rng_() % 10)).value();
    const int touch = order.outcome == 0 ? mid : 100 - mid;
    const bool bid = order.side == OrderSide::kBid;
    int price;
    if (roll >= 90) {  // marketable: through the touch
      price = bid ? touch + 2 : touch - 2;
    } else {  // passive, near the touch
      const int away = 1 + static_cast<int>(rng_() % 4);
      price = bid ? touch - away : touch + away;
    }
    order.type = OrderType::kLimit;
    order.price = Money::FromCents(std::clamp(price, 1, 99)).value();
    return order;
  }

  // Records an order that rests, so a later cancel can name it.
  void Remember(AccountId account, MarketId market, OrderId id) {
    std::lock_guard lock(mutex_);
    if (open_.size() < 4096) open_.push_back({account, market, id});
  }

 private:
  struct Open {
    AccountId account;
    MarketId market;
    OrderId id;
  };

  ExchangeWorkloadConfig config_;
  std::mt19937_64 rng_;
  std::vector<int> mids_;
  std::mutex mutex_;
  std::vector<Open> open_;
};

}  // namespace probex::venue::engine::testing
