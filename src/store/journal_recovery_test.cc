// Torn tails: what a crash or power loss during an unacknowledged write leaves behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "store/file_util.h"
#include "store/journal_format.h"
#include "store/journal_reader.h"
#include "store/journal_test_util.h"
#include "store/journal_writer.h"

namespace probex::store {
namespace {

using testing::Slurp;
using testing::Spit;
using testing::TempDir;

// The two layouts a segment can have: plain appends (the file ends with the last record) and
// the default, preallocated (zeros follow the last record up to a 4 KiB boundary and beyond).
constexpr std::uint64_t kPreallocations[] = {0, 8192};

std::string WriteRecords(const std::string& dir, std::uint64_t count,
                         std::uint64_t preallocate = JournalWriterOptions{}.preallocate_bytes) {
  JournalWriterOptions options;
  options.preallocate_bytes = preallocate;
  auto writer = JournalWriter::Open(dir, 1, options);
  EXPECT_TRUE(writer.ok());
  for (std::uint64_t seq = 1; seq <= count; ++seq) {
    std::string buffer;
    AppendJournalRecord(buffer, seq, Timestamp::FromMicros(static_cast<std::int64_t>(seq)),
                        std::string(seq % 5 + 1, static_cast<char>('a' + seq % 26)));
    EXPECT_TRUE((*writer)->Commit(buffer, seq, seq).ok());
  }
  return (*writer)->segment_path();
}

Result<JournalScanResult> Scan(const std::string& dir, std::vector<std::uint64_t>& seqs,
                               bool repair = true) {
  seqs.clear();
  JournalScanOptions options;
  options.repair_torn_tail = repair;
  return JournalReader::Scan(dir, options, [&](const JournalRecord& r) {
    seqs.push_back(r.seq);
    return OkStatus();
  });
}

// The segment's bytes up to the end of its last record (read-only scan).
std::string RecordBytes(const std::string& dir, const std::string& segment) {
  std::vector<std::uint64_t> seqs;
  auto result = Scan(dir, seqs, /*repair=*/false);
  EXPECT_TRUE(result.ok());
  return Slurp(segment).substr(0, result.ok() ? result->end_offset : 0);
}

// `bytes` as a crash would leave them in a segment with `allocated` bytes: in a preallocated
// file the rest of the file keeps its zeros; otherwise the file ends where the bytes end.
std::string AsCrashLeftIt(const std::string& bytes, std::size_t allocated) {
  return bytes.size() >= allocated ? bytes : bytes + std::string(allocated - bytes.size(), '\0');
}

TEST(JournalRecoveryTest, TruncationAtEveryByteOfTheLastRecordKeepsThePreviousOnes) {
  for (std::uint64_t preallocate : kPreallocations) {
    SCOPED_TRACE(preallocate);
    TempDir dir;
    const std::string segment = WriteRecords(dir.path(), 5, preallocate);
    const std::size_t allocated = Slurp(segment).size();
    const std::string full = RecordBytes(dir.path(), segment);
    EXPECT_EQ(allocated > full.size(), preallocate > 0);
    const std::size_t last_size = kJournalRecordHeaderSize + (5 % 5 + 1);
    const std::size_t last_start = full.size() - last_size;
    for (std::size_t cut = last_start; cut < full.size(); ++cut) {
      Spit(segment, AsCrashLeftIt(full.substr(0, cut), preallocate > 0 ? allocated : 0));
      std::vector<std::uint64_t> seqs;
      auto result = Scan(dir.path(), seqs);
      ASSERT_TRUE(result.ok()) << cut << ": " << result.error().message;
      EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 4})) << cut;
      EXPECT_EQ(result->last_seq, 4u);
      EXPECT_EQ(result->torn_tail, cut != last_start) << cut;
      EXPECT_EQ(result->end_offset, last_start);
      EXPECT_EQ(Slurp(segment).size(), last_start) << "torn bytes and zeros are truncated away";
      // A second scan finds a clean journal.
      auto again = Scan(dir.path(), seqs);
      ASSERT_TRUE(again.ok());
      EXPECT_FALSE(again->torn_tail);
      EXPECT_EQ(again->zero_tail_bytes, 0u);
      EXPECT_EQ(seqs.size(), 4u);
    }
  }
}

TEST(JournalRecoveryTest, GarbageAtTheTailIsTornNotCorrupt) {
  for (std::uint64_t preallocate : kPreallocations) {
    SCOPED_TRACE(preallocate);
    TempDir dir;
    const std::string segment = WriteRecords(dir.path(), 3, preallocate);
    const std::size_t allocated = preallocate > 0 ? Slurp(segment).size() : 0;
    const std::string full = RecordBytes(dir.path(), segment);
    for (std::string garbage : {std::string(100, '\xAB'), std::string("\x05\x00\x00\x00xx", 6),
                                std::string(4096, '\0') + "\x01"}) {
      const std::string damaged = AsCrashLeftIt(full + garbage, allocated);
      Spit(segment, damaged);
      std::vector<std::uint64_t> seqs;
      auto result = Scan(dir.path(), seqs);
      ASSERT_TRUE(result.ok()) << result.error().message;
      EXPECT_TRUE(result->torn_tail);
      EXPECT_EQ(result->torn_tail_offset, full.size());
      EXPECT_EQ(result->torn_tail_bytes, damaged.size() - full.size());
      EXPECT_EQ(seqs.size(), 3u);
      EXPECT_EQ(Slurp(segment), full);
    }
  }
}

TEST(JournalRecoveryTest, ZerosAfterTheLastRecordAreItsEndNotATornTail) {
  // Preallocated zeros, whatever their length: the records end there. Read-only scans leave
  // them; recovery cuts them off (the writer continues in a new segment).
  for (std::uint64_t preallocate : kPreallocations) {
    SCOPED_TRACE(preallocate);
    TempDir dir;
    const std::string segment = WriteRecords(dir.path(), 3, preallocate);
    const std::string full = RecordBytes(dir.path(), segment);
    for (std::size_t zeros : {1u, 7u, 4096u, 70000u}) {
      const std::string padded = full + std::string(zeros, '\0');
      Spit(segment, padded);
      std::vector<std::uint64_t> seqs;
      auto report = Scan(dir.path(), seqs, /*repair=*/false);
      ASSERT_TRUE(report.ok()) << report.error().message;
      EXPECT_FALSE(report->torn_tail);
      EXPECT_EQ(report->zero_tail_bytes, zeros);
      EXPECT_EQ(report->end_offset, full.size());
      EXPECT_EQ(seqs.size(), 3u);
      EXPECT_EQ(Slurp(segment), padded) << "a read-only scan changes nothing";
      auto repaired = Scan(dir.path(), seqs);
      ASSERT_TRUE(repaired.ok());
      EXPECT_FALSE(repaired->torn_tail);
      EXPECT_EQ(seqs.size(), 3u);
      EXPECT_EQ(Slurp(segment), full);
    }
  }
}

TEST(JournalRecoveryTest, CorruptedLastRecordIsTorn) {
  for (std::uint64_t preallocate : kPreallocations) {
    SCOPED_TRACE(preallocate);
    TempDir dir;
    const std::string segment = WriteRecords(dir.path(), 4, preallocate);
    std::string bytes = Slurp(segment);
    bytes[RecordBytes(dir.path(), segment).size() - 1] ^= 1;
    Spit(segment, bytes);
    std::vector<std::uint64_t> seqs;
    auto result = Scan(dir.path(), seqs);
    ASSERT_TRUE(result.ok());
    EXPECT_TRUE(result->torn_tail);
    EXPECT_EQ(result->torn_tail_reason, "checksum mismatch");
    EXPECT_EQ(seqs.size(), 3u);
  }
}

TEST(JournalRecoveryTest, PreallocatedSegmentWithDamageInTheMiddleIsCorruption) {
  // Zeros follow the records, but a damaged (non-zero) or zeroed record with valid records after
  // it is still corruption, never a tail.
  TempDir dir;
  const std::string segment = WriteRecords(dir.path(), 6);
  const std::string original = Slurp(segment);
  const std::size_t third = kJournalFileHeaderSize + 2 * kJournalRecordHeaderSize + (1 + 1) +
                            (2 % 5 + 1);  // records 1 and 2 carry 2 and 3 payload bytes
  for (bool zero_it : {false, true}) {
    std::string bytes = original;
    if (zero_it) {
      std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(third),
                  kJournalRecordHeaderSize + (3 % 5 + 1), '\0');
    } else {
      bytes[third + 20] ^= 0x10;
    }
    Spit(segment, bytes);
    std::vector<std::uint64_t> seqs;
    auto result = Scan(dir.path(), seqs);
    ASSERT_FALSE(result.ok()) << zero_it;
    EXPECT_EQ(result.error().code, "journal_corrupt");
    EXPECT_NE(result.error().message.find("byte offset " + std::to_string(third)),
              std::string::npos)
        << result.error().message;
    EXPECT_EQ(Slurp(segment), bytes) << "nothing is truncated on corruption";
  }
}

TEST(JournalRecoveryTest, WriterExtendsThePreallocationAndCutsCompletedSegments) {
  TempDir dir;
  JournalWriterOptions options;
  options.preallocate_bytes = 4096;
  options.segment_bytes = 20000;
  std::vector<std::size_t> sizes;
  {
    auto writer = JournalWriter::Open(dir.path(), 1, options);
    ASSERT_TRUE(writer.ok());
    for (std::uint64_t seq = 1; seq <= 2000; ++seq) {
      std::string buffer;
      AppendJournalRecord(buffer, seq, Timestamp::FromMicros(1), std::string(40, 'x'));
      ASSERT_TRUE((*writer)->Commit(buffer, seq, seq).ok());
      sizes.push_back(Slurp((*writer)->segment_path()).size());
    }
  }
  // The open segment's length only changes when a chunk is added: always a multiple of 4 KiB.
  for (std::size_t size : sizes) EXPECT_EQ(size % 4096, 0u) << size;
  auto names = ListFiles(dir.path());
  ASSERT_TRUE(names.ok());
  ASSERT_GT(names->size(), 4u);
  for (std::size_t i = 0; i + 1 < names->size(); ++i) {
    const std::string bytes = Slurp(JoinPath(dir.path(), (*names)[i]));
    EXPECT_NE(bytes.back(), '\0') << (*names)[i] << " was cut back to its records";
    EXPECT_EQ((bytes.size() - kJournalFileHeaderSize) % (kJournalRecordHeaderSize + 40), 0u);
  }
  // A completed segment that still has its zeros (a crash before the cut) reads the same.
  const std::string first = JoinPath(dir.path(), (*names)[0]);
  Spit(first, Slurp(first) + std::string(5000, '\0'));
  std::vector<std::uint64_t> seqs;
  auto result = Scan(dir.path(), seqs);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(seqs.size(), 2000u);
  EXPECT_EQ(result->last_seq, 2000u);
  EXPECT_FALSE(result->torn_tail);
}

TEST(JournalRecoveryTest, ReportOnlyModeLeavesTheFileAlone) {
  TempDir dir;
  const std::string segment = WriteRecords(dir.path(), 2);
  const std::string torn = Slurp(segment) + std::string("\x10\x00", 2);
  Spit(segment, torn);
  std::vector<std::uint64_t> seqs;
  auto result = Scan(dir.path(), seqs, /*repair=*/false);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->torn_tail);
  EXPECT_EQ(Slurp(segment), torn);
}

TEST(JournalRecoveryTest, PartialHeaderOfANewLastSegmentIsRemoved) {
  TempDir dir;
  WriteRecords(dir.path(), 3);
  const std::string header = JournalFileHeader();
  for (std::size_t cut = 0; cut < header.size(); ++cut) {
    const std::string path = JoinPath(dir.path(), JournalSegmentName(4));
    // Cut short before or after the zero-fill started.
    for (std::size_t zeros : {0u, 4096u}) {
      const std::string bytes = header.substr(0, cut) + std::string(zeros, '\0');
      // The header ends in zero bytes: with them all there, this is a whole, empty segment.
      const bool whole_header = bytes.starts_with(header);
      Spit(path, bytes);
      std::vector<std::uint64_t> seqs;
      auto result = Scan(dir.path(), seqs);
      ASSERT_TRUE(result.ok()) << cut << ": " << result.error().message;
      EXPECT_EQ(result->torn_tail, !whole_header) << cut << "+" << zeros;
      EXPECT_EQ(result->last_seq, 3u);
      EXPECT_EQ(ListFiles(dir.path())->size(), whole_header ? 2u : 1u) << cut << "+" << zeros;
      if (whole_header) {
        ASSERT_TRUE(RemoveFile(path).ok());
      }
    }
  }
}

TEST(JournalRecoveryTest, EmptyNewSegmentIsFineAndWriterReusesIt) {
  TempDir dir;
  WriteRecords(dir.path(), 3);
  { ASSERT_TRUE(JournalWriter::Open(dir.path(), 4).ok()); }  // crash before any record
  std::vector<std::uint64_t> seqs;
  auto result = Scan(dir.path(), seqs);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->torn_tail);
  EXPECT_EQ(result->last_seq, 3u);
  auto writer = JournalWriter::Open(dir.path(), 4);
  ASSERT_TRUE(writer.ok());
  std::string buffer;
  AppendJournalRecord(buffer, 4, Timestamp::FromMicros(4), "d");
  ASSERT_TRUE((*writer)->Commit(buffer, 4, 4).ok());
  ASSERT_TRUE(Scan(dir.path(), seqs).ok());
  EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace probex::store
