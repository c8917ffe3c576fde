#include "store/journal_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <utility>
#include <vector>

#include "store/file_util.h"

namespace probex::store {
namespace {

struct Segment {
  std::uint64_t first_seq;
  std::string path;
};

// A read-only mapping of a whole file.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(data_, size_);
  }

  Status Open(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return IoError("open journal segment", path, errno);
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) return IoError("stat journal segment", path, errno);
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ == 0) return OkStatus();
    // Prefault the whole segment in one call rather than one page fault per 4 KiB.
    void* data = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd.get(), 0);
    if (data == MAP_FAILED) return IoError("map journal segment", path, errno);
    data_ = data;
    ::madvise(data_, size_, MADV_SEQUENTIAL);
    return OkStatus();
  }

  std::string_view bytes() const {
    return data_ == nullptr ? std::string_view()
                            : std::string_view(static_cast<char*>(data_), size_);
  }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

Error Corrupt(const std::string& path, std::uint64_t offset, std::string_view what) {
  return MakeError("journal_corrupt", "journal corrupt: " + path + " at byte offset " +
                                          std::to_string(offset) + ": " + std::string(what));
}

// True when a record with a valid CRC and a later seq starts anywhere after `from`: then the bad
// record at `from` is damage inside the journal, not a torn tail.
bool ValidRecordFollows(std::string_view bytes, std::size_t from, std::uint64_t last_good_seq) {
  for (std::size_t at = from + 1; at + kJournalRecordHeaderSize <= bytes.size(); ++at) {
    std::uint64_t seq;
    std::memcpy(&seq, bytes.data() + at + 8, sizeof seq);
    if (seq <= last_good_seq || seq - last_good_seq > bytes.size()) continue;
    JournalRecord record;
    std::size_t size = 0;
    if (ParseJournalRecord(bytes.substr(at), record, size) == RecordParse::kOk) return true;
  }
  return false;
}

bool AllZero(std::string_view bytes) {
  static constexpr char kZeros[4096] = {};
  while (bytes.size() >= sizeof kZeros) {
    if (std::memcmp(bytes.data(), kZeros, sizeof kZeros) != 0) return false;
    bytes.remove_prefix(sizeof kZeros);
  }
  return bytes.empty() || std::memcmp(bytes.data(), kZeros, bytes.size()) == 0;
}

// The file starts with fewer than all bytes of the header and has only zeros after them: the
// trace of a crash while the writer created and zero-filled the segment.
bool PartialHeaderThenZeros(std::string_view bytes, std::string_view header) {
  std::size_t n = 0;
  while (n < header.size() && n < bytes.size() && bytes[n] == header[n]) ++n;
  if (n == header.size()) return false;  // the whole header is there
  return AllZero(bytes.substr(n));
}

}  // namespace

Result<JournalScanResult> JournalReader::Scan(const std::string& dir,
                                              const JournalScanOptions& options,
                                              const RecordFn& fn) {
  JournalScanResult result;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return result;
  auto names = ListFiles(dir);
  if (!names) return names.error();
  std::vector<Segment> segments;
  for (const std::string& name : *names) {
    if (auto first = ParseJournalSegmentName(name)) {
      segments.push_back({*first, JoinPath(dir, name)});
    }
  }
  if (segments.empty()) return result;

  // The last segment that starts at or before the first record we need.
  std::size_t start = 0;
  if (!options.check_all_segments) {
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].first_seq <= options.after_seq + 1) start = i;
    }
  }
  std::uint64_t expected = segments[start].first_seq;
  if (expected > options.after_seq + 1) {
    return MakeError("journal_gap", "journal gap: records up to seq " +
                                        std::to_string(options.after_seq) +
                                        " are needed next, but " + segments[start].path +
                                        " starts at seq " + std::to_string(expected));
  }
  if (expected == 0) return Corrupt(segments[start].path, 0, "segment named for seq 0");

  const std::string header = JournalFileHeader();
  for (std::size_t i = start; i < segments.size(); ++i) {
    const Segment& segment = segments[i];
    const bool last = i + 1 == segments.size();
    if (segment.first_seq != expected) {
      return Corrupt(segment.path, 0,
                     "segment starts at seq " + std::to_string(segment.first_seq) +
                         " but the previous one ends at seq " + std::to_string(expected - 1));
    }
    MappedFile file;
    if (Status s = file.Open(segment.path); !s) return s.error();
    std::string_view bytes = file.bytes();
    ++result.segments_read;

    if (bytes.size() < kJournalFileHeaderSize || PartialHeaderThenZeros(bytes, header)) {
      // Only a crash while the writer created the last segment leaves a partial header.
      if (last && PartialHeaderThenZeros(bytes, header)) {
        result.torn_tail = true;
        result.torn_tail_file = segment.path;
        result.torn_tail_offset = 0;
        result.torn_tail_bytes = bytes.size();
        result.torn_tail_reason = "partial segment header";
        if (options.repair_torn_tail) {
          if (Status s = RemoveFile(segment.path); !s) return s.error();
          if (Status s = SyncDirectory(dir); !s) return s.error();
        }
        break;
      }
      return Corrupt(segment.path, 0,
                     bytes.size() < kJournalFileHeaderSize
                         ? "file shorter than its header"
                         : "partial segment header followed by zeros in a completed segment");
    }
    if (bytes.substr(0, kJournalFileHeaderSize) != header) {
      return Corrupt(segment.path, 0, "bad segment header (magic or version)");
    }

    std::size_t offset = kJournalFileHeaderSize;
    std::size_t zero_tail = 0;
    while (offset < bytes.size()) {
      if (bytes[offset] == 0 && AllZero(bytes.substr(offset))) {
        zero_tail = bytes.size() - offset;  // the preallocated area: the records end here
        break;
      }
      JournalRecord record;
      std::size_t size = 0;
      RecordParse parse = ParseJournalRecord(bytes.substr(offset), record, size);
      if (parse != RecordParse::kOk) {
        if (!last || ValidRecordFollows(bytes, offset, expected - 1)) {
          return Corrupt(segment.path, offset,
                         std::string(RecordParseName(parse)) +
                             (last ? " with valid records after it" : " in a completed segment"));
        }
        result.torn_tail = true;
        result.torn_tail_file = segment.path;
        result.torn_tail_offset = offset;
        result.torn_tail_bytes = bytes.size() - offset;
        result.torn_tail_reason = std::string(RecordParseName(parse));
        break;
      }
      if (record.seq != expected) {
        return Corrupt(segment.path, offset,
                       "record has seq " + std::to_string(record.seq) + ", expected " +
                           std::to_string(expected));
      }
      ++result.records_checked;
      if (result.first_seq == 0) result.first_seq = record.seq;
      result.last_seq = record.seq;
      result.last_time = record.time;
      if (record.seq > options.after_seq) {
        ++result.records_delivered;
        if (Status s = fn(record); !s) return s.error();
      }
      ++expected;
      offset += size;
    }
    result.end_offset = offset;
    result.zero_tail_bytes = zero_tail;
    if (result.torn_tail && options.repair_torn_tail) {
      if (Status s = TruncateFile(segment.path, result.torn_tail_offset); !s) return s.error();
    } else if (last && zero_tail > 0 && options.repair_torn_tail) {
      if (Status s = TruncateFile(segment.path, offset); !s) return s.error();
    }
  }
  return result;
}

}  // namespace probex::store
