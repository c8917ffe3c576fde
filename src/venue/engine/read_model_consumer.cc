#include "venue/engine/read_model_consumer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "common/thread_attributes.h"
#include "store/file_util.h"
#include "store/journal_reader.h"
#include "store/snapshot_store.h"

namespace probex::venue::engine {
namespace {

constexpr std::string_view kReachedTarget = "read_model_reached_target";
constexpr std::size_t kCatchUpBatch = 4096;

}  // namespace

Result<std::unique_ptr<ReadModelConsumer>> ReadModelConsumer::Start(VenueEngine& engine,
                                                                    ReadModelOptions options) {
  if (options.db_path.empty()) {
    options.db_path = store::JoinPath(options.data_dir, "read_model.sqlite");
  }
  auto model = ReadModel::Open(options.db_path);
  if (!model) return model.error();
  std::unique_ptr<ReadModelConsumer> consumer(
      new ReadModelConsumer(engine, std::move(options), std::move(*model)));
  consumer->applied_ = consumer->model_->last_seq();
  ReadModelConsumer* self = consumer.get();
  consumer->subscription_ =
      engine.SubscribeBatches([self](const SharedBatch& batch) { self->OnBatch(batch); });
  // Everything durable from here on reaches the feed; what was durable before is in the journal.
  const std::uint64_t target = engine.stats().durable_seq;
  consumer->thread_ = std::thread([self, target] { self->Run(target); });
  return consumer;
}

ReadModelConsumer::ReadModelConsumer(VenueEngine& engine, ReadModelOptions options,
                                     std::unique_ptr<ReadModel> model)
    : engine_(engine), options_(std::move(options)), model_(std::move(model)) {}

ReadModelConsumer::~ReadModelConsumer() { Stop(); }

void ReadModelConsumer::Stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      wake_.notify_all();
      not_full_.notify_all();
    }
    engine_.Unsubscribe(subscription_);
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mu_);
    stopped_ = true;
    progressed_.notify_all();
  });
}

// On the sequencer thread: queue the batch (shared, not copied) and wake the consumer if it sleeps.
void ReadModelConsumer::OnBatch(const SharedBatch& batch) {
  std::unique_lock lock(mu_);
  not_full_.wait(lock, [&] { return stopping_ || pending_commands_ < options_.max_pending; });
  if (stopping_) return;  // the next start catches up from the journal
  pending_.push_back(batch);
  pending_commands_ += batch->size();
  // While the consumer gathers batches it needs waking only when the queue grows large.
  if (consumer_sleeping_ &&
      (!consumer_gathering_ || pending_commands_ >= options_.max_pending / 2)) {
    wake_.notify_one();
  }
}

void ReadModelConsumer::Read(ReadFn read) {
  const std::uint64_t target = engine_.stats().durable_seq;
  std::unique_lock lock(mu_);
  if (stopped_) {
    // The thread is gone: the model is ours to use under the lock.
    if (failure_) {
      read(OkStatus(), model_.get());
    } else {
      read(failure_, nullptr);
    }
    return;
  }
  reads_.push_back(PendingRead{target, std::move(read)});
  wake_.notify_one();
}

bool ReadModelConsumer::WaitForSeq(std::uint64_t seq, int timeout_ms) {
  std::unique_lock lock(mu_);
  ++seq_waiters_;
  wake_.notify_one();  // a waiter ends the consumer's commit interval
  const bool reached = progressed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] {
    return applied_ >= seq || !failure_ || stopped_;
  }) && applied_ >= seq;
  --seq_waiters_;
  return reached;
}

std::uint64_t ReadModelConsumer::applied_seq() const {
  std::lock_guard lock(mu_);
  return applied_;
}

Status ReadModelConsumer::health() const {
  std::lock_guard lock(mu_);
  return failure_;
}

void ReadModelConsumer::Fail(const Error& error) {
  std::fprintf(stderr, "read model failed, history reads stop: %s: %s\n", error.code.c_str(),
               error.message.c_str());
  std::lock_guard lock(mu_);
  if (failure_) failure_ = error;
  progressed_.notify_all();
}

void ReadModelConsumer::Run(std::uint64_t catch_up_target) {
  SetThreadName("px-readmodel");
  if (Status s = CatchUpTo(catch_up_target); !s) Fail(s.error());
  {
    std::lock_guard lock(mu_);
    applied_ = model_->last_seq();
    progressed_.notify_all();
  }
  RunReadyReads(false);
  std::vector<SharedBatch> batches;
  const auto interval = std::chrono::milliseconds(std::max(0, options_.commit_interval_ms));
  auto last_commit = std::chrono::steady_clock::now() - interval;
  while (true) {
    {
      std::unique_lock lock(mu_);
      consumer_sleeping_ = true;
      wake_.wait(lock, [&] {
        if (stopping_ || !pending_.empty()) return true;
        return std::any_of(reads_.begin(), reads_.end(),
                           [&](const PendingRead& r) { return r.target <= applied_ || !failure_; });
      });
      // Let more batches gather into this transaction while nobody waits for the model.
      const auto commit_at = last_commit + interval;
      if (!stopping_ && !pending_.empty() && !SomeoneWaits() &&
          std::chrono::steady_clock::now() < commit_at) {
        consumer_gathering_ = true;
        wake_.wait_until(lock, commit_at, [&] {
          return stopping_ || SomeoneWaits() || pending_commands_ >= options_.max_pending / 2;
        });
        consumer_gathering_ = false;
      }
      consumer_sleeping_ = false;
      batches.swap(pending_);
      pending_commands_ = 0;
      not_full_.notify_all();
      if (batches.empty() && stopping_) break;
    }
    if (!batches.empty() && health()) {
      if (Status s = ApplyBatches(batches); !s) Fail(s.error());
      last_commit = std::chrono::steady_clock::now();
    }
    batches.clear();
    {
      std::lock_guard lock(mu_);
      applied_ = model_->last_seq();
      progressed_.notify_all();
    }
    RunReadyReads(false);
  }
  RunReadyReads(true);
}

void ReadModelConsumer::RunReadyReads(bool all) {
  std::vector<PendingRead> ready;
  Status failure;
  {
    std::lock_guard lock(mu_);
    failure = failure_;
    auto split = std::partition(reads_.begin(), reads_.end(), [&](const PendingRead& r) {
      return !(all || r.target <= applied_ || !failure_);
    });
    std::move(split, reads_.end(), std::back_inserter(ready));
    reads_.erase(split, reads_.end());
  }
  for (PendingRead& r : ready) {
    if (failure) {
      r.fn(OkStatus(), model_.get());
    } else {
      r.fn(failure, nullptr);
    }
  }
}

Status ReadModelConsumer::ApplyBatches(const std::vector<SharedBatch>& batches) {
  std::uint64_t last = model_->last_seq();
  if (Status s = model_->Begin(); !s) return s;
  for (const SharedBatch& batch : batches) {
    for (const Committed& c : *batch) {
      if (c.seq <= last) continue;
      if (c.seq > last + 1) {
        // A gap in the feed: the missing commands are durable, so the journal has them.
        if (Status s = model_->Commit(); !s) return s;
        if (Status s = CatchUpTo(c.seq - 1); !s) return s;
        if (Status s = model_->Begin(); !s) return s;
      }
      if (Status s = model_->Apply(c.seq, c.time, c.command, c.output); !s) return s;
      last = c.seq;
    }
  }
  return model_->Commit();
}

Status ReadModelConsumer::CatchUpTo(std::uint64_t target) {
  const std::uint64_t from = model_->last_seq();
  if (from >= target) return OkStatus();

  // The newest snapshot at or before the model's seq gives the state to replay from.
  std::optional<Exchange> machine;
  std::uint64_t base_seq = 0;
  store::SnapshotStore snapshots(SnapshotDirectory(options_.data_dir));
  if (auto seqs = snapshots.List(); seqs) {
    for (auto it = seqs->rbegin(); it != seqs->rend() && !machine; ++it) {
      if (*it > from) continue;
      const std::string path =
          store::JoinPath(snapshots.dir(), store::SnapshotStore::FileName(*it));
      auto bytes = store::ReadWholeFile(path);
      if (!bytes) continue;
      auto snapshot = store::SnapshotStore::Decode(*bytes, path);
      if (!snapshot) continue;
      auto decoded = Exchange::DecodeSnapshot(snapshot->payload);
      if (!decoded) continue;
      machine.emplace(std::move(*decoded));
      base_seq = snapshot->seq;
    }
  }
  if (!machine) machine.emplace();

  store::JournalScanOptions scan_options;
  scan_options.after_seq = base_seq;
  scan_options.repair_torn_tail = false;  // the engine owns the journal; only read it
  ExchangeOutput output;
  std::size_t in_batch = 0;
  auto scan = store::JournalReader::Scan(
      JournalDirectory(options_.data_dir), scan_options,
      [&](const store::JournalRecord& record) -> Status {
        if (record.seq > target) return MakeError(std::string(kReachedTarget), "");
        auto command = Exchange::DecodeCommand(record.payload);
        if (!command) {
          return MakeError("journal_undecodable",
                           "journal record seq " + std::to_string(record.seq) +
                               " does not decode: " + command.error().message);
        }
        machine->Apply(*command, record.seq, record.time, output);
        if (record.seq <= from) return OkStatus();
        if (!model_->in_batch()) {
          if (Status s = model_->Begin(); !s) return s;
        }
        if (Status s = model_->Apply(record.seq, record.time, *command, output); !s) return s;
        if (++in_batch >= kCatchUpBatch) {
          in_batch = 0;
          if (Status s = model_->Commit(); !s) return s;
          std::lock_guard lock(mu_);
          applied_ = model_->last_seq();
        }
        return OkStatus();
      });
  if (model_->in_batch()) {
    if (Status s = model_->Commit(); !s) return s;
  }
  if (!scan && scan.error().code != kReachedTarget) return scan.error();
  if (model_->last_seq() < target) {
    return MakeError("read_model_behind",
                     "the journal ends at seq " + std::to_string(model_->last_seq()) +
                         " but the engine has made seq " + std::to_string(target) + " durable");
  }
  return OkStatus();
}

}  // namespace probex::venue::engine
