#include "mm/connectors/unhedged/order_codec.h"

#include <charconv>

#include "net/json_writer.h"

namespace probex::mm::unhedged {
namespace {

// "0.45" for 45 cents (the venue's price text; a quote is 1–99 cents).
std::size_t PriceChars(int cents, char* out) {
  if (cents >= 0 && cents < 100) {
    out[0] = '0';
    out[1] = '.';
    out[2] = static_cast<char>('0' + cents / 10);
    out[3] = static_cast<char>('0' + cents % 10);
    return 4;
  }
  // Whole units and cents ("1.00"); never negative for an order.
  char* end = std::to_chars(out, out + 16, cents / 100).ptr;
  *end++ = '.';
  *end++ = static_cast<char>('0' + (cents % 100) / 10);
  *end++ = static_cast<char>('0' + cents % 10);
  return static_cast<std::size_t>(end - out);
}

void AppendHead(std::string& out, std::string_view method, std::string_view head,
                std::size_t body_size) {
  out += method;
  out += " /api/v1/orders HTTP/1.1\r\n";
  out += head;
  out += "Content-Length: ";
  char num[24];
  out.append(num,
             static_cast<std::size_t>(std::to_chars(num, num + sizeof num, body_size).ptr - num));
  out += "\r\n\r\n";
}

}  // namespace

std::shared_ptr<const MarketCodec> MakeMarketCodec(const std::string& market_id,
                                                   const std::array<std::string, 2>& labels) {
  auto c = std::make_shared<MarketCodec>();
  c->market_id = market_id;
  c->labels = labels;
  {
    net::JsonWriter w(c->place_prefix);
    w.BeginObject().Field("marketId", market_id).Field("outcome", labels[0]).Key("side");
    c->place_prefix += '"';
  }
  {
    net::JsonWriter w(c->cancel_prefix);
    w.BeginObject().Field("marketId", market_id).Key("orderIds");
    c->cancel_prefix += '[';
  }
  return c;
}

std::string PlaceBody(const PlaceOrderRequest& request, const std::array<std::string, 2>& labels) {
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject().Field("marketId", request.market_id).Field("outcome", labels[0]);
  w.Field("side", request.side == QuoteSide::kBid ? "bid" : "ask").Field("type", "Limit");
  char price[24];
  w.Key("price").RawNumber(std::string_view(price, PriceChars(request.cents, price)));
  w.Field("quantity", request.quantity).EndObject();
  return body;
}

std::string CancelBody(const std::string& market_id, const std::vector<std::string>& order_ids) {
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject().Field("marketId", market_id).Key("orderIds").BeginArray();
  for (const auto& id : order_ids) w.String(id);
  w.EndArray().EndObject();
  return body;
}

void AppendPlaceRequest(std::string& out, std::string_view head, const MarketCodec& codec,
                        QuoteSide side, int cents, std::int64_t quantity) {
  // The variable tail: bid","type":"Limit","price":0.45,"quantity":123}
  char tail[96];
  char* p = tail;
  const std::string_view s = side == QuoteSide::kBid ? "bid" : "ask";
  constexpr std::string_view kType = R"(","type":"Limit","price":)";
  constexpr std::string_view kQuantity = R"(,"quantity":)";
  p = std::copy(s.begin(), s.end(), p);
  p = std::copy(kType.begin(), kType.end(), p);
  p += PriceChars(cents, p);
  p = std::copy(kQuantity.begin(), kQuantity.end(), p);
  p = std::to_chars(p, tail + sizeof tail - 1, quantity).ptr;
  *p++ = '}';
  const std::size_t tail_size = static_cast<std::size_t>(p - tail);
  AppendHead(out, "POST", head, codec.place_prefix.size() + tail_size);
  out += codec.place_prefix;
  out.append(tail, tail_size);
}

void AppendCancelRequest(std::string& out, std::string_view head, const MarketCodec& codec,
                         const std::vector<std::string>& order_ids) {
  // Exchange order ids are the venue's own (plain ASCII), but escape them like the writer does.
  std::string ids;
  {
    net::JsonWriter w(ids);
    w.BeginArray();
    for (const auto& id : order_ids) w.String(id);
    w.EndArray();
  }
  // ids is "[…]": the prefix already holds the '['.
  const std::string_view rest = std::string_view(ids).substr(1);
  AppendHead(out, "DELETE", head, codec.cancel_prefix.size() + rest.size() + 1);
  out += codec.cancel_prefix;
  out += rest;
  out += '}';
}

}  // namespace probex::mm::unhedged
