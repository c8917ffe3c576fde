// End-to-end: the options RFQ desk inside the real `probex venue` (manual clock) — makers on
// channel 1 (SSE), channel 2 (REST) and channel 3 (WebSocket), takers on REST: the seed's exact
// bytes on channel 1, snapshot vs Last-Event-ID replay vs the fallback to a snapshot, call and put
// flows with hand-computed balances, confirmation timeout falling back to the next maker, bad
// signatures, every eligibility error, request and quote expiry, settlement at expiry.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

#include "crypto/eip712.h"
#include "crypto/keccak.h"
#include "crypto/secp256k1_signer.h"
#include "net/http_client.h"
#include "net/sse_client.h"
#include "net/websocket_client.h"
#include "options_test_support.h"
#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

using std::chrono::milliseconds;

boost::json::value Parse(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  return v;
}

std::string StrAt(const boost::json::value& v, std::string_view pointer) {
  boost::system::error_code ec;
  const auto* p = v.find_pointer(pointer, ec);
  return p != nullptr && p->is_string() ? std::string(p->as_string()) : "";
}

// A maker: a user with an mk_live key, a funded account, a registered wallet and its signing key.
struct Maker {
  std::string id;
  std::string key;
  std::optional<crypto::PrivateKey> signer;
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<net::WebSocketClient> ws;

  Reply Call(std::string_view method, const std::string& target, std::string_view body = {}) {
    auto r = http->Request(method, target, body, {{"X-API-Key", key}});
    Reply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.body = r->body;
    boost::system::error_code ec;
    reply.json = boost::json::parse(reply.body, ec);
    return reply;
  }
  Reply Quote(const std::string& request, const std::string& side, const std::string& price,
              int size, int expires_ms = 60'000) {
    return Call("POST", "/v1/mm/quotes",
                R"({"requestId":")" + request + R"(","quote":{"maker":")" + id + R"(","side":")" +
                    side + R"(","price":)" + price + R"(,"size":)" + std::to_string(size) +
                    R"(,"expires_in_ms":)" + std::to_string(expires_ms) + "}}");
  }
  // The next WebSocket message of `type` (skipping others); null after 10 s.
  boost::json::value Next(const std::string& type) {
    for (int i = 0; i < 20; ++i) {
      auto m = ws->Receive(milliseconds(10'000));
      if (!m || m->closed()) break;
      auto v = Parse(m->data);
      if (StrAt(v, "/type") == type) return v;
    }
    ADD_FAILURE() << "no " << type << " message";
    return nullptr;
  }
  // Signs the order of a quote:accepted message as the EIP-712 digest the desk expects.
  std::string Sign(const boost::json::value& accepted, const crypto::PrivateKey& with) {
    return SignAcceptedOrder(accepted, with);
  }
  Reply Confirm(const std::string& quote, const std::string& signature) {
    return Call("POST", "/v1/mm/quotes/" + quote + "/confirm",
                R"({"signature":")" + signature + R"("})");
  }
};

class OptionsDeskTest : public VenueFixture {
 protected:
  virtual std::string options_config() const { return ""; }
  // Extra lines of [venue.rate_limits] (the desk's rules keep their defaults otherwise).
  virtual std::string rate_limits_config() const { return ""; }

  void SetUp() override {
    dir_ = std::make_unique<TempDir>();
    const std::string config =
        WriteVenueConfig(dir_->path(), kFunctionalTestRules,
                         rate_limits_config() + "[venue.options]\n" + options_config());
    venue_ = std::make_unique<VenueProcess>(dir_->path() + "/data",
                                            std::vector<std::string>{"--config", config});
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
    market_ = CreateMarket("Will it rain?");
  }

  Maker NewMaker(const std::string& name, const std::string& deposit, bool socket = true) {
    Maker m;
    m.id = CreateUser(name);
    Reply r = admin_->Post("/admin/v1/users/" + m.id + "/api-keys", R"({"kind":"mk_live"})");
    EXPECT_EQ(r.status, 200) << r.body;
    m.key = r.Str("/key");
    Deposit(m.id, deposit);
    m.signer = crypto::PrivateKey::FromBytes(crypto::Keccak256(name));
    m.http = std::make_unique<net::HttpClient>("127.0.0.1", venue_->port());
    Reply w = m.Call("POST", "/v1/mm/wallet",
                     R"({"wallet":")" + crypto::FormatAddress(m.signer->address()) + R"("})");
    EXPECT_EQ(w.status, 200) << w.body;
    if (socket) {
      m.ws = std::make_unique<net::WebSocketClient>();
      EXPECT_TRUE(m.ws->Connect("127.0.0.1", venue_->port(), "/maker/v1/ws?apiKey=" + m.key).ok());
      auto hello = m.Next("connected");
      EXPECT_EQ(StrAt(hello, "/makerId"), name);
    }
    return m;
  }

  std::string ExpiryMs(std::int64_t minutes) {
    return std::to_string(Now().PlusSeconds(minutes * 60).millis() / 1000 * 1000);
  }
  // POST /quote-requests; returns the reply.
  Reply RequestQuote(VenueClient& taker, const std::string& type, int strike,
                     const std::string& trade, std::int64_t expiry_minutes = 20) {
    return taker.Post("/quote-requests",
                      R"({"market":{"conditionId":")" + market_ + R"(","yesTokenId":")" +
                          std::to_string(2 * std::stoll(market_)) +
                          R"("},"option":{"optionType":")" + type + R"(","strikeBps":)" +
                          std::to_string(strike) + R"(,"expiryMs":)" + ExpiryMs(expiry_minutes) +
                          R"(},"trade":)" + trade + "}");
  }
  std::future<Reply> CommitAsync(const std::string& key, const std::string& request) {
    const std::uint16_t port = venue_->port();
    return std::async(std::launch::async, [port, key, request] {
      VenueClient client(port, key);
      return client.Post("/quote-requests/" + request + "/commit", "{}");
    });
  }
  // One trade of `quantity` at `price` on the market between two fresh traders.
  void Trade(const std::string& price, int quantity) {
    static int n = 0;
    Trader buyer = NewTrader("buyer" + std::to_string(++n), "1000");
    Trader seller = NewTrader("seller" + std::to_string(n), "1000");
    const std::string body = R"({"marketId":")" + market_ +
                             R"(","outcome":"Yes","side":"bid","type":"Limit","price":)" + price +
                             R"(,"quantity":)" + std::to_string(quantity) + "}";
    Reply b = buyer.api->Post("/api/v1/orders", body);
    ASSERT_EQ(b.status, 200) << b.body;
    std::string ask = body;
    ask.replace(ask.find("\"bid\""), 5, "\"ask\"");
    Reply s = seller.api->Post("/api/v1/orders", ask);
    ASSERT_EQ(s.status, 200) << s.body;
  }
  // Polls (wall clock, the desk's timer runs every 50 ms) until `done` holds.
  template <class F>
  bool Eventually(F done) {
    for (int i = 0; i < 400; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(milliseconds(25));
    }
    return false;
  }

  std::string market_;
};

// ---- Channel 1, byte for byte. ----

std::string ReadUntil(int fd, std::string& buffer, const std::string& needle) {
  char chunk[4096];
  for (int i = 0; i < 200 && buffer.find(needle) == std::string::npos; ++i) {
    timeval tv{0, 50'000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n > 0) buffer.append(chunk, static_cast<std::size_t>(n));
  }
  return buffer;
}

TEST_F(OptionsDeskTest, ChannelOneMatchesTheSeedByteForByte) {
  Maker alpha = NewMaker("mm-alpha", "1000", false);
  Trader taker = NewTrader("taker", "1000");
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(venue_->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string get =
      "GET /v1/mm/quote-requests/stream HTTP/1.1\r\nHost: x\r\nX-API-Key: " + alpha.key +
      "\r\n\r\n";
  ASSERT_EQ(::send(fd, get.data(), get.size(), 0), static_cast<ssize_t>(get.size()));
  std::string bytes;
  ReadUntil(fd, bytes, "event: snapshot_complete\ndata: {}\n\n");
  const std::size_t body = bytes.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_NE(bytes.find("Content-Type: text/event-stream"), std::string::npos) << bytes;
  const std::string now = FormatIso8601(Now());
  const std::string head =
      "event: connected\ndata: {\"makerId\":\"mm-alpha\",\"serverTime\":\"" + now +
      "\"}\n\nevent: snapshot_begin\ndata: {}\n\nevent: snapshot_complete\ndata: {}\n\n";
  EXPECT_EQ(bytes.substr(body + 4), head);

  const std::string expiry = ExpiryMs(60);
  Reply r = taker.api->Post(
      "/quote-requests",
      R"({"market":{"conditionId":")" + market_ +
          R"(","question":"ignored"},"option":{"optionType":0,"strikeBps":50,"expiryMs":)" +
          expiry +
          R"(},"trade":{"side":"buy","budgetUsd":100},"wallet":"0x00000000000000000000000000000000000000aB"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Str("/requestId"), "req-1");
  EXPECT_EQ(r.Int("/makersConnected"), 1);
  const std::string expires = FormatIso8601(Now().PlusSeconds(300));
  EXPECT_EQ(r.Str("/expiresAt"), expires);
  bytes.clear();
  ReadUntil(fd, bytes, "}}}\n\n");
  const std::string data =
      R"({"requestId":"req-1","expiresAt":")" + expires +
      R"(","params":{"wallet":"0x00000000000000000000000000000000000000ab","market":{"conditionId":")" +
      market_ + R"(","yesTokenId":")" + std::to_string(2 * std::stoll(market_)) +
      R"(","question":"Will it rain?"},"option":{"optionType":"call","strikeBps":50,"expiryMs":)" +
      expiry + R"(},"trade":{"side":"buy","budgetUsd":100}}})";
  ASSERT_EQ(bytes.rfind("event: quote_request\nid: ", 0), 0u) << bytes;
  const std::size_t id_end = bytes.find('\n', 25);
  EXPECT_GT(std::stoll(bytes.substr(25, id_end - 25)), 0);
  EXPECT_EQ(bytes.substr(id_end), "\ndata: " + data + "\n\n");

  ASSERT_EQ(taker.api->Post("/quote-requests/req-1/cancel", "{}").status, 200);
  bytes.clear();
  ReadUntil(fd, bytes, "\n\n");
  EXPECT_EQ(bytes, "event: quote_request_expired\ndata: {\"requestId\":\"req-1\"}\n\n");
  ::close(fd);
}

// ---- Snapshot, replay, fallback. ----

class OptionsReplayTest : public OptionsDeskTest {
  std::string options_config() const override { return "replay_buffer = 2\n"; }
};

TEST_F(OptionsReplayTest, SnapshotThenReplayThenFallbackToSnapshot) {
  Maker m = NewMaker("mm-beta", "1000", false);
  Trader taker = NewTrader("taker", "1000");
  auto open_stream = [&](const std::string& last_id) {
    return OpenMakerStream(venue_->port(), m.key, last_id);
  };
  auto live = open_stream("");
  auto first = DrainSse(*live, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[1].type, "snapshot_begin");
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(RequestQuote(*taker.api, "put", 40, R"({"side":"sell","size":10})").status, 200);
    auto e = DrainSse(*live, 1);
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(e[0].type, "quote_request");
    ids.push_back(e[0].id);
  }
  EXPECT_LT(std::stoll(ids[0]), std::stoll(ids[3]));
  // Still buffered (the buffer holds the last two events): replay, no snapshot.
  auto replay = open_stream(ids[1]);
  auto got = DrainSse(*replay, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].type, "connected");
  EXPECT_EQ(got[1].type, "quote_request");
  EXPECT_EQ(got[1].id, ids[2]);
  EXPECT_EQ(got[2].id, ids[3]);
  EXPECT_FALSE(replay->Next(milliseconds(200)).has_value());
  // Gone from the buffer: a fresh snapshot of the four open requests.
  auto fallback = open_stream(ids[0]);
  got = DrainSse(*fallback, 7);
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[1].type, "snapshot_begin");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got[2 + i].type, "quote_request");
  EXPECT_EQ(got[6].type, "snapshot_complete");
  // An expiry on the live stream has no id.
  ASSERT_EQ(taker.api->Post("/quote-requests/req-2/cancel", "{}").status, 200);
  auto expired = DrainSse(*live, 1);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].type, "quote_request_expired");
  EXPECT_EQ(expired[0].data, R"({"requestId":"req-2"})");
}

// ---- Full flows. ----

TEST_F(OptionsDeskTest, CallBuyFromTheBestMakerThenSettlementAtTheVwap) {
  Maker a = NewMaker("mm-a", "1000");
  Maker b = NewMaker("mm-b", "1000");
  Trader taker = NewTrader("taker", "1000");
  Reply r = RequestQuote(*taker.api, "call", 50, R"({"side":"buy","budgetUsd":100})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string req = r.Str("/requestId");
  Reply qa = a.Quote(req, "buy", "0.25", 1000);
  ASSERT_EQ(qa.status, 200) << qa.body;
  Reply qb = b.Quote(req, "buy", "0.20", 300);
  ASSERT_EQ(qb.status, 200) << qb.body;
  Reply again = a.Quote(req, "buy", "0.20", 1000);  // ties B, later: B stays best
  EXPECT_EQ(again.Str("/quoteId"), qa.Str("/quoteId"));
  Reply quotes = taker.api->Get("/quote-requests/" + req + "/quotes");
  EXPECT_EQ(quotes.Str("/quotes/0/quoteId"), qb.Str("/quoteId")) << quotes.body;

  auto commit = CommitAsync(taker.key, req);
  auto accepted = b.Next("quote:accepted");
  ASSERT_FALSE(accepted.is_null());
  EXPECT_EQ(StrAt(accepted, "/order/optionAmount"), "300000000");
  EXPECT_EQ(StrAt(accepted, "/order/premiumAmount"), "60000000");
  EXPECT_TRUE(accepted.at("order").at("makerSelling").as_bool());
  EXPECT_EQ(StrAt(accepted, "/domain/name"), "ProbexRFQSettlement");
  Reply ok = b.Confirm(qb.Str("/quoteId"), b.Sign(accepted, *b.signer));
  ASSERT_EQ(ok.status, 200) << ok.body;
  Reply done = commit.get();
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Int("/execution/quantity"), 300);
  EXPECT_EQ(done.Str("/execution/makerId"), "mm-b");
  EXPECT_EQ(StrAt(b.Next("quote:confirmed"), "/quoteId"), qb.Str("/quoteId"));
  EXPECT_EQ(StrAt(a.Next("quote:rejected"), "/reason"), "outbid");
  // Premium 300 × 0.20 = 60 to the writer; collateral 300 × 0.50 = 150 locked.
  EXPECT_BALANCE(*taker.api, "940", "0");
  VenueClient bb(venue_->port(), b.key);
  EXPECT_BALANCE(bb, "910", "150");
  Reply pos = taker.api->Get("/api/v1/options/positions");
  EXPECT_EQ(pos.Str("/positions/0/role"), "holder") << pos.body;
  EXPECT_EQ(pos.Str("/positions/0/status"), "open");
  // One trade at 0.73 inside the 30-minute window, then expiry: S = 73, payout 300 × 0.23 = 69.
  Trade("0.73", 10);
  AdvanceClock(21 * 60 * 1000);
  ASSERT_TRUE(Eventually([&] {
    return taker.api->Get("/api/v1/options/positions").Str("/positions/0/status") == "settled";
  }));
  pos = taker.api->Get("/api/v1/options/positions");
  EXPECT_EQ(pos.Str("/positions/0/payout"), M("69").ToString()) << pos.body;
  EXPECT_BALANCE(*taker.api, "1009", "0");
  EXPECT_BALANCE(bb, "991", "0");
  Reply series = admin_->Get("/v1/series?settled=true");
  EXPECT_EQ(series.Str("/series/0/settlementSource"), "vwap") << series.body;
  // The balance history names both moves (newest first): amount = available, lockedChange.
  ASSERT_TRUE(Eventually([&] {
    return taker.api->Get("/api/v1/balance/transactions").Str("/transactions/0/type") ==
           "OPTION_SETTLEMENT";
  }));
  Reply held = taker.api->Get("/api/v1/balance/transactions");
  EXPECT_EQ(held.Str("/transactions/0/amount"), "69.0000000000") << held.body;
  EXPECT_EQ(held.Str("/transactions/1/type"), "OPTION_EXECUTION") << held.body;
  EXPECT_EQ(held.Str("/transactions/1/amount"), "-60.0000000000") << held.body;
  EXPECT_EQ(held.Str("/transactions/1/lockedChange"), "0.0000000000") << held.body;
  Reply wrote = bb.Get("/api/v1/balance/transactions");
  EXPECT_EQ(wrote.Str("/transactions/0/type"), "OPTION_SETTLEMENT") << wrote.body;
  EXPECT_EQ(wrote.Str("/transactions/0/amount"), "81.0000000000") << wrote.body;
  EXPECT_EQ(wrote.Str("/transactions/0/lockedChange"), "-150.0000000000") << wrote.body;
  EXPECT_EQ(wrote.Str("/transactions/1/type"), "OPTION_EXECUTION") << wrote.body;
  EXPECT_EQ(wrote.Str("/transactions/1/amount"), "-90.0000000000") << wrote.body;
  EXPECT_EQ(wrote.Str("/transactions/1/lockedChange"), "150.0000000000") << wrote.body;
}

TEST_F(OptionsDeskTest, PutSellWritesAndTheMakerPaysThePremium) {
  Maker a = NewMaker("mm-a", "1000");
  Trader taker = NewTrader("taker", "1000");
  Reply r = RequestQuote(*taker.api, "put", 30, R"({"side":"sell","size":100})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string req = r.Str("/requestId");
  Reply q = a.Quote(req, "sell", "0.1", 100);
  ASSERT_EQ(q.status, 200) << q.body;
  auto commit = CommitAsync(taker.key, req);
  auto accepted = a.Next("quote:accepted");
  EXPECT_FALSE(accepted.at("order").at("makerSelling").as_bool());
  ASSERT_EQ(a.Confirm(q.Str("/quoteId"), a.Sign(accepted, *a.signer)).status, 200);
  Reply done = commit.get();
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Str("/execution/side"), "sell");
  // Taker writes: +10 premium, 100 × 0.30 = 30 locked; the maker pays 10.
  EXPECT_BALANCE(*taker.api, "980", "30");
  VenueClient aa(venue_->port(), a.key);
  EXPECT_BALANCE(aa, "990", "0");
  // The market resolves NO before expiry: S = 0, the put pays 0.30 × 100 = 30 to the maker.
  ASSERT_EQ(
      admin_->Post("/admin/v1/markets/" + market_ + "/resolve", R"({"winningOutcomeIndex":1})")
          .status,
      200);
  AdvanceClock(21 * 60 * 1000);
  ASSERT_TRUE(Eventually([&] {
    return taker.api->Get("/api/v1/options/positions").Str("/positions/0/status") == "settled";
  }));
  EXPECT_BALANCE(*taker.api, "980", "0");
  EXPECT_BALANCE(aa, "1020", "0");
}

TEST_F(OptionsDeskTest, ConfirmationTimeoutFallsBackToTheNextMaker) {
  Maker a = NewMaker("mm-a", "1000");
  Maker b = NewMaker("mm-b", "1000");
  Trader taker = NewTrader("taker", "1000");
  const std::string req =
      RequestQuote(*taker.api, "call", 60, R"({"side":"buy","budgetUsd":10})").Str("/requestId");
  Reply qa = a.Quote(req, "buy", "0.1", 100);
  Reply qb = b.Quote(req, "buy", "0.2", 50);
  ASSERT_EQ(qa.status, 200);
  ASSERT_EQ(qb.status, 200);
  auto commit = CommitAsync(taker.key, req);
  auto first = a.Next("quote:accepted");
  ASSERT_FALSE(first.is_null());
  AdvanceClock(11'000);  // A lets the 10 s deadline pass
  EXPECT_EQ(StrAt(a.Next("quote:rejected"), "/reason"), "confirmation_timeout");
  auto second = b.Next("quote:accepted");
  ASSERT_FALSE(second.is_null());
  Reply late = a.Confirm(qa.Str("/quoteId"), a.Sign(first, *a.signer));
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(late.Str("/error"), "no_pending_acceptance");
  ASSERT_EQ(b.Confirm(qb.Str("/quoteId"), b.Sign(second, *b.signer)).status, 200);
  Reply done = commit.get();
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Str("/execution/makerId"), "mm-b");
  EXPECT_EQ(done.Int("/execution/quantity"), 50);
  EXPECT_BALANCE(*taker.api, "990", "0");
}

TEST_F(OptionsDeskTest, BadSignatureIsRejectedAndNobodyConfirmsIs503) {
  Maker a = NewMaker("mm-a", "1000");
  Trader taker = NewTrader("taker", "1000");
  const std::string req =
      RequestQuote(*taker.api, "put", 50, R"({"side":"buy","budgetUsd":10})").Str("/requestId");
  Reply q = a.Quote(req, "buy", "0.1", 100);
  auto commit = CommitAsync(taker.key, req);
  auto accepted = a.Next("quote:accepted");
  auto stranger = crypto::PrivateKey::FromBytes(crypto::Keccak256("someone else"));
  Reply bad = a.Confirm(q.Str("/quoteId"), a.Sign(accepted, *stranger));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(
      bad.body,
      R"({"success":false,"error":"invalid_signature","message":"the signature does not recover to your registered wallet"})");
  EXPECT_EQ(StrAt(a.Next("quote:rejected"), "/reason"), "invalid_signature");
  Reply done = commit.get();
  EXPECT_EQ(done.status, 503) << done.body;
  EXPECT_EQ(done.Str("/error"), "no_confirmation");
  EXPECT_BALANCE(*taker.api, "1000", "0");
}

// ---- Eligibility errors and expiry. ----

TEST_F(OptionsDeskTest, EveryEligibilityErrorInTheDocumentedShape) {
  Maker a = NewMaker("mm-a", "1000", false);
  Maker poor = NewMaker("mm-poor", "1", false);
  Trader taker = NewTrader("taker", "1000");
  const std::string req =
      RequestQuote(*taker.api, "call", 50, R"({"side":"buy","budgetUsd":100})").Str("/requestId");
  auto expect = [](const Reply& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.Str("/error"), code) << r.body;
    EXPECT_FALSE(r.json.at("success").as_bool());
    EXPECT_FALSE(r.Str("/message").empty());
  };
  expect(a.Quote("req-99", "buy", "0.25", 400), 404, "request_not_found");
  expect(a.Quote(req, "sell", "0.25", 400), 400, "side_mismatch");
  expect(a.Quote(req, "buy", "0.25", 199), 400, "size_too_small");
  expect(a.Quote(req, "buy", "1", 400), 400, "price_out_of_range");
  expect(a.Quote(req, "buy", "0", 400), 400, "price_out_of_range");
  expect(a.Quote(req, "buy", "0.51", 400), 400, "no_arbitrage");
  expect(poor.Quote(req, "buy", "0.25", 400), 400, "insufficient_collateral");
  Reply unauth = taker.api->Post("/v1/mm/quotes", "{}");
  expect(unauth, 401, "unauthorized");
  ASSERT_EQ(taker.api->Post("/quote-requests/" + req + "/cancel", "{}").status, 200);
  expect(a.Quote(req, "buy", "0.25", 400), 409, "request_closed");
  expect(RequestQuote(*taker.api, "call", 52, R"({"side":"buy","budgetUsd":100})"), 400,
         "invalid_option");
}

TEST_F(OptionsDeskTest, QuotesAndRequestsExpire) {
  Maker a = NewMaker("mm-a", "1000");
  Trader taker = NewTrader("taker", "1000");
  const std::string req =
      RequestQuote(*taker.api, "call", 50, R"({"side":"buy","budgetUsd":10})").Str("/requestId");
  Reply q = a.Quote(req, "buy", "0.2", 50, 1000);
  ASSERT_EQ(q.status, 200);
  AdvanceClock(2000);
  auto rejected = a.Next("quote:rejected");
  EXPECT_EQ(StrAt(rejected, "/reason"), "expired");
  EXPECT_EQ(StrAt(rejected, "/quoteId"), q.Str("/quoteId"));
  Reply commit = taker.api->Post("/quote-requests/" + req + "/commit", "{}");
  EXPECT_EQ(commit.status, 409);
  EXPECT_EQ(commit.Str("/error"), "no_quotes");
  AdvanceClock(300'000);
  ASSERT_TRUE(Eventually([&] {
    return taker.api->Get("/quote-requests/" + req).Str("/request/status") == "expired";
  }));
  EXPECT_EQ(a.Quote(req, "buy", "0.2", 50).Str("/error"), "request_closed");
  Reply markets = admin_->Get("/v1/markets");
  EXPECT_EQ(markets.Str("/markets/0/conditionId"), market_) << markets.body;
}

TEST_F(OptionsDeskTest, TakerStreamShowsTheBestQuoteThenClosed) {
  Maker a = NewMaker("mm-a", "1000", false);
  Maker b = NewMaker("mm-b", "1000", false);
  Trader taker = NewTrader("taker", "1000");
  const std::string req =
      RequestQuote(*taker.api, "put", 50, R"({"side":"sell","size":10})").Str("/requestId");
  net::SseClientOptions o;
  o.headers = {{"Authorization", "Bearer " + taker.key}};
  o.max_reconnects = 0;
  net::SseClient stream("127.0.0.1", venue_->port(), "/quote-requests/" + req + "/stream", o);
  stream.Start();
  ASSERT_TRUE(stream.WaitForConnections(1, milliseconds(5'000)));
  ASSERT_EQ(a.Quote(req, "sell", "0.1", 10).status, 200);
  auto first = stream.Next(milliseconds(5'000));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->type, "best_quote");
  EXPECT_EQ(StrAt(Parse(first->data), "/quote/makerId"), "mm-a");
  ASSERT_EQ(b.Quote(req, "sell", "0.2", 10).status, 200);  // a taker sell wants the highest bid
  auto second = stream.Next(milliseconds(5'000));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(StrAt(Parse(second->data), "/quote/makerId"), "mm-b");
  ASSERT_EQ(taker.api->Post("/quote-requests/" + req + "/cancel", "{}").status, 200);
  auto closed = stream.Next(milliseconds(5'000));
  ASSERT_TRUE(closed.has_value());
  EXPECT_EQ(closed->type, "closed");
  EXPECT_EQ(closed->data, R"({"requestId":")" + req + R"(","status":"cancelled"})");
  VenueClient other(venue_->port(), NewTrader("other", "1").key);
  EXPECT_EQ(other.Get("/quote-requests/" + req + "/quotes").status, 404);
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// ---- Rate limits: per API key (ARCHITECTURE §7), the desk's error shape, nothing changed. ----

class OptionsRateLimitTest : public OptionsDeskTest {
  std::string rate_limits_config() const override {
    return "desk_maker = \"3/min\"\ndesk_taker = \"2/min\"\n";
  }
};

TEST_F(OptionsRateLimitTest, EachKeyHasItsOwnBucketAndA429ChangesNothing) {
  Maker alpha = NewMaker("mm-alpha", "1000", false);  // its wallet registration is token 1
  Maker beta = NewMaker("mm-beta", "1000", false);
  Trader taker = NewTrader("taker", "1000");
  Reply req = RequestQuote(*taker.api, "call", 50, R"({"side":"buy","budgetUsd":10})");
  ASSERT_EQ(req.status, 200) << req.body;
  const std::string request = req.Str("/requestId");

  Reply first = alpha.Quote(request, "buy", "0.30", 20);  // token 2
  ASSERT_EQ(first.status, 200) << first.body;
  Reply repost = alpha.Quote(request, "buy", "0.25", 20);  // token 3
  ASSERT_EQ(repost.status, 200) << repost.body;
  Reply limited = alpha.Quote(request, "buy", "0.10", 20);
  ASSERT_EQ(limited.status, 429) << limited.body;
  EXPECT_EQ(limited.json.at("success").as_bool(), false);
  EXPECT_EQ(StrAt(limited.json, "/error"), "rate_limited");
  EXPECT_NE(StrAt(limited.json, "/message").find("desk_maker"), std::string::npos);
  auto raw = alpha.http->Request("GET", "/v1/mm/quotes", {}, {{"X-API-Key", alpha.key}});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->status, 429);
  auto retry_after = net::FindHeader(raw->headers, "Retry-After");
  ASSERT_TRUE(retry_after.has_value());
  EXPECT_GE(std::stoi(std::string(*retry_after)), 1);

  // Another maker's key is not affected.
  EXPECT_EQ(beta.Quote(request, "buy", "0.28", 20).status, 200);

  // The taker: token 1 was the request; token 2 below; the third call is 429.
  Reply quotes = taker.api->Get("/quote-requests/" + request + "/quotes");
  ASSERT_EQ(quotes.status, 200) << quotes.body;
  EXPECT_EQ(taker.api->Get("/quote-requests/" + request).status, 429);

  // A minute later every bucket is full again; the refused re-post at 0.10 changed nothing.
  AdvanceClock(60'000);
  Reply mine = alpha.Call("GET", "/v1/mm/quotes?status=live");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("0.25"), std::string::npos) << mine.body;
  EXPECT_EQ(mine.body.find("0.1"), std::string::npos) << mine.body;
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// ---- Lists: stable order, limit/offset pages with the total, bad parameters are 400. ----

TEST_F(OptionsDeskTest, ListsArePagedInIdOrderAndBadParametersAre400) {
  Maker m = NewMaker("mm-pages", "1000", false);
  Trader taker = NewTrader("taker", "1000");
  std::vector<std::string> quote_ids;
  for (int strike : {40, 50, 60}) {
    Reply req = RequestQuote(*taker.api, "call", strike, R"({"side":"buy","budgetUsd":10})");
    ASSERT_EQ(req.status, 200) << req.body;
    Reply q = m.Quote(req.Str("/requestId"), "buy", "0.10", 100);
    ASSERT_EQ(q.status, 200) << q.body;
    quote_ids.push_back(q.Str("/quoteId"));
  }
  Reply first = m.Call("GET", "/v1/mm/quotes?limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json.at("quotes").as_array().size(), 2u) << first.body;
  EXPECT_EQ(first.json.at("total").as_int64(), 3);
  EXPECT_EQ(StrAt(first.json, "/quotes/0/quoteId"), quote_ids[0]);
  EXPECT_EQ(StrAt(first.json, "/quotes/1/quoteId"), quote_ids[1]);
  Reply rest = m.Call("GET", "/v1/mm/quotes?status=live&limit=2&offset=2");
  ASSERT_EQ(rest.status, 200) << rest.body;
  ASSERT_EQ(rest.json.at("quotes").as_array().size(), 1u) << rest.body;
  EXPECT_EQ(StrAt(rest.json, "/quotes/0/quoteId"), quote_ids[2]);
  EXPECT_EQ(rest.json.at("offset").as_int64(), 2);

  for (const char* bad : {"/v1/mm/quotes?status=open", "/v1/mm/quotes?limit=0",
                          "/v1/mm/quotes?limit=1001", "/v1/mm/quotes?offset=-1"}) {
    Reply r = m.Call("GET", bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_EQ(StrAt(r.json, "/error"), "invalid_request") << r.body;
  }

  Reply series = taker.api->Get("/v1/series?limit=1&offset=1");
  ASSERT_EQ(series.status, 200) << series.body;
  EXPECT_EQ(series.json.at("total").as_int64(), 3);
  ASSERT_EQ(series.json.at("series").as_array().size(), 1u) << series.body;
  EXPECT_EQ(series.json.at("series").at(0).at("strikeBps").as_int64(), 50);
  EXPECT_EQ(taker.api->Get("/v1/series?limit=x").status, 400);
  Reply positions = taker.api->Get("/api/v1/options/positions?limit=5");
  ASSERT_EQ(positions.status, 200) << positions.body;
  EXPECT_EQ(positions.json.at("total").as_int64(), 0);
}

}  // namespace
}  // namespace probex::testing

namespace probex::testing {
namespace {

// ---- Once the underlying has resolved nothing more trades on it (the outcome is known). ----

TEST_F(OptionsDeskTest, AfterTheMarketResolvesQuotesAndCommitsAreRefused) {
  Maker m = NewMaker("mm-late", "1000", false);
  Trader taker = NewTrader("taker", "1000");
  Reply req = RequestQuote(*taker.api, "call", 50, R"({"side":"buy","budgetUsd":100})");
  ASSERT_EQ(req.status, 200) << req.body;
  const std::string request = req.Str("/requestId");
  ASSERT_EQ(m.Quote(request, "buy", "0.20", 500).status, 200);
  ASSERT_EQ(
      admin_->Post("/admin/v1/markets/" + market_ + "/resolve", R"({"winningOutcomeIndex":0})")
          .status,
      200);
  Reply late = m.Quote(request, "buy", "0.10", 1000);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_EQ(StrAt(late.json, "/error"), "request_closed") << late.body;
  Reply commit = taker.api->Post("/quote-requests/" + request + "/commit", "{}");
  EXPECT_EQ(commit.status, 409) << commit.body;
  EXPECT_BALANCE(*taker.api, "1000", "0");
  // The desk's tick closes the request.
  ASSERT_TRUE(Eventually([&] {
    return taker.api->Get("/quote-requests/" + request).Str("/request/status") != "open";
  }));
}

}  // namespace
}  // namespace probex::testing
