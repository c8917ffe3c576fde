// Sequencer<Machine>: the venue's single writer (ARCHITECTURE §3, LMAX-style).
//
// Threads:
//  - producers (HTTP threads, tests) submit commands and reads into a bounded intake queue;
//  - the sequencer thread takes everything queued at once, stamps each command with the next seq
//    and a never-decreasing timestamp from the Clock, applies it to the in-memory Machine and
//    encodes it into the batch's journal records (reads run between commands); then, on the same
//    thread, it writes the batch with one write and fdatasyncs it once (group commit), and only
//    then releases results: command callbacks, read completions, the ordered feed, and snapshot
//    jobs. Commands that arrive meanwhile queue up and form the next batch. One thread for both
//    stages means no hand-off between them and no wake-up per command: a producer wakes the
//    sequencer only when it sleeps on an empty queue (measured in docs/benchmarks/engine.md;
//    with two threads the apply of batch N+1 overlapped the sync of batch N, but each command
//    cost a wake-up and each batch a hand-off);
//  - the snapshot thread writes snapshot files; one feed thread serves every Subscribe handler.
//
// Every command is journaled in order, business rejects included: replay re-applies them and
// gets the same rejects, so the journal needs no knowledge of what Apply does.
// A journal write or sync error is fatal: the engine stops, fails everything not yet durable
// with "journal_failed", and refuses new work. Nothing is ever acknowledged before it is durable.
//
// Thread rule: every public method is safe from any thread, except that callbacks and handlers
// must not call Stop() (they run on the engine's threads). Callbacks run on the sequencer thread:
// keep them short and never block in them (post the result to your own executor); never call
// the blocking Submit/Query from them, and prefer TrySubmitAsync to SubmitAsync there (a full
// intake queue would wait for the very thread that runs the callback).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "common/thread_attributes.h"
#include "store/journal_format.h"
#include "store/journal_writer.h"
#include "store/snapshot_store.h"
#include "venue/engine/engine_options.h"
#include "venue/engine/feed_dispatcher.h"
#include "venue/engine/intake_queue.h"
#include "venue/engine/recovery.h"

namespace probex::venue::engine {

struct EngineStats {
  std::uint64_t applied_seq = 0;  // last command applied in memory
  std::uint64_t durable_seq = 0;  // last command known durable (results released up to here)
  std::uint64_t batches = 0;      // journal commits
  std::uint64_t syncs = 0;        // fdatasync calls on journal data
  std::uint64_t snapshots_written = 0;
  std::uint64_t snapshot_failures = 0;
  std::uint64_t queued = 0;  // commands and reads in the intake queue, not yet taken
};

template <typename Machine>
class Sequencer {
 public:
  using Command = typename Machine::Command;
  using Output = typename Machine::Output;

  // One command as applied and made durable.
  struct Committed {
    std::uint64_t seq = 0;
    Timestamp time;
    Command command;
    Output output;
  };
  // Called once per submitted command: status ok and `committed` set once it is durable, or an
  // error ("engine_stopped", "journal_failed") and nullptr. `committed` lives only for the call.
  using Callback = std::function<void(const Status& status, const Committed* committed)>;
  using ReadFn = std::function<void(const Machine&)>;
  using DoneFn = std::function<void(const Status&)>;
  using FeedHandler = std::function<void(const Committed&)>;
  using SharedBatch = std::shared_ptr<const std::vector<Committed>>;
  using BatchHandler = std::function<void(const SharedBatch& batch)>;

  // Recovers the state from options.data_dir (newest snapshot + journal replay, torn tail
  // truncated) and starts the threads; new records go to a new journal segment.
  static Result<std::unique_ptr<Sequencer>> Open(
      EngineOptions options, std::function<Machine()> make_empty = [] { return Machine(); }) {
    auto recovered = Recover<Machine>(options.data_dir, RecoverOptions{}, make_empty);
    if (!recovered) return recovered.error();
    auto writer = store::JournalWriter::Open(
        JournalDirectory(options.data_dir), recovered->report.last_seq + 1,
        store::JournalWriterOptions{options.segment_bytes, options.before_sync,
                                    options.journal_preallocate_bytes});
    if (!writer) return writer.error();
    std::unique_ptr<Sequencer> sequencer(
        new Sequencer(std::move(options), std::move(*recovered), std::move(*writer)));
    sequencer->Start();
    return sequencer;
  }

  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;
  ~Sequencer() { Stop(); }

  // Queues a command; waits while the intake queue is full. An error means it was not queued
  // (and `callback` will not be called).
  Status SubmitAsync(Command command, Callback callback) {
    return Enqueue(Task{CommandTask{std::move(command), std::move(callback)}}, /*wait=*/true);
  }
  // As SubmitAsync, but fails with "overloaded" instead of waiting when the queue is full.
  Status TrySubmitAsync(Command command, Callback callback) {
    return Enqueue(Task{CommandTask{std::move(command), std::move(callback)}}, /*wait=*/false);
  }
  // Submits and waits until the command is durable. For tests and tools.
  Result<Committed> Submit(Command command) {
    std::promise<Result<Committed>> promise;
    auto future = promise.get_future();
    Status queued = SubmitAsync(std::move(command), [&](const Status& s, const Committed* c) {
      if (s) {
        promise.set_value(*c);
      } else {
        promise.set_value(s.error());
      }
    });
    if (!queued) return queued.error();
    return future.get();
  }

  // Runs `read` on the sequencer thread between two commands (not journaled), then calls `done`
  // on the sequencer thread once every command `read` could observe is durable, so a read never
  // reveals state a crash could lose. On failure `done` gets the error and `read` may not run.
  Status QueryAsync(ReadFn read, DoneFn done) {
    return Enqueue(Task{ReadTask{std::move(read), std::move(done)}}, /*wait=*/true);
  }
  // Blocking form: returns what `read` returned.
  template <typename F>
  auto Query(F read) -> Result<std::invoke_result_t<F&, const Machine&>> {
    using Value = std::invoke_result_t<F&, const Machine&>;
    std::optional<Value> value;
    std::promise<Status> promise;
    auto future = promise.get_future();
    Status queued = QueryAsync([&](const Machine& machine) { value.emplace(read(machine)); },
                               [&](const Status& s) { promise.set_value(s); });
    if (!queued) return queued.error();
    Status done = future.get();
    if (!done) return done.error();
    return std::move(*value);
  }

  // Delivers every command committed from now on, in seq order, on the feed thread (one thread
  // for all subscribers: keep the handler quick). Returns an id for Unsubscribe.
  std::uint64_t Subscribe(FeedHandler handler) {
    std::lock_guard lock(subscribers_mutex_);
    std::uint64_t id = ++last_subscriber_id_;
    feed_.Add(id, std::move(handler), durable_seq_.load(std::memory_order_acquire));
    return id;
  }
  // As Subscribe, but `handler` gets each durable batch whole (shared, immutable, in seq order)
  // and runs on the sequencer thread itself, with no thread of its own: it must be quick (take the
  // batch and hand it to your own thread); it may wait briefly to push back. After Unsubscribe
  // returns, it is not called any more. Ids are shared with Subscribe.
  std::uint64_t SubscribeBatches(BatchHandler handler) {
    std::lock_guard ids(subscribers_mutex_);
    std::lock_guard lock(batch_subscribers_mutex_);
    std::uint64_t id = ++last_subscriber_id_;
    batch_subscribers_.emplace_back(id, std::move(handler));
    has_batch_subscribers_.store(true, std::memory_order_release);
    return id;
  }

  // Stops delivery to one subscriber (what it had queued is dropped).
  void Unsubscribe(std::uint64_t id) {
    {
      std::lock_guard lock(batch_subscribers_mutex_);
      std::erase_if(batch_subscribers_, [&](const auto& entry) { return entry.first == id; });
      has_batch_subscribers_.store(!batch_subscribers_.empty(), std::memory_order_release);
    }
    feed_.Remove(id);
  }

  // Clean shutdown: refuses new work, finishes what is queued, makes it durable, writes a final
  // snapshot (if configured), delivers the feed and joins the threads. Idempotent.
  void Stop() {
    std::call_once(stop_once_, [this] {
      intake_.Close();
      if (sequencer_thread_.joinable()) sequencer_thread_.join();
      {
        std::lock_guard lock(snapshot_mutex_);
        snapshot_stop_ = true;
        snapshot_cv_.notify_all();
      }
      if (snapshot_thread_.joinable()) snapshot_thread_.join();
      feed_.Close(/*drain=*/true);
    });
  }

  // Ok while healthy; the fatal journal error once there was one.
  Status health() const {
    std::lock_guard lock(fatal_mutex_);
    if (fatal_) return *fatal_;
    return OkStatus();
  }
  const RecoveryReport& recovery() const { return recovery_; }
  EngineStats stats() const {
    EngineStats stats;
    stats.applied_seq = applied_seq_.load(std::memory_order_relaxed);
    stats.durable_seq = durable_seq_.load(std::memory_order_relaxed);
    stats.batches = batches_.load(std::memory_order_relaxed);
    stats.syncs = writer_->sync_count();
    stats.snapshots_written = snapshots_written_.load(std::memory_order_relaxed);
    stats.snapshot_failures = snapshot_failures_.load(std::memory_order_relaxed);
    stats.queued = intake_.size();
    return stats;
  }

 private:
  struct CommandTask {
    Command command;
    Callback callback;
  };
  struct ReadTask {
    ReadFn read;
    DoneFn done;
  };
  using Task = std::variant<CommandTask, ReadTask>;

  struct SnapshotJob {
    std::uint64_t seq = 0;
    Timestamp time;
    std::string payload;
  };

  // Applied commands waiting to become durable, with their encoded journal records.
  struct Batch {
    std::string records;
    std::vector<Committed> entries;
    std::vector<Callback> callbacks;  // parallel to entries
    std::vector<DoneFn> reads;        // released after the entries
    std::optional<SnapshotJob> snapshot;

    bool empty() const { return entries.empty() && reads.empty() && !snapshot; }
    void Clear() {
      records.clear();
      entries.clear();
      callbacks.clear();
      reads.clear();
      snapshot.reset();
    }
  };

  Sequencer(EngineOptions options, Recovered<Machine> recovered,
            std::unique_ptr<store::JournalWriter> writer)
      : options_(std::move(options)),
        clock_(options_.clock != nullptr ? options_.clock : &system_clock_),
        machine_(std::move(recovered.machine)),
        recovery_(std::move(recovered.report)),
        writer_(std::move(writer)),
        snapshots_(SnapshotDirectory(options_.data_dir)),
        intake_(options_.intake_capacity),
        last_seq_(recovery_.last_seq),
        last_time_(recovery_.last_time),
        last_snapshot_seq_(recovery_.from_snapshot ? recovery_.snapshot_seq : 0),
        feed_(options_.feed_capacity),
        applied_seq_(recovery_.last_seq),
        durable_seq_(recovery_.last_seq) {}

  void Start() {
    sequencer_thread_ = std::thread([this] { SequencerLoop(); });
    snapshot_thread_ = std::thread([this] { SnapshotLoop(); });
  }

  Status Enqueue(Task&& task, bool wait) {
    if (failed_.load(std::memory_order_acquire)) return health();
    auto pushed = wait ? intake_.Push(std::move(task)) : intake_.TryPush(std::move(task));
    switch (pushed) {
      case IntakeQueue<Task>::PushResult::kOk:
        return OkStatus();
      case IntakeQueue<Task>::PushResult::kFull:
        return MakeError("overloaded", "the engine's intake queue is full");
      case IntakeQueue<Task>::PushResult::kClosed:
        break;
    }
    if (failed_.load(std::memory_order_acquire)) return health();
    return MakeError("engine_stopped", "the engine is stopped");
  }

  // ---- sequencer thread -------------------------------------------------------------------

  void SequencerLoop() {
    SetThreadName("px-sequencer");
    std::vector<Task> tasks;
    Batch batch;
    // Everything that arrived while the previous batch was written, synced and released.
    while (intake_.PopAll(tasks)) {
      for (std::size_t i = 0; i < tasks.size(); ++i) {
        Task& task = tasks[i];
        PrefetchAhead(tasks, i);
        if (failed_.load(std::memory_order_acquire)) {
          FailTask(task);
          continue;
        }
        if (auto* command = std::get_if<CommandTask>(&task)) {
          ApplyCommand(*command, batch);
          if (batch.entries.size() >= options_.max_pending_commands) CommitBatch(batch);
        } else {
          auto& read = std::get<ReadTask>(task);
          read.read(machine_);
          batch.reads.push_back(std::move(read.done));
        }
      }
      tasks.clear();
      CommitBatch(batch);
    }
    if (options_.snapshot_on_shutdown && !failed_.load() && last_seq_ > last_snapshot_seq_) {
      TakeSnapshot(batch);
    }
    CommitBatch(batch);
  }

  // Batch hint for a Machine that has one (Exchange::Prefetch): before applying tasks[i], fetch
  // stage s of the command kPrefetchDistance × (stages − s) tasks ahead, so the memory of the
  // coming commands arrives while this one runs. Reads only; results never depend on it.
  static constexpr std::size_t kPrefetchDistance = 4;
  void PrefetchAhead(const std::vector<Task>& tasks, std::size_t i) const {
    if constexpr (requires(const Machine& m, const Command& c) { m.Prefetch(c, 0); }) {
      constexpr int kStages = Machine::kPrefetchStages;
      for (int s = 0; s < kStages; ++s) {
        const std::size_t ahead = i + kPrefetchDistance * static_cast<std::size_t>(kStages - s);
        if (ahead >= tasks.size()) continue;
        if (const auto* next = std::get_if<CommandTask>(&tasks[ahead])) {
          machine_.Prefetch(next->command, s);
        }
      }
    }
  }

  void ApplyCommand(CommandTask& task, Batch& batch) {
    const std::uint64_t seq = ++last_seq_;
    Timestamp now = clock_->Now();
    if (now < last_time_) now = last_time_;
    last_time_ = now;
    Committed& entry = batch.entries.emplace_back();
    entry.seq = seq;
    entry.time = now;
    entry.command = std::move(task.command);
    machine_.Apply(entry.command, seq, now, entry.output);
    batch.callbacks.push_back(std::move(task.callback));
    const std::size_t start = store::BeginJournalRecord(batch.records);
    Machine::EncodeCommand(entry.command, batch.records);
    store::FinishJournalRecord(batch.records, start, seq, now);
    applied_seq_.store(seq, std::memory_order_relaxed);
    if (options_.snapshot_every != 0 && seq - last_snapshot_seq_ >= options_.snapshot_every) {
      TakeSnapshot(batch);
    }
  }

  // Encodes the state on this thread (the file is written by the snapshot thread once the batch
  // holding `last_seq_` is durable).
  void TakeSnapshot(Batch& batch) {
    SnapshotJob job;
    job.seq = last_seq_;
    job.time = last_time_;
    machine_.EncodeSnapshot(job.payload);
    batch.snapshot = std::move(job);
    last_snapshot_seq_ = last_seq_;
  }

  // Writes and syncs the batch, then releases its results, all on this thread.
  void CommitBatch(Batch& batch) {
    if (batch.empty()) return;
    Complete(batch);
    batch.Clear();
  }

  void FailTask(Task& task) {
    Status error = health();
    if (auto* command = std::get_if<CommandTask>(&task)) {
      if (command->callback) command->callback(error, nullptr);
    } else {
      auto& read = std::get<ReadTask>(task);
      if (read.done) read.done(error);
    }
  }

  // ---- journal (on the sequencer thread) ------------------------------------------------

  void Complete(Batch& batch) {
    Status status = health();
    if (status && !batch.entries.empty()) {
      status = writer_->Commit(batch.records, batch.entries.front().seq, batch.entries.back().seq);
      if (!status) SetFatal(status.error());
    }
    if (!status) {
      Status error = health();
      BeforeRelease();
      for (Callback& callback : batch.callbacks) {
        if (callback) callback(error, nullptr);
      }
      for (DoneFn& done : batch.reads) {
        if (done) done(error);
      }
      AfterRelease();
      return;
    }
    if (!batch.entries.empty()) {
      batches_.fetch_add(1, std::memory_order_relaxed);
      durable_seq_.store(batch.entries.back().seq, std::memory_order_release);
    }
    BeforeRelease();
    for (std::size_t i = 0; i < batch.entries.size(); ++i) {
      if (batch.callbacks[i]) batch.callbacks[i](status, &batch.entries[i]);
    }
    for (DoneFn& done : batch.reads) {
      if (done) done(status);
    }
    AfterRelease();
    if (batch.snapshot) {
      std::lock_guard lock(snapshot_mutex_);
      snapshot_job_ = std::move(batch.snapshot);  // an older unwritten job is superseded
      snapshot_cv_.notify_all();
    }
    if (batch.entries.empty()) return;
    const bool feed = feed_.active();
    const bool batch_subscribers = has_batch_subscribers_.load(std::memory_order_acquire);
    if (!feed && !batch_subscribers) return;
    SharedBatch shared = std::make_shared<const std::vector<Committed>>(std::move(batch.entries));
    if (feed) feed_.Push(shared);
    if (batch_subscribers) {
      std::lock_guard lock(batch_subscribers_mutex_);
      for (auto& entry : batch_subscribers_) entry.second(shared);
    }
  }

  void BeforeRelease() {
    if (options_.before_release) options_.before_release();
  }
  void AfterRelease() {
    if (options_.after_release) options_.after_release();
  }

  void SetFatal(Error error) {
    {
      std::lock_guard lock(fatal_mutex_);
      if (fatal_) return;
      error.message = "journal failed, engine stopped: " + error.message;
      error.code = "journal_failed";
      fatal_ = std::move(error);
    }
    failed_.store(true, std::memory_order_release);
    intake_.Close();
  }

  // ---- snapshot thread --------------------------------------------------------------------

  void SnapshotLoop() {
    SetThreadName("px-snapshot");
    std::unique_lock lock(snapshot_mutex_);
    while (true) {
      snapshot_cv_.wait(lock, [&] { return snapshot_stop_ || snapshot_job_.has_value(); });
      if (!snapshot_job_) return;
      SnapshotJob job = std::move(*snapshot_job_);
      snapshot_job_.reset();
      lock.unlock();
      Status written = snapshots_.Write(job.seq, job.time, job.payload);
      if (written) written = snapshots_.Prune(options_.snapshots_kept);
      if (written) {
        snapshots_written_.fetch_add(1, std::memory_order_relaxed);
      } else {
        // Not fatal: the journal still holds every command.
        snapshot_failures_.fetch_add(1, std::memory_order_relaxed);
        std::fprintf(stderr, "warning: snapshot at seq %llu failed: %s\n",
                     static_cast<unsigned long long>(job.seq), written.error().message.c_str());
      }
      lock.lock();
    }
  }

  EngineOptions options_;
  SystemClock system_clock_;
  const Clock* clock_;
  Machine machine_;  // touched only by the sequencer thread after Start()
  RecoveryReport recovery_;
  std::unique_ptr<store::JournalWriter> writer_;  // used only by the sequencer thread
  store::SnapshotStore snapshots_;
  IntakeQueue<Task> intake_;

  // Sequencer thread state.
  std::uint64_t last_seq_;
  Timestamp last_time_;
  std::uint64_t last_snapshot_seq_;

  std::mutex snapshot_mutex_;
  std::condition_variable snapshot_cv_;
  std::optional<SnapshotJob> snapshot_job_;
  bool snapshot_stop_ = false;

  std::mutex subscribers_mutex_;  // last_subscriber_id_
  std::uint64_t last_subscriber_id_ = 0;
  FeedDispatcher<Committed> feed_;
  // Held while batch handlers run, so Unsubscribe waits for a call in progress.
  std::mutex batch_subscribers_mutex_;
  std::vector<std::pair<std::uint64_t, BatchHandler>> batch_subscribers_;
  std::atomic<bool> has_batch_subscribers_{false};

  mutable std::mutex fatal_mutex_;
  std::optional<Error> fatal_;
  std::atomic<bool> failed_{false};

  std::atomic<std::uint64_t> applied_seq_;
  std::atomic<std::uint64_t> durable_seq_;
  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> snapshots_written_{0};
  std::atomic<std::uint64_t> snapshot_failures_{0};

  std::once_flag stop_once_;
  std::thread sequencer_thread_;
  std::thread snapshot_thread_;
};

}  // namespace probex::venue::engine
