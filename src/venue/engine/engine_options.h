// EngineOptions: how a Sequencer is set up, and where it keeps its files under the data
// directory (<data_dir>/journal/ and <data_dir>/snapshots/). Thread rule: plain value type.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "common/clock.h"
#include "common/result.h"

namespace probex::venue::engine {

struct EngineOptions {
  std::string data_dir;
  // Stamps every command. Not owned; must outlive the engine. Null means the system clock.
  const Clock* clock = nullptr;
  // Commands (and queries) waiting for the sequencer; Submit blocks and TrySubmit fails beyond.
  std::size_t intake_capacity = 1 << 16;
  // The most commands in one journal batch (write + fdatasync); more queued go in the next.
  std::size_t max_pending_commands = 1 << 16;
  // A snapshot after every this many commands (0: only at clean shutdown).
  std::uint64_t snapshot_every = 1'000'000;
  bool snapshot_on_shutdown = true;
  std::size_t snapshots_kept = 3;
  std::uint64_t segment_bytes = 64ull << 20;
  // Zero-filled journal bytes kept ready after the last record, so a batch's fdatasync does not
  // also commit a file size change (store::JournalWriterOptions::preallocate_bytes; 0: off).
  std::uint64_t journal_preallocate_bytes = 4ull << 20;
  // Commands each feed subscriber may have queued; the sequencer thread waits beyond this.
  std::size_t feed_capacity = 1 << 16;
  // Test hook: called before each journal fdatasync; an error is a fatal journal error.
  std::function<Status()> before_sync;
  // Called on the sequencer thread around the release of each batch's command callbacks and read
  // completions (so a service can hand all of a batch's answers to its I/O threads at once:
  // net::BeginDeferredResponses / FlushDeferredResponses). Either may be empty.
  std::function<void()> before_release;
  std::function<void()> after_release;
};

std::string JournalDirectory(const std::string& data_dir);
std::string SnapshotDirectory(const std::string& data_dir);

}  // namespace probex::venue::engine
