// JournalReader: scans a journal directory for recovery and verification. Checks every record's
// CRC and the continuity of sequence numbers across segments, and hands the records after a
// given seq to a callback in order.
//
// Recovery rules:
//  - A bad record (truncated, impossible length, CRC mismatch) in the last segment with no valid
//    record anywhere after it is a torn tail, left by a crash or power loss during an
//    unacknowledged write: it is reported and, when asked, truncated away.
//  - Zero bytes from a record boundary to the end of a segment are the segment's preallocated,
//    not yet written area (journal_writer.h): the end of its records, not damage. In the last
//    segment they are cut off when repairing; a completed segment may keep them (a crash between
//    rotation and the cut), its successor must then start at the next seq as always. A last
//    segment that holds only a prefix of the file header followed by zeros is a creation cut short
//    by a crash, like a partial header.
//  - A bad record followed by a valid one, a bad record in any earlier segment, a sequence gap or
//    a bad file header is corruption: the scan stops with an error "journal_corrupt" naming the
//    file and byte offset. Nothing is truncated then.
// Thread rule: static functions; the directory must not be written while it is scanned.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.h"
#include "common/time.h"
#include "store/journal_format.h"

namespace probex::store {

struct JournalScanOptions {
  // Records with seq <= after_seq are checked but not handed out (they are in the snapshot).
  // Segments that end before after_seq + 1 are skipped.
  std::uint64_t after_seq = 0;
  // Start from the first segment whatever after_seq is, so every record gets checked.
  bool check_all_segments = false;
  // Truncate a torn tail; otherwise only report it.
  bool repair_torn_tail = true;
};

struct JournalScanResult {
  std::uint64_t first_seq = 0;  // first record read (0 when there is none)
  std::uint64_t last_seq = 0;   // last valid record read (0 when there is none)
  Timestamp last_time;          // timestamp of last_seq's record (zero when none was read)
  std::uint64_t records_checked = 0;
  std::uint64_t records_delivered = 0;
  std::size_t segments_read = 0;
  bool torn_tail = false;
  std::string torn_tail_file;
  std::uint64_t torn_tail_offset = 0;  // where the torn record started (the new file length)
  std::uint64_t torn_tail_bytes = 0;   // bytes dropped
  std::string torn_tail_reason;
  // Preallocated zero bytes after the last record of the last segment read (cut off when
  // repairing; completed segments' zero tails are not counted).
  std::uint64_t zero_tail_bytes = 0;
  // The byte offset just after the last valid record of the last segment read (where the next
  // record would go); 0 when no segment was read.
  std::uint64_t end_offset = 0;
};

class JournalReader {
 public:
  using RecordFn = std::function<Status(const JournalRecord&)>;

  // An error from `fn` stops the scan and is returned as is.
  static Result<JournalScanResult> Scan(const std::string& dir, const JournalScanOptions& options,
                                        const RecordFn& fn);
};

}  // namespace probex::store
