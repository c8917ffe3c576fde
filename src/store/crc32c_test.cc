#include "store/crc32c.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>

namespace probex::store {
namespace {

std::uint32_t Both(const std::string& bytes) {
  std::uint32_t portable = Crc32cExtendPortable(0, bytes.data(), bytes.size());
  if (Crc32cHardwareAvailable()) {
    EXPECT_EQ(Crc32cExtendHardware(0, bytes.data(), bytes.size()), portable);
  }
  EXPECT_EQ(Crc32c(bytes), portable);
  return portable;
}

TEST(Crc32cTest, CheckValue) { EXPECT_EQ(Both("123456789"), 0xE3069283u); }

TEST(Crc32cTest, Empty) { EXPECT_EQ(Both(""), 0u); }

// RFC 3720 (iSCSI), appendix B.4.
TEST(Crc32cTest, Rfc3720Vectors) {
  EXPECT_EQ(Both(std::string(32, '\0')), 0x8A9136AAu);
  EXPECT_EQ(Both(std::string(32, '\xFF')), 0x62A8AB43u);
  std::string ascending, descending;
  for (int i = 0; i < 32; ++i) {
    ascending.push_back(static_cast<char>(i));
    descending.push_back(static_cast<char>(31 - i));
  }
  EXPECT_EQ(Both(ascending), 0x46DD794Eu);
  EXPECT_EQ(Both(descending), 0x113FDB5Cu);
  const std::array<unsigned char, 48> read_pdu = {
      0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
      0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(Both(std::string(read_pdu.begin(), read_pdu.end())), 0xD9963A56u);
}

TEST(Crc32cTest, ExtendEqualsWhole) {
  std::mt19937_64 rng(7);
  std::string bytes(1000, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  std::uint32_t whole = Both(bytes);
  for (std::size_t split : {0u, 1u, 7u, 8u, 9u, 500u, 999u, 1000u}) {
    std::uint32_t part = Crc32c(bytes.data(), split);
    EXPECT_EQ(Crc32cExtend(part, bytes.data() + split, bytes.size() - split), whole) << split;
  }
}

TEST(Crc32cTest, HardwareAndPortableAgreeOnEveryLengthAndAlignment) {
  std::mt19937_64 rng(11);
  std::string bytes(300, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  for (std::size_t start = 0; start < 9; ++start) {
    for (std::size_t length = 0; start + length <= bytes.size(); length += 13) {
      std::uint32_t portable = Crc32cExtendPortable(0, bytes.data() + start, length);
      if (Crc32cHardwareAvailable()) {
        ASSERT_EQ(Crc32cExtendHardware(0, bytes.data() + start, length), portable);
      }
    }
  }
}

}  // namespace
}  // namespace probex::store
