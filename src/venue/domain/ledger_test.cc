#include "venue/domain/ledger.h"

#include <gtest/gtest.h>

namespace probex::venue {
namespace {

using Bucket = Ledger::Bucket;
using Ref = Ledger::Ref;

Money Dollars(std::int64_t cents) { return *Money::FromCents(cents); }

TEST(LedgerTest, DepositAndTransfersConserveMoney) {
  Ledger ledger;
  AccountId a = ledger.AddAccount();
  AccountId b = ledger.AddAccount();
  ledger.AddMarket();
  ledger.ExternalIn(Ref::Account(a, Bucket::kAvailable), Dollars(10000));
  ledger.Transfer(Ref::Account(a, Bucket::kAvailable), Ref::Account(a, Bucket::kLockedEngine),
                  Dollars(2500));
  ledger.Transfer(Ref::Account(a, Bucket::kLockedEngine), Ref::Account(b, Bucket::kAvailable),
                  Dollars(1000));
  ledger.Transfer(Ref::Account(b, Bucket::kAvailable), Ref::Fees(), Dollars(3));
  EXPECT_EQ(ledger.balances(a).available, Dollars(7500));
  EXPECT_EQ(ledger.balances(a).locked_engine, Dollars(1500));
  EXPECT_EQ(ledger.balances(b).available, Dollars(997));
  EXPECT_EQ(ledger.fees(), Dollars(3));
  EXPECT_EQ(ledger.balances(a).total_deposited, Dollars(10000));
  EXPECT_TRUE(ledger.CheckConservation());
}

TEST(LedgerTest, WithdrawalLeavesTheSystem) {
  Ledger ledger;
  AccountId a = ledger.AddAccount();
  ledger.ExternalIn(Ref::Account(a, Bucket::kAvailable), Dollars(5000));
  ledger.Transfer(Ref::Account(a, Bucket::kAvailable), Ref::Account(a, Bucket::kLockedWithdraws),
                  Dollars(2100));
  ledger.Transfer(Ref::Account(a, Bucket::kLockedWithdraws), Ref::Fees(), Dollars(100));
  ledger.ExternalOut(Ref::Account(a, Bucket::kLockedWithdraws), Dollars(2000));
  EXPECT_EQ(ledger.balances(a).available, Dollars(2900));
  EXPECT_EQ(ledger.balances(a).total_withdrawn, Dollars(2000));
  EXPECT_EQ(ledger.external_out(), Dollars(2000));
  EXPECT_TRUE(ledger.CheckConservation());
}

TEST(LedgerTest, MintMergeAndRedeemKeepEscrowEqualToSets) {
  Ledger ledger;
  AccountId a = ledger.AddAccount();
  AccountId b = ledger.AddAccount();
  ledger.AddMarket();
  MarketId m(1);
  ledger.ExternalIn(Ref::Account(a, Bucket::kLockedEngine), Dollars(600));
  ledger.ExternalIn(Ref::Account(b, Bucket::kLockedEngine), Dollars(400));
  std::uint32_t pa = ledger.PositionFor(a, m);
  std::uint32_t pb = ledger.PositionFor(b, m);
  EXPECT_EQ(ledger.PositionFor(a, m), pa);
  ledger.MintSets(m, Ref::Account(a, Bucket::kLockedEngine), Dollars(600),
                  Ref::Account(b, Bucket::kLockedEngine), Dollars(400), pa, pb, 10);
  EXPECT_EQ(ledger.escrow(m), Dollars(1000));
  EXPECT_EQ(ledger.position(pa).shares[0], 10);
  EXPECT_EQ(ledger.position(pb).shares[1], 10);
  EXPECT_TRUE(ledger.CheckConservation());

  ledger.LockShares(pa, 0, 4);
  ledger.LockShares(pb, 1, 4);
  ledger.MergeSets(m, pa, Ref::Account(a, Bucket::kAvailable), Dollars(200), pb,
                   Ref::Account(b, Bucket::kAvailable), Dollars(200), 4);
  EXPECT_EQ(ledger.escrow(m), Dollars(600));
  EXPECT_EQ(ledger.sets_outstanding(m), 6);
  EXPECT_TRUE(ledger.CheckConservation());

  ledger.Redeem(pa, Dollars(600));
  ledger.Redeem(pb, Money::Zero());
  ledger.CloseSupply(m);
  EXPECT_EQ(ledger.balances(a).available, Dollars(800));
  EXPECT_TRUE(ledger.CheckConservation());
}

TEST(LedgerTest, TouchedAccountsAreListedOncePerBatch) {
  Ledger ledger;
  AccountId a = ledger.AddAccount();
  ledger.BeginBatch();
  ledger.ExternalIn(Ref::Account(a, Bucket::kAvailable), Dollars(100));
  ledger.Transfer(Ref::Account(a, Bucket::kAvailable), Ref::Account(a, Bucket::kLockedEngine),
                  Dollars(10));
  EXPECT_EQ(ledger.touched_accounts().size(), 1u);
  ledger.BeginBatch();
  EXPECT_TRUE(ledger.touched_accounts().empty());
}

TEST(LedgerTest, EncodeDecodeRoundTripsAndRejectsGarbage) {
  Ledger ledger;
  AccountId a = ledger.AddAccount();
  ledger.AddMarket();
  ledger.ExternalIn(Ref::Account(a, Bucket::kAvailable), Dollars(123));
  ledger.PositionFor(a, MarketId(1));
  std::string bytes;
  ByteWriter w(bytes);
  ledger.Encode(w);
  ByteReader r(bytes);
  auto decoded = Ledger::Decode(r);
  ASSERT_TRUE(decoded.ok());
  std::string again;
  ByteWriter w2(again);
  decoded->Encode(w2);
  EXPECT_EQ(bytes, again);

  std::string unbalanced = bytes;
  unbalanced[24 + 4] ^= 1;  // first account's available: no longer matches external_in
  ByteReader r2(unbalanced);
  EXPECT_FALSE(Ledger::Decode(r2).ok());
  ByteReader r3(std::string_view(bytes).substr(0, bytes.size() - 3));
  EXPECT_FALSE(Ledger::Decode(r3).ok());
}

}  // namespace
}  // namespace probex::venue
