#include "store/snapshot_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/file_util.h"
#include "store/journal_test_util.h"

namespace probex::store {
namespace {

using testing::Slurp;
using testing::Spit;
using testing::TempDir;

TEST(SnapshotStoreTest, WriteThenLoadNewest) {
  TempDir dir;
  SnapshotStore store(dir.path());
  ASSERT_TRUE(store.Write(10, Timestamp::FromMicros(100), "state at 10").ok());
  ASSERT_TRUE(store.Write(20, Timestamp::FromMicros(200), std::string("state\0at 20", 11)).ok());
  std::vector<std::string> warnings;
  auto loaded = store.LoadNewest(&warnings);
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->seq, 20u);
  EXPECT_EQ((*loaded)->time.micros(), 200);
  EXPECT_EQ((*loaded)->payload, std::string("state\0at 20", 11));
  EXPECT_TRUE(warnings.empty());
  // No temporary file is left behind.
  EXPECT_EQ(ListFiles(dir.path())->size(), 2u);
}

TEST(SnapshotStoreTest, NoSnapshot) {
  TempDir dir;
  SnapshotStore store(dir.Sub("missing"));
  auto loaded = store.LoadNewest(nullptr);
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded->has_value());
}

TEST(SnapshotStoreTest, CorruptNewestIsSkippedWithAWarning) {
  TempDir dir;
  SnapshotStore store(dir.path());
  ASSERT_TRUE(store.Write(10, Timestamp::FromMicros(1), "ten").ok());
  ASSERT_TRUE(store.Write(20, Timestamp::FromMicros(2), "twenty").ok());
  ASSERT_TRUE(store.Write(30, Timestamp::FromMicros(3), "thirty").ok());
  const std::string newest = JoinPath(dir.path(), SnapshotStore::FileName(30));
  std::string bytes = Slurp(newest);
  bytes.back() ^= 1;
  Spit(newest, bytes);
  const std::string middle = JoinPath(dir.path(), SnapshotStore::FileName(20));
  Spit(middle, Slurp(middle).substr(0, 30));  // torn header

  std::vector<std::string> warnings;
  auto loaded = store.LoadNewest(&warnings);
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->seq, 10u);
  EXPECT_EQ((*loaded)->payload, "ten");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("checksum mismatch"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("shorter than its header"), std::string::npos) << warnings[1];
}

TEST(SnapshotStoreTest, EveryTruncationOrBitFlipIsDetected) {
  std::string encoded = SnapshotStore::Encode(7, Timestamp::FromMicros(9), "abcdefgh");
  for (std::size_t cut = 0; cut < encoded.size(); ++cut) {
    EXPECT_FALSE(SnapshotStore::Decode(encoded.substr(0, cut), "x").ok()) << cut;
  }
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (i >= 12 && i < 16) continue;  // reserved
    if (i >= 44 && i < 48) continue;  // reserved
    std::string damaged = encoded;
    damaged[i] ^= 0x20;
    EXPECT_FALSE(SnapshotStore::Decode(damaged, "x").ok()) << i;
  }
  EXPECT_TRUE(SnapshotStore::Decode(encoded, "x").ok());
}

TEST(SnapshotStoreTest, RenamedFileWithWrongSeqIsSkipped) {
  TempDir dir;
  SnapshotStore store(dir.path());
  ASSERT_TRUE(store.Write(5, Timestamp::FromMicros(1), "five").ok());
  std::filesystem::copy_file(JoinPath(dir.path(), SnapshotStore::FileName(5)),
                             JoinPath(dir.path(), SnapshotStore::FileName(9)));
  std::vector<std::string> warnings;
  auto loaded = store.LoadNewest(&warnings);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ((*loaded)->seq, 5u);
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(SnapshotStoreTest, LeftoverTemporaryFileIsIgnoredAndPruned) {
  TempDir dir;
  SnapshotStore store(dir.path());
  ASSERT_TRUE(store.Write(5, Timestamp::FromMicros(1), "five").ok());
  // A crash between writing the temporary file and renaming it.
  Spit(JoinPath(dir.path(), SnapshotStore::FileName(6) + ".tmp"), "half");
  auto loaded = store.LoadNewest(nullptr);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ((*loaded)->seq, 5u);
  for (std::uint64_t seq : {6u, 7u, 8u}) {
    ASSERT_TRUE(store.Write(seq, Timestamp::FromMicros(1), "x").ok());
  }
  ASSERT_TRUE(store.Prune(2).ok());
  EXPECT_EQ(*store.List(), (std::vector<std::uint64_t>{7, 8}));
  EXPECT_EQ(ListFiles(dir.path())->size(), 2u);
}

}  // namespace
}  // namespace probex::store
