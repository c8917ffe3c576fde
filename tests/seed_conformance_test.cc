// End to end on the real binary: the places where a client written to the API references
// (../shared/seeds/003_* venue, 004_* maker transport, 000_* MM engine) found the service
// different, each pinned by the exact request the reference shows.
#include <gtest/gtest.h>

#include <string>

#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

class SeedConformanceTest : public VenueFixture {};

// True when `pointer` is present and JSON null (false when absent).
bool IsNull(const Reply& r, std::string_view pointer) {
  const boost::json::value* v = r.At(pointer);
  return v != nullptr && v->is_null();
}

std::string LimitBody(const std::string& market, const std::string& price, int quantity) {
  return R"({"marketId":")" + market + R"(","outcome":"YES","side":"bid","type":"Limit","price":)" +
         price + R"(,"quantity":)" + std::to_string(quantity) + "}";
}

// 003, "Cancel Orders": the endpoint is `DELETE /api/v1/orders`, but the reference's example is
//   curl -X POST https://api.unhedged.gg/api/v1/orders ... -d '{"marketId": "clx...",
//   "orderIds": ["clx_order_1", "clx_order_2"]}'  →  {"result": {"dropped": [...]}}
TEST_F(SeedConformanceTest, CancelAsTheReferenceExampleSendsIt) {
  Trader t = NewTrader("seedcancel", "1000");
  const std::string market = CreateMarket("Seed cancel example?");
  Reply first = t.api->Post("/api/v1/orders", LimitBody(market, "0.40", 10));
  Reply second = t.api->Post("/api/v1/orders", LimitBody(market, "0.30", 10));
  Reply third = t.api->Post("/api/v1/orders", LimitBody(market, "0.20", 10));
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(third.status, 200) << third.body;
  const std::string id1 = first.Str("/order/id");
  const std::string id2 = second.Str("/order/id");
  const std::string id3 = third.Str("/order/id");
  // 4 + 3 + 2 locked, plus the fee reserve 0.02 × min(p, 1 − p) × 10 = 0.08 + 0.06 + 0.04.
  EXPECT_BALANCE(*t.api, "990.82", "9.18");

  Reply cancel = t.api->Post("/api/v1/orders", R"({"marketId":")" + market + R"(","orderIds":[")" +
                                                   id1 + R"(",")" + id2 + R"("]})");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.body, R"({"result":{"dropped":[")" + id1 + R"(",")" + id2 + R"("]}})");
  Reply open = t.api->Get("/api/v1/orders?marketId=" + market);
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_EQ(open.json.at("orders").as_array().size(), 1u) << open.body;
  EXPECT_EQ(open.Str("/orders/0/id"), id3);
  EXPECT_BALANCE(*t.api, "997.96", "2.04");

  // The same ids again: not open any more, nothing changes (as DELETE answers).
  Reply again = t.api->Post("/api/v1/orders",
                            R"({"marketId":")" + market + R"(","orderIds":[")" + id1 + R"("]})");
  EXPECT_EQ(again.status, 404) << again.body;
  EXPECT_EQ(again.Str("/error"), "NotFound");
  EXPECT_EQ(again.Str("/code"), "order_not_found");

  // The cancel-shaped POST needs order:cancel, like DELETE.
  const std::string place_only = IssueKey(t.id, R"(["order:place","order:read","balance:read"])");
  VenueClient placer(venue_->port(), place_only);
  Reply forbidden =
      placer.Post("/api/v1/orders", R"({"marketId":")" + market + R"(","orderIds":[]})");
  EXPECT_EQ(forbidden.status, 403) << forbidden.body;
  EXPECT_EQ(forbidden.Str("/code"), "insufficient_scope");

  // A body with placement fields is a placement, whatever else it carries.
  Reply mixed = t.api->Post("/api/v1/orders",
                            R"({"marketId":")" + market + R"(","outcome":"YES","orderIds":[]})");
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(mixed.Str("/code"), "missing_field");
  EXPECT_NE(mixed.Str("/message").find("side"), std::string::npos) << mixed.body;

  // An empty list cancels all the caller's open orders in the market, by POST as by DELETE.
  Reply all = t.api->Post("/api/v1/orders", R"({"marketId":")" + market + R"(","orderIds":[]})");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.body, R"({"result":{"dropped":[")" + id3 + R"("]}})");
  EXPECT_BALANCE(*t.api, "1000", "0");
}

// 003, "Get Market Details": "Get full details for a single market including outcomes, pool
// sizes, and odds."
TEST_F(SeedConformanceTest, PoolMarketDetailsIncludePoolSizesAndOdds) {
  Trader a = NewTrader("seedodds_a", "100");
  Trader b = NewTrader("seedodds_b", "100");
  const std::string market = CreateMarket("Seed odds?", "POOL");
  Reply empty = a.api->Get("/api/v1/markets/" + market);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(IsNull(empty, "/market/outcomes/0/odds")) << empty.body;
  EXPECT_TRUE(IsNull(empty, "/market/outcomes/1/share")) << empty.body;

  ASSERT_EQ(
      a.api
          ->Post("/api/v1/bets", R"({"marketId":")" + market + R"(","outcomeIndex":0,"amount":30})")
          .status,
      200);
  ASSERT_EQ(
      b.api
          ->Post("/api/v1/bets", R"({"marketId":")" + market + R"(","outcomeIndex":1,"amount":10})")
          .status,
      200);
  VenueClient anonymous(venue_->port());
  Reply details = anonymous.Get("/api/v1/markets/" + market);
  ASSERT_EQ(details.status, 200) << details.body;
  EXPECT_EQ(details.Str("/market/totalPool"), "40.0000000000");
  EXPECT_EQ(details.Str("/market/outcomes/0/pool"), "30.0000000000");
  EXPECT_EQ(details.Str("/market/outcomes/1/pool"), "10.0000000000");
  EXPECT_EQ(details.Str("/market/outcomes/0/share"), "0.7500");
  EXPECT_EQ(details.Str("/market/outcomes/1/share"), "0.2500");
  EXPECT_EQ(details.Str("/market/outcomes/0/odds"), "1.3333");  // 40 / 30, rounded down
  EXPECT_EQ(details.Str("/market/outcomes/1/odds"), "4.0000");

  // The listing shows the same object, and /stats the same figures.
  Reply list = anonymous.Get("/api/v1/markets?type=POOL");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Str("/markets/0/id"), market);
  EXPECT_EQ(list.Str("/markets/0/outcomes/0/odds"), "1.3333");
  Reply stats = anonymous.Get("/api/v1/markets/" + market + "/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.Str("/stats/outcomes/0/odds"), "1.3333");
  EXPECT_EQ(stats.Str("/stats/outcomes/1/share"), "0.2500");

  // ORDER_BOOK markets have no pools: no pool figures on their outcomes.
  const std::string book = CreateMarket("Seed book?");
  Reply book_details = anonymous.Get("/api/v1/markets/" + book);
  ASSERT_EQ(book_details.status, 200) << book_details.body;
  EXPECT_EQ(book_details.At("/market/outcomes/0/odds"), nullptr) << book_details.body;
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// 004: the taker's view of a request carries the same `params` object as the maker's
// quote_request event ({wallet, market, option, trade}), not the whole event nested once more;
// and the maker's quote list refuses a status it does not know instead of answering nothing.
TEST_F(SeedConformanceTest, QuoteRequestParamsAndQuoteListFilter) {
  Trader taker = NewTrader("seedtaker", "1000");
  const std::string maker_user = CreateUser("seedmaker");
  Reply key = admin_->Post("/admin/v1/users/" + maker_user + "/api-keys", R"({"kind":"mk_live"})");
  ASSERT_EQ(key.status, 200) << key.body;
  JsonClient maker(venue_->port(), key.Str("/key"), AuthHeader::kApiKey);
  const std::string market = CreateMarket("Seed options?");
  const std::int64_t expiry_ms = Now().millis() + 7LL * 86'400'000;
  Reply created = taker.api->Post(
      "/quote-requests", R"({"market":{"conditionId":")" + market +
                             R"("},"option":{"optionType":"put","strikeBps":40,"expiryMs":)" +
                             std::to_string(expiry_ms) + R"(},"trade":{"side":"sell","size":7}})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string request = created.Str("/requestId");

  Reply got = taker.api->Get("/quote-requests/" + request);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.Str("/request/requestId"), request);
  EXPECT_EQ(got.At("/request/params/params"), nullptr) << got.body;
  EXPECT_TRUE(IsNull(got, "/request/params/wallet")) << got.body;
  EXPECT_EQ(got.Str("/request/params/market/conditionId"), market);
  EXPECT_EQ(got.Str("/request/params/option/optionType"), "put");
  EXPECT_EQ(got.Str("/request/params/trade/side"), "sell");
  const boost::json::value* size = got.At("/request/params/trade/size");
  ASSERT_NE(size, nullptr) << got.body;
  EXPECT_EQ(size->as_int64(), 7);
  EXPECT_EQ(got.At("/request/params/trade/budgetUsd"), nullptr) << got.body;

  Reply live = maker.Get("/v1/mm/quotes?status=live");
  EXPECT_EQ(live.status, 200) << live.body;
  Reply bogus = maker.Get("/v1/mm/quotes?status=bogus");
  EXPECT_EQ(bogus.status, 400) << bogus.body;
  EXPECT_EQ(bogus.body,
            R"({"success":false,"error":"invalid_request","message":"status must be one of live, )"
            R"(withdrawn, expired, executed, closed"})");
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// 003 lists are paginated with limit/offset; paging one by one through the CTM rounds gives the
// full list in the same stable order, and the answer says which page it is.
TEST_F(SeedConformanceTest, CtmRoundListsPageInAStableOrder) {
  const Timestamp now = Now();
  for (int i = 0; i < 3; ++i) {
    const std::string body = R"({"asset":"BTC","heatmapStartsAt":")" +
                             FormatIso8601(now.PlusSeconds(180)) + R"(","lockedStartsAt":")" +
                             FormatIso8601(now.PlusSeconds(240)) + R"(","resolvesAt":")" +
                             FormatIso8601(now.PlusSeconds(300)) + R"("})";
    Reply r = admin_->Post("/admin/v1/ctm/rounds", body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  VenueClient anonymous(venue_->port());
  Reply all = anonymous.Get("/api/v1/ctm/rounds?limit=100");
  ASSERT_EQ(all.status, 200) << all.body;
  const auto& rounds = all.json.at("rounds").as_array();
  ASSERT_GE(rounds.size(), 3u) << all.body;
  EXPECT_EQ(all.json.at("total").as_int64(), static_cast<std::int64_t>(rounds.size()));
  EXPECT_EQ(all.json.at("limit").as_int64(), 100);
  EXPECT_EQ(all.json.at("offset").as_int64(), 0);
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    Reply page = anonymous.Get("/api/v1/ctm/rounds?limit=1&offset=" + std::to_string(i));
    ASSERT_EQ(page.status, 200) << page.body;
    ASSERT_EQ(page.json.at("rounds").as_array().size(), 1u) << page.body;
    EXPECT_EQ(page.Str("/rounds/0/id"), std::string(rounds[i].at("id").as_string()));
    EXPECT_EQ(page.json.at("offset").as_int64(), static_cast<std::int64_t>(i));
    EXPECT_EQ(page.json.at("limit").as_int64(), 1);
  }

  Trader t = NewTrader("seedctm", "100");
  const std::string round = std::string(rounds[0].at("id").as_string());
  Reply predicted =
      t.api->Post("/api/v1/ctm/rounds/" + round + "/predict", R"({"predictedPrice":84000})");
  ASSERT_EQ(predicted.status, 200) << predicted.body;
  Reply mine = t.api->Get("/api/v1/ctm/my-predictions?limit=5");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json.at("total").as_int64(), 1);
  EXPECT_EQ(mine.json.at("limit").as_int64(), 5);
  EXPECT_EQ(mine.json.at("offset").as_int64(), 0);
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// The desk's lists are paged like the venue's: limit/offset in, total/limit/offset out, in a
// stable order; a bad page parameter is a 400 in the desk's error shape.
TEST_F(SeedConformanceTest, DeskListsArePagedInAStableOrder) {
  Trader taker = NewTrader("seedpagetaker", "1000");
  const std::string maker_user = CreateUser("seedpagemaker");
  Deposit(maker_user, "1000");
  Reply key = admin_->Post("/admin/v1/users/" + maker_user + "/api-keys", R"({"kind":"mk_live"})");
  ASSERT_EQ(key.status, 200) << key.body;
  JsonClient maker(venue_->port(), key.Str("/key"), AuthHeader::kApiKey);
  const std::string market = CreateMarket("Seed desk paging?");
  const std::int64_t expiry_ms = Now().millis() + 7LL * 86'400'000;
  for (int strike : {50, 55, 60}) {
    Reply created =
        taker.api->Post("/quote-requests", R"({"market":{"conditionId":")" + market +
                                               R"("},"option":{"optionType":"call","strikeBps":)" +
                                               std::to_string(strike) + R"(,"expiryMs":)" +
                                               std::to_string(expiry_ms) +
                                               R"(},"trade":{"side":"buy","budgetUsd":10}})");
    ASSERT_EQ(created.status, 200) << created.body;
    Reply quoted =
        maker.Post("/v1/mm/quotes", R"({"requestId":")" + created.Str("/requestId") +
                                        R"(","quote":{"side":"buy","price":0.2,"size":50}})");
    ASSERT_EQ(quoted.status, 200) << quoted.body;
  }

  for (const std::string list : {"/v1/mm/quotes", "/v1/series"}) {
    const std::string key_name = list == "/v1/series" ? "series" : "quotes";
    const std::string id_name = list == "/v1/series" ? "seriesId" : "quoteId";
    Reply all = maker.Get(list);
    ASSERT_EQ(all.status, 200) << all.body;
    const auto& items = all.json.at(key_name).as_array();
    ASSERT_EQ(items.size(), 3u) << all.body;
    EXPECT_EQ(all.json.at("total").as_int64(), 3);
    EXPECT_EQ(all.json.at("limit").as_int64(), 100);
    EXPECT_EQ(all.json.at("offset").as_int64(), 0);
    Reply first = maker.Get(list + "?limit=2");
    Reply rest = maker.Get(list + "?limit=2&offset=2");
    ASSERT_EQ(first.status, 200) << first.body;
    ASSERT_EQ(rest.status, 200) << rest.body;
    ASSERT_EQ(first.json.at(key_name).as_array().size(), 2u) << first.body;
    ASSERT_EQ(rest.json.at(key_name).as_array().size(), 1u) << rest.body;
    EXPECT_EQ(rest.json.at("total").as_int64(), 3);
    EXPECT_EQ(first.json.at(key_name).as_array()[0].at(id_name), items[0].at(id_name));
    EXPECT_EQ(first.json.at(key_name).as_array()[1].at(id_name), items[1].at(id_name));
    EXPECT_EQ(rest.json.at(key_name).as_array()[0].at(id_name), items[2].at(id_name));
    Reply bad = maker.Get(list + "?limit=0");
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.body,
              R"({"success":false,"error":"invalid_request","message":"limit must be an integer )"
              R"(within 1..1000"})");
    EXPECT_EQ(maker.Get(list + "?offset=x").status, 400);
  }

  Reply positions = taker.api->Get("/api/v1/options/positions?limit=5");
  ASSERT_EQ(positions.status, 200) << positions.body;
  EXPECT_EQ(positions.json.at("total").as_int64(), 0);
  EXPECT_EQ(positions.json.at("limit").as_int64(), 5);
  EXPECT_EQ(taker.api->Get("/api/v1/options/positions?limit=1001").status, 400);
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// A client that fills a query template with empty values (`?status=&limit=`) gets the unfiltered
// first page, on every list, instead of a 400 on some and not others; bad values stay 400.
TEST_F(SeedConformanceTest, EmptyQueryParametersAreAbsentOnEveryList) {
  Trader t = NewTrader("seedempty", "100");
  const std::string market = CreateMarket("Seed empty params?", "POOL");
  VenueClient anonymous(venue_->port());
  Reply markets = anonymous.Get(
      "/api/v1/markets?status=&type=&category=&search=&limit=&offset=&orderBy=&orderDirection=");
  ASSERT_EQ(markets.status, 200) << markets.body;
  EXPECT_EQ(markets.Str("/markets/0/id"), market);
  EXPECT_EQ(markets.json.at("limit").as_int64(), 20);
  EXPECT_EQ(markets.json.at("offset").as_int64(), 0);
  Reply bets = t.api->Get("/api/v1/bets?status=&marketId=&limit=&offset=");
  EXPECT_EQ(bets.status, 200) << bets.body;
  Reply rounds = anonymous.Get("/api/v1/ctm/rounds?status=&asset=&roundType=&limit=&offset=&sort=");
  EXPECT_EQ(rounds.status, 200) << rounds.body;
  Reply predictions = t.api->Get("/api/v1/ctm/my-predictions?roundId=&limit=&offset=");
  EXPECT_EQ(predictions.status, 200) << predictions.body;
  Reply positions = t.api->Get("/api/v1/positions?includeClosed=&limit=");
  EXPECT_EQ(positions.status, 200) << positions.body;

  // Lower-case assets find the same rounds as upper-case ones.
  Reply upper = anonymous.Get("/api/v1/ctm/rounds?asset=BTC");
  Reply lower = anonymous.Get("/api/v1/ctm/rounds?asset=btc");
  ASSERT_EQ(upper.status, 200) << upper.body;
  EXPECT_GE(upper.json.at("total").as_int64(), 1) << upper.body;
  EXPECT_EQ(lower.body, upper.body);

  Reply bad = anonymous.Get("/api/v1/markets?status=active");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.Str("/error"), "BadRequest");
  EXPECT_NE(bad.Str("/message").find("status"), std::string::npos) << bad.body;
  EXPECT_EQ(anonymous.Get("/api/v1/markets?limit=abc").status, 400);
  EXPECT_EQ(anonymous.Get("/api/v1/markets?limit=0").status, 400);
}

}  // namespace
}  // namespace probex::testing
