// Shared by the options desk's end-to-end tests: what a maker does with a quote:accepted message,
// and reading a maker's event stream.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crypto/eip712.h"
#include "crypto/keccak.h"
#include "crypto/secp256k1_signer.h"
#include "net/sse_client.h"

namespace probex::testing {

// The maker's signature ("0x" + r‖s‖v in hex) of the EIP-712 digest of the Order in a
// quote:accepted message, under the message's domain.
inline std::string SignAcceptedOrder(const boost::json::value& accepted,
                                     const crypto::PrivateKey& key) {
  const auto& o = accepted.at("order");
  crypto::RfqOrder order;
  order.maker = *crypto::ParseAddress(o.at("maker").as_string());
  order.series_id = *crypto::WordFromDecimal(o.at("seriesId").as_string());
  order.option_amount = std::stoull(std::string(o.at("optionAmount").as_string()));
  order.premium_amount = std::stoull(std::string(o.at("premiumAmount").as_string()));
  order.maker_selling = o.at("makerSelling").as_bool();
  order.taker = *crypto::ParseAddress(o.at("taker").as_string());
  order.valid_until = std::stoull(std::string(o.at("validUntil").as_string()));
  order.nonce = std::stoull(std::string(o.at("nonce").as_string()));
  const auto& d = accepted.at("domain");
  crypto::Eip712Domain domain{std::string(d.at("name").as_string()),
                              std::string(d.at("version").as_string()),
                              static_cast<std::uint64_t>(d.at("chainId").as_int64()),
                              *crypto::ParseAddress(d.at("verifyingContract").as_string())};
  const crypto::Signature sig = key.Sign(crypto::OrderDigest(domain, order));
  return "0x" + crypto::ToHex(sig.data(), sig.size());
}

// A maker's channel-1 stream (`GET /v1/mm/quote-requests/stream`, X-API-Key), resuming after
// `last_id` when given, not reconnecting by itself; started.
inline std::unique_ptr<net::SseClient> OpenMakerStream(std::uint16_t port, const std::string& key,
                                                       const std::string& last_id = "") {
  net::SseClientOptions o;
  o.headers = {{"X-API-Key", key}};
  o.last_event_id = last_id;
  o.max_reconnects = 0;
  auto c = std::make_unique<net::SseClient>("127.0.0.1", port, "/v1/mm/quote-requests/stream", o);
  c->Start();
  return c;
}

// The next `n` events of a stream (fewer if it goes quiet for 5 s).
inline std::vector<net::SseMessage> DrainSse(net::SseClient& c, std::size_t n) {
  std::vector<net::SseMessage> out;
  while (out.size() < n) {
    auto m = c.Next(std::chrono::milliseconds(5'000));
    if (!m) break;
    out.push_back(*m);
  }
  return out;
}

}  // namespace probex::testing
