#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/file_util.h"
#include "store/journal_format.h"
#include "store/journal_reader.h"
#include "store/journal_test_util.h"
#include "store/journal_writer.h"

namespace probex::store {
namespace {

using testing::TempDir;

struct Rec {
  std::uint64_t seq;
  std::int64_t micros;
  std::string payload;
  friend bool operator==(const Rec&, const Rec&) = default;
};

std::string Payload(std::uint64_t seq) { return "command-" + std::to_string(seq * 7919); }

std::vector<Rec> ReadAll(const std::string& dir, JournalScanOptions options = {},
                         JournalScanResult* out = nullptr) {
  std::vector<Rec> records;
  auto result = JournalReader::Scan(dir, options, [&](const JournalRecord& r) {
    records.push_back({r.seq, r.time.micros(), std::string(r.payload)});
    return OkStatus();
  });
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  if (out && result.ok()) *out = *result;
  return records;
}

// Writes seqs 1..count in batches of `batch`, returns what was written.
std::vector<Rec> WriteJournal(const std::string& dir, std::uint64_t count, std::uint64_t batch,
                              JournalWriterOptions options = {}) {
  auto writer = JournalWriter::Open(dir, 1, std::move(options));
  EXPECT_TRUE(writer.ok());
  std::vector<Rec> written;
  std::string buffer;
  for (std::uint64_t first = 1; first <= count; first += batch) {
    buffer.clear();
    std::uint64_t last = std::min(count, first + batch - 1);
    for (std::uint64_t seq = first; seq <= last; ++seq) {
      Rec rec{seq, 1'700'000'000'000'000 + static_cast<std::int64_t>(seq), Payload(seq)};
      AppendJournalRecord(buffer, seq, Timestamp::FromMicros(rec.micros), rec.payload);
      written.push_back(rec);
    }
    EXPECT_TRUE((*writer)->Commit(buffer, first, last).ok());
  }
  return written;
}

TEST(JournalFormatTest, SegmentNames) {
  EXPECT_EQ(JournalSegmentName(1), "journal-00000000000000000001.log");
  EXPECT_EQ(ParseJournalSegmentName("journal-00000000000000000042.log"), 42u);
  EXPECT_EQ(ParseJournalSegmentName("journal-0000000000000000042.log"), std::nullopt);
  EXPECT_EQ(ParseJournalSegmentName("journal-0000000000000000004x.log"), std::nullopt);
  EXPECT_EQ(ParseJournalSegmentName("snapshot-00000000000000000042.bin"), std::nullopt);
}

TEST(JournalFormatTest, RecordLayoutIsLittleEndianWithCrcAfterLength) {
  std::string buffer;
  AppendJournalRecord(buffer, 0x0102030405060708ull, Timestamp::FromMicros(-2), "xyz");
  ASSERT_EQ(buffer.size(), kJournalRecordHeaderSize + 3);
  EXPECT_EQ(buffer.substr(0, 4), std::string("\x03\x00\x00\x00", 4));
  EXPECT_EQ(buffer.substr(8, 8), std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8));
  EXPECT_EQ(buffer.substr(16, 8), std::string("\xFE\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8));
  EXPECT_EQ(buffer.substr(24), "xyz");
  JournalRecord record;
  std::size_t size = 0;
  ASSERT_EQ(ParseJournalRecord(buffer, record, size), RecordParse::kOk);
  EXPECT_EQ(size, buffer.size());
  EXPECT_EQ(record.seq, 0x0102030405060708ull);
  EXPECT_EQ(record.time.micros(), -2);
  EXPECT_EQ(record.payload, "xyz");
}

TEST(JournalFormatTest, ParseDetectsEveryKindOfDamage) {
  std::string buffer;
  AppendJournalRecord(buffer, 9, Timestamp::FromMicros(5), "payload");
  JournalRecord record;
  std::size_t size = 0;
  for (std::size_t cut = 0; cut < buffer.size(); ++cut) {
    EXPECT_EQ(ParseJournalRecord(std::string_view(buffer).substr(0, cut), record, size),
              RecordParse::kTruncated)
        << cut;
  }
  for (std::size_t i = 4; i < buffer.size(); ++i) {  // every bit covered by the CRC, or the CRC
    std::string damaged = buffer;
    damaged[i] ^= 0x10;
    EXPECT_EQ(ParseJournalRecord(damaged, record, size), RecordParse::kBadChecksum) << i;
  }
  std::string huge = buffer;
  huge[3] = '\x7F';
  EXPECT_EQ(ParseJournalRecord(huge, record, size), RecordParse::kBadLength);
}

TEST(JournalTest, RoundTripThroughWriterAndReader) {
  TempDir dir;
  auto written = WriteJournal(dir.path(), 1000, 37);
  JournalScanResult result;
  EXPECT_EQ(ReadAll(dir.path(), {}, &result), written);
  EXPECT_EQ(result.first_seq, 1u);
  EXPECT_EQ(result.last_seq, 1000u);
  EXPECT_EQ(result.last_time.micros(), written.back().micros);
  EXPECT_FALSE(result.torn_tail);
}

TEST(JournalTest, OneSyncPerCommit) {
  TempDir dir;
  auto writer = JournalWriter::Open(dir.path(), 1);
  ASSERT_TRUE(writer.ok());
  std::string buffer;
  for (std::uint64_t seq = 1; seq <= 10; ++seq) {
    AppendJournalRecord(buffer, seq, Timestamp::FromMicros(1), "x");
  }
  ASSERT_TRUE((*writer)->Commit(buffer, 1, 10).ok());
  EXPECT_EQ((*writer)->sync_count(), 1u);
}

TEST(JournalTest, RotatesSegmentsAtTheThresholdAndReadsAcrossThem) {
  TempDir dir;
  JournalWriterOptions options;
  options.segment_bytes = 1000;
  auto written = WriteJournal(dir.path(), 500, 10, options);
  auto names = ListFiles(dir.path());
  ASSERT_TRUE(names.ok());
  EXPECT_GT(names->size(), 5u);
  // Each segment is named after its first record.
  for (const std::string& name : *names) {
    auto first = ParseJournalSegmentName(name);
    ASSERT_TRUE(first.has_value()) << name;
    EXPECT_EQ((*first - 1) % 10, 0u) << name;
  }
  EXPECT_EQ(ReadAll(dir.path()), written);

  // Starting after a seq skips the segments that end before it.
  JournalScanOptions options_after;
  options_after.after_seq = 333;
  JournalScanResult result;
  auto tail = ReadAll(dir.path(), options_after, &result);
  ASSERT_EQ(tail.size(), 167u);
  EXPECT_EQ(tail.front().seq, 334u);
  EXPECT_LT(result.segments_read, names->size());
  EXPECT_EQ(result.last_seq, 500u);
}

TEST(JournalTest, ReopeningContinuesInANewSegment) {
  TempDir dir;
  auto written = WriteJournal(dir.path(), 20, 5);
  auto writer = JournalWriter::Open(dir.path(), 21);
  ASSERT_TRUE(writer.ok());
  std::string buffer;
  AppendJournalRecord(buffer, 21, Timestamp::FromMicros(99), "next");
  ASSERT_TRUE((*writer)->Commit(buffer, 21, 21).ok());
  written.push_back({21, 99, "next"});
  EXPECT_EQ(ReadAll(dir.path()), written);
  EXPECT_EQ(ListFiles(dir.path())->size(), 2u);
}

TEST(JournalTest, WriterRejectsOutOfOrderBatchesAndStaysFailed) {
  TempDir dir;
  auto writer = JournalWriter::Open(dir.path(), 1);
  ASSERT_TRUE(writer.ok());
  std::string buffer;
  AppendJournalRecord(buffer, 2, Timestamp::FromMicros(1), "x");
  EXPECT_FALSE((*writer)->Commit(buffer, 2, 2).ok());
  buffer.clear();
  AppendJournalRecord(buffer, 1, Timestamp::FromMicros(1), "x");
  EXPECT_FALSE((*writer)->Commit(buffer, 1, 1).ok());
}

// A batch whose sync failed is reported as failed, so it must not be found after a restart: the
// writer takes it back (zeros over it in a preallocated segment, the file cut back otherwise),
// and stays failed: every later commit fails too.
TEST(JournalTest, ABatchWhoseSyncFailedIsRolledBackAndEveryLaterCommitFails) {
  for (std::uint64_t preallocate : {std::uint64_t{0}, std::uint64_t{1} << 16}) {
    SCOPED_TRACE("preallocate " + std::to_string(preallocate));
    TempDir dir;
    JournalWriterOptions options;
    options.preallocate_bytes = preallocate;
    int calls = 0;
    options.before_sync = [&]() -> Status {
      return ++calls == 2 ? Status(MakeError("io_error", "injected")) : OkStatus();
    };
    auto writer = JournalWriter::Open(dir.path(), 1, options);
    ASSERT_TRUE(writer.ok());
    std::string buffer;
    AppendJournalRecord(buffer, 1, Timestamp::FromMicros(1), "kept");
    ASSERT_TRUE((*writer)->Commit(buffer, 1, 1).ok());
    buffer.clear();
    AppendJournalRecord(buffer, 2, Timestamp::FromMicros(2), "failed");
    AppendJournalRecord(buffer, 3, Timestamp::FromMicros(3), "failed too");
    Status failed = (*writer)->Commit(buffer, 2, 3);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.error().message.find("rolled back"), std::string::npos)
        << failed.error().message;
    buffer.clear();
    AppendJournalRecord(buffer, 2, Timestamp::FromMicros(4), "later");
    EXPECT_FALSE((*writer)->Commit(buffer, 2, 2).ok());
    writer->reset();
    JournalScanResult result;
    auto records = ReadAll(dir.path(), {}, &result);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].payload, "kept");
    EXPECT_EQ(result.last_seq, 1u);
  }
}

TEST(JournalTest, MissingDirectoryIsAnEmptyJournal) {
  TempDir dir;
  JournalScanResult result;
  EXPECT_TRUE(ReadAll(dir.Sub("none"), {}, &result).empty());
  EXPECT_EQ(result.last_seq, 0u);
}

TEST(JournalTest, GapBeforeTheNeededSeqIsAnError) {
  TempDir dir;
  auto writer = JournalWriter::Open(dir.path(), 50);
  ASSERT_TRUE(writer.ok());
  std::string buffer;
  AppendJournalRecord(buffer, 50, Timestamp::FromMicros(1), "x");
  ASSERT_TRUE((*writer)->Commit(buffer, 50, 50).ok());
  JournalScanOptions options;
  options.after_seq = 10;
  auto result =
      JournalReader::Scan(dir.path(), options, [](const JournalRecord&) { return OkStatus(); });
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "journal_gap");
}

}  // namespace
}  // namespace probex::store
