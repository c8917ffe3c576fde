// BookmakerFeed: the odds-feed client of the bookmaker (OddsPapi v4 shapes that `probex
// bookmaker` serves). It opens /v4/ws, notes the welcome's sequence, takes the REST snapshot of
// the wanted tournaments (/v4/odds-by-tournaments), then deep-merges every odds delta whose
// sequence follows; a gap or a reconnect takes a fresh snapshot. Fixture messages (status,
// scores) are passed on. A pong or a message confirms the stream (the engine's staleness clock).
// REST reads for the rest of the catalogue: tournaments, markets, settlements.
// Thread rule: Start/Stop/SetTournaments from any thread; the listener is called on the feed
// thread; the REST reads are thread-safe (each uses its own connection).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "mm/connectors/bookmaker/fixture_odds.h"
#include "mm/domain/settlement.h"

namespace probex::mm::bookmaker {

class FeedListener {
 public:
  virtual ~FeedListener() = default;
  // The merged state of a fixture after a snapshot or delta; `frame_ns` is MonotonicNanos() when
  // the frame carrying it was read off the socket (0 for a REST snapshot).
  virtual void OnFixtureOdds(FixtureOdds odds, std::int64_t frame_ns) = 0;
  virtual void OnFixtureStatus(const std::string& fixture_id, int status_id) = 0;
  virtual void OnFeedConnection(bool up) = 0;
  // The stream is alive (a pong or any message).
  virtual void OnFeedHeartbeat() = 0;
};

struct TournamentInfo {
  int tournament_id = 0;
  int sport_id = 0;
  std::string name;
  std::string category_name;
};

struct MarketTypeInfo {
  int market_id = 0;
  int sport_id = 0;
  std::string market_type;  // "1x2", "totals", …
  std::string market_name;
  std::vector<int> outcome_ids;
};

struct FeedOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8702;
  std::string api_key;
  std::chrono::milliseconds request_timeout{5'000};
  std::chrono::milliseconds heartbeat_interval{500};
  std::chrono::milliseconds reconnect_delay{300};
  int realtime_priority = 0;  // > 0: SCHED_FIFO priority of the feed thread
};

class BookmakerFeed {
 public:
  explicit BookmakerFeed(FeedOptions options);
  ~BookmakerFeed();

  void Start(FeedListener* listener);
  void Stop();
  // The tournaments whose fixtures are snapshotted; a change takes a fresh snapshot.
  void SetTournaments(std::set<int> tournament_ids);

  Result<std::vector<TournamentInfo>> Tournaments(int sport_id);
  Result<std::vector<MarketTypeInfo>> MarketCatalogue();
  // The feed's result per outcome id of every market of a fixture, and its status id.
  struct FixtureSettlement {
    int status_id = 0;
    std::map<int, SettlementStatus> outcomes;
  };
  Result<FixtureSettlement> Settlements(const std::string& fixture_id);

  std::uint64_t deltas_applied() const { return deltas_.load(); }
  std::uint64_t snapshots_taken() const { return snapshots_.load(); }
  std::uint64_t gaps() const { return gaps_.load(); }

 private:
  void Run();
  void Session();
  bool Snapshot();
  bool stopping() const;

  FeedOptions options_;
  FeedListener* listener_ = nullptr;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::set<int> tournaments_;
  bool tournaments_changed_ = false;
  // Feed-thread state.
  std::map<std::string, FixtureOdds> fixtures_;
  std::int64_t seq_ = 0;
  std::atomic<std::uint64_t> deltas_{0};
  std::atomic<std::uint64_t> snapshots_{0};
  std::atomic<std::uint64_t> gaps_{0};
};

}  // namespace probex::mm::bookmaker
