#include "mm/connectors/unhedged/order_codec.h"

#include <gtest/gtest.h>

namespace probex::mm::unhedged {
namespace {

constexpr std::string_view kHead = "Host: h:1\r\nAuthorization: Bearer k\r\n";

// The body of the one request in `request`, after checking its Content-Length.
std::string BodyOf(const std::string& request, std::string_view method) {
  EXPECT_EQ(request.rfind(std::string(method) + " /api/v1/orders HTTP/1.1\r\n", 0), 0U) << request;
  const std::size_t end = request.find("\r\n\r\n");
  EXPECT_NE(end, std::string::npos);
  const std::string body = request.substr(end + 4);
  EXPECT_NE(request.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos)
      << request;
  EXPECT_NE(request.find(kHead), std::string::npos);
  return body;
}

TEST(OrderCodecTest, PlaceBodyIsTheVenuesShape) {
  PlaceOrderRequest r{"mmo-1", "m-7", QuoteSide::kAsk, 5, 1200};
  EXPECT_EQ(PlaceBody(r, {"HOME", "NOT HOME"}),
            R"({"marketId":"m-7","outcome":"HOME","side":"ask","type":"Limit","price":0.05,)"
            R"("quantity":1200})");
}

TEST(OrderCodecTest, PreEncodedPlaceMatchesTheWriterForEverySideAndPrice) {
  // Labels and ids that need escaping keep the writer's escaping.
  const std::array<std::string, 2> labels = {"Team \"A\" \\ wins", "NO"};
  auto codec = MakeMarketCodec("mkt\t1", labels);
  for (QuoteSide side : {QuoteSide::kBid, QuoteSide::kAsk}) {
    for (int cents : {1, 9, 10, 45, 99, 100, 250}) {
      for (std::int64_t qty : {std::int64_t{0}, std::int64_t{1}, std::int64_t{987654321012}}) {
        std::string out;
        AppendPlaceRequest(out, kHead, *codec, side, cents, qty);
        PlaceOrderRequest r{"c", "mkt\t1", side, cents, qty};
        EXPECT_EQ(BodyOf(out, "POST"), PlaceBody(r, labels));
      }
    }
  }
}

TEST(OrderCodecTest, PreEncodedCancelMatchesTheWriter) {
  auto codec = MakeMarketCodec("m-9", {"YES", "NO"});
  for (const std::vector<std::string>& ids :
       {std::vector<std::string>{}, std::vector<std::string>{"o-1"},
        std::vector<std::string>{"o-1", "o\"2"}}) {
    std::string out;
    AppendCancelRequest(out, kHead, *codec, ids);
    EXPECT_EQ(BodyOf(out, "DELETE"), CancelBody("m-9", ids));
  }
}

TEST(OrderCodecTest, RequestsAppendBackToBack) {
  auto codec = MakeMarketCodec("m-1", {"YES", "NO"});
  std::string out;
  AppendCancelRequest(out, kHead, *codec, {"o-1"});
  const std::size_t first = out.size();
  AppendPlaceRequest(out, kHead, *codec, QuoteSide::kBid, 42, 10);
  EXPECT_EQ(BodyOf(out.substr(0, first), "DELETE"), R"({"marketId":"m-1","orderIds":["o-1"]})");
  EXPECT_EQ(BodyOf(out.substr(first), "POST"),
            R"({"marketId":"m-1","outcome":"YES","side":"bid","type":"Limit","price":0.42,)"
            R"("quantity":10})");
}

}  // namespace
}  // namespace probex::mm::unhedged
