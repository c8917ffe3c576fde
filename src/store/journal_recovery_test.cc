// Torn tails: what a crash or power loss during an unacknowledged write leaves behind.
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

using testing::Slurp;
using testing::Spit;
using testing::TempDir;

std::string WriteRecords(const std::string& dir, std::uint64_t count) {
  auto writer = JournalWriter::Open(dir, 1);
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

TEST(JournalRecoveryTest, TruncationAtEveryByteOfTheLastRecordKeepsThePreviousOnes) {
  TempDir dir;
  const std::string segment = WriteRecords(dir.path(), 5);
  const std::string full = Slurp(segment);
  const std::size_t last_size = kJournalRecordHeaderSize + (5 % 5 + 1);
  const std::size_t last_start = full.size() - last_size;
  for (std::size_t cut = last_start; cut < full.size(); ++cut) {
    Spit(segment, full.substr(0, cut));
    std::vector<std::uint64_t> seqs;
    auto result = Scan(dir.path(), seqs);
    ASSERT_TRUE(result.ok()) << cut << ": " << result.error().message;
    EXPECT_EQ(seqs, (std::vector<std::uint64_t>{1, 2, 3, 4})) << cut;
    EXPECT_EQ(result->last_seq, 4u);
    EXPECT_EQ(result->torn_tail, cut != last_start) << cut;
    EXPECT_EQ(Slurp(segment).size(), last_start) << "torn bytes are truncated away";
    // A second scan finds a clean journal.
    auto again = Scan(dir.path(), seqs);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->torn_tail);
    EXPECT_EQ(seqs.size(), 4u);
  }
}

TEST(JournalRecoveryTest, GarbageAtTheTailIsTornNotCorrupt) {
  TempDir dir;
  const std::string segment = WriteRecords(dir.path(), 3);
  const std::string full = Slurp(segment);
  for (std::string garbage :
       {std::string(4096, '\0'), std::string(100, '\xAB'), std::string("\x05\x00\x00\x00xx", 6)}) {
    Spit(segment, full + garbage);
    std::vector<std::uint64_t> seqs;
    auto result = Scan(dir.path(), seqs);
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_TRUE(result->torn_tail);
    EXPECT_EQ(result->torn_tail_offset, full.size());
    EXPECT_EQ(result->torn_tail_bytes, garbage.size());
    EXPECT_EQ(seqs.size(), 3u);
    EXPECT_EQ(Slurp(segment), full);
  }
}

TEST(JournalRecoveryTest, CorruptedLastRecordIsTorn) {
  TempDir dir;
  const std::string segment = WriteRecords(dir.path(), 4);
  std::string bytes = Slurp(segment);
  bytes[bytes.size() - 1] ^= 1;
  Spit(segment, bytes);
  std::vector<std::uint64_t> seqs;
  auto result = Scan(dir.path(), seqs);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->torn_tail);
  EXPECT_EQ(result->torn_tail_reason, "checksum mismatch");
  EXPECT_EQ(seqs.size(), 3u);
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
    Spit(path, header.substr(0, cut));
    std::vector<std::uint64_t> seqs;
    auto result = Scan(dir.path(), seqs);
    ASSERT_TRUE(result.ok()) << cut << ": " << result.error().message;
    EXPECT_TRUE(result->torn_tail);
    EXPECT_EQ(result->last_seq, 3u);
    EXPECT_EQ(ListFiles(dir.path())->size(), 1u) << cut;
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
