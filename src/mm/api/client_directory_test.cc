#include "mm/api/client_directory.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace probex::mm::api {
namespace {

class ClientDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("mm-clients-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
              "-" + net::RandomBase62(8) + ".db"))
                .string();
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::unique_ptr<ClientDirectory> Open() {
    auto d = ClientDirectory::Open(path_, clock_);
    EXPECT_TRUE(d.ok());
    return d.ok() ? std::move(*d) : nullptr;
  }
  std::string path_;
  ManualClock clock_{Timestamp::FromSeconds(1'800'000'000)};
};

TEST_F(ClientDirectoryTest, KeysAreStoredHashedAndSurviveAReopen) {
  std::string key;
  {
    auto d = Open();
    ClientRecord c;
    c.id = "alpha";
    c.name = "Alpha";
    c.exchange_accounts = {"unhedged", "kalshi"};
    ASSERT_TRUE(d->CreateClient(c).ok());
    EXPECT_FALSE(d->CreateClient(c).ok());  // duplicate id
    auto issued = d->IssueKey("alpha");
    ASSERT_TRUE(issued.ok());
    key = issued->key;
    EXPECT_TRUE(net::IsUuid(key, true));
    EXPECT_NE(issued->record.hash, key);
    EXPECT_FALSE(d->IssueKey("nobody").ok());
    EXPECT_FALSE(d->IssueKey("alpha", std::string("not-a-uuid")).ok());
  }
  auto d = Open();
  auto found = d->Find("alpha");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->exchange_accounts, (std::vector<std::string>{"unhedged", "kalshi"}));
  auto who = d->Authenticate(key);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->owner, "alpha");
  ASSERT_TRUE(d->RevokeKey(who->id).ok());
  EXPECT_FALSE(d->Authenticate(key).ok());
}

TEST_F(ClientDirectoryTest, SwitchesArePersistedAndCombined) {
  {
    auto d = Open();
    ClientRecord c;
    c.id = "alpha";
    c.name = "Alpha";
    ASSERT_TRUE(d->CreateClient(c).ok());
    ManualControl m;
    m.paused = true;
    m.paused_at = clock_.Now();
    m.pause_reason = "lunch";
    ASSERT_TRUE(d->SetManual("alpha", m).ok());
    SystemControl s;
    s.soft_paused = true;
    s.reason = "maintenance";
    s.since = clock_.Now();
    ASSERT_TRUE(d->SetSystem(s).ok());
  }
  auto d = Open();
  EXPECT_EQ(d->Manual("alpha").pause_reason, "lunch");
  EXPECT_EQ(d->Manual("alpha").paused_at, clock_.Now());
  EXPECT_EQ(d->System().reason, "maintenance");
  EXPECT_EQ(StatusOf(d->SwitchesOf("alpha")), TradingStatus::kSoftPaused);
  EXPECT_EQ(StatusOf(d->SwitchesOf("other")), TradingStatus::kSoftPaused);
  SystemControl clear;
  ASSERT_TRUE(d->SetSystem(clear).ok());
  EXPECT_EQ(StatusOf(d->SwitchesOf("alpha")), TradingStatus::kManualPaused);
  EXPECT_EQ(StatusOf(d->SwitchesOf("other")), TradingStatus::kLive);
}

}  // namespace
}  // namespace probex::mm::api
