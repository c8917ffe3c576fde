// `probex journal verify|dump` against the journal the real venue leaves behind when it is
// SIGKILLed: the open segment ends in its preallocated zeros (docs/engine.md), which the tools
// report as the end of the records, not as damage; a damaged record in the middle still fails
// verification with the file and offset.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "venue_test_fixture.h"

namespace probex::testing {
namespace {

using CliOutput = CommandOutput;  // stdout and stderr

CliOutput Journal(const std::string& verb, const std::string& data_dir) {
  const std::string command =
      "'" + ProbexBin() + "' journal " + verb + " --data-dir '" + data_dir + "' 2>&1";
  return RunCommand(command);
}

std::vector<std::string> Segments(const std::string& data_dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir + "/journal")) {
    paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

class VenueJournalCliTest : public VenueFixture {};

TEST_F(VenueJournalCliTest, KilledVenueLeavesAPreallocatedTailThatVerifiesAndRecovers) {
  Trader alice = NewTrader("alice", "1000");
  const std::string market = CreateMarket("Journal tail?");
  Reply placed =
      alice.api->Post("/api/v1/orders", R"({"marketId":")" + market +
                                            R"(","outcome":"Yes","side":"bid",)"
                                            R"("type":"Limit","price":0.25,"quantity":4})");
  ASSERT_EQ(placed.status, 200) << placed.body;
  const std::string data_dir = venue_->data_dir();
  venue_->Kill();

  // The open segment is longer than its records: zeros follow them.
  std::vector<std::string> segments = Segments(data_dir);
  ASSERT_FALSE(segments.empty());
  const std::string last = segments.back();
  std::ifstream in(last, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 4096u);
  EXPECT_EQ(bytes.back(), '\0');

  CliOutput verify = Journal("verify", data_dir);
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("preallocated tail: "), std::string::npos) << verify.out;
  EXPECT_EQ(verify.out.find("torn tail"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("\nok\n"), std::string::npos) << verify.out;
  CliOutput dump = Journal("dump", data_dir);
  EXPECT_EQ(dump.exit_code, 0) << dump.out;
  EXPECT_NE(dump.out.find("PlaceOrder"), std::string::npos) << dump.out;

  // The venue recovers everything from it: the order is still there.
  venue_->Start();
  Reconnect();
  alice.api = std::make_unique<VenueClient>(venue_->port(), alice.key);
  Reply open = alice.api->Get("/api/v1/orders?marketId=" + market);
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_NE(open.body.find(placed.Str("/order/id")), std::string::npos) << open.body;
  venue_->Kill();

  // A damaged record in the middle of a segment is corruption, named by file and offset, even
  // though zeros follow the records.
  segments = Segments(data_dir);
  const std::string first = segments.front();
  std::fstream damaged(first, std::ios::binary | std::ios::in | std::ios::out);
  damaged.seekp(16 + 24 + 1);  // inside the first record's payload
  damaged.put('\x7E');
  damaged.close();
  CliOutput corrupt = Journal("verify", data_dir);
  EXPECT_EQ(corrupt.exit_code, 1) << corrupt.out;
  EXPECT_NE(corrupt.out.find("journal corrupt: " + first + " at byte offset 16"), std::string::npos)
      << corrupt.out;
}

}  // namespace
}  // namespace probex::testing
