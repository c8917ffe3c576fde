// OrderCodec: the bodies of the venue's order requests (POST / DELETE /api/v1/orders), with the
// per-market part encoded once. A market's place body starts with the same bytes every time
// (`{"marketId":…,"outcome":…,"side":"`), so that prefix is built with the JSON writer when the
// market is first seen and each request appends only the side, price and quantity digits — the
// same bytes the JSON writer makes (order_codec_test compares them).
// Thread rule: a MarketCodec is immutable once made (shared between threads by shared_ptr).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mm/connectors/exchange_connector.h"

namespace probex::mm::unhedged {

struct MarketCodec {
  std::string market_id;
  std::array<std::string, 2> labels;  // outcome 0, outcome 1
  std::string place_prefix;           // {"marketId":"…","outcome":"<label 0>","side":"
  std::string cancel_prefix;          // {"marketId":"…","orderIds":[
};

std::shared_ptr<const MarketCodec> MakeMarketCodec(const std::string& market_id,
                                                   const std::array<std::string, 2>& labels);

// The reference encodings, with the JSON writer (the blocking path uses them).
std::string PlaceBody(const PlaceOrderRequest& request, const std::array<std::string, 2>& labels);
std::string CancelBody(const std::string& market_id, const std::vector<std::string>& order_ids);

// Appends one complete HTTP/1.1 request (request line, `head` — Host, Authorization, … each
// ending in CRLF —, Content-Length, body) to `out`, without temporaries.
void AppendPlaceRequest(std::string& out, std::string_view head, const MarketCodec& codec,
                        QuoteSide side, int cents, std::int64_t quantity);
void AppendCancelRequest(std::string& out, std::string_view head, const MarketCodec& codec,
                         const std::vector<std::string>& order_ids);

}  // namespace probex::mm::unhedged
