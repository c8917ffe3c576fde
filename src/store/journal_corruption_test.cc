// Damage inside the journal (not a torn tail) must stop recovery and name the file and offset.
#include <gtest/gtest.h>

#include <string>

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

constexpr std::size_t kPayload = 10;
constexpr std::size_t kRecordSize = kJournalRecordHeaderSize + kPayload;

void WriteRecords(const std::string& dir, std::uint64_t first, std::uint64_t count,
                  std::uint64_t segment_bytes = 1 << 20) {
  JournalWriterOptions options;
  options.segment_bytes = segment_bytes;
  auto writer = JournalWriter::Open(dir, first, options);
  ASSERT_TRUE(writer.ok());
  for (std::uint64_t seq = first; seq < first + count; ++seq) {
    std::string buffer;
    AppendJournalRecord(buffer, seq, Timestamp::FromMicros(1), std::string(kPayload, 'p'));
    ASSERT_TRUE((*writer)->Commit(buffer, seq, seq).ok());
  }
}

Result<JournalScanResult> Scan(const std::string& dir) {
  return JournalReader::Scan(dir, {}, [](const JournalRecord&) { return OkStatus(); });
}

std::uint64_t OffsetOf(std::uint64_t seq) {
  return kJournalFileHeaderSize + (seq - 1) * kRecordSize;
}

TEST(JournalCorruptionTest, FlippedBitInAMiddleRecordNamesFileAndOffset) {
  TempDir dir;
  WriteRecords(dir.path(), 1, 10);
  const std::string segment = JoinPath(dir.path(), JournalSegmentName(1));
  const std::string original = Slurp(segment);
  for (std::uint64_t seq : {1u, 5u, 9u}) {
    for (std::size_t byte : {0u, 4u, 8u, 16u, 30u}) {
      std::string bytes = original;
      bytes[OffsetOf(seq) + byte] ^= 0x04;
      Spit(segment, bytes);
      auto result = Scan(dir.path());
      ASSERT_FALSE(result.ok()) << seq << "/" << byte;
      EXPECT_EQ(result.error().code, "journal_corrupt");
      const std::string& message = result.error().message;
      EXPECT_NE(message.find(segment), std::string::npos) << message;
      EXPECT_NE(message.find("byte offset " + std::to_string(OffsetOf(seq))), std::string::npos)
          << message;
      EXPECT_EQ(Slurp(segment), bytes) << "nothing is truncated on corruption";
    }
  }
}

TEST(JournalCorruptionTest, DamagedLengthInTheMiddleIsNotMistakenForATornTail) {
  TempDir dir;
  WriteRecords(dir.path(), 1, 10);
  const std::string segment = JoinPath(dir.path(), JournalSegmentName(1));
  std::string bytes = Slurp(segment);
  bytes[OffsetOf(3) + 3] = '\x7F';  // length far past the end of the file
  Spit(segment, bytes);
  auto result = Scan(dir.path());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("byte offset " + std::to_string(OffsetOf(3))),
            std::string::npos)
      << result.error().message;
}

TEST(JournalCorruptionTest, DamagedTailOfAnEarlierSegmentIsCorruption) {
  TempDir dir;
  WriteRecords(dir.path(), 1, 30, /*segment_bytes=*/200);
  auto names = ListFiles(dir.path());
  ASSERT_TRUE(names.ok());
  ASSERT_GT(names->size(), 2u);
  const std::string first = JoinPath(dir.path(), (*names)[0]);
  std::string bytes = Slurp(first);
  Spit(first, bytes.substr(0, bytes.size() - 3));
  auto result = Scan(dir.path());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "journal_corrupt");
  EXPECT_NE(result.error().message.find(first), std::string::npos);
}

TEST(JournalCorruptionTest, SequenceGapBetweenSegments) {
  TempDir dir;
  WriteRecords(dir.path(), 1, 5);
  WriteRecords(dir.path(), 7, 5);
  auto result = Scan(dir.path());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "journal_corrupt");
  EXPECT_NE(result.error().message.find(JournalSegmentName(7)), std::string::npos);
}

TEST(JournalCorruptionTest, BadSegmentHeader) {
  TempDir dir;
  WriteRecords(dir.path(), 1, 3);
  const std::string segment = JoinPath(dir.path(), JournalSegmentName(1));
  std::string bytes = Slurp(segment);
  bytes[0] = 'X';
  Spit(segment, bytes);
  auto result = Scan(dir.path());
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("byte offset 0"), std::string::npos);
}

}  // namespace
}  // namespace probex::store
