// End to end on the real binary, second audit of the venue against its API reference
// (../shared/seeds/003_*, the Unhedged API): each test is a place where a client written to the
// reference found `probex venue` different, called the way the reference shows. One venue serves
// the whole suite (each test makes its own users and markets).
#include <gtest/gtest.h>

#include <string>

#include "seed_suite_fixture.h"

namespace probex::testing {
namespace {

class SeedVenueTest : public SeedSuiteFixture {
 protected:
  // Places a Limit order as the reference's example does; returns the answer.
  static Reply Limit(VenueClient& api, const std::string& market, const std::string& side,
                     const std::string& price, int quantity) {
    return api.Post("/api/v1/orders", R"({"marketId":")" + market +
                                          R"(","outcome":"YES","side":")" + side +
                                          R"(","type":"Limit","price":)" + price +
                                          R"(,"quantity":)" + std::to_string(quantity) + "}");
  }
};

// 003, "Errors": "Some 4xx responses include an additional code field for machine-readable
// handling", and 404 is "market, round, or bet doesn't exist". A client keys its handling on that
// code, so an unknown market is the same code on every endpoint that takes a market id — the
// reference's `GET /api/v1/orders/history?marketId=` answered `market_not_found` where
// `GET /api/v1/orders?marketId=` answers `unknown_market`.
TEST_F(SeedVenueTest, AnUnknownMarketIsTheSameCodeOnEveryEndpoint) {
  Trader t = NewTrader("seed2_unknown", "100");
  VenueClient anonymous(venue_->port());
  const std::string missing = "987654";
  auto expect_unknown_market = [](const Reply& r, const std::string& what) {
    EXPECT_EQ(r.status, 404) << what << ": " << r.body;
    EXPECT_EQ(r.Str("/error"), "NotFound") << what << ": " << r.body;
    EXPECT_FALSE(r.Str("/message").empty()) << what << ": " << r.body;
    EXPECT_EQ(r.Str("/code"), "unknown_market") << what << ": " << r.body;
  };
  expect_unknown_market(t.api->Get("/api/v1/orders/history?marketId=" + missing),
                        "GET /api/v1/orders/history");
  expect_unknown_market(t.api->Get("/api/v1/orders?marketId=" + missing), "GET /api/v1/orders");
  expect_unknown_market(anonymous.Get("/api/v1/markets/" + missing), "GET /api/v1/markets/:id");
  expect_unknown_market(t.api->Post("/api/v1/bets", R"({"marketId":")" + missing +
                                                        R"(","outcomeIndex":0,"amount":1})"),
                        "POST /api/v1/bets");
  expect_unknown_market(
      t.api->Delete("/api/v1/orders", R"({"marketId":")" + missing + R"(","orderIds":[]})"),
      "DELETE /api/v1/orders");
  // The market reads beside the reference's answer the same.
  for (const std::string read : {"orderbook", "trades", "stats"}) {
    expect_unknown_market(anonymous.Get("/api/v1/markets/" + missing + "/" + read),
                          "GET /api/v1/markets/:id/" + read);
  }
}

// 003, "Trade History": "limit number — Max fills to return (positive integer)". Any positive
// integer is a valid limit (a page holds at most 1,000 fills; `nextBefore` pages on); zero,
// negatives and non-integers stay 400.
TEST_F(SeedVenueTest, TradeHistoryTakesAnyPositiveLimit) {
  Trader buyer = NewTrader("seed2_hist_buyer", "100");
  Trader seller = NewTrader("seed2_hist_seller", "100");
  const std::string market = CreateMarket("Seed history limit?");
  ASSERT_EQ(Limit(*buyer.api, market, "bid", "0.62", 10).status, 200);
  ASSERT_EQ(Limit(*seller.api, market, "ask", "0.62", 4).status, 200);
  ASSERT_EQ(Limit(*seller.api, market, "ask", "0.62", 6).status, 200);

  const std::string path = "/api/v1/orders/history?marketId=" + market;
  for (const std::string limit : {"2", "1001", "5000", "9223372036854775807"}) {
    Reply r = buyer.api->Get(path + "&limit=" + limit);
    ASSERT_EQ(r.status, 200) << limit << ": " << r.body;
    const auto& trades = r.json.at("trades").as_array();
    ASSERT_EQ(trades.size(), 2u) << limit << ": " << r.body;
    EXPECT_EQ(r.Int("/trades/0/quantity"), 6) << r.body;  // newest first
    EXPECT_EQ(r.Int("/trades/1/quantity"), 4) << r.body;
  }
  // A limit the page fills exactly still says where the next page starts.
  Reply one = buyer.api->Get(path + "&limit=1");
  ASSERT_EQ(one.status, 200) << one.body;
  ASSERT_EQ(one.json.at("trades").as_array().size(), 1u) << one.body;
  EXPECT_FALSE(one.json.at("nextBefore").is_null()) << one.body;

  for (const std::string bad : {"0", "-1", "1.5", "abc", "9223372036854775808"}) {
    Reply r = buyer.api->Get(path + "&limit=" + bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_EQ(r.Str("/error"), "BadRequest") << r.body;
    EXPECT_EQ(r.Str("/code"), "invalid_query") << r.body;
  }
}

}  // namespace
}  // namespace probex::testing
