// Compatibility with the reference's own example for "Cancel Orders": it documents
// `DELETE /api/v1/orders` but its curl example sends the cancel body with `-X POST` to the same
// path. A client copied from that example must work, so a POST /api/v1/orders whose body is a
// cancel request ({marketId, orderIds} and none of the placement fields) is served as a cancel.
// Stateless functions; any thread.
#pragma once

#include <string_view>

namespace probex::venue::api {

// True when `body` is a JSON object holding "orderIds" and none of "outcome", "side", "type",
// "price", "triggerPrice", "quantity", "quoteQuantity". Cheap for placement bodies: it parses
// only when the text contains "orderIds".
bool IsCancelShapedOrderBody(std::string_view body);

}  // namespace probex::venue::api
