// End to end on the real binary: the options desk's maker transport against its reference
// (../shared/seeds/004_*, the Convallax quote-request stream), called as a client of the reference
// calls it. One venue serves the suite (each test makes its own users and market).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "net/sse_client.h"
#include "options_test_support.h"
#include "seed_suite_fixture.h"

namespace probex::testing {
namespace {

using std::chrono::milliseconds;

class SeedDeskTest : public SeedSuiteFixture {
 protected:
  // An mk_live key of a new user (the reference's `X-API-Key: mk_live_…`).
  std::string NewMakerKey(const std::string& name) {
    const std::string user = CreateUser(name);
    Reply r = admin_->Post("/admin/v1/users/" + user + "/api-keys", R"({"kind":"mk_live"})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Str("/key");
  }
  // `curl -N …/v1/mm/quote-requests/stream -H "X-API-Key: …"`, with Last-Event-ID when given.
  std::unique_ptr<net::SseClient> Stream(const std::string& key, const std::string& last_id = "") {
    return OpenMakerStream(venue_->port(), key, last_id);
  }
  static std::string RequestIdOf(const net::SseMessage& m) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(m.data, ec);
    const auto* id = ec ? nullptr : v.find_pointer("/requestId", ec);
    return id != nullptr && id->is_string() ? std::string(id->as_string()) : "";
  }
  // POST /quote-requests as a taker; returns the requestId.
  std::string OpenRequest(VenueClient& taker, const std::string& market, const std::string& option,
                          const std::string& trade) {
    const std::int64_t expiry_ms = Now().millis() + 7LL * 86'400'000;
    Reply r = taker.Post("/quote-requests", R"({"market":{"conditionId":")" + market +
                                                R"("},"option":{)" + option + R"(,"expiryMs":)" +
                                                std::to_string(expiry_ms) + R"(},"trade":)" +
                                                trade + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string id = r.Str("/requestId");
    Await("quote_request", id);
    return id;
  }
  void Cancel(VenueClient& taker, const std::string& request) {
    Reply r = taker.Post("/quote-requests/" + request + "/cancel", "{}");
    EXPECT_EQ(r.status, 200) << r.body;
    Await("quote_request_expired", request);
  }

  // The desk learns of a change just after the taker's answer. A stream that has shown an event
  // has been fed everything before it, so the tests wait on one (`watcher_`, opened with Watch)
  // after each change: the next stream they open then has that change in its snapshot.
  void Watch(const std::string& key) {
    watcher_ = Stream(key);
    for (int i = 0; i < 1000; ++i) {
      auto m = watcher_->Next(milliseconds(5'000));
      if (!m || m->type == "snapshot_complete") return;
    }
  }
  void Await(const std::string& type, const std::string& request) {
    for (int i = 0; i < 1000; ++i) {
      auto m = watcher_->Next(milliseconds(5'000));
      if (!m) break;
      if (m->type == type && RequestIdOf(*m) == request) return;
    }
    ADD_FAILURE() << "no " << type << " for " << request;
  }

  std::unique_ptr<net::SseClient> watcher_;
};

// 004: "quote_request — Each carries an SSE id: (monotonic integer)"; "Last-Event-ID — On
// reconnect, the server replays events after this id if they are still in the buffer; otherwise
// it falls back to a fresh snapshot." Every snapshot event carried the stream's current position,
// so a maker cut off in the middle of a snapshot that resumed from the last id it had seen was
// replayed only what came after the snapshot: the snapshot's remaining open requests were lost
// to it. Now the snapshot's ids increase and a resume from any of them delivers the rest.
TEST_F(SeedDeskTest, AResumeFromTheMiddleOfTheSnapshotDeliversTheRest) {
  const std::string key = NewMakerKey("seed_desk_snapshot_maker");
  Trader taker = NewTrader("seed_desk_snapshot_taker", "1000");
  const std::string market = CreateMarket("Seed desk snapshot?");
  Watch(key);
  std::vector<std::string> requests;
  requests.push_back(OpenRequest(*taker.api, market, R"("optionType":"call","strikeBps":50)",
                                 R"({"side":"buy","budgetUsd":100})"));
  requests.push_back(OpenRequest(*taker.api, market, R"("optionType":1,"strikeBps":40)",
                                 R"({"side":"sell","size":7})"));
  requests.push_back(OpenRequest(*taker.api, market, R"("optionType":"put","strikeBps":60)",
                                 R"({"side":"buy","budgetUsd":25})"));

  // A fresh stream: connected, the snapshot of the three in creation order, ids increasing.
  auto fresh = Stream(key);
  auto got = DrainSse(*fresh, 6);
  ASSERT_EQ(got.size(), 6u);
  EXPECT_EQ(got[0].type, "connected");
  EXPECT_EQ(got[1].type, "snapshot_begin");
  EXPECT_EQ(got[5].type, "snapshot_complete");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const net::SseMessage& m = got[2 + i];
    EXPECT_EQ(m.type, "quote_request");
    EXPECT_EQ(RequestIdOf(m), requests[i]) << m.data;
    ASSERT_FALSE(m.id.empty()) << m.data;
    ids.push_back(m.id);
  }
  EXPECT_LT(std::stoull(ids[0]), std::stoull(ids[1]));
  EXPECT_LT(std::stoull(ids[1]), std::stoull(ids[2]));

  // Cut off after the first snapshot event: resuming from its id brings the other two.
  auto resumed = Stream(key, ids[0]);
  got = DrainSse(*resumed, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].type, "connected");
  EXPECT_EQ(got[1].type, "quote_request");
  EXPECT_EQ(RequestIdOf(got[1]), requests[1]) << got[1].data;
  EXPECT_EQ(got[2].type, "quote_request");
  EXPECT_EQ(RequestIdOf(got[2]), requests[2]) << got[2].data;

  // Resuming from the snapshot's last id gives exactly what came after it: the next request.
  Cancel(*taker.api, requests[0]);
  const std::string fourth =
      OpenRequest(*taker.api, market, R"("optionType":"call","strikeBps":55)",
                  R"({"side":"buy","budgetUsd":10})");
  auto caught_up = Stream(key, ids[2]);
  got = DrainSse(*caught_up, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].type, "connected");
  EXPECT_EQ(got[1].type, "quote_request_expired");
  EXPECT_EQ(RequestIdOf(got[1]), requests[0]);
  EXPECT_EQ(got[2].type, "quote_request");
  EXPECT_EQ(RequestIdOf(got[2]), fourth);
  const std::string last_seen = got[2].id;
  EXPECT_GT(std::stoull(last_seen), std::stoull(ids[2]));

  // Once the client's last id has left the buffer (it holds kReplayBuffer events): a fresh
  // snapshot of the open requests, whose ids do not go below the id the client sent.
  std::vector<std::string> later;
  for (int i = 0; i < kReplayBuffer / 2 + 1; ++i) {
    later.push_back(OpenRequest(*taker.api, market, R"("optionType":"put","strikeBps":45)",
                                R"({"side":"sell","size":3})"));
    if (i < kReplayBuffer / 2) {
      Cancel(*taker.api, later.back());
      later.pop_back();
    }
  }
  auto fallback = Stream(key, last_seen);
  got = DrainSse(*fallback, 7);
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(got[1].type, "snapshot_begin");
  EXPECT_EQ(got[6].type, "snapshot_complete");
  const std::vector<std::string> open = {requests[1], requests[2], fourth, later.at(0)};
  std::uint64_t previous = std::stoull(last_seen);
  for (int i = 0; i < 4; ++i) {
    const net::SseMessage& m = got[2 + i];
    EXPECT_EQ(m.type, "quote_request");
    EXPECT_EQ(RequestIdOf(m), open[i]) << m.data;
    EXPECT_GE(std::stoull(m.id), previous) << "event " << i << " went below the last id";
    previous = std::stoull(m.id);
  }
}

}  // namespace
}  // namespace probex::testing
