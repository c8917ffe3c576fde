// Keccak-256, EIP-712 and secp256k1 against published vectors: the Keccak team's/Ethereum's
// digests of "" and "abc", and the EIP-712 specification's `Mail` example (Example.js).
#include <gtest/gtest.h>

#include "crypto/eip712.h"
#include "crypto/keccak.h"
#include "crypto/secp256k1_signer.h"

namespace probex::crypto {
namespace {

Address Addr(std::string_view text) { return ParseAddress(text).value(); }

TEST(Keccak256, PublishedVectors) {
  EXPECT_EQ(ToHex(Keccak256("")),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(ToHex(Keccak256("abc")),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  // Not NIST SHA3-256 (which gives a7ffc6f8... for the empty string).
  EXPECT_NE(ToHex(Keccak256("")).substr(0, 8), "a7ffc6f8");
}

TEST(Hex, RoundTripAndErrors) {
  EXPECT_EQ(FromHex("0x00ff10").value(), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(FromHex("0x0").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
  EXPECT_FALSE(ParseAddress("0x1234").has_value());
  EXPECT_EQ(FormatAddress(Addr("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")),
            "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
}

TEST(Words, DecimalRoundTrip) {
  EXPECT_EQ(WordToDecimal(WordFromDecimal("0").value()), "0");
  const std::string max =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  EXPECT_EQ(WordToDecimal(WordFromDecimal(max).value()), max);
  EXPECT_FALSE(WordFromDecimal(
                   "115792089237316195423570985008687907853269984665640564039457584007913129639936")
                   .has_value());
  EXPECT_EQ(WordFromDecimal("340282366920938463463374607431768211455").value(),
            WordFromUint(~static_cast<unsigned __int128>(0)));
  EXPECT_FALSE(WordFromDecimal("12a").has_value());
}

// The EIP-712 specification's example (assets/eip-712/Example.js).
constexpr std::string_view kMailType =
    "Mail(Person from,Person to,string contents)Person(string name,address wallet)";
constexpr std::string_view kPersonType = "Person(string name,address wallet)";

Hash256 PersonHash(std::string_view name, std::string_view wallet) {
  return StructHasher(kPersonType).AddString(name).AddAddress(Addr(wallet)).Hash();
}

Hash256 MailHash() {
  return StructHasher(kMailType)
      .AddWord(PersonHash("Cow", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"))
      .AddWord(PersonHash("Bob", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"))
      .AddString("Hello, Bob!")
      .Hash();
}

Eip712Domain MailDomain() {
  return Eip712Domain{"Ether Mail", "1", 1, Addr("0xCcCCccccCCCCcCCCCCcCcCccCcCCCcCcccccccCC")};
}

TEST(Eip712, SpecificationMailExample) {
  EXPECT_EQ(ToHex(Keccak256(kMailType)),
            "a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
  EXPECT_EQ(ToHex(MailDomain().Separator()),
            "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
  EXPECT_EQ(ToHex(MailHash()), "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
  EXPECT_EQ(ToHex(TypedDataDigest(MailDomain().Separator(), MailHash())),
            "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
}

TEST(Secp256k1, SpecificationMailSignatureAndRecovery) {
  const Hash256 digest = TypedDataDigest(MailDomain().Separator(), MailHash());
  // The spec signs with privateKey = keccak256("cow").
  auto key = PrivateKey::FromBytes(Keccak256("cow"));
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(FormatAddress(key->address()), "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826");
  const Signature sig = key->Sign(digest);
  EXPECT_EQ(ToHex(sig.data(), 32),
            "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d");  // r
  EXPECT_EQ(ToHex(sig.data() + 32, 32),
            "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562");  // s
  EXPECT_EQ(sig[64], 28);                                                         // v
  auto signer = RecoverSigner(digest, sig);
  ASSERT_TRUE(signer.ok());
  EXPECT_EQ(*signer, key->address());

  // The published signature, parsed from hex, recovers the same address.
  auto published = ParseSignature(
      "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
      "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c");
  ASSERT_TRUE(published.has_value());
  EXPECT_EQ(RecoverSigner(digest, *published).value(), key->address());
}

TEST(Secp256k1, TamperedDigestOrSignatureRecoversSomeoneElse) {
  auto key = PrivateKey::FromBytes(Keccak256("cow")).value();
  const Hash256 digest = Keccak256("message");
  Signature sig = key.Sign(digest);
  Hash256 other = digest;
  other[0] ^= 1;
  auto r = RecoverSigner(other, sig);
  EXPECT_TRUE(!r.ok() || *r != key.address());
  sig[64] = 30;
  EXPECT_FALSE(RecoverSigner(digest, sig).ok());
  Signature zero{};
  zero[64] = 27;
  EXPECT_FALSE(RecoverSigner(digest, zero).ok());
  EXPECT_FALSE(PrivateKey::FromBytes({}).has_value());
}

TEST(Eip712, OrderDigestSignsAndRecovers) {
  auto key = PrivateKey::FromBytes(Keccak256("maker")).value();
  RfqOrder order;
  order.maker = key.address();
  order.series_id = WordFromDecimal("4722366482869645213696").value();
  order.option_amount = 100'000'000;
  order.premium_amount = 25'000'000;
  order.maker_selling = true;
  order.valid_until = 1'790'000'000;
  order.nonce = 7;
  Eip712Domain domain{"ProbexRFQSettlement", "1", 31337, {}};
  const Hash256 digest = OrderDigest(domain, order);
  EXPECT_EQ(RecoverSigner(digest, key.Sign(digest)).value(), key.address());
  RfqOrder changed = order;
  changed.premium_amount += 1;
  EXPECT_NE(OrderDigest(domain, changed), digest);
  EXPECT_EQ(ToHex(Keccak256(kOrderType)), ToHex(Keccak256(std::string(kOrderType))));
}

}  // namespace
}  // namespace probex::crypto
