#include "venue/domain/flat_index.h"

#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

namespace probex::venue {
namespace {

TEST(FlatIndexTest, MatchesAReferenceMapUnderRandomInsertsAndErases) {
  FlatIndex index;
  std::unordered_map<std::uint64_t, std::uint32_t> reference;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200000; ++i) {
    std::uint64_t key = 1 + rng() % 5000;
    if (rng() % 3 == 0) {
      EXPECT_EQ(index.Erase(key), reference.erase(key) == 1);
    } else {
      std::uint32_t value = static_cast<std::uint32_t>(rng());
      index.Insert(key, value);
      reference[key] = value;
    }
    if (i % 1000 == 0) {
      for (std::uint64_t k = 1; k <= 5000; ++k) {
        auto it = reference.find(k);
        ASSERT_EQ(index.Find(k), it == reference.end() ? FlatIndex::kMissing : it->second);
      }
    }
  }
  EXPECT_EQ(index.size(), reference.size());
}

TEST(FlatIndexTest, SequentialKeysStayFindableAcrossGrowth) {
  FlatIndex index;
  for (std::uint64_t k = 1; k <= 100000; ++k) index.Insert(k, static_cast<std::uint32_t>(k * 2));
  for (std::uint64_t k = 1; k <= 100000; k += 2) ASSERT_TRUE(index.Erase(k));
  for (std::uint64_t k = 1; k <= 100000; ++k) {
    ASSERT_EQ(index.Find(k), k % 2 == 1 ? FlatIndex::kMissing : k * 2);
  }
}

}  // namespace
}  // namespace probex::venue
