// JournalWriter: appends batches of already-encoded records (journal_format.h) to the current
// segment and makes each batch durable with one fdatasync (group commit). Starts a new segment,
// named after its first seq, when the current one reaches the size threshold. A failed write or
// sync is sticky: every later call fails too, because the file's contents are then unknown.
//
// Preallocation: the segment file is kept zero-filled (real zero blocks, not a hole or an unwritten
// extent) `preallocate_bytes` ahead of the last record, and records overwrite those zeros in
// place. An fdatasync after such a write only flushes data: the file size does not change, so
// ext4 does not also commit an inode update (a journal commit and a second device flush) per
// batch. The size changes once per chunk, when the writer extends the zeroed area (the zeros are
// handed to writeback at once, and the next batch's fdatasync makes the new size durable).
// Readers treat a run of zero bytes up to the end of a segment as the end of its records
// (journal_reader.h). A completed segment is cut back to its records when the next one starts.
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
  // Zero-filled bytes kept ready after the last record (0: plain appends that grow the file
  // with every batch, the format before 2026-11-22). Rounded up to 4 KiB.
  std::uint64_t preallocate_bytes = 4ull << 20;
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
  // Zero-fills the segment from allocated_ to at least `end` plus one preallocation chunk.
  Status Preallocate(std::uint64_t end);
  Status Fail(Status status);
  // After a failed sync: removes the `size` bytes just written at segment_size_ (see .cc).
  Status RollBack(std::uint64_t size, const Error& cause);

  std::string dir_;
  JournalWriterOptions options_;
  UniqueFd fd_;
  std::string segment_path_;
  std::uint64_t segment_size_ = 0;  // header + records: where the next record goes
  std::uint64_t allocated_ = 0;     // the file's length (zero-filled beyond segment_size_)
  std::uint64_t next_seq_ = 1;
  std::atomic<std::uint64_t> sync_count_{0};
  std::unique_ptr<Error> failed_;
};

}  // namespace probex::store
