#include "store/journal_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "store/journal_format.h"

namespace probex::store {
namespace {

constexpr std::uint64_t kPage = 4096;
constexpr std::size_t kZeroBlock = 1 << 20;

// Writes all of `bytes` at `offset`, retrying short writes and EINTR.
Status PwriteAll(int fd, std::string_view bytes, std::uint64_t offset, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("write journal segment", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::uint64_t>(n);
  }
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<JournalWriter>> JournalWriter::Open(std::string dir, std::uint64_t next_seq,
                                                           JournalWriterOptions options) {
  if (next_seq == 0) return MakeError("invalid_argument", "journal sequence numbers start at 1");
  if (Status s = EnsureDirectory(dir); !s) return s.error();
  std::unique_ptr<JournalWriter> writer(new JournalWriter(std::move(dir), std::move(options)));
  if (Status s = writer->StartSegment(next_seq); !s) return s.error();
  return writer;
}

Status JournalWriter::StartSegment(std::uint64_t first_seq) {
  std::string path = JoinPath(dir_, JournalSegmentName(first_seq));
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return IoError("create journal segment", path, errno);
  if (Status s = PwriteAll(fd.get(), JournalFileHeader(), 0, path); !s) return s;
  if (fd_.valid() && segment_size_ < allocated_) {
    // Cut the completed segment back to its records. Best effort: a crash before this is
    // durable leaves a zero tail, which readers take as the segment's end anyway.
    if (::ftruncate(fd_.get(), static_cast<off_t>(segment_size_)) == 0) ::fdatasync(fd_.get());
  }
  fd_ = std::move(fd);
  segment_path_ = std::move(path);
  segment_size_ = kJournalFileHeaderSize;
  allocated_ = kJournalFileHeaderSize;
  next_seq_ = first_seq;
  if (options_.preallocate_bytes > 0) {
    if (Status s = Preallocate(segment_size_); !s) return s;
  }
  if (Status s = DataSync(fd_.get(), segment_path_); !s) return s;
  // The new name must survive a crash before any record in it is acknowledged.
  return SyncDirectory(dir_);
}

Status JournalWriter::Preallocate(std::uint64_t end) {
  // No more than a segment's worth: a segment ends soon after it reaches segment_bytes.
  const std::uint64_t want = std::min(options_.preallocate_bytes, options_.segment_bytes);
  const std::uint64_t chunk = std::max<std::uint64_t>(kPage, (want + kPage - 1) / kPage * kPage);
  std::uint64_t target = (end + chunk + kPage - 1) / kPage * kPage;
  if (target <= allocated_) return OkStatus();
  // Reserve the blocks in one extent where the filesystem can (an optimization only: the zeros
  // written below are what turn them into written blocks).
  ::fallocate(fd_.get(), FALLOC_FL_KEEP_SIZE, static_cast<off_t>(allocated_),
              static_cast<off_t>(target - allocated_));
  static const std::string zeros(kZeroBlock, '\0');
  const std::uint64_t from = allocated_;
  for (std::uint64_t at = from; at < target;) {
    std::uint64_t n = std::min<std::uint64_t>(kZeroBlock, target - at);
    if (Status s = PwriteAll(fd_.get(), std::string_view(zeros.data(), n), at, segment_path_); !s) {
      return s;
    }
    at += n;
  }
  allocated_ = target;
  // Start writing the zeros back now, so the next batch's fdatasync finds them (mostly) clean.
  ::sync_file_range(fd_.get(), static_cast<off_t>(from), static_cast<off_t>(target - from),
                    SYNC_FILE_RANGE_WRITE);
  return OkStatus();
}

Status JournalWriter::Fail(Status status) {
  if (!status) failed_ = std::make_unique<Error>(status.error());
  return status;
}

Status JournalWriter::RollBack(std::uint64_t size, const Error& cause) {
  // The batch was written but not made durable, and its callers will be told it failed: take
  // it back (zeros over it, or the file cut back to the last durable record) and sync that, so
  // a restart cannot apply commands that were reported as failed. If even that fails, the
  // batch's fate on disk is unknown, and the error says so.
  Status undone = OkStatus();
  if (options_.preallocate_bytes > 0) {
    undone = PwriteAll(fd_.get(), std::string(size, '\0'), segment_size_, segment_path_);
  } else if (::ftruncate(fd_.get(), static_cast<off_t>(segment_size_)) != 0) {
    undone = IoError("truncate journal segment", segment_path_, errno);
  }
  if (undone) undone = DataSync(fd_.get(), segment_path_);
  if (undone) return MakeError(cause.code, cause.message + " (the unsynced batch was rolled back)");
  return MakeError("journal_outcome_unknown",
                   cause.message + "; rolling the unsynced batch back also failed (" +
                       undone.error().message +
                       "): its commands may be found applied after a restart");
}

Status JournalWriter::Commit(std::string_view records, std::uint64_t first_seq,
                             std::uint64_t last_seq) {
  if (failed_) return *failed_;
  if (first_seq != next_seq_ || last_seq < first_seq) {
    return Fail(MakeError("journal_sequence", "journal commit of seqs " +
                                                  std::to_string(first_seq) + ".." +
                                                  std::to_string(last_seq) + " but next is " +
                                                  std::to_string(next_seq_)));
  }
  if (options_.preallocate_bytes > 0 && segment_size_ + records.size() > allocated_) {
    // Extend ahead of need: this batch's sync then also makes the new length durable.
    if (Status s = Preallocate(segment_size_ + records.size()); !s) return Fail(s);
  }
  if (Status s = PwriteAll(fd_.get(), records, segment_size_, segment_path_); !s) return Fail(s);
  if (options_.preallocate_bytes == 0) allocated_ = segment_size_ + records.size();
  Status synced = options_.before_sync ? options_.before_sync() : OkStatus();
  if (synced) synced = DataSync(fd_.get(), segment_path_);
  if (!synced) return Fail(RollBack(records.size(), synced.error()));
  sync_count_.fetch_add(1, std::memory_order_relaxed);
  segment_size_ += records.size();
  next_seq_ = last_seq + 1;
  if (segment_size_ >= options_.segment_bytes) {
    // The batch is durable whatever happens here; a failed rotation fails the next commit.
    static_cast<void>(Fail(StartSegment(next_seq_)));
  }
  return OkStatus();
}

}  // namespace probex::store
