// End-to-end: the venue's read side on the real binary — fills history (the seed's shape),
// market trades and stats, the order book with depth, positions and portfolio with hand-computed
// P&L, balance transactions with both kinds of paging, errors and scopes, and a crash-restart
// after which the read model resumes without duplicates.
#include <gtest/gtest.h>

#include <string>

#include "net/json_writer.h"
#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

class VenueReadsTest : public VenueFixture {
 protected:
  // A mint at 0.60 (A buys 10 YES, B buys 10 NO) and a transfer at 0.70 (A sells 4 YES to B).
  void TradeTwice() {
    market_ = CreateMarket("Will it rain?");
    a_ = NewTrader("alice", "100");
    b_ = NewTrader("bob", "100");
    Place(a_, "Yes", "bid", "0.60", 10);
    Place(b_, "No", "bid", "0.40", 10);
    Place(a_, "Yes", "ask", "0.70", 4);
    Place(b_, "Yes", "bid", "0.70", 4);
  }
  std::string Place(Trader& t, const std::string& outcome, const std::string& side,
                    const std::string& price, int quantity) {
    Reply r = t.api->Post("/api/v1/orders", R"({"marketId":")" + market_ + R"(","outcome":")" +
                                                outcome + R"(","side":")" + side +
                                                R"(","type":"Limit","price":)" + price +
                                                R"(,"quantity":)" + std::to_string(quantity) + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/order/id");
  }
  std::string market_;
  Trader a_;
  Trader b_;
};

TEST_F(VenueReadsTest, FillsHistoryInTheSeedsShapeNewestFirstWithPaging) {
  TradeTwice();
  Reply r = b_.api->Get("/api/v1/orders/history?marketId=" + market_);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& trades = r.json.at("trades").as_array();
  ASSERT_EQ(trades.size(), 2u) << r.body;
  // Newest first: B's YES bid at 0.70, then B's NO bid at 0.40 (the mint, in NO terms).
  EXPECT_EQ(r.Str("/trades/0/outcome"), "Yes");
  EXPECT_EQ(r.Str("/trades/0/side"), "bid");
  EXPECT_EQ(r.Str("/trades/0/type"), "Limit");
  EXPECT_EQ(net::ToJson(r.json.at_pointer("/trades/0/price")), "0.7");
  EXPECT_EQ(r.Int("/trades/0/quantity"), 4);
  EXPECT_EQ(r.Str("/trades/1/outcome"), "No");
  EXPECT_EQ(net::ToJson(r.json.at_pointer("/trades/1/price")), "0.4");
  EXPECT_EQ(r.Int("/trades/1/quantity"), 10);
  EXPECT_EQ(r.Str("/trades/1/fee"), "0.0800000000");
  EXPECT_EQ(r.Str("/trades/0/liquidity"), "taker");
  for (const auto& t : trades) {
    const auto& o = t.as_object();
    EXPECT_TRUE(o.at("tradeId").is_int64() || o.at("tradeId").is_uint64());
    EXPECT_TRUE(o.at("orderId").is_string());
    EXPECT_TRUE(ParseIso8601(o.at("createdAt").as_string()).ok());
  }
  EXPECT_TRUE(r.json.at("nextBefore").is_null());

  Reply page1 = b_.api->Get("/api/v1/orders/history?marketId=" + market_ + "&limit=1");
  ASSERT_EQ(page1.status, 200);
  ASSERT_EQ(page1.json.at("trades").as_array().size(), 1u);
  const std::string cursor = net::ToJson(page1.json.at("nextBefore"));
  Reply page2 =
      b_.api->Get("/api/v1/orders/history?marketId=" + market_ + "&limit=1&before=" + cursor);
  ASSERT_EQ(page2.status, 200) << page2.body;
  ASSERT_EQ(page2.json.at("trades").as_array().size(), 1u);
  EXPECT_EQ(page2.Str("/trades/0/outcome"), "No");

  // A's own view of the same fills: the maker side, in YES terms.
  Reply a = a_.api->Get("/api/v1/orders/history?marketId=" + market_);
  ASSERT_EQ(a.json.at("trades").as_array().size(), 2u);
  EXPECT_EQ(a.Str("/trades/0/side"), "ask");
  EXPECT_EQ(a.Str("/trades/0/liquidity"), "maker");
  EXPECT_EQ(a.Str("/trades/1/side"), "bid");

  // Errors: missing or unknown market, no key, missing scope.
  EXPECT_EQ(b_.api->Get("/api/v1/orders/history").status, 400);
  EXPECT_EQ(b_.api->Get("/api/v1/orders/history?marketId=999").status, 404);
  EXPECT_EQ(b_.api->Get("/api/v1/orders/history?marketId=" + market_ + "&limit=0").status, 400);
  VenueClient anonymous(venue_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/orders/history?marketId=" + market_).status, 401);
  VenueClient no_scope(venue_->port(), IssueKey(b_.id, R"(["market:read"])"));
  Reply forbidden = no_scope.Get("/api/v1/orders/history?marketId=" + market_);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.Str("/error"), "Forbidden");
}

TEST_F(VenueReadsTest, MarketTradesStatsAndOrderBookDepth) {
  TradeTwice();
  VenueClient pub(venue_->port());
  Reply trades = pub.Get("/api/v1/markets/" + market_ + "/trades");
  ASSERT_EQ(trades.status, 200) << trades.body;
  ASSERT_EQ(trades.json.at("trades").as_array().size(), 2u);
  EXPECT_EQ(net::ToJson(trades.json.at_pointer("/trades/0/price")), "0.7");
  EXPECT_EQ(trades.Str("/trades/0/takerSide"), "bid");  // B bought YES
  EXPECT_EQ(trades.Str("/trades/0/settlement"), "transfer_o0");
  EXPECT_EQ(net::ToJson(trades.json.at_pointer("/trades/1/price")), "0.6");
  EXPECT_EQ(trades.Str("/trades/1/takerSide"), "ask");  // B's NO bid sold YES
  EXPECT_EQ(trades.Str("/trades/1/settlement"), "mint");
  Reply one = pub.Get("/api/v1/markets/" + market_ + "/trades?limit=1");
  Reply rest = pub.Get("/api/v1/markets/" + market_ +
                       "/trades?limit=1&before=" + net::ToJson(one.json.at("nextBefore")));
  ASSERT_EQ(rest.json.at("trades").as_array().size(), 1u);
  EXPECT_EQ(rest.Str("/trades/0/settlement"), "mint");
  EXPECT_EQ(pub.Get("/api/v1/markets/999/trades").status, 404);

  Reply stats = pub.Get("/api/v1/markets/" + market_ + "/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Int("/stats/tradeCount"), 2);
  EXPECT_EQ(stats.Int("/stats/volume"), 14);
  EXPECT_EQ(stats.Str("/stats/notional"), "8.8000000000");  // 10 × 0.60 + 4 × 0.70
  EXPECT_EQ(net::ToJson(stats.json.at_pointer("/stats/lastTradePrice")), "0.7");
  EXPECT_EQ(net::ToJson(stats.json.at_pointer("/stats/high24h")), "0.7");
  EXPECT_EQ(net::ToJson(stats.json.at_pointer("/stats/low24h")), "0.6");
  EXPECT_EQ(stats.Int("/stats/tradeCount24h"), 2);
  AdvanceClock(25 * 3600 * 1000LL);  // the rolling window moves on; the totals stay
  Reply later = pub.Get("/api/v1/markets/" + market_ + "/stats");
  EXPECT_EQ(later.Int("/stats/tradeCount24h"), 0);
  EXPECT_TRUE(later.json.at_pointer("/stats/high24h").is_null());
  EXPECT_EQ(later.Int("/stats/tradeCount"), 2);
}

TEST_F(VenueReadsTest, OrderBookAggregatesLevelsPerOutcome) {
  TradeTwice();
  Place(a_, "Yes", "bid", "0.55", 5);
  Place(a_, "Yes", "bid", "0.55", 2);
  Place(a_, "Yes", "bid", "0.50", 1);
  Place(b_, "Yes", "ask", "0.75", 3);  // from B's 4 YES shares
  VenueClient pub(venue_->port());
  Reply book = pub.Get("/api/v1/markets/" + market_ + "/orderbook?depth=1");
  ASSERT_EQ(book.status, 200) << book.body;
  EXPECT_EQ(book.Str("/outcomes/0/label"), "Yes");
  ASSERT_EQ(book.json.at_pointer("/outcomes/0/bids").as_array().size(), 1u);
  EXPECT_EQ(net::ToJson(book.json.at_pointer("/outcomes/0/bids/0/price")), "0.55");
  EXPECT_EQ(book.Int("/outcomes/0/bids/0/quantity"), 7);
  EXPECT_EQ(book.Int("/outcomes/0/bids/0/orders"), 2);
  EXPECT_EQ(net::ToJson(book.json.at_pointer("/outcomes/0/asks/0/price")), "0.75");
  EXPECT_EQ(book.Int("/outcomes/0/asks/0/quantity"), 3);
  // NO is the mirror image: a YES ask at 0.75 is a NO bid at 0.25.
  EXPECT_EQ(net::ToJson(book.json.at_pointer("/outcomes/1/bids/0/price")), "0.25");
  EXPECT_EQ(net::ToJson(book.json.at_pointer("/outcomes/1/asks/0/price")), "0.45");
  EXPECT_EQ(book.Int("/outcomes/1/asks/0/quantity"), 7);
  EXPECT_EQ(net::ToJson(book.json.at_pointer("/lastTradePrice")), "0.7");
  EXPECT_EQ(net::ToJson(book.json.at_pointer("/outcomes/1/lastTradePrice")), "0.3");
  EXPECT_GT(book.Int("/seq"), 0);
  Reply deep = pub.Get("/api/v1/markets/" + market_ + "/orderbook?depth=5");
  EXPECT_EQ(deep.json.at_pointer("/outcomes/0/bids").as_array().size(), 2u);
  EXPECT_EQ(pub.Get("/api/v1/markets/" + market_ + "/orderbook?depth=0").status, 400);
  EXPECT_EQ(pub.Get("/api/v1/markets/999/orderbook").status, 404);
}

TEST_F(VenueReadsTest, PositionsAndPortfolioWithHandComputedPnl) {
  TradeTwice();
  Place(a_, "Yes", "bid", "0.55", 7);  // rests: locks 7 × 0.559, no position change
  // A: bought 10 YES at 0.60 (fee 0.08), sold 4 at 0.70 (fee 0.024): 6 YES, cost 3.60,
  // realized −0.08 + (2.80 − 2.40) − 0.024 = 0.296; marked at the last trade 0.70 → 4.20.
  Reply pa = a_.api->Get("/api/v1/positions");
  ASSERT_EQ(pa.status, 200) << pa.body;
  ASSERT_EQ(pa.Int("/total"), 1) << pa.body;
  EXPECT_EQ(pa.Str("/positions/0/outcome"), "Yes");
  EXPECT_EQ(pa.Int("/positions/0/shares"), 6);
  EXPECT_EQ(pa.Str("/positions/0/averageCost"), "0.6000000000");
  EXPECT_EQ(pa.Str("/positions/0/costBasis"), "3.6000000000");
  EXPECT_EQ(net::ToJson(pa.json.at_pointer("/positions/0/markPrice")), "0.7");
  EXPECT_EQ(pa.Str("/positions/0/markSource"), "last_trade");
  EXPECT_EQ(pa.Str("/positions/0/markValue"), "4.2000000000");
  EXPECT_EQ(pa.Str("/positions/0/unrealizedPnl"), "0.6000000000");
  EXPECT_EQ(pa.Str("/positions/0/realizedPnl"), "0.2960000000");
  Reply fa = a_.api->Get("/api/v1/portfolio/me");
  ASSERT_EQ(fa.status, 200) << fa.body;
  EXPECT_EQ(fa.Str("/portfolio/balance/total"), "96.6960000000");  // 100 − 6.08 + 2.80 − 0.024
  EXPECT_EQ(fa.Str("/portfolio/balance/lockedEngine"), "3.9130000000");
  EXPECT_EQ(fa.Str("/portfolio/positionsValue"), "4.2000000000");
  EXPECT_EQ(fa.Str("/portfolio/equity"), "100.8960000000");
  EXPECT_EQ(fa.Str("/portfolio/realizedPnl"), "0.2960000000");
  EXPECT_EQ(fa.Str("/portfolio/unrealizedPnl"), "0.6000000000");
  EXPECT_EQ(fa.Str("/portfolio/totalPnl"), "0.8960000000");  // equity − 100 deposited

  // B: 10 NO at 0.40 (fee 0.08) marked at 0.30 → 3.00; 4 YES at 0.70 (fee 0.024) → 2.80.
  Reply fb = b_.api->Get("/api/v1/portfolio/me");
  ASSERT_EQ(fb.status, 200) << fb.body;
  EXPECT_EQ(fb.Int("/portfolio/openPositions"), 2);
  EXPECT_EQ(fb.Str("/portfolio/balance/total"), "93.0960000000");
  EXPECT_EQ(fb.Str("/portfolio/positionsValue"), "5.8000000000");
  EXPECT_EQ(fb.Str("/portfolio/equity"), "98.8960000000");
  EXPECT_EQ(fb.Str("/portfolio/realizedPnl"), "-0.1040000000");
  EXPECT_EQ(fb.Str("/portfolio/unrealizedPnl"), "-1.0000000000");
  EXPECT_EQ(fb.Str("/portfolio/totalPnl"), "-1.1040000000");

  // Resolution YES: everything realizes; positions close.
  Reply resolved =
      admin_->Post("/admin/v1/markets/" + market_ + "/resolve", R"({"winningOutcomeIndex":0})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  Reply closed = b_.api->Get("/api/v1/positions");
  EXPECT_EQ(closed.Int("/total"), 0) << closed.body;
  Reply all = b_.api->Get("/api/v1/positions?includeClosed=true");
  EXPECT_EQ(all.Int("/total"), 2);
  Reply after = b_.api->Get("/api/v1/portfolio/me");
  EXPECT_EQ(after.Str("/portfolio/balance/total"), "97.0960000000");  // + 4 × 1.00
  EXPECT_EQ(after.Str("/portfolio/realizedPnl"), "-2.9040000000");    // = 97.096 − 100

  VenueClient no_scope(venue_->port(), IssueKey(b_.id, R"(["balance:read"])"));
  EXPECT_EQ(no_scope.Get("/api/v1/positions").status, 403);
  EXPECT_EQ(no_scope.Get("/api/v1/portfolio/me").status, 403);
}

TEST_F(VenueReadsTest, BalanceTransactionsPagedByCursorAndOffset) {
  TradeTwice();
  Reply all = b_.api->Get("/api/v1/balance/transactions?limit=100");
  ASSERT_EQ(all.status, 200) << all.body;
  // DEPOSIT, ORDER_LOCK 4.08, FILL −4, FEE −0.08, ORDER_LOCK 2.824, FILL −2.80, FEE −0.024.
  ASSERT_EQ(all.Int("/total"), 7) << all.body;
  const auto& rows = all.json.at("transactions").as_array();
  ASSERT_EQ(rows.size(), 7u);
  const char* kinds[] = {"FEE", "FILL", "ORDER_LOCK", "FEE", "FILL", "ORDER_LOCK", "DEPOSIT"};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(std::string(rows[i].at("type").as_string()), kinds[i]) << i;
  }
  EXPECT_EQ(all.Str("/transactions/0/lockedChange"), "-0.0240000000");
  EXPECT_EQ(all.Str("/transactions/0/totalAfter"), "93.0960000000");
  EXPECT_EQ(all.Str("/transactions/0/balanceAfter"), "93.0960000000");
  EXPECT_EQ(all.Str("/transactions/2/amount"), "-2.8240000000");
  EXPECT_EQ(all.Str("/transactions/6/amount"), "100.0000000000");
  EXPECT_TRUE(all.json.at_pointer("/transactions/6/marketId").is_null());
  EXPECT_EQ(all.Str("/transactions/1/marketId"), market_);

  Reply p1 = b_.api->Get("/api/v1/balance/transactions?limit=3");
  Reply p2 = b_.api->Get("/api/v1/balance/transactions?limit=3&before=" + p1.Str("/nextBefore"));
  Reply p2_offset = b_.api->Get("/api/v1/balance/transactions?limit=3&offset=3");
  Reply p3 = b_.api->Get("/api/v1/balance/transactions?limit=3&before=" + p2.Str("/nextBefore"));
  ASSERT_EQ(p2.json.at("transactions").as_array().size(), 3u);
  EXPECT_EQ(p2.json.at("transactions"), p2_offset.json.at("transactions"));
  EXPECT_EQ(p2.Str("/transactions/0/id"), all.Str("/transactions/3/id"));
  ASSERT_EQ(p3.json.at("transactions").as_array().size(), 1u);
  EXPECT_TRUE(p3.json.at("nextBefore").is_null());
  EXPECT_EQ(p3.Str("/transactions/0/type"), "DEPOSIT");
  EXPECT_EQ(b_.api->Get("/api/v1/balance/transactions?limit=101").status, 400);
  EXPECT_EQ(b_.api->Get("/api/v1/balance/transactions?before=x").status, 400);
}

TEST_F(VenueReadsTest, CrashRestartResumesTheReadModelWithoutDuplicates) {
  TradeTwice();
  auto counts = [&](Trader& t) {
    Reply tx = t.api->Get("/api/v1/balance/transactions?limit=1");
    Reply fills = t.api->Get("/api/v1/orders/history?marketId=" + market_);
    Reply stats = VenueClient(venue_->port()).Get("/api/v1/markets/" + market_ + "/stats");
    return std::make_tuple(tx.Int("/total"), fills.json.at("trades").as_array().size(),
                           stats.Int("/stats/tradeCount"), stats.Str("/stats/notional"));
  };
  const auto before_a = counts(a_);
  const auto before_b = counts(b_);
  EXPECT_EQ(std::get<2>(before_b), 2);

  venue_->Restart();  // SIGKILL, then start on the same data directory
  Reconnect();
  a_.api = std::make_unique<VenueClient>(venue_->port(), a_.key);
  b_.api = std::make_unique<VenueClient>(venue_->port(), b_.key);
  EXPECT_EQ(counts(a_), before_a);
  EXPECT_EQ(counts(b_), before_b);

  // New activity after the restart is recorded exactly once.
  Place(a_, "Yes", "ask", "0.65", 1);
  Place(b_, "Yes", "bid", "0.65", 1);
  const auto after_b = counts(b_);
  EXPECT_EQ(std::get<2>(after_b), 3);
  EXPECT_EQ(std::get<1>(after_b), std::get<1>(before_b) + 1);
  EXPECT_EQ(std::get<0>(after_b), std::get<0>(before_b) + 3);  // lock, fill, fee

  venue_->Terminate();  // a clean stop as well
  venue_->Start();
  Reconnect();
  b_.api = std::make_unique<VenueClient>(venue_->port(), b_.key);
  EXPECT_EQ(counts(b_), after_b);
}

}  // namespace
}  // namespace probex::testing
