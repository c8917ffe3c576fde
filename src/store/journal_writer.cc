#include "store/journal_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "store/journal_format.h"

namespace probex::store {

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
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644));
  if (!fd.valid()) return IoError("create journal segment", path, errno);
  if (Status s = WriteAll(fd.get(), JournalFileHeader(), path); !s) return s;
  if (Status s = DataSync(fd.get(), path); !s) return s;
  // The new name must survive a crash before any record in it is acknowledged.
  if (Status s = SyncDirectory(dir_); !s) return s;
  fd_ = std::move(fd);
  segment_path_ = std::move(path);
  segment_size_ = kJournalFileHeaderSize;
  next_seq_ = first_seq;
  return OkStatus();
}

Status JournalWriter::Fail(Status status) {
  if (!status) failed_ = std::make_unique<Error>(status.error());
  return status;
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
  if (Status s = WriteAll(fd_.get(), records, segment_path_); !s) return Fail(s);
  if (options_.before_sync) {
    if (Status s = options_.before_sync(); !s) return Fail(s);
  }
  if (Status s = DataSync(fd_.get(), segment_path_); !s) return Fail(s);
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
