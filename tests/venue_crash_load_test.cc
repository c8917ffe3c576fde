// SIGKILL under load: several clients place and cancel orders over keep-alive HTTP while the
// venue is killed at a random moment; after the restart every acknowledged placement is resting,
// every acknowledged cancel is gone, nothing appears that was never sent, and each account's
// locked cash equals the worst-case need of exactly the orders that survived. Repeated over
// several kill/restart cycles on the same data directory.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

constexpr int kClients = 4;
constexpr int kCycles = 5;
constexpr std::int64_t kFeeBasisPoints = 200;  // CreateMarket uses feeRate 0.02

// What one client knows about its own orders from the answers it received.
struct ClientLedger {
  std::string key;
  std::string user;
  std::map<std::string, std::string> acked_open;  // order id → market id
  std::set<std::string> acked_cancelled;
  // Orders whose cancel was in flight when the venue died: either state is fine.
  std::set<std::string> uncertain;
  int in_flight_placements = 0;  // placements sent but not answered when the venue died
};

class VenueCrashLoadTest : public VenueFixture {};

// One client's load: bids on both outcomes at prices that never cross (≤ 0.45 on each side, so
// YES bids stay below the 0.55 implied by NO bids), every third operation cancelling one of its
// acknowledged orders. Stops at the first transport error (the venue died).
void RunClient(std::uint16_t port, ClientLedger& ledger, const std::vector<std::string>& markets,
               unsigned seed, std::atomic<int>& acks) {
  VenueClient api(port, ledger.key);
  std::mt19937 rng(seed);
  for (int op = 0;; ++op) {
    if (op % 3 == 2 && !ledger.acked_open.empty()) {
      auto it = ledger.acked_open.begin();
      std::advance(it, static_cast<long>(rng() % ledger.acked_open.size()));
      const std::string id = it->first;
      const std::string market = it->second;
      Reply r = api.Delete("/api/v1/orders",
                           R"({"marketId":")" + market + R"(","orderIds":[")" + id + R"("]})");
      if (r.status == -1) {
        ledger.uncertain.insert(id);
        ledger.acked_open.erase(id);
        return;
      }
      ASSERT_EQ(r.status, 200) << r.body;
      ledger.acked_open.erase(id);
      ledger.acked_cancelled.insert(id);
      acks.fetch_add(1);
      continue;
    }
    const std::string& market = markets[rng() % markets.size()];
    const int cents = 1 + static_cast<int>(rng() % 45);
    const int quantity = 1 + static_cast<int>(rng() % 20);
    const char* outcome = rng() % 2 == 0 ? "Yes" : "No";
    const std::string body = R"({"marketId":")" + market + R"(","outcome":")" + outcome +
                             R"(","side":"bid","type":"Limit","price":0.)" +
                             (cents < 10 ? "0" : "") + std::to_string(cents) + R"(,"quantity":)" +
                             std::to_string(quantity) + "}";
    Reply r = api.Post("/api/v1/orders", body);
    if (r.status == -1) {
      ++ledger.in_flight_placements;
      return;
    }
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_EQ(r.Str("/order/status"), "Placed") << r.body;
    ledger.acked_open[r.Str("/order/id")] = market;
    acks.fetch_add(1);
  }
}

// The cash a resting bid of `quantity` at `cents` locks: price plus the fee at 2% × min(p, 1−p);
// every price here is ≤ 0.45, so min(p, 1−p) = p. In Money units (1e-8 CC).
std::int64_t LockUnits(std::int64_t cents, std::int64_t quantity) {
  return quantity * cents * (10'000 + kFeeBasisPoints) * 100;
}

TEST_F(VenueCrashLoadTest, SigkillUnderLoadLosesNoAcknowledgedOrderOrCancel) {
  const std::vector<std::string> markets = {CreateMarket("Crash load A?"),
                                            CreateMarket("Crash load B?")};
  const std::string deposit = "100000";
  std::vector<ClientLedger> clients(kClients);
  for (int c = 0; c < kClients; ++c) {
    clients[c].user = CreateUser("load" + std::to_string(c));
    clients[c].key = IssueKey(clients[c].user);
    Deposit(clients[c].user, deposit);
  }

  std::mt19937 rng(20261122);
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle));
    std::atomic<int> acks{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c) {
      threads.emplace_back(RunClient, venue_->port(), std::ref(clients[c]), std::cref(markets),
                           static_cast<unsigned>(rng()), std::ref(acks));
    }
    // Kill at a random point once the load is under way.
    const int kill_after = 100 + static_cast<int>(rng() % 900);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (acks.load() < kill_after && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ASSERT_GE(acks.load(), kill_after) << "the load did not get going";
    venue_->Restart();  // SIGKILL while requests are in flight, then start on the same data
    for (auto& t : threads) t.join();
    Reconnect();

    for (int c = 0; c < kClients; ++c) {
      SCOPED_TRACE("client " + std::to_string(c));
      ClientLedger& ledger = clients[c];
      VenueClient api(venue_->port(), ledger.key);
      std::set<std::string> resting;
      std::int64_t locked_units = 0;
      std::map<std::string, std::string> market_of_resting;
      for (const std::string& market : markets) {
        Reply open = api.Get("/api/v1/orders?limit=1000&marketId=" + market);
        ASSERT_EQ(open.status, 200) << open.body;
        const auto& orders = open.json.at("orders").as_array();
        ASSERT_EQ(open.Int("/total"), static_cast<std::int64_t>(orders.size())) << "one page";
        for (const auto& o : orders) {
          const std::string id(o.at("id").as_string());
          resting.insert(id);
          market_of_resting[id] = market;
          const auto cents = std::llround(o.at("price").to_number<double>() * 100);
          locked_units += LockUnits(cents, o.at("quantity").to_number<std::int64_t>());
        }
      }
      for (const auto& [id, market] : ledger.acked_open) {
        EXPECT_TRUE(resting.count(id)) << "acknowledged order " << id << " lost";
      }
      for (const auto& id : ledger.acked_cancelled) {
        EXPECT_FALSE(resting.count(id)) << "acknowledged cancel of " << id << " undone";
      }
      // Anything else resting must be an unanswered request of this client: at most one.
      int unexplained = 0;
      for (const auto& id : resting) {
        if (ledger.acked_open.count(id)) continue;
        if (ledger.uncertain.count(id)) {
          ledger.acked_open[id] = market_of_resting[id];  // the cancel did not make it: resting
          continue;
        }
        ++unexplained;
        ledger.acked_open[id] = market_of_resting[id];  // a placement journaled, answer lost
      }
      EXPECT_LE(unexplained, ledger.in_flight_placements);
      for (const auto& id : ledger.uncertain) {
        if (!resting.count(id)) ledger.acked_cancelled.insert(id);
      }
      ledger.uncertain.clear();
      ledger.in_flight_placements = 0;

      Reply balance = api.Get("/api/v1/balance");
      ASSERT_EQ(balance.status, 200) << balance.body;
      EXPECT_EQ(balance.MoneyAt("/balance/lockedEngine"), Money::FromUnits(locked_units))
          << balance.body;
      EXPECT_EQ(balance.MoneyAt("/balance/available") + balance.MoneyAt("/balance/lockedEngine"),
                M(deposit))
          << balance.body;
    }
  }
}

}  // namespace
}  // namespace probex::testing
