#include "net/api_key.h"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cctype>
#include <thread>
#include <unordered_set>

namespace probex::net {
namespace {

TEST(ApiKeyTest, Sha256Vectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(HashKey(KeyKind::kVenue, "abc"), Sha256Hex("abc"));
}

TEST(ApiKeyTest, ConstantTimeEqualsIsCorrect) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("ak_abc", "ak_abc"));
  EXPECT_FALSE(ConstantTimeEquals("ak_abc", "ak_abd"));
  EXPECT_FALSE(ConstantTimeEquals("xk_abc", "ak_abc"));
  EXPECT_FALSE(ConstantTimeEquals("ak_abc", "ak_ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(ApiKeyTest, GeneratedKeysHaveTheirKindsShape) {
  std::string venue = GenerateKey(KeyKind::kVenue);
  EXPECT_EQ(venue.substr(0, 3), "ak_");
  EXPECT_EQ(venue.size(), 43u);
  std::string maker = GenerateKey(KeyKind::kMaker);
  EXPECT_EQ(maker.substr(0, 8), "mk_live_");
  EXPECT_EQ(maker.size(), 48u);
  for (char c : venue.substr(3)) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << c;
  std::string mm = GenerateKey(KeyKind::kMmClient);
  EXPECT_TRUE(IsUuid(mm, /*v4_only=*/true)) << mm;
  EXPECT_TRUE(ValidateKeyFormat(KeyKind::kVenue, venue).ok());
  EXPECT_TRUE(ValidateKeyFormat(KeyKind::kMaker, maker).ok());
  EXPECT_TRUE(ValidateKeyFormat(KeyKind::kMmClient, mm).ok());
  EXPECT_EQ(DisplayPrefix(KeyKind::kVenue, venue), venue.substr(0, 11));
  EXPECT_EQ(DisplayPrefix(KeyKind::kMaker, maker), maker.substr(0, 16));
  EXPECT_EQ(DisplayPrefix(KeyKind::kMmClient, mm), mm.substr(0, 8));
}

TEST(ApiKeyTest, UuidV4Format) {
  for (int i = 0; i < 1000; ++i) {
    std::string u = NewUuidV4();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[8], '-');
    EXPECT_EQ(u[13], '-');
    EXPECT_EQ(u[18], '-');
    EXPECT_EQ(u[23], '-');
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
    for (char c : u) EXPECT_TRUE(c == '-' || std::isxdigit(static_cast<unsigned char>(c)));
    EXPECT_EQ(u, CanonicalKey(KeyKind::kMmClient, u));  // generated lowercase
  }
  EXPECT_TRUE(IsUuid("3F0C1A8E-5B7D-4C2E-9A41-0D6F2B9E7C15", true));
  EXPECT_TRUE(IsUuid("3f0c1a8e-5b7d-1c2e-0a41-0d6f2b9e7c15"));
  EXPECT_FALSE(IsUuid("3f0c1a8e-5b7d-1c2e-0a41-0d6f2b9e7c15", true));
  EXPECT_FALSE(IsUuid("3f0c1a8e5b7d-4c2e-9a41-0d6f2b9e7c15a"));
  EXPECT_FALSE(IsUuid("3f0c1a8e-5b7d-4c2e-9a41-0d6f2b9e7c1g"));
  EXPECT_FALSE(IsUuid(""));
}

TEST(ApiKeyTest, KeysAreUnique) {
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 20'000; ++i) {
    ASSERT_TRUE(seen.insert(GenerateKey(KeyKind::kVenue)).second);
    ASSERT_TRUE(seen.insert(GenerateKey(KeyKind::kMmClient)).second);
  }
}

TEST(ApiKeyTest, Base62IsRoughlyUniform) {
  std::string s = RandomBase62(62 * 2000);
  std::array<int, 256> counts{};
  for (char c : s) ++counts[static_cast<unsigned char>(c)];
  int distinct = 0;
  for (int n : counts) {
    if (n == 0) continue;
    ++distinct;
    EXPECT_GT(n, 1500);  // expected 2000 each; 1500 is > 11 standard deviations away
    EXPECT_LT(n, 2500);
  }
  EXPECT_EQ(distinct, 62);
}

TEST(ApiKeyTest, ValidatesPresentedKeys) {
  EXPECT_TRUE(ValidateKeyFormat(KeyKind::kMaker, "mk_live_alpha_xxx").ok());  // as in the seed
  EXPECT_TRUE(ValidateKeyFormat(KeyKind::kVenue, "ak_your_key_here").ok());
  Status s = ValidateKeyFormat(KeyKind::kVenue, "mk_live_abcdefgh");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error(), MakeError("malformed_key", "the API key must start with ak_"));
  EXPECT_FALSE(ValidateKeyFormat(KeyKind::kVenue, "ak_1234567").ok());
  EXPECT_TRUE(ValidateKeyFormat(KeyKind::kVenue, "ak_12345678").ok());
  EXPECT_FALSE(ValidateKeyFormat(KeyKind::kVenue, "ak_1234 5678").ok());
  EXPECT_FALSE(ValidateKeyFormat(KeyKind::kVenue, "ak_" + std::string(129, 'a')).ok());
  EXPECT_FALSE(ValidateKeyFormat(KeyKind::kMaker, "").ok());
  s = ValidateKeyFormat(KeyKind::kMmClient, "ak_12345678");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "the API key must be a UUID");
}

TEST(KeyRegistryTest, IssueAuthenticateRevoke) {
  ManualClock clock;
  KeyRegistry registry(clock);
  KeyRegistry::Issued issued = registry.Issue(KeyKind::kVenue, "acct-1", {"bet:place", "bet:read"});
  EXPECT_EQ(issued.record.hash, Sha256Hex(issued.key));
  EXPECT_EQ(issued.record.prefix, issued.key.substr(0, 11));
  EXPECT_EQ(issued.record.id.substr(0, 4), "key_");
  EXPECT_EQ(issued.record.id.size(), 28u);
  EXPECT_EQ(issued.record.created_at, clock.Now());
  // The plaintext is nowhere in the record.
  EXPECT_EQ(issued.record.hash.find(issued.key.substr(3)), std::string::npos);

  Result<KeyRecord> found = registry.Authenticate(KeyKind::kVenue, issued.key);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->owner, "acct-1");
  EXPECT_TRUE(found->HasScope("bet:place"));
  EXPECT_FALSE(found->HasScope("balance:withdraw"));

  std::string wrong = issued.key;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(registry.Authenticate(KeyKind::kVenue, wrong).error().code, "unknown_key");
  EXPECT_EQ(registry.Authenticate(KeyKind::kVenue, "Bearer x").error().code, "malformed_key");
  // A key of one kind does not authenticate as another kind.
  EXPECT_FALSE(registry.Authenticate(KeyKind::kMaker, issued.key).ok());

  ASSERT_TRUE(registry.Revoke(issued.record.id).ok());
  Result<KeyRecord> revoked = registry.Authenticate(KeyKind::kVenue, issued.key);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, "revoked_key");
  EXPECT_TRUE(registry.FindById(issued.record.id)->revoked);
  EXPECT_EQ(registry.Revoke("key_nope").error().code, "unknown_key");
}

TEST(KeyRegistryTest, RegisteredAndRestoredKeys) {
  ManualClock clock;
  KeyRegistry registry(clock);
  Result<KeyRecord> r = registry.Register(KeyKind::kMaker, "mk_live_alpha_xxx", "mm-alpha", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->prefix, "mk_live_alpha_xx");
  EXPECT_EQ(registry.Register(KeyKind::kMaker, "mk_live_alpha_xxx", "other", {}).error().code,
            "duplicate_key");
  EXPECT_EQ(registry.Register(KeyKind::kMaker, "nope", "x", {}).error().code, "malformed_key");
  EXPECT_EQ(registry.Authenticate(KeyKind::kMaker, "mk_live_alpha_xxx")->owner, "mm-alpha");

  // MM engine UUIDs authenticate in any letter case.
  r = registry.Register(KeyKind::kMmClient, "3F0C1A8E-5B7D-4C2E-9A41-0D6F2B9E7C15", "client-1", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->hash, Sha256Hex("3f0c1a8e-5b7d-4c2e-9a41-0d6f2b9e7c15"));
  EXPECT_TRUE(
      registry.Authenticate(KeyKind::kMmClient, "3f0c1a8e-5b7d-4c2e-9a41-0d6f2b9e7c15").ok());

  KeyRecord restored;
  restored.id = "key_restored";
  restored.owner = "acct-9";
  restored.kind = KeyKind::kVenue;
  restored.hash = HashKey(KeyKind::kVenue, "ak_restoredkey123");
  restored.prefix = "ak_restored";
  ASSERT_TRUE(registry.Insert(restored).ok());
  EXPECT_EQ(registry.Insert(restored).error().code, "duplicate_key");
  EXPECT_EQ(registry.Authenticate(KeyKind::kVenue, "ak_restoredkey123")->id, "key_restored");
  EXPECT_EQ(registry.size(), 3u);
}

TEST(KeyRegistryTest, ListByOwnerInCreationOrder) {
  ManualClock clock;
  KeyRegistry registry(clock);
  std::string first = registry.Issue(KeyKind::kVenue, "a", {}).record.id;
  clock.AdvanceMillis(1);
  (void)registry.Issue(KeyKind::kVenue, "b", {});
  clock.AdvanceMillis(1);
  std::string third = registry.Issue(KeyKind::kVenue, "a", {}).record.id;
  std::vector<KeyRecord> mine = registry.ListByOwner("a");
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].id, first);
  EXPECT_EQ(mine[1].id, third);
  EXPECT_TRUE(registry.ListByOwner("nobody").empty());
}

TEST(KeyRegistryTest, ConcurrentIssueAndAuthenticate) {
  ManualClock clock;
  KeyRegistry registry(clock);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto issued = registry.Issue(KeyKind::kMaker, "m", {"quote"});
        if (!registry.Authenticate(KeyKind::kMaker, issued.key).ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(registry.size(), 800u);
}

}  // namespace
}  // namespace probex::net
