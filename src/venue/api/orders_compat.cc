#include "venue/api/orders_compat.h"

#include "net/json.h"

namespace probex::venue::api {

bool IsCancelShapedOrderBody(std::string_view body) {
  if (body.find("\"orderIds\"") == std::string_view::npos) return false;
  auto parsed = net::ParseJson(body);
  if (!parsed || !parsed->root.is_object()) return false;
  const auto& object = parsed->root.get_object();
  if (!object.contains("orderIds")) return false;
  for (std::string_view placement :
       {"outcome", "side", "type", "price", "triggerPrice", "quantity", "quoteQuantity"}) {
    if (object.contains(placement)) return false;
  }
  return true;
}

}  // namespace probex::venue::api
