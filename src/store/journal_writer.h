// JournalWriter: appends batches of already-encoded records (journal_format.h) to the current
// segment and makes each batch durable with one fdatasync (group commit). Starts a new segment,
// named after its first seq, when the current one reaches the size threshold. A failed write or
// sync is sticky: every later call fails too, because the file's contents are then unknown.
// Thread rule: not thread-safe; owned by the engine's journal thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/file_util.h"

namespace probex::store {

struct JournalWriterOptions {
  // A new segment starts after the batch that makes the current one at least this large.
  std::uint64_t segment_bytes = 64ull << 20;
  // Test hook, called before every fdatasync; an error fails the commit as a sync error would.
  std::function<Status()> before_sync;
};

class JournalWriter {
 public:
  // Creates `dir` if needed and starts the segment "journal-<next_seq>.log". A segment of that
  // name may exist only without records (recovery truncated it); it is overwritten.
  static Result<std::unique_ptr<JournalWriter>> Open(std::string dir, std::uint64_t next_seq,
                                                     JournalWriterOptions options = {});

  // Appends `records` (whole encoded records for seqs first_seq..last_seq, contiguous with what
  // was written before) and fdatasyncs. When this returns ok, the batch is durable.
  Status Commit(std::string_view records, std::uint64_t first_seq, std::uint64_t last_seq);

  std::uint64_t next_seq() const { return next_seq_; }
  const std::string& segment_path() const { return segment_path_; }
  // Number of fdatasync calls on record data so far (group commit shows as commits > syncs).
  std::uint64_t sync_count() const { return sync_count_.load(std::memory_order_relaxed); }

 private:
  JournalWriter(std::string dir, JournalWriterOptions options)
      : dir_(std::move(dir)), options_(std::move(options)) {}
  Status StartSegment(std::uint64_t first_seq);
  Status Fail(Status status);

  std::string dir_;
  JournalWriterOptions options_;
  UniqueFd fd_;
  std::string segment_path_;
  std::uint64_t segment_size_ = 0;
  std::uint64_t next_seq_ = 1;
  std::atomic<std::uint64_t> sync_count_{0};
  std::unique_ptr<Error> failed_;
};

}  // namespace probex::store
