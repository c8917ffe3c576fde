#include "mm/connectors/unhedged/unhedged_json.h"

#include <gtest/gtest.h>

#include "net/json.h"

namespace probex::mm::unhedged {
namespace {

boost::json::value Parse(std::string_view text) { return net::ParseJson(text).value().root; }

TEST(UnhedgedJsonTest, MarketWithMappingMetadata) {
  auto m = ParseMarket(Parse(R"({"id":"7","type":"ORDER_BOOK","status":"ACTIVE",
      "outcomes":[{"index":0,"label":"HOME"},{"index":1,"label":"NOT HOME"}],
      "feeRate":"0.0200000000","winningOutcomeIndex":null,
      "metadata":{"fixtureId":"fx-1","marketId":101,"outcomeId":"101","sportId":10,
                  "tournamentId":17}})"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->id, "7");
  EXPECT_EQ(m->outcomes[1], "NOT HOME");
  EXPECT_EQ(m->fee_rate, Money::Parse("0.02").value());
  ASSERT_TRUE(m->mapping.has_value());
  EXPECT_EQ(m->mapping->fixture_id, "fx-1");
  EXPECT_EQ(m->mapping->market_id, 101);
  EXPECT_EQ(m->mapping->outcome_id, 101);
  EXPECT_EQ(m->mapping->tournament_id, 17);
  EXPECT_FALSE(m->winning_outcome.has_value());
}

TEST(UnhedgedJsonTest, MarketWithoutMappingIsNotMapped) {
  auto m = ParseMarket(Parse(R"({"id":"8","metadata":{"fixtureId":"fx"}})"));
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->mapping.has_value());
}

TEST(UnhedgedJsonTest, OrdersAreSeenFromOutcomeZero) {
  const std::array<std::string, 2> labels = {"YES", "NO"};
  auto o = ParseOrder(Parse(R"({"id":"42","market_id":"7","outcome":"YES","side":"ask",
      "price":0.62,"quantity":100,"cum_quantity":25,"cum_fees":"0.5000000000",
      "status":"Placed"})"),
                      &labels);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->side, QuoteSide::kAsk);
  EXPECT_EQ(o->cents, 62);
  EXPECT_EQ(o->cum_quantity, 25);
  EXPECT_EQ(o->cum_fees, Money::Parse("0.5").value());
  EXPECT_EQ(o->state, ExchangeOrderState::kOpen);
  // A bid on NO at 0.38 is an ask on YES at 0.62.
  auto no = ParseOrder(Parse(R"({"id":"43","outcome":"NO","side":"bid","price":0.38,
      "quantity":5,"cum_quantity":5,"status":"Filled"})"),
                       &labels);
  ASSERT_TRUE(no.ok());
  EXPECT_EQ(no->side, QuoteSide::kAsk);
  EXPECT_EQ(no->cents, 62);
  EXPECT_EQ(no->state, ExchangeOrderState::kFilled);
  EXPECT_FALSE(ParseOrder(Parse(R"({"side":"bid"})"), &labels).ok());
}

TEST(UnhedgedJsonTest, PricesNeedTwoDecimalsInRange) {
  EXPECT_EQ(PriceCents(Parse("0.07")), 7);
  EXPECT_EQ(PriceCents(Parse("\"0.5\"")), 50);
  EXPECT_FALSE(PriceCents(Parse("0.075")).has_value());
  EXPECT_FALSE(PriceCents(Parse("1")).has_value());
}

}  // namespace
}  // namespace probex::mm::unhedged
