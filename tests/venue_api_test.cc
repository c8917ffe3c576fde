// End-to-end tests of the venue API v1 against the real `probex venue` binary (tests/
// venue_process.h): the reference's quickstart on an ORDER_BOOK market, a two-account trading
// sequence (mint, transfer, merge, fees, cancels) with both balances checked after every step
// against hand-computed values, every input error, scopes, keys, withdrawals with idempotency,
// switches, the market lifecycle on the manual clock, and a SIGKILL + restart mid-activity.
#include <gtest/gtest.h>

#include <string>

#include "net/test_peer.h"
#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

class VenueApiTest : public VenueFixture {};

std::string LimitOrder(const std::string& market, const std::string& outcome,
                       const std::string& side, const std::string& price, int quantity) {
  return R"({"marketId":")" + market + R"(","outcome":")" + outcome + R"(","side":")" + side +
         R"(","type":"Limit","price":)" + price + R"(,"quantity":)" + std::to_string(quantity) +
         "}";
}

// The reference's quickstart: find an active market, place an order, see it, cancel it.
TEST_F(VenueApiTest, QuickstartOnAnOrderBookMarket) {
  Trader t = NewTrader("quickstart", "1000");
  const std::string market = CreateMarket("Will BTC hit $100k by June?");

  VenueClient anonymous(venue_->port());
  Reply list = anonymous.Get("/api/v1/markets?status=ACTIVE&limit=5");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Int("/total"), 1);
  EXPECT_EQ(list.Int("/activeCount"), 1);
  EXPECT_EQ(list.Str("/markets/0/id"), market);
  EXPECT_EQ(list.Str("/markets/0/status"), "ACTIVE");
  EXPECT_EQ(list.Str("/markets/0/type"), "ORDER_BOOK");
  EXPECT_EQ(list.Str("/markets/0/outcomes/1/label"), "No");
  EXPECT_EQ(list.Str("/markets/0/totalPool"), "0.0000000000");

  Reply placed = t.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.62", 100));
  ASSERT_EQ(placed.status, 200) << placed.body;
  EXPECT_EQ(placed.Str("/order/status"), "Placed");
  EXPECT_EQ(placed.Str("/order/market_id"), market);
  EXPECT_EQ(placed.Str("/order/outcome"), "Yes");
  EXPECT_EQ(placed.Str("/order/side"), "bid");
  EXPECT_EQ(placed.Str("/order/type"), "Limit");
  EXPECT_NE(placed.body.find(R"("price":0.62,)"), std::string::npos) << placed.body;
  EXPECT_EQ(placed.Int("/order/quantity"), 100);
  EXPECT_EQ(placed.Int("/order/cum_quantity"), 0);
  EXPECT_EQ(placed.Str("/order/cum_fees"), "0.0000000000");
  EXPECT_TRUE(placed.At("/order/last_exec_price")->is_null());
  const std::string order = placed.Str("/order/id");
  // Lock: 100 × (0.62 + 0.02 × 0.38) = 62.76.
  EXPECT_BALANCE(*t.api, "937.24", "62.76");

  Reply open = t.api->Get("/api/v1/orders?marketId=" + market);
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(open.Str("/orders/0/id"), order);
  EXPECT_EQ(open.Int("/total"), 1);
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=" + market + "&outcome=NO").Int("/total"), 0);

  Reply cancel = t.api->Post("/api/v1/orders/cancel",
                             R"({"marketId":")" + market + R"(","orderIds":[")" + order + R"("]})");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(cancel.Str("/result/dropped/0"), order);
  EXPECT_BALANCE(*t.api, "1000", "0");
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=" + market).Int("/total"), 0);

  Reply balance = t.api->Get("/api/v1/balance");
  EXPECT_EQ(balance.Str("/balance/total"), "1000.0000000000");
  EXPECT_EQ(balance.Str("/balance/totalDeposited"), "1000.0000000000");
  EXPECT_EQ(balance.Str("/withdrawalFee"), "1.0000000000");
  EXPECT_EQ(balance.Str("/bettingFee"), "0.0000000000");
  EXPECT_NE(balance.body.find(R"("ccPriceUsd":0.015)"), std::string::npos) << balance.body;
}

// Two accounts, fee rate 0.02 (fee = 0.02 × min(p, 1−p) × q for maker and taker alike).
TEST_F(VenueApiTest, TradingSequenceMintTransferMergeFeesAndCancels) {
  Trader a = NewTrader("alice", "1000");
  Trader b = NewTrader("bob", "1000");
  const std::string market = CreateMarket("Sequence?");

  // 1. A bids YES 0.60 × 100: locks 100 × (0.60 + 0.008) = 60.80.
  Reply r = a.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.60", 100));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string a_bid = r.Str("/order/id");
  EXPECT_BALANCE(*a.api, "939.20", "60.80");
  EXPECT_BALANCE(*b.api, "1000", "0");

  // 2. Mint: B bids NO 0.40 × 100 (no YES to deliver, both sides pay). Trade at 0.60; each pays
  //    its price plus a 0.80 fee. A: 60.80 consumed. B: 40.80 consumed.
  r = b.api->Post("/api/v1/orders", LimitOrder(market, "NO", "bid", "0.40", 100));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/order/status"), "Filled");
  EXPECT_EQ(r.Int("/order/cum_quantity"), 100);
  EXPECT_EQ(r.Str("/order/cum_fees"), "0.8000000000");
  EXPECT_NE(r.body.find(R"("last_exec_price":0.4,)"), std::string::npos) << r.body;
  EXPECT_BALANCE(*a.api, "939.20", "0");
  EXPECT_BALANCE(*b.api, "959.20", "0");
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + market).Str("/market/totalPool"), "100.0000000000");
  EXPECT_EQ(a.api->Get("/api/v1/orders?marketId=" + market).Int("/total"), 0);

  // 3. Transfer of YES: A asks YES 0.70 × 50 (delivers held shares, no cash lock); B bids YES
  //    0.70 × 50 and pays 35 + 0.30 fee; A receives 35 − 0.30.
  r = a.api->Post("/api/v1/orders", LimitOrder(market, "YES", "ask", "0.70", 50));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/order/status"), "Placed");
  EXPECT_BALANCE(*a.api, "939.20", "0");
  r = b.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.70", 50));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/order/status"), "Filled");
  EXPECT_BALANCE(*a.api, "973.90", "0");
  EXPECT_BALANCE(*b.api, "923.90", "0");

  // 4. Merge: A asks YES 0.55 × 50 (rests), B asks NO 0.45 × 50 (delivers NO it holds): a set
  //    is destroyed, escrow pays 0.55 and 0.45 per share less 0.45 fee each.
  r = a.api->Post("/api/v1/orders", LimitOrder(market, "YES", "ask", "0.55", 50));
  ASSERT_EQ(r.status, 200) << r.body;
  r = b.api->Post("/api/v1/orders", LimitOrder(market, "NO", "ask", "0.45", 50));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/order/status"), "Filled");
  EXPECT_BALANCE(*a.api, "1000.95", "0");
  EXPECT_BALANCE(*b.api, "945.95", "0");
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + market).Str("/market/totalPool"), "50.0000000000");

  // 5. Cancels: one by id, then all with an empty orderIds (DELETE).
  r = a.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.10", 10));
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string small = r.Str("/order/id");
  EXPECT_BALANCE(*a.api, "999.93", "1.02");
  r = a.api->Post("/api/v1/orders", LimitOrder(market, "NO", "bid", "0.20", 10));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_BALANCE(*a.api, "997.89", "3.06");
  r = a.api->Delete("/api/v1/orders",
                    R"({"marketId":")" + market + R"(","orderIds":[")" + small + R"("]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/result/dropped/0"), small);
  EXPECT_BALANCE(*a.api, "998.91", "2.04");
  r = a.api->Delete("/api/v1/orders", R"({"marketId":")" + market + R"(","orderIds":[]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.At("/result/dropped")->as_array().size(), 1u);
  EXPECT_BALANCE(*a.api, "1000.95", "0");
  EXPECT_BALANCE(*b.api, "945.95", "0");

  // 6. Resolution: YES wins; B's 50 YES pay 1.00 each, its 50 NO nothing.
  r = admin_->Post("/admin/v1/markets/" + market + "/resolve", R"({"winningOutcomeIndex":0})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/market/status"), "RESOLVED");
  EXPECT_BALANCE(*a.api, "1000.95", "0");
  EXPECT_BALANCE(*b.api, "995.95", "0");
  // Conservation: 2000 deposited = 1000.95 + 995.95 + fees 3.10.
  EXPECT_EQ(M("1000.95") + M("995.95") + M("3.10"), M("2000"));
  (void)a_bid;
}

TEST_F(VenueApiTest, BadInputIsRefusedWithAMessageAndChangesNothing) {
  Trader t = NewTrader("careful", "100");
  const std::string market = CreateMarket("Errors?");
  const std::string pool = CreateMarket("Pool?", "POOL");
  struct Case {
    std::string body;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"{not json", 400, "invalid_json"},
      {"[1,2]", 400, "wrong_type"},
      {R"({"marketId":7})", 400, "wrong_type"},
      {R"({"outcome":"YES","side":"bid","type":"Limit","price":0.5,"quantity":1})", 400,
       "missing_field"},
      {LimitOrder(market, "YES", "bid", "0.625", 10), 400, "invalid_price"},
      {LimitOrder(market, "YES", "bid", "0", 10), 400, "invalid_price"},
      {LimitOrder(market, "YES", "bid", "1", 10), 400, "invalid_price"},
      {LimitOrder(market, "YES", "bid", "1.00", 10), 400, "invalid_price"},
      {R"({"marketId":")" + market +
           R"(","outcome":"YES","side":"bid","type":"Limit","price":0.5,"quantity":1.5})",
       400, "invalid_quantity"},
      {R"({"marketId":")" + market +
           R"(","outcome":"YES","side":"bid","type":"Limit","price":0.5,"quantity":0})",
       400, "invalid_quantity"},
      {R"({"marketId":")" + market +
           R"(","outcome":"YES","side":"bid","type":"Market","quantity":5,"quoteQuantity":2})",
       400, "quantity_and_quote_quantity"},
      {R"({"marketId":")" + market +
           R"(","outcome":"YES","side":"buy","type":"Limit","price":0.5,"quantity":1})",
       400, "invalid_value"},
      {R"({"marketId":")" + market +
           R"(","outcome":"MAYBE","side":"bid","type":"Limit","price":0.5,"quantity":1})",
       400, "invalid_outcome"},
      {R"({"marketId":")" + market +
           R"(","outcome":"YES","side":"bid","type":"Limit","quantity":1})",
       400, "price_required"},
      {LimitOrder("999", "YES", "bid", "0.5", 1), 404, "unknown_market"},
      {LimitOrder("abc", "YES", "bid", "0.5", 1), 404, "unknown_market"},
      {LimitOrder(pool, "YES", "bid", "0.5", 1), 400, "not_order_book_market"},
      {LimitOrder(market, "YES", "bid", "0.99", 1000), 400, "insufficient_balance"},
  };
  for (const Case& c : cases) {
    Reply r = t.api->Post("/api/v1/orders", c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " → " << r.body;
    EXPECT_EQ(r.Str("/code"), c.code) << c.body << " → " << r.body;
    EXPECT_FALSE(r.Str("/error").empty()) << r.body;
    EXPECT_FALSE(r.Str("/message").empty()) << r.body;
  }
  EXPECT_BALANCE(*t.api, "100", "0");
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=" + market).Int("/total"), 0);

  // Oversized body: 413 in the error shape.
  Reply big = t.api->Post("/api/v1/orders", std::string(100 * 1024, ' '));
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_FALSE(big.Str("/error").empty());

  // Market not ACTIVE: past its endTime (manual clock), the lifecycle ends it.
  AdvanceClock(25LL * 3600 * 1000);
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + market).Str("/market/status"), "ENDED");
  Reply ended = t.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.5", 1));
  EXPECT_EQ(ended.status, 400);
  EXPECT_EQ(ended.Str("/code"), "market_not_active");

  // GET /orders needs marketId; list queries are checked.
  EXPECT_EQ(t.api->Get("/api/v1/orders").status, 400);
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=12345").status, 404);
  EXPECT_EQ(t.api->Get("/api/v1/markets?limit=0").status, 400);
  EXPECT_EQ(t.api->Get("/api/v1/markets?limit=101").status, 400);
  EXPECT_EQ(t.api->Get("/api/v1/markets?status=OPEN").status, 400);
  EXPECT_EQ(t.api->Get("/api/v1/markets?search=" + std::string(201, 'x')).status, 400);
  EXPECT_EQ(t.api->Get("/api/v1/markets?search=" + std::string(200, 'x')).status, 200);
  EXPECT_EQ(t.api->Get("/api/v1/markets/424242").status, 404);
  EXPECT_BALANCE(*t.api, "100", "0");
}

TEST_F(VenueApiTest, AuthScopesAndForeignIds) {
  Trader a = NewTrader("owner", "100");
  Trader b = NewTrader("other", "100");
  const std::string market = CreateMarket("Auth?");
  VenueClient anonymous(venue_->port());
  EXPECT_EQ(anonymous.Get("/api/v1/balance").status, 401);
  EXPECT_EQ(anonymous.Get("/api/v1/balance").Str("/error"), "Unauthorized");
  VenueClient bogus(venue_->port(), "ak_doesnotexist000000000000000000000000000");
  EXPECT_EQ(bogus.Get("/api/v1/balance").status, 401);
  VenueClient malformed(venue_->port(), "not-a-key");
  EXPECT_EQ(malformed.Get("/api/v1/balance").status, 401);

  // A read-only key.
  VenueClient reader(venue_->port(), IssueKey(a.id, R"(["market:read","balance:read"])"));
  EXPECT_EQ(reader.Get("/api/v1/balance").status, 200);
  Reply denied = reader.Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.5", 1));
  EXPECT_EQ(denied.status, 403) << denied.body;
  EXPECT_EQ(denied.Str("/code"), "insufficient_scope");
  EXPECT_EQ(reader.Get("/api/v1/users/me").status, 403);
  // Default scopes exclude balance:withdraw.
  Reply no_withdraw =
      a.api->Post("/api/v1/balance/withdraw", R"({"amount":"1","destination":"x"})");
  EXPECT_EQ(no_withdraw.status, 403);

  // Another account's order id: 404, and the order stays.
  Reply placed = a.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.5", 10));
  ASSERT_EQ(placed.status, 200);
  const std::string order = placed.Str("/order/id");
  Reply foreign = b.api->Delete(
      "/api/v1/orders", R"({"marketId":")" + market + R"(","orderIds":[")" + order + R"("]})");
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(a.api->Get("/api/v1/orders?marketId=" + market).Int("/total"), 1);
  EXPECT_EQ(b.api->Get("/api/v1/orders?marketId=" + market).Int("/total"), 0);

  Reply me = a.api->Get("/api/v1/users/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Str("/user/username"), "owner");
  EXPECT_EQ(me.Str("/user/id"), a.id);
}

TEST_F(VenueApiTest, ApiKeysListCreateRevoke) {
  Trader a = NewTrader("keys", "");
  Trader b = NewTrader("keys2", "");
  Reply list = a.api->Get("/api/v1/api-keys");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.Int("/total"), 1);
  EXPECT_EQ(list.body.find(a.key), std::string::npos) << "a listing must not reveal secrets";
  EXPECT_EQ(list.At("/apiKeys/0/key"), nullptr);

  Reply created = a.api->Post("/api/v1/api-keys", R"({"name":"reader","scopes":["market:read"]})");
  ASSERT_EQ(created.status, 200) << created.body;
  const std::string secret = created.Str("/key");
  EXPECT_EQ(secret.rfind("ak_", 0), 0u);
  EXPECT_EQ(created.Str("/apiKey/scopes/0"), "market:read");
  EXPECT_EQ(secret.rfind(created.Str("/apiKey/prefix"), 0), 0u);
  EXPECT_EQ(a.api->Get("/api/v1/api-keys").Int("/total"), 2);

  // Scopes beyond the caller's: 403; unknown scope: 400.
  Reply wider = a.api->Post("/api/v1/api-keys", R"({"scopes":["balance:withdraw"]})");
  EXPECT_EQ(wider.status, 403) << wider.body;
  EXPECT_EQ(a.api->Post("/api/v1/api-keys", R"({"scopes":["root"]})").status, 400);
  // A narrow key cannot widen itself.
  VenueClient narrow(venue_->port(), secret);
  EXPECT_EQ(narrow.Post("/api/v1/api-keys", R"({"scopes":["order:place"]})").status, 403);
  // mk_live_ keys authenticate too.
  Reply maker = a.api->Post("/api/v1/api-keys", R"({"kind":"mk_live"})");
  ASSERT_EQ(maker.status, 200) << maker.body;
  VenueClient maker_client(venue_->port(), maker.Str("/key"));
  EXPECT_EQ(maker.Str("/key").rfind("mk_live_", 0), 0u);
  EXPECT_EQ(maker_client.Get("/api/v1/balance").status, 200);

  // Revoke: a foreign id is 404; one's own works at once.
  const std::string id = created.Str("/apiKey/id");
  EXPECT_EQ(b.api->Delete("/api/v1/api-keys/" + id).status, 404);
  EXPECT_EQ(narrow.Get("/api/v1/markets").status, 200);
  Reply revoked = a.api->Delete("/api/v1/api-keys/" + id);
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(narrow.Get("/api/v1/api-keys").status, 401);
  EXPECT_EQ(a.api->Delete("/api/v1/api-keys/" + id).status, 404);
}

TEST_F(VenueApiTest, WithdrawalsWithIdempotencyAndOperatorDecision) {
  const std::string user = CreateUser("payout");
  Deposit(user, "100");
  VenueClient w(venue_->port(), IssueKey(user, R"(["balance:read","balance:withdraw"])"));
  const std::string body = R"({"amount":"10","destination":"cc1addr","idempotencyKey":"w-1"})";
  Reply first = w.Post("/api/v1/balance/withdraw", body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Str("/withdrawal/status"), "PENDING");
  EXPECT_EQ(first.Str("/balanceAfter"), "89.0000000000");
  Reply again = w.Post("/api/v1/balance/withdraw", body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, first.body);
  Reply conflict = w.Post("/api/v1/balance/withdraw",
                          R"({"amount":"11","destination":"cc1addr","idempotencyKey":"w-1"})");
  EXPECT_EQ(conflict.status, 409) << conflict.body;
  EXPECT_EQ(conflict.Str("/code"), "idempotency_conflict");
  EXPECT_EQ(w.Post("/api/v1/balance/withdraw", R"({"amount":"10"})").status, 400);
  EXPECT_EQ(w.Post("/api/v1/balance/withdraw", R"({"amount":"1000","destination":"x"})").status,
            400);
  Reply balance = w.Get("/api/v1/balance");
  EXPECT_EQ(balance.Str("/balance/available"), "89.0000000000");
  EXPECT_EQ(balance.Str("/balance/lockedWithdraws"), "11.0000000000");

  const std::string id = first.Str("/withdrawal/id");
  Reply pending = admin_->Get("/admin/v1/withdrawals");
  EXPECT_EQ(pending.Str("/withdrawals/0/id"), id);
  Reply approved = admin_->Post("/admin/v1/withdrawals/" + id + "/approve", "{}");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.Str("/withdrawal/status"), "APPROVED");
  EXPECT_EQ(admin_->Post("/admin/v1/withdrawals/" + id + "/reject", "{}").status, 404);
  balance = w.Get("/api/v1/balance");
  EXPECT_EQ(balance.Str("/balance/lockedWithdraws"), "0.0000000000");
  EXPECT_EQ(balance.Str("/balance/totalWithdrawn"), "10.0000000000");
  EXPECT_EQ(balance.Str("/balance/total"), "89.0000000000");
}

TEST_F(VenueApiTest, SwitchesAndMarketLifecycle) {
  Trader t = NewTrader("switchy", "100");
  const std::string market = CreateMarket("Switch?", "ORDER_BOOK", 1);
  Reply off = admin_->Put("/admin/v1/switches", R"({"orders":false})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.At("/switches/orders")->as_bool());
  Reply refused = t.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.5", 10));
  EXPECT_EQ(refused.status, 503) << refused.body;
  ASSERT_EQ(admin_->Put("/admin/v1/switches", R"({"orders":true})").status, 200);
  Reply placed = t.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.5", 10));
  ASSERT_EQ(placed.status, 200) << placed.body;
  EXPECT_BALANCE(*t.api, "94.9", "5.1");

  // An hour later the market ends by itself and its orders are cancelled.
  AdvanceClock(3600LL * 1000);
  Reply m = admin_->Get("/api/v1/markets/" + market);
  EXPECT_EQ(m.Str("/market/status"), "ENDED");
  EXPECT_BALANCE(*t.api, "100", "0");
  EXPECT_EQ(t.api->Get("/api/v1/orders?marketId=" + market).Int("/total"), 0);
}

TEST_F(VenueApiTest, MarketListingFiltersSortsAndPages) {
  const std::string a = CreateMarket("Alpha question", "ORDER_BOOK", 48, "Crypto");
  AdvanceClock(1000);
  const std::string b = CreateMarket("Beta question", "ORDER_BOOK", 24, "Sports");
  AdvanceClock(1000);
  const std::string c = CreateMarket("Gamma pool", "POOL", 72, "Crypto");
  VenueClient anon(venue_->port());
  Reply all = anon.Get("/api/v1/markets");
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.Int("/total"), 3);
  EXPECT_EQ(all.Str("/markets/0/id"), c);  // createdAt desc by default
  EXPECT_EQ(all.Str("/markets/2/id"), a);
  Reply by_end = anon.Get("/api/v1/markets?orderBy=endTime&orderDirection=asc");
  EXPECT_EQ(by_end.Str("/markets/0/id"), b);
  EXPECT_EQ(anon.Get("/api/v1/markets?type=ORDER_BOOK").Int("/total"), 2);
  EXPECT_EQ(anon.Get("/api/v1/markets?type=POOL").Str("/markets/0/id"), c);
  EXPECT_EQ(anon.Get("/api/v1/markets?category=crypto").Int("/total"), 2);
  EXPECT_EQ(anon.Get("/api/v1/markets?search=BETA").Str("/markets/0/id"), b);
  Reply page = anon.Get("/api/v1/markets?limit=1&offset=1");
  EXPECT_EQ(page.At("/markets")->as_array().size(), 1u);
  EXPECT_EQ(page.Str("/markets/0/id"), b);
  EXPECT_EQ(page.Int("/total"), 3);
  ASSERT_EQ(
      admin_->Post("/admin/v1/markets/" + a + "/resolve", R"({"winningOutcomeIndex":1})").status,
      200);
  Reply counts = anon.Get("/api/v1/markets?status=ACTIVE");
  EXPECT_EQ(counts.Int("/total"), 2);
  EXPECT_EQ(counts.Int("/activeCount"), 2);
  EXPECT_EQ(counts.Int("/resolvedCount"), 1);
  EXPECT_EQ(counts.Int("/endedCount"), 0);
  Reply resolved = anon.Get("/api/v1/markets/" + a);
  EXPECT_EQ(resolved.Int("/market/winningOutcomeIndex"), 1);

  // Metadata is stored and returned as given (numbers keep their spelling).
  const std::string end = FormatIso8601(Now().PlusSeconds(3600));
  Reply meta = admin_->Post("/admin/v1/markets",
                            R"({"type":"ORDER_BOOK","question":"Meta?","description":"d",)"
                            R"("category":"X","outcomes":["Up","Down"],"endTime":")" +
                                end + R"(","metadata":{"source":"feed","odds":[1.50,2.0e0]}})");
  ASSERT_EQ(meta.status, 200) << meta.body;
  Reply shown = anon.Get("/api/v1/markets/" + meta.Str("/market/id"));
  EXPECT_NE(shown.body.find(R"("metadata":{"source":"feed","odds":[1.50,2.0e0]})"),
            std::string::npos)
      << shown.body;
  EXPECT_EQ(shown.Str("/market/description"), "d");
}

// SIGKILL in the middle of activity: everything acknowledged survives, including positions
// (checked through the payout at resolution).
TEST_F(VenueApiTest, SigkillAndRestartLoseNothingAcknowledged) {
  Trader a = NewTrader("crash_a", "1000");
  Trader b = NewTrader("crash_b", "1000");
  const std::string market = CreateMarket("Crash?");
  ASSERT_EQ(a.api->Post("/api/v1/orders", LimitOrder(market, "YES", "bid", "0.60", 100)).status,
            200);
  ASSERT_EQ(b.api->Post("/api/v1/orders", LimitOrder(market, "NO", "bid", "0.40", 40)).status, 200);
  Reply resting = a.api->Post("/api/v1/orders", LimitOrder(market, "NO", "bid", "0.10", 7));
  ASSERT_EQ(resting.status, 200);
  Reply withdraw_key = admin_->Post("/admin/v1/users/" + a.id + "/api-keys",
                                    R"({"scopes":["balance:withdraw","balance:read"]})");
  ASSERT_EQ(withdraw_key.status, 200);
  const std::string before_a = a.api->Get("/api/v1/balance").body;
  const std::string before_b = b.api->Get("/api/v1/balance").body;
  const std::string orders_a = a.api->Get("/api/v1/orders?marketId=" + market).body;
  const std::string market_before = admin_->Get("/api/v1/markets/" + market).body;

  venue_->Restart();  // SIGKILL, then start again on the same data directory
  Reconnect();
  a.api = std::make_unique<VenueClient>(venue_->port(), a.key);
  b.api = std::make_unique<VenueClient>(venue_->port(), b.key);
  EXPECT_EQ(a.api->Get("/api/v1/balance").body, before_a);
  EXPECT_EQ(b.api->Get("/api/v1/balance").body, before_b);
  EXPECT_EQ(a.api->Get("/api/v1/orders?marketId=" + market).body, orders_a);
  EXPECT_EQ(admin_->Get("/api/v1/markets/" + market).body, market_before);
  VenueClient withdrawer(venue_->port(), withdraw_key.Str("/key"));
  EXPECT_EQ(withdrawer.Get("/api/v1/balance").status, 200);

  // Positions: A holds 40 YES, B 40 NO. Void pays 0.50 per share; A's open orders are released.
  ASSERT_EQ(admin_->Post("/admin/v1/markets/" + market + "/void", "{}").status, 200);
  // A: 1000 − 40 × 0.60 − 40 fees 0.008 = 975.68, + 20 = 995.68.
  EXPECT_BALANCE(*a.api, "995.68", "0");
  // B: 1000 − 40 × 0.40 − 0.32 = 983.68, + 20 = 1003.68.
  EXPECT_BALANCE(*b.api, "1003.68", "0");

  // A clean stop (SIGTERM) writes a snapshot; the restart from it shows the same state.
  const std::string after = a.api->Get("/api/v1/balance").body;
  EXPECT_EQ(venue_->Terminate(), 0);
  venue_->Start();
  a.api = std::make_unique<VenueClient>(venue_->port(), a.key);
  EXPECT_EQ(a.api->Get("/api/v1/balance").body, after);
}

// HEAD answers a GET route's status and headers without the body (what load balancers and
// monitors send); OPTIONS lists a path's methods.
TEST_F(VenueApiTest, HeadAndOptionsOnTheRealBinary) {
  CreateMarket("Will it rain?");
  const std::string body = VenueClient(venue_->port()).Get("/api/v1/markets").body;
  net::testing::TestPeer peer(venue_->port());
  auto head = peer.Request("HEAD", "/api/v1/markets");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result_int(), 200);
  EXPECT_EQ((*head)[boost::beast::http::field::content_length], std::to_string(body.size()));
  EXPECT_TRUE(head->body().empty());
  auto unauthorized = peer.Request("HEAD", "/api/v1/balance");
  ASSERT_TRUE(unauthorized);
  EXPECT_EQ(unauthorized->result_int(), 401);
  EXPECT_TRUE(unauthorized->body().empty());
  auto options = peer.Request("OPTIONS", "/api/v1/orders");
  ASSERT_TRUE(options);
  EXPECT_EQ(options->result_int(), 204);
  EXPECT_EQ((*options)[boost::beast::http::field::allow], "DELETE, GET, HEAD, OPTIONS, POST");
}

}  // namespace
}  // namespace probex::testing
