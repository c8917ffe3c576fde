// Users, API keys, rate tiers, switches, market description/metadata and withdrawal idempotency:
// the commands behave as documented, rejects change nothing, and the codec and snapshot keep it
// all (same state hash after a round trip).
#include "venue/domain/account_registry.h"

#include <gtest/gtest.h>

#include <string>

#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

const std::string kHashA(64, 'a');
const std::string kHashB(64, 'b');

class AccountRegistryTest : public ::testing::Test {
 protected:
  ExchangeOutput Run(const Command& c) {
    ExchangeOutput out;
    now_ = now_.PlusSeconds(1);
    x_.Apply(c, ++seq_, now_, out);
    return out;
  }
  RejectCode RejectOf(const Command& c) {
    const std::uint64_t before = x_.StateHash();
    ExchangeOutput out = Run(c);
    if (!out.ok()) {
      EXPECT_EQ(before, x_.StateHash()) << "a reject changed the state";
    }
    return out.reject;
  }
  Money M(const char* text) { return *Money::Parse(text); }

  Exchange x_;
  std::uint64_t seq_ = 0;
  Timestamp now_ = Timestamp::FromSeconds(1'767'225'600);
};

TEST_F(AccountRegistryTest, UsersHaveUniqueNamesAndTheirOwnAccounts) {
  ExchangeOutput a = Run(CreateUser{"alice"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a.created_id, 1u);
  ASSERT_NE(x_.Balances(AccountId(1)), nullptr);
  const User* u = x_.registry().FindUser(AccountId(1));
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->username, "alice");
  EXPECT_EQ(u->created_at, now_);
  EXPECT_EQ(RejectOf(CreateUser{"ALICE"}), RejectCode::kUsernameTaken);
  EXPECT_EQ(RejectOf(CreateUser{"al"}), RejectCode::kInvalidUsername);
  EXPECT_EQ(RejectOf(CreateUser{"has space"}), RejectCode::kInvalidUsername);
  EXPECT_EQ(RejectOf(CreateUser{std::string(33, 'x')}), RejectCode::kInvalidUsername);
  EXPECT_EQ(Run(CreateUser{"bob"}).created_id, 2u);
}

TEST_F(AccountRegistryTest, KeysAreStoredByHashAndRevokedOnlyByTheirOwner) {
  ASSERT_TRUE(Run(CreateUser{"alice"}).ok());
  ASSERT_TRUE(Run(CreateUser{"bob"}).ok());
  ExchangeOutput k = Run(
      CreateApiKey{AccountId(1), ApiKeyKind::kAk, kHashA, "ak_12345678", kDefaultScopes, "bot"});
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k.created_id, 1u);
  const ApiKey* key = x_.registry().FindKeyByHash(kHashA);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key->account, AccountId(1));
  EXPECT_EQ(key->scopes, kDefaultScopes);
  EXPECT_EQ(key->scopes & kScopeBalanceWithdraw, 0u);
  EXPECT_EQ(RejectOf(CreateApiKey{AccountId(2), ApiKeyKind::kAk, kHashA, "ak_x", 1, ""}),
            RejectCode::kDuplicateApiKey);
  EXPECT_EQ(RejectOf(CreateApiKey{AccountId(2), ApiKeyKind::kAk, "abc", "ak_x", 1, ""}),
            RejectCode::kInvalidApiKey);
  EXPECT_EQ(RejectOf(CreateApiKey{AccountId(2), ApiKeyKind::kAk, kHashB, "ak_x", 1u << 20, ""}),
            RejectCode::kInvalidApiKey);
  EXPECT_EQ(RejectOf(CreateApiKey{AccountId(9), ApiKeyKind::kAk, kHashB, "ak_x", 1, ""}),
            RejectCode::kUnknownAccount);
  // Bob cannot revoke Alice's key; Alice can, once.
  EXPECT_EQ(RejectOf(RevokeApiKey{AccountId(2), 1}), RejectCode::kApiKeyNotFound);
  ASSERT_TRUE(Run(RevokeApiKey{AccountId(1), 1}).ok());
  EXPECT_TRUE(x_.registry().FindKey(1)->revoked);
  EXPECT_EQ(RejectOf(RevokeApiKey{AccountId(1), 1}), RejectCode::kApiKeyNotFound);
  EXPECT_EQ(RejectOf(RevokeApiKey{AccountId(1), 7}), RejectCode::kApiKeyNotFound);
}

TEST_F(AccountRegistryTest, RateTierNeedsAUserAndAValidName) {
  ASSERT_TRUE(Run(CreateUser{"maker"}).ok());
  ASSERT_TRUE(Run(SetRateTier{AccountId(1), "market_maker"}).ok());
  EXPECT_EQ(x_.registry().FindUser(AccountId(1))->rate_tier, "market_maker");
  EXPECT_EQ(RejectOf(SetRateTier{AccountId(1), "Bad Tier"}), RejectCode::kInvalidRateTier);
  EXPECT_EQ(RejectOf(SetRateTier{AccountId(5), "x"}), RejectCode::kUnknownAccount);
}

TEST_F(AccountRegistryTest, OrdersSwitchRefusesNewOrders) {
  ASSERT_TRUE(Run(CreateUser{"alice"}).ok());
  ASSERT_TRUE(Run(Deposit{AccountId(1), M("100")}).ok());
  CreateMarket market;
  market.question = "Q?";
  market.category = "c";
  market.outcomes = {"Yes", "No"};
  market.end_time = now_.PlusSeconds(3600);
  market.fee_rate = M("0.02");
  market.description = "resolves yes if";
  market.metadata = R"({"source":"test","n":1.50})";
  ASSERT_TRUE(Run(market).ok());
  EXPECT_EQ(x_.FindMarket(MarketId(1))->metadata, market.metadata);
  EXPECT_EQ(x_.FindMarket(MarketId(1))->description, "resolves yes if");
  ASSERT_TRUE(Run(SetSwitches{std::nullopt, std::nullopt, false}).ok());
  EXPECT_FALSE(x_.switches().orders);
  EXPECT_TRUE(x_.switches().betting);
  PlaceOrder order{AccountId(1), MarketId(1),  0,       OrderSide::kBid, OrderType::kLimit,
                   M("0.5"),     std::nullopt, M("10"), std::nullopt};
  EXPECT_EQ(RejectOf(order), RejectCode::kOrdersDisabled);
  ASSERT_TRUE(Run(SetSwitches{std::nullopt, std::nullopt, true}).ok());
  EXPECT_TRUE(Run(order).ok());
}

TEST_F(AccountRegistryTest, WithdrawalIdempotencyReplaysTheFirstAnswer) {
  ASSERT_TRUE(Run(CreateUser{"alice"}).ok());
  ASSERT_TRUE(Run(Deposit{AccountId(1), M("100")}).ok());
  RequestWithdrawal w{AccountId(1), M("10"), M("1"), "addr-1", "k1"};
  ExchangeOutput first = Run(w);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first.replayed);
  EXPECT_EQ(first.withdrawal.available_after, M("89"));
  ExchangeOutput again = Run(w);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.replayed);
  EXPECT_TRUE(again.events.empty());
  EXPECT_EQ(again.created_id, first.created_id);
  EXPECT_EQ(again.withdrawal.available_after, M("89"));
  EXPECT_EQ(again.withdrawal.created_at, first.withdrawal.created_at);
  // Nothing moved: still one pending withdrawal and the same balances.
  EXPECT_EQ(x_.pending_withdrawals().size(), 1u);
  EXPECT_EQ(x_.Balances(AccountId(1))->locked_withdraws, M("11"));
  EXPECT_EQ(x_.Balances(AccountId(1))->available, M("89"));
  EXPECT_EQ(RejectOf(RequestWithdrawal{AccountId(1), M("11"), M("1"), "addr-1", "k1"}),
            RejectCode::kIdempotencyConflict);
  EXPECT_EQ(RejectOf(RequestWithdrawal{AccountId(1), M("10"), M("1"), "addr-2", "k1"}),
            RejectCode::kIdempotencyConflict);
  // Without a key every request is new.
  ASSERT_TRUE(Run(RequestWithdrawal{AccountId(1), M("10"), M("1"), "addr-1", ""}).ok());
  EXPECT_EQ(x_.Balances(AccountId(1))->available, M("78"));
  EXPECT_EQ(RejectOf(RequestWithdrawal{AccountId(1), M("1"), M("1"), std::string(300, 'd'), ""}),
            RejectCode::kInvalidDestination);
}

TEST_F(AccountRegistryTest, CodecAndSnapshotKeepEverything) {
  std::vector<Command> commands = {
      CreateUser{"alice"},
      CreateUser{"bob"},
      CreateApiKey{AccountId(1), ApiKeyKind::kMkLive, kHashA, "mk_live_1234", kAllScopes, "mm"},
      CreateApiKey{AccountId(2), ApiKeyKind::kAk, kHashB, "ak_abcdefgh", kDefaultScopes, ""},
      RevokeApiKey{AccountId(2), 2},
      SetRateTier{AccountId(1), "market_maker"},
      SetSwitches{true, false, std::nullopt},
      Deposit{AccountId(1), M("50")},
      RequestWithdrawal{AccountId(1), M("5"), M("1"), "dest", "idem"},
  };
  for (const Command& c : commands) {
    std::string bytes;
    EncodeCommand(c, bytes);
    auto decoded = DecodeCommand(bytes);
    ASSERT_TRUE(decoded.ok()) << DescribeCommand(c);
    EXPECT_TRUE(*decoded == c) << DescribeCommand(c);
    EXPECT_FALSE(DescribeCommand(c).empty());
    ASSERT_TRUE(Run(c).ok()) << DescribeCommand(c);
  }
  std::string snapshot;
  x_.EncodeSnapshot(snapshot);
  auto restored = Exchange::DecodeSnapshot(snapshot);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->StateHash(), x_.StateHash());
  EXPECT_EQ(restored->registry().FindUser(AccountId(1))->rate_tier, "market_maker");
  EXPECT_TRUE(restored->registry().FindKey(2)->revoked);
  EXPECT_FALSE(restored->switches().ctm);
  ASSERT_NE(restored->registry().FindWithdrawal(AccountId(1), "idem"), nullptr);
  // A truncated snapshot is refused.
  EXPECT_FALSE(Exchange::DecodeSnapshot(snapshot.substr(0, snapshot.size() - 1)).ok());
}

}  // namespace
}  // namespace probex::venue
