// ReadModelConsumer: keeps the venue's ReadModel up to date from the engine's ordered feed, on a
// thread of its own. The sequencer thread hands it each durable batch whole (SubscribeBatches: no
// copy, one wake-up per batch); the consumer applies everything queued in one SQLite transaction,
// and while nobody waits for it (no Read, no WaitForSeq) it commits at most once per
// `commit_interval_ms`, so that under load one transaction covers many journal batches — a
// commit's page writes cost far more than the rows it adds. A Read or WaitForSeq makes it apply
// and commit at once, so the read latency does not grow.
//
// Start subscribes to the feed, then catches up from the journal: the model's last applied seq may
// lag the engine (a crash between a journal commit and the model's commit, a new database file,
// a restart — recovery replays into the engine without feeding subscribers). The catch-up replays
// the journal from the newest snapshot at or before the model's seq (or from seq 1) into a
// scratch Exchange and records the commands after the model's seq. Everything durable from the
// subscription on comes through the feed; what both deliver is skipped by seq, and a gap in the
// feed is filled from the journal the same way.
//
// Reads are read-your-writes: Read runs its function on the consumer thread once every command
// that was durable when Read was called has been applied, so an answer never misses an order the
// caller has already been told about.
//
// Thread rule: Read and Stop are safe from any thread; the read functions run on the consumer
// thread (or on the caller's thread once stopped) and must not block.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "venue/engine/read_model.h"
#include "venue/engine/venue_engine.h"

namespace probex::venue::engine {

struct ReadModelOptions {
  std::string data_dir;  // the engine's data directory (journal and snapshots)
  std::string db_path;   // default: <data_dir>/read_model.sqlite
  // Commands waiting for the consumer before the feed thread is held back.
  std::size_t max_pending = 1 << 16;
  // While nobody waits for the model, commits are at least this far apart (0: commit whatever is
  // queued at once). Each commit writes every page it dirtied (the account indexes are spread
  // over many pages), so fewer, larger commits cost less per row (500 ms against 100 ms saved
  // ~1.2 µs of the model's ~7 µs per order request; docs/benchmarks/venue-api.md). 250 ms keeps
  // short the first history read after a burst, which applies everything gathered before it runs.
  int commit_interval_ms = 250;
};

class ReadModelConsumer {
 public:
  // `status` is ok with the model, or the model's failure with nullptr.
  using ReadFn = std::function<void(const Status& status, ReadModel* model)>;

  // Opens the model, subscribes to `engine` and starts the thread (which first catches up).
  // `engine` must outlive the consumer (or Stop must be called before it goes away).
  static Result<std::unique_ptr<ReadModelConsumer>> Start(VenueEngine& engine,
                                                          ReadModelOptions options);
  ReadModelConsumer(const ReadModelConsumer&) = delete;
  ReadModelConsumer& operator=(const ReadModelConsumer&) = delete;
  ~ReadModelConsumer();

  // Unsubscribes, applies what was already delivered and joins the thread. Idempotent.
  void Stop();

  void Read(ReadFn read);
  // Blocks until the model has applied `seq` (or failed, or `timeout_ms` passed). For tests.
  bool WaitForSeq(std::uint64_t seq, int timeout_ms);

  std::uint64_t applied_seq() const;
  Status health() const;

 private:
  using Committed = VenueEngine::Committed;
  using SharedBatch = VenueEngine::SharedBatch;
  struct PendingRead {
    std::uint64_t target;
    ReadFn fn;
  };

  ReadModelConsumer(VenueEngine& engine, ReadModelOptions options,
                    std::unique_ptr<ReadModel> model);
  void OnBatch(const SharedBatch& batch);
  void Run(std::uint64_t catch_up_target);
  // Replays the journal into the model up to `target` (inclusive). Consumer thread only.
  Status CatchUpTo(std::uint64_t target);
  Status ApplyBatches(const std::vector<SharedBatch>& batches);
  // Under mu_: someone waits for the model to advance.
  bool SomeoneWaits() const { return !reads_.empty() || seq_waiters_ > 0; }
  void Fail(const Error& error);
  void RunReadyReads(bool all);

  VenueEngine& engine_;
  ReadModelOptions options_;
  std::unique_ptr<ReadModel> model_;  // consumer thread only while it runs
  std::uint64_t subscription_ = 0;

  mutable std::mutex mu_;
  std::condition_variable wake_;        // the consumer: items, reads or stop
  std::condition_variable not_full_;    // the feed thread: room in pending_
  std::condition_variable progressed_;  // WaitForSeq
  std::vector<SharedBatch> pending_;
  std::size_t pending_commands_ = 0;
  bool consumer_sleeping_ = false;   // the consumer waits on wake_
  bool consumer_gathering_ = false;  // ... to let batches gather before its next commit
  int seq_waiters_ = 0;              // threads in WaitForSeq
  std::vector<PendingRead> reads_;
  std::uint64_t applied_ = 0;
  bool stopping_ = false;
  bool stopped_ = false;
  Status failure_;
  std::once_flag stop_once_;
  std::thread thread_;
};

}  // namespace probex::venue::engine
