// The venue's cum_quote_quantity (Σ fill quantity × traded price of the order's own outcome) is
// what a fill cost; ParseOrder reports it in outcome-0 terms, like the side and the price.
#include <gtest/gtest.h>

#include "mm/connectors/unhedged/unhedged_json.h"
#include "net/json.h"

namespace probex::mm::unhedged {
namespace {

boost::json::value ParseText(const char* text) { return net::ParseJson(text).value().root; }

TEST(UnhedgedJsonCostTest, CumQuoteIsSeenFromOutcomeZero) {
  const std::array<std::string, 2> labels = {"YES", "NO"};
  // A bid on YES at 0.62 that filled 10 at a resting 0.57: 5.70 of outcome-0 notional.
  auto yes = ParseOrder(ParseText(R"({"id":"1","outcome":"YES","side":"bid","price":0.62,
      "quantity":10,"cum_quantity":10,"cum_quote_quantity":"5.7000000000","status":"Filled"})"),
                        &labels);
  ASSERT_TRUE(yes.ok());
  ASSERT_TRUE(yes->cum_quote.has_value());
  EXPECT_EQ(*yes->cum_quote, Money::Parse("5.7").value());
  // A bid on NO at 0.38 that filled 5 at 0.35 (1.75): seen from YES, 5 × 0.65 = 3.25.
  auto no = ParseOrder(ParseText(R"({"id":"2","outcome":"NO","side":"bid","price":0.38,
      "quantity":5,"cum_quantity":5,"cum_quote_quantity":"1.7500000000","status":"Filled"})"),
                       &labels);
  ASSERT_TRUE(no.ok());
  EXPECT_EQ(no->side, QuoteSide::kAsk);
  EXPECT_EQ(*no->cum_quote, Money::Parse("3.25").value());
  // Not reported: unknown.
  auto none = ParseOrder(ParseText(R"({"id":"3","outcome":"YES","side":"bid","price":0.5,
      "quantity":5,"cum_quantity":0,"status":"Placed"})"),
                         &labels);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->cum_quote.has_value());
}

}  // namespace
}  // namespace probex::mm::unhedged
