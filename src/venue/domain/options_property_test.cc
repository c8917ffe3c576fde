// Seeded random runs of the options desk's commands mixed with the order book trades that price
// settlement, market resolutions and voids, deposits and time: after every command the venue
// invariants hold (invariants_test.h counts open option collateral in lockedEngine), a reject
// changes nothing (state hash), every command survives the codec, and a snapshot taken halfway
// plus a replay of the rest ends on the same state hash. Events are not looked at: what is
// checked is the state itself. PROBEX_SANITIZED=1 scales the runs down for the ASan build.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "venue/domain/exchange.h"
#include "venue/domain/invariants_test.h"

namespace probex::venue {
namespace {

bool Sanitized() {
  const char* v = std::getenv("PROBEX_SANITIZED");
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

Money Cents(std::int64_t c) { return Money::FromUnits(c * 1'000'000); }
Money Whole(std::int64_t w) { return Money::FromUnits(w * Money::kScale); }

class OptionsCommandSource {
 public:
  OptionsCommandSource(std::uint64_t seed, int accounts) : rng_(seed), accounts_(accounts) {}

  Exchange::Command Next(const Exchange& x) {
    if (x.ledger().account_count() < static_cast<std::size_t>(accounts_)) return CreateAccount{};
    std::vector<MarketId> active;
    for (const Market& m : x.markets()) {
      if (m.status == MarketStatus::kActive && m.type == MarketType::kOrderBook) {
        active.push_back(m.id);
      }
    }
    if (active.size() < 2) {
      CreateMarket c;
      c.type = MarketType::kOrderBook;
      c.question = "q" + std::to_string(x.markets().size());
      c.category = "prop";
      c.outcomes = {"YES", "NO"};
      c.end_time = now_.PlusSeconds(3'000 + Pick(6'000));
      c.fee_rate = Cents(Pick(3));
      return c;
    }
    const AccountId account(1 + Pick(accounts_));
    const MarketId market = active[Pick(static_cast<int>(active.size()))];
    const int r = Pick(1000);
    if (r < 40) return Deposit{account, Whole(1 + Pick(300))};
    if (r < 60) return AdvanceTime{};
    if (r < 110) return OptionsTick{};
    if (r < 113) return ResolveMarket{market, static_cast<std::uint8_t>(Pick(2))};
    if (r < 115) return VoidMarket{market};
    if (r < 118) return EndMarket{market};
    if (r < 130) {
      RegisterMakerWallet c;
      c.account = account;
      c.wallet = "0x" + std::string(40, "0123456789abcdef"[Pick(16)]);
      if (Pick(20) == 0) c.wallet = "0xnot-a-wallet";
      return c;
    }
    if (r < 400) return RandomOrder(x, account, market);
    if (r < 520) return RandomRequest(account, market);
    if (r < 800) return RandomQuote(x, account);
    if (r < 840) {
      const auto& quotes = x.options().quotes();
      WithdrawQuote c;
      c.maker = account;
      c.quote = quotes.empty() ? 1 + Pick(100) : quotes[Pick(static_cast<int>(quotes.size()))].id;
      if (!quotes.empty() && Pick(2) == 0) {
        c.maker = quotes[Pick(static_cast<int>(quotes.size()))].maker;
      }
      return c;
    }
    if (r < 870) {
      const auto& requests = x.options().requests();
      CancelQuoteRequest c;
      c.taker = account;
      c.request =
          requests.empty() ? 1 + Pick(100) : requests[Pick(static_cast<int>(requests.size()))].id;
      const QuoteRequest* req = x.options().FindRequest(c.request);
      if (req != nullptr && Pick(2) == 0) c.taker = req->taker;
      return c;
    }
    return RandomExecution(x, account);
  }

  void Advance() { now_ = now_.PlusMillis(1 + Pick(20'000)); }
  Timestamp now() const { return now_; }

 private:
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }

  // Limit orders near 50 and crossing ones: the trades settlement prices come from.
  Exchange::Command RandomOrder(const Exchange&, AccountId account, MarketId market) {
    PlaceOrder c;
    c.account = account;
    c.market = market;
    c.outcome = static_cast<std::uint8_t>(Pick(2));
    c.side = Pick(2) == 0 ? OrderSide::kBid : OrderSide::kAsk;
    c.type = Pick(5) == 0 ? OrderType::kMarket : OrderType::kLimit;
    if (c.type == OrderType::kLimit) c.price = Cents(30 + Pick(41));
    c.quantity = Whole(1 + Pick(20));
    return c;
  }

  Exchange::Command RandomRequest(AccountId account, MarketId market) {
    CreateQuoteRequest c;
    c.taker = account;
    c.market = Pick(50) == 0 ? MarketId(1 + Pick(50)) : market;
    c.type = Pick(2) == 0 ? OptionType::kCall : OptionType::kPut;
    c.strike_bps = static_cast<std::uint8_t>(5 * (1 + Pick(19)));
    if (Pick(40) == 0) c.strike_bps = static_cast<std::uint8_t>(Pick(100));  // often invalid
    // Expiries from the past (rejected) to past the market's end (settled on resolution).
    c.expiry = Timestamp::FromMillis((now_.millis() / 1000 + Pick(12'000) - 200) * 1000);
    c.side = Pick(3) == 0 ? RfqSide::kSell : RfqSide::kBuy;
    if (c.side == RfqSide::kBuy) {
      c.budget = Cents(Pick(30) == 0 ? 0 : 50 + Pick(5000));
    } else {
      c.size = Pick(30) == 0 ? 0 : 1 + Pick(200);
    }
    c.ttl_micros = (1 + Pick(600)) * 1'000'000LL;
    return c;
  }

  Exchange::Command RandomQuote(const Exchange& x, AccountId account) {
    const auto& open = x.options().open_requests();
    PostQuote c;
    c.maker = account;
    if (open.empty() || Pick(20) == 0) {
      c.request = 1 + Pick(200);
    } else {
      auto it = open.begin();
      std::advance(it, Pick(static_cast<int>(open.size())));
      c.request = *it;
    }
    const QuoteRequest* req = x.options().FindRequest(c.request);
    c.side = req != nullptr && Pick(15) != 0 ? req->side
                                             : (Pick(2) == 0 ? RfqSide::kBuy : RfqSide::kSell);
    // Prices in whole cents and, now and then, with 7 decimals (rejected) or above the payoff.
    c.price = Cents(1 + Pick(60));
    if (Pick(40) == 0) c.price = Money::FromUnits(c.price.units() + 10);
    if (req != nullptr) {
      c.size = req->side == RfqSide::kSell ? req->size : 1 + Pick(2'000);
    } else {
      c.size = 1 + Pick(500);
    }
    if (Pick(10) == 0) c.size = Pick(30);
    c.expires_in_ms = Pick(30) == 0 ? 0 : 1'000 + Pick(600'000);
    return c;
  }

  // The taker commits to a live quote on its request (the API layer checked the signature).
  Exchange::Command RandomExecution(const Exchange& x, AccountId account) {
    ExecuteQuote c;
    c.taker = account;
    const auto& open = x.options().open_requests();
    if (open.empty() || Pick(10) == 0) {
      c.request = 1 + Pick(200);
      c.quote = 1 + Pick(200);
      return c;
    }
    auto it = open.begin();
    std::advance(it, Pick(static_cast<int>(open.size())));
    c.request = *it;
    const QuoteRequest* req = x.options().FindRequest(c.request);
    if (Pick(8) != 0) c.taker = req->taker;
    const auto& quotes = x.options().QuotesOf(c.request);
    c.quote = quotes.empty() || Pick(15) == 0 ? 1 + Pick(200)
                                              : quotes[Pick(static_cast<int>(quotes.size()))];
    return c;
  }

  std::mt19937_64 rng_;
  int accounts_;
  Timestamp now_ = Timestamp::FromSeconds(1'800'000'000);
};

struct OptionsRun {
  std::uint64_t rejects = 0;
  std::uint64_t final_hash = 0;
  std::size_t positions = 0;
  std::size_t settled = 0;
  std::size_t paid = 0;  // settled with a payout to the holder
};

OptionsRun RunOptions(std::uint64_t seed, int commands, bool check_every_command,
                      std::vector<Exchange::Command>* log = nullptr,
                      std::vector<Timestamp>* times = nullptr) {
  Exchange x;
  Exchange::Output out;
  OptionsCommandSource source(seed, 10);
  OptionsRun run;
  std::string bytes;
  for (int i = 0; i < commands; ++i) {
    Exchange::Command c = source.Next(x);
    source.Advance();
    if (log != nullptr) log->push_back(c);
    if (times != nullptr) times->push_back(source.now());
    auto step = testing::ApplyChecked(x, c, static_cast<std::uint64_t>(i + 1), source.now(), out,
                                      check_every_command, bytes);
    if (!step) {
      ADD_FAILURE() << step.message();
      return run;
    }
    run.rejects += !out.ok();
  }
  for (const OptionPosition& p : x.options().positions()) {
    ++run.positions;
    // An open position always has a series still to settle (else its collateral is stuck).
    if (!p.settled) {
      const Series* series = x.options().FindSeries(p.series);
      EXPECT_TRUE(series != nullptr && !series->settled) << "position " << p.id;
    }
    run.settled += p.settled;
    run.paid += p.settled && p.payout.units() > 0;
    // A settled position paid the holder at most its collateral, exactly S − K (or K − S) each.
    if (p.settled) {
      const int s = p.settlement_price;
      const int k = p.series.strike_bps;
      const int per = p.series.type == OptionType::kCall ? std::max(0, s - k) : std::max(0, k - s);
      EXPECT_EQ(p.payout.units(), per * 1'000'000LL * p.quantity) << "position " << p.id;
      EXPECT_LE(p.payout.units(), p.collateral.units()) << "position " << p.id;
    }
  }
  run.final_hash = x.StateHash();
  return run;
}

TEST(OptionsPropertyTest, InvariantsHoldAfterEveryRandomOptionsCommand) {
  const int commands = Sanitized() ? 6'000 : 12'000;
  std::size_t positions = 0, settled = 0, paid = 0;
  std::uint64_t rejects = 0;
  for (std::uint64_t seed : {11ull, 12ull, 13ull}) {
    OptionsRun r = RunOptions(seed, commands / 3, /*check_every_command=*/true);
    ASSERT_FALSE(::testing::Test::HasFailure()) << "seed " << seed;
    positions += r.positions;
    settled += r.settled;
    paid += r.paid;
    rejects += r.rejects;
  }
  std::printf("options property: %zu positions, %zu settled, %zu paid, %llu rejects\n", positions,
              settled, paid, static_cast<unsigned long long>(rejects));
  // The mix must reach executions, settlements with and without payouts, and rejects.
  const auto n = static_cast<std::size_t>(commands);
  EXPECT_GT(positions, n / 300);
  EXPECT_GT(settled, n / 1200);
  EXPECT_GT(paid, n / 3000);
  EXPECT_LT(paid, settled);
  EXPECT_GT(rejects, static_cast<std::uint64_t>(commands / 50));
}

TEST(OptionsPropertyTest, SnapshotHalfwayPlusReplayEndsOnTheSameHash) {
  const int commands = Sanitized() ? 4'000 : 20'000;
  std::vector<Exchange::Command> log;
  std::vector<Timestamp> times;
  OptionsRun a = RunOptions(21, commands, false, &log, &times);
  OptionsRun b = RunOptions(21, commands, false);
  EXPECT_EQ(a.final_hash, b.final_hash);
  EXPECT_GT(a.positions, 0u);

  Exchange x;
  Exchange::Output out;
  const int half = commands / 2;
  for (int i = 0; i < half; ++i) x.Apply(log[i], i + 1, times[i], out);
  std::string snap;
  x.EncodeSnapshot(snap);
  auto restored = Exchange::DecodeSnapshot(snap);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->StateHash(), x.StateHash());
  for (int i = half; i < commands; ++i) restored->Apply(log[i], i + 1, times[i], out);
  EXPECT_EQ(restored->StateHash(), a.final_hash);
  ASSERT_TRUE(testing::CheckInvariants(*restored));
}

}  // namespace
}  // namespace probex::venue
