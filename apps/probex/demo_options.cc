#include "demo_options.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cmath>
#include <random>

#include "common/clock.h"
#include "crypto/eip712.h"
#include "crypto/keccak.h"
#include "crypto/secp256k1_signer.h"
#include "net/json_writer.h"
#include "net/websocket_client.h"

namespace probex::app {
namespace {

namespace json = boost::json;

constexpr int kEdgeCents = 2;
constexpr std::int64_t kMaxOptionsPerQuote = 2'000;

// A JSON number (or numeric string) in hundredths, rounded; -1 when absent or not a number.
std::int64_t Hundredths(const json::value& root, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value* v = root.find_pointer(pointer, ec);
  if (v == nullptr) return -1;
  if (v->is_int64()) return v->as_int64() * 100;
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64()) * 100;
  if (v->is_double()) return std::llround(v->as_double() * 100);
  return -1;
}

std::int64_t Integer(const json::value& root, std::string_view pointer) {
  boost::system::error_code ec;
  const json::value* v = root.find_pointer(pointer, ec);
  if (v == nullptr) return -1;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_string()) {
    const std::string text(v->as_string());
    if (text == "call") return 0;
    if (text == "put") return 1;
  }
  return -1;
}

// The EIP-712 signature of the Order in a quote:accepted message, as "0x" + 130 hex digits.
std::optional<std::string> SignAcceptance(const json::value& accepted,
                                          const crypto::PrivateKey& key) {
  try {
    const auto& o = accepted.at("order");
    crypto::RfqOrder order;
    auto maker = crypto::ParseAddress(o.at("maker").as_string());
    auto series = crypto::WordFromDecimal(o.at("seriesId").as_string());
    auto taker = crypto::ParseAddress(o.at("taker").as_string());
    const auto& d = accepted.at("domain");
    auto contract = crypto::ParseAddress(d.at("verifyingContract").as_string());
    if (!maker || !series || !taker || !contract) return std::nullopt;
    order.maker = *maker;
    order.series_id = *series;
    order.option_amount = std::stoull(std::string(o.at("optionAmount").as_string()));
    order.premium_amount = std::stoull(std::string(o.at("premiumAmount").as_string()));
    order.maker_selling = o.at("makerSelling").as_bool();
    order.taker = *taker;
    order.valid_until = std::stoull(std::string(o.at("validUntil").as_string()));
    order.nonce = std::stoull(std::string(o.at("nonce").as_string()));
    crypto::Eip712Domain domain{
        std::string(d.at("name").as_string()), std::string(d.at("version").as_string()),
        static_cast<std::uint64_t>(d.at("chainId").to_number<std::int64_t>()), *contract};
    const crypto::Signature sig = key.Sign(crypto::OrderDigest(domain, order));
    return "0x" + crypto::ToHex(sig.data(), sig.size());
  } catch (const std::exception&) {
    return std::nullopt;  // a message not shaped as the transport documents: no confirmation
  }
}

}  // namespace

Status SeedOptionsMaker(DemoWorld& world) {
  net::HttpClient venue("127.0.0.1", static_cast<std::uint16_t>(world.venue_port));
  venue.SetDefaultHeader("Authorization", "Bearer " + world.operator_key);
  auto account = CreateAccount(venue, "demo-options-maker", "50000", "market_maker");
  if (!account.ok()) return account.error();
  world.options_maker = *account;
  auto key = PostOk(venue, "/admin/v1/users/" + account->user_id + "/api-keys",
                    R"({"kind":"mk_live","name":"options desk"})");
  if (!key.ok()) return key.error();
  world.options_maker_key = Text(key->json.root, "/key");

  // A fresh signing key for this run's wallet.
  std::random_device entropy;
  std::optional<crypto::PrivateKey> signer;
  while (!signer) {
    for (auto& byte : world.options_maker_secret) byte = static_cast<std::uint8_t>(entropy());
    signer = crypto::PrivateKey::FromBytes(world.options_maker_secret);
  }
  auto wallet = venue.PostJson(
      "/v1/mm/wallet", R"({"wallet":")" + crypto::FormatAddress(signer->address()) + R"("})",
      {{"X-API-Key", world.options_maker_key}});
  if (!wallet.ok() || wallet->status != 200) {
    return MakeError("demo_failed", "the options maker's wallet was refused");
  }
  return OkStatus();
}

int OptionQuoteCents(double fair_probability, bool call, int strike_cents, bool taker_buys,
                     bool settles_on_resolution) {
  if (fair_probability <= 0 || fair_probability >= 1 || strike_cents <= 0 || strike_cents >= 100) {
    return 0;
  }
  const int max_payoff = call ? 100 - strike_cents : strike_cents;
  // The value at resolution (S = 1 with probability p, else 0), in hundredths of a cent.
  const auto p_bp = static_cast<std::int64_t>(std::llround(fair_probability * 10'000));
  const std::int64_t fair =
      call ? p_bp * (100 - strike_cents) / 100 : (10'000 - p_bp) * strike_cents / 100;
  if (taker_buys) {
    // The maker sells: the fair value (or, expiring earlier, its upper bound — the same number)
    // plus the edge, rounded up to a cent.
    const auto cents = static_cast<int>((fair + kEdgeCents * 100 + 99) / 100);
    return std::clamp(cents, 1, max_payoff);
  }
  if (!settles_on_resolution) return 0;  // no safe bid without a model of the price path
  const auto cents = static_cast<int>((fair - kEdgeCents * 100) / 100);
  return cents >= 1 ? std::min(cents, max_payoff) : 0;
}

DemoOptionsMaker::DemoOptionsMaker(const DemoWorld& world, DemoActivity& activity)
    : world_(world),
      activity_(activity),
      quotes_("127.0.0.1", static_cast<std::uint16_t>(world.venue_port)),
      bookmaker_("127.0.0.1", static_cast<std::uint16_t>(world.bookmaker_port)) {
  quotes_.SetDefaultHeader("X-API-Key", world.options_maker_key);
  bookmaker_.SetDefaultHeader("X-API-Key", world.bookmaker_key);
}

DemoOptionsMaker::~DemoOptionsMaker() { Stop(); }

void DemoOptionsMaker::Start() {
  net::SseClientOptions options;
  options.headers = {{"X-API-Key", world_.options_maker_key}};
  options.on_event = [this](const net::SseMessage& m) {
    if (m.type == "quote_request") OnQuoteRequest(m.data);
  };
  requests_ =
      std::make_unique<net::SseClient>("127.0.0.1", static_cast<std::uint16_t>(world_.venue_port),
                                       "/v1/mm/quote-requests/stream", options);
  requests_->Start();
  acceptances_ = std::thread([this] { ReadAcceptances(); });
}

void DemoOptionsMaker::Stop() {
  stopping_.store(true);
  if (requests_) requests_->Stop();
  if (acceptances_.joinable()) acceptances_.join();
}

void DemoOptionsMaker::OnQuoteRequest(const std::string& data) {
  boost::system::error_code ec;
  const json::value request = json::parse(data, ec);
  if (ec) return;
  const std::string request_id = Text(request, "/requestId");
  const std::string condition = Text(request, "/params/market/conditionId");
  const auto market = std::find_if(world_.markets.begin(), world_.markets.end(),
                                   [&](const DemoMarket& m) { return m.venue_id == condition; });
  if (request_id.empty() || market == world_.markets.end() || market->pool) return;
  const std::int64_t type = Integer(request, "/params/option/optionType");
  const std::int64_t strike = Integer(request, "/params/option/strikeBps");
  const std::int64_t expiry_ms = Integer(request, "/params/option/expiryMs");
  const std::string side = Text(request, "/params/trade/side");
  if ((type != 0 && type != 1) || strike <= 0 || strike >= 100 || expiry_ms <= 0 ||
      (side != "buy" && side != "sell")) {
    return;
  }
  const double fair = BookmakerFairValue(bookmaker_, *market);
  if (fair <= 0) return;  // suspended or no odds: no quote
  const bool taker_buys = side == "buy";
  const int cents = OptionQuoteCents(fair, type == 0, static_cast<int>(strike), taker_buys,
                                     expiry_ms >= market->end.millis());
  if (cents <= 0) return;
  std::int64_t size = 0;
  if (taker_buys) {
    const std::int64_t budget = Hundredths(request, "/params/trade/budgetUsd");
    size = budget > 0 ? budget / cents : 0;
  } else {
    size = Integer(request, "/params/trade/size");
  }
  if (size < 1) return;
  size = std::min(size, kMaxOptionsPerQuote);
  char price[16];
  std::snprintf(price, sizeof price, "0.%02d", cents);
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject().Field("requestId", request_id).Key("quote").BeginObject();
  w.Field("maker", world_.options_maker.user_id).Field("side", side);
  w.Key("price").RawNumber(price).Field("size", size).Field("expires_in_ms", 60'000);
  w.EndObject().EndObject();
  auto r = quotes_.PostJson("/v1/mm/quotes", body);
  if (r.ok() && r->status == 200) activity_.option_quotes.fetch_add(1, std::memory_order_relaxed);
}

void DemoOptionsMaker::ReadAcceptances() {
  const std::optional<crypto::PrivateKey> signer =
      crypto::PrivateKey::FromBytes(world_.options_maker_secret);
  if (!signer) return;
  net::HttpClient confirmations("127.0.0.1", static_cast<std::uint16_t>(world_.venue_port));
  confirmations.SetDefaultHeader("X-API-Key", world_.options_maker_key);
  std::unique_ptr<net::WebSocketClient> socket;
  while (!stopping_.load()) {
    if (!socket) {
      socket = std::make_unique<net::WebSocketClient>();
      if (!socket
               ->Connect("127.0.0.1", static_cast<std::uint16_t>(world_.venue_port), "/maker/v1/ws",
                         {{"X-API-Key", world_.options_maker_key}})
               .ok()) {
        socket.reset();
        std::this_thread::sleep_for(std::chrono::seconds(1));
      }
      continue;
    }
    auto m = socket->Receive(std::chrono::milliseconds(250));
    if (!m.ok()) {
      if (m.error().code == "timeout") continue;
      socket.reset();  // the venue went away: reconnect
      continue;
    }
    if (m->closed()) {
      socket.reset();
      continue;
    }
    boost::system::error_code ec;
    const json::value message = json::parse(m->data, ec);
    if (ec || Text(message, "/type") != "quote:accepted") continue;
    const std::string quote_id = Text(message, "/quoteId");
    auto signature = SignAcceptance(message, *signer);
    if (quote_id.empty() || !signature) continue;
    auto r = confirmations.PostJson("/v1/mm/quotes/" + quote_id + "/confirm",
                                    R"({"signature":")" + *signature + R"("})");
    if (!r.ok() || r->status != 200) {  // e.g. too late: the desk moved on to the next maker
      activity_.rejected.fetch_add(1, std::memory_order_relaxed);
      activity_.NoteReject(r.ok() ? "confirm " + std::to_string(r->status) + " " +
                                        r->body.substr(0, 160)
                                  : r.error().message);
    }
  }
}

}  // namespace probex::app
