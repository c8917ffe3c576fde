#include "net/json.h"

#include <gtest/gtest.h>

#include <string>

namespace probex::net {
namespace {

ParsedJson MustParse(std::string_view text) {
  Result<ParsedJson> r = ParseJson(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : ParsedJson{};
}

TEST(ParseJsonTest, KeepsExactTextOfFractionalNumbers) {
  ParsedJson doc = MustParse(R"({"quote":{"price":0.62,"size":10},"xs":[1.10,2e-3,{"a/b~":3.0}]})");
  EXPECT_EQ(doc.raw_numbers.at("/quote/price"), "0.62");
  EXPECT_EQ(doc.raw_numbers.at("/xs/0"), "1.10");
  EXPECT_EQ(doc.raw_numbers.at("/xs/1"), "2e-3");
  EXPECT_EQ(doc.raw_numbers.at("/xs/2/a~1b~0"), "3.0");
  EXPECT_EQ(doc.raw_numbers.count("/quote/size"), 0u);  // an int64 is exact already
  EXPECT_EQ(doc.NumberText("/quote/size"), "10");
  EXPECT_EQ(doc.NumberText("/quote/price"), "0.62");
  EXPECT_EQ(doc.NumberText("/xs/2/a~1b~0"), "3.0");
  EXPECT_EQ(doc.NumberText("/missing"), std::nullopt);
  EXPECT_EQ(doc.root.at("quote").at("size").as_int64(), 10);
}

TEST(ParseJsonTest, KeepsHugeIntegersExactly) {
  ParsedJson doc = MustParse(R"([18446744073709551615, 123456789012345678901234567890, -1])");
  EXPECT_EQ(doc.NumberText("/0"), "18446744073709551615");
  EXPECT_EQ(doc.raw_numbers.at("/1"), "123456789012345678901234567890");
  EXPECT_EQ(doc.NumberText("/1"), "123456789012345678901234567890");
  EXPECT_EQ(doc.NumberText("/2"), "-1");
}

TEST(ParseJsonTest, ArrayIndicesCountEveryKindOfElement) {
  ParsedJson doc = MustParse(R"([null, true, "s", {"k": [0.5]}, [], 7, 0.25])");
  EXPECT_EQ(doc.raw_numbers.at("/3/k/0"), "0.5");
  EXPECT_EQ(doc.raw_numbers.at("/6"), "0.25");
  EXPECT_EQ(doc.raw_numbers.size(), 2u);
}

TEST(ParseJsonTest, EscapedKeysArePointerTokensOfTheDecodedKey) {
  ParsedJson doc = MustParse(R"({"\u0070rice": 1.5})");
  EXPECT_EQ(doc.raw_numbers.at("/price"), "1.5");
}

TEST(ParseJsonTest, DuplicateKeysTheLastWinsAndItsTextIsKept) {
  ParsedJson doc = MustParse(R"({"a": 2.5, "a": 1.50, "b": 0.5, "b": 3})");
  EXPECT_EQ(doc.NumberText("/a"), "1.50");
  EXPECT_EQ(doc.NumberText("/b"), "3");
  FieldErrors errors;
  auto reader = JsonReader::Root(doc, errors);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->RequiredMoney("a"), Money::FromUnits(150'000'000));
  EXPECT_EQ(reader->RequiredMoney("b"), Money::FromUnits(300'000'000));
}

TEST(ParseJsonTest, MalformedJsonNamesTheByteOffsetAndReason) {
  Result<ParsedJson> r = ParseJson(R"({"a": 1,, "b": 2})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "invalid_json");
  EXPECT_EQ(r.error().message.rfind("invalid JSON at byte 8: ", 0), 0u) << r.error().message;

  r = ParseJson(R"({"a": tru})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("invalid JSON at byte 9: ", 0), 0u) << r.error().message;
}

TEST(ParseJsonTest, TruncatedInput) {
  Result<ParsedJson> r = ParseJson(R"({"a": [1, 2)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "invalid JSON at byte 11: unexpected end of input");
  r = ParseJson("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "invalid JSON at byte 0: unexpected end of input");
}

TEST(ParseJsonTest, TrailingData) {
  Result<ParsedJson> r = ParseJson(R"({"a": 1} {"b": 2})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "invalid JSON at byte 9: unexpected data after the JSON value");
  EXPECT_TRUE(ParseJson(" {\"a\": 1} \n").ok());
}

TEST(ParseJsonTest, ErrorOffsetFarIntoALargeDocument) {
  std::string text = "[";
  for (int i = 0; i < 5000; ++i) text += "1.5,";
  std::size_t bad = text.size();
  text += "x]";
  Result<ParsedJson> r = ParseJson(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.rfind("invalid JSON at byte " + std::to_string(bad) + ": ", 0), 0u)
      << r.error().message;
}

TEST(ParseJsonTest, DepthLimit) {
  std::string ok_text(10, '[');
  ok_text += std::string(10, ']');
  EXPECT_TRUE(ParseJson(ok_text, JsonParseOptions{.max_depth = 10}).ok());
  std::string deep(11, '[');
  deep += std::string(11, ']');
  Result<ParsedJson> r = ParseJson(deep, JsonParseOptions{.max_depth = 10});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "json_too_deep");
  EXPECT_EQ(r.error().message, "invalid JSON at byte 10: nesting deeper than 10 levels");
}

TEST(ParseJsonTest, InvalidUtf8AndControlCharactersAreRejected) {
  EXPECT_FALSE(ParseJson("\"a\xff\"").ok());
  EXPECT_FALSE(ParseJson("\"a\x01\"").ok());
  EXPECT_TRUE(ParseJson("\"caf\xc3\xa9\"").ok());
}

// ---------------------------------------------------------------------------------------------

struct Reading {
  ParsedJson doc;
  FieldErrors errors;
  std::optional<JsonReader> reader;
};

std::unique_ptr<Reading> Read(std::string_view text,
                              FieldErrors::Mode mode = FieldErrors::Mode::kCollectAll) {
  auto r = std::make_unique<Reading>(Reading{MustParse(text), FieldErrors(mode), std::nullopt});
  r->reader = JsonReader::Root(r->doc, r->errors);
  return r;
}

std::vector<std::string> Messages(const FieldErrors& errors) {
  std::vector<std::string> out;
  for (const FieldError& e : errors.errors()) out.push_back(e.code + ": " + e.message);
  return out;
}

TEST(JsonReaderTest, ReadsEveryKindOfField) {
  auto r = Read(R"({
    "marketId": "m1", "outcomeIndex": 1, "postOnly": true, "amount": 50.25,
    "fee": "0.0001", "price": 0.62, "odds": 1.950, "side": "SELL",
    "tags": ["a", "b"], "quote": {"price": "0.40", "legs": [{"size": 2}, {"size": 3}]},
    "at": "2026-04-05T12:00:00.000Z", "note": null
  })");
  JsonReader& j = *r->reader;
  EXPECT_EQ(j.RequiredString("marketId"), "m1");
  EXPECT_EQ(j.RequiredInt("outcomeIndex", 0, 1), 1);
  EXPECT_EQ(j.OptionalBool("postOnly"), true);
  EXPECT_EQ(j.OptionalBool("absent"), std::nullopt);
  EXPECT_EQ(j.RequiredMoney("amount"), Money::Parse("50.25").value());
  EXPECT_EQ(j.RequiredMoney("fee"), Money::FromUnits(10'000));
  EXPECT_EQ(j.RequiredPrice("price"), Price::FromCents(62));
  EXPECT_EQ(j.RequiredDecimalText("odds"), "1.950");
  enum class Side { kBuy, kSell };
  EXPECT_EQ(j.RequiredEnum<Side>("side", {{"BUY", Side::kBuy}, {"SELL", Side::kSell}}),
            Side::kSell);
  EXPECT_EQ(j.RequiredStringArray("tags"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(j.RequiredTimestamp("at")->millis(), 1'775'390'400'000);
  EXPECT_EQ(j.OptionalString("note"), std::nullopt);  // null counts as absent
  std::optional<JsonReader> quote = j.RequiredObject("quote");
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->RequiredPrice("price"), Price::FromCents(40));
  auto legs = quote->RequiredObjectArray("legs");
  ASSERT_TRUE(legs);
  ASSERT_EQ(legs->size(), 2u);
  EXPECT_EQ((*legs)[1].RequiredInt("size"), 3);
  EXPECT_EQ((*legs)[1].path(), "quote.legs[1]");
  EXPECT_TRUE(r->errors.ok()) << Messages(r->errors).front();
}

TEST(JsonReaderTest, MoneyFromNumberIsExactNotViaDouble) {
  // 0.1 + 0.2 in binary floating point is 0.30000000000000004; the exact text must survive.
  auto r = Read(R"({"a": 0.30000001, "b": 92233720368.54775807, "c": 1e-8, "d": 50.0000000000})");
  EXPECT_EQ(r->reader->RequiredMoney("a"), Money::FromUnits(30'000'001));
  EXPECT_EQ(r->reader->RequiredMoney("b"), Money::FromUnits(INT64_MAX));
  EXPECT_EQ(r->reader->RequiredMoney("c"), Money::FromUnits(1));
  EXPECT_EQ(r->reader->RequiredMoney("d"), Money::FromUnits(5'000'000'000));
  EXPECT_TRUE(r->errors.ok());
}

TEST(JsonReaderTest, NestedArrayMoneyUsesItsOwnPointer) {
  auto r = Read(R"({"legs": [{"p": 0.1}, {"p": 0.123456789}]})");
  auto legs = r->reader->RequiredObjectArray("legs");
  ASSERT_TRUE(legs);
  EXPECT_EQ((*legs)[0].RequiredMoney("p"), Money::FromUnits(10'000'000));
  EXPECT_EQ((*legs)[1].RequiredMoney("p"), std::nullopt);
  EXPECT_EQ(Messages(r->errors),
            (std::vector<std::string>{"invalid_value: legs[1].p must be an amount with at most 8 "
                                      "decimals within range, got '0.123456789'"}));
  EXPECT_EQ(r->errors.errors()[0].loc,
            (std::vector<PathSegment>{std::string("legs"), std::size_t{1}, std::string("p")}));
}

TEST(JsonReaderTest, CollectsEveryErrorWithPathCodeAndMessage) {
  auto r = Read(R"({
    "marketId": 5, "outcomeIndex": 7, "limit": 1.5, "big": 18446744073709551615,
    "postOnly": "yes", "amount": "abc", "neg": -1, "price": 0.625, "side": "HOLD",
    "tags": ["a", 3], "quote": {"price": "x"}, "at": "yesterday", "extra": 1,
    "fee": 1.123, "odds": "1,95", "blank": "", "items": [{}, 4], "obj": []
  })");
  JsonReader& j = *r->reader;
  enum class Side { kBuy, kSell };
  EXPECT_FALSE(j.RequiredString("marketId"));
  EXPECT_FALSE(j.RequiredString("missing"));
  EXPECT_FALSE(j.RequiredInt("outcomeIndex", 0, 1));
  EXPECT_FALSE(j.RequiredInt("limit"));
  EXPECT_FALSE(j.RequiredInt("big"));
  EXPECT_FALSE(j.RequiredBool("postOnly"));
  EXPECT_FALSE(j.RequiredMoney("amount"));
  EXPECT_FALSE(j.RequiredMoney("neg", MoneyRule{.sign = MoneyRule::Sign::kPositive}));
  EXPECT_FALSE(j.RequiredPrice("price"));
  EXPECT_FALSE(j.RequiredEnum<Side>("side", {{"BUY", Side::kBuy}, {"SELL", Side::kSell}}));
  EXPECT_FALSE(j.RequiredStringArray("tags"));
  auto quote = j.RequiredObject("quote");
  ASSERT_TRUE(quote);
  EXPECT_FALSE(quote->RequiredMoney("price"));
  EXPECT_FALSE(quote->RequiredMoney("size"));
  EXPECT_FALSE(j.RequiredTimestamp("at"));
  EXPECT_FALSE(j.RequiredMoney("fee", MoneyRule{.max_decimals = 2}));
  EXPECT_FALSE(j.RequiredDecimalText("odds"));
  EXPECT_FALSE(j.RequiredString("blank", StringRule{.min_length = 1}));
  EXPECT_FALSE(j.RequiredObjectArray("items"));
  EXPECT_FALSE(j.RequiredObject("obj"));
  EXPECT_FALSE(j.RequiredMoney("postOnly", MoneyRule{.accept_string = false}));
  j.RejectUnknownFields({"marketId", "outcomeIndex", "limit", "big", "postOnly", "amount", "neg",
                         "price", "side", "tags", "quote", "at", "fee", "odds", "blank", "items",
                         "obj"});
  EXPECT_EQ(
      Messages(r->errors),
      (std::vector<std::string>{
          "wrong_type: marketId must be a string, got integer",
          "missing_field: missing is required",
          "out_of_range: outcomeIndex must be between 0 and 1, got 7",
          "wrong_type: limit must be an integer, got 1.5",
          "out_of_range: big must be between -9223372036854775808 and 9223372036854775807, got "
          "18446744073709551615",
          "wrong_type: postOnly must be a boolean, got string",
          "invalid_value: amount must be a decimal amount, got 'abc'",
          "out_of_range: neg must be positive, got '-1'",
          "invalid_value: price must be a price between 0.01 and 0.99 with at most 2 decimals, "
          "got '0.625'",
          "invalid_value: side must be one of BUY or SELL, got 'HOLD'",
          "wrong_type: tags[1] must be a string, got integer",
          "invalid_value: quote.price must be a decimal amount, got 'x'",
          "missing_field: quote.size is required",
          "invalid_value: at must be an ISO-8601 time like 2026-04-05T12:00:00.000Z, got "
          "'yesterday'",
          "invalid_value: fee must have at most 2 decimals, got '1.123'",
          "invalid_value: odds must be a decimal number, got '1,95'",
          "invalid_value: blank must not be empty",
          "wrong_type: items[1] must be an object, got integer",
          "wrong_type: obj must be an object, got array",
          "wrong_type: postOnly must be a number, got string",
          "unknown_field: extra is not a known field",
      }));
  EXPECT_EQ(r->errors.errors()[12].path, "quote.size");
  EXPECT_EQ(r->errors.errors()[12].loc,
            (std::vector<PathSegment>{std::string("quote"), std::string("size")}));
  EXPECT_EQ(r->errors.FirstError(),
            MakeError("wrong_type", "marketId must be a string, got integer"));
}

TEST(JsonReaderTest, StopAtFirstRecordsOneErrorAndStopsReading) {
  auto r = Read(R"({"a": 1, "b": 2, "c": "ok"})", FieldErrors::Mode::kStopAtFirst);
  JsonReader& j = *r->reader;
  EXPECT_FALSE(j.RequiredString("a"));
  EXPECT_TRUE(j.stopped());
  EXPECT_FALSE(j.RequiredString("b"));
  EXPECT_FALSE(j.RequiredString("c"));  // valid, but reading has stopped
  ASSERT_EQ(r->errors.errors().size(), 1u);
  EXPECT_EQ(r->errors.FirstError().message, "a must be a string, got integer");
}

TEST(JsonReaderTest, RootMustBeAnObject) {
  ParsedJson doc = MustParse("[1]");
  FieldErrors errors;
  EXPECT_FALSE(JsonReader::Root(doc, errors));
  ASSERT_EQ(errors.errors().size(), 1u);
  EXPECT_EQ(errors.errors()[0].message, "body must be a JSON object, got array");
  EXPECT_EQ(errors.errors()[0].path, "body");
  EXPECT_TRUE(errors.errors()[0].loc.empty());
}

TEST(JsonReaderTest, AliasesAcceptTheOldSnakeCaseName) {
  auto r = Read(R"({"market_id": "m1", "marketType": "a", "market_type": "b"})");
  EXPECT_EQ(r->reader->RequiredString({"marketId", "market_id"}), "m1");
  EXPECT_EQ(r->reader->RequiredString({"marketType", "market_type"}), "a");  // primary wins
  EXPECT_EQ(r->reader->RequiredString({"limitRatio", "limit_ratio"}), std::nullopt);
  EXPECT_EQ(Messages(r->errors),
            (std::vector<std::string>{"missing_field: limitRatio is required"}));
  auto r2 = Read(R"({"limit_ratio": "x"})");
  EXPECT_FALSE(r2->reader->RequiredInt({"limitRatio", "limit_ratio"}));
  EXPECT_EQ(r2->errors.FirstError().message, "limit_ratio must be an integer, got string");
}

TEST(JsonReaderTest, MoneyRulesAndStrings) {
  auto r = Read(R"({"a": "+5", "b": ".5", "c": "1e2", "d": 0, "e": -0.5, "f": "99999999999"})");
  JsonReader& j = *r->reader;
  EXPECT_FALSE(j.RequiredMoney("a"));  // not JSON number syntax
  EXPECT_FALSE(j.RequiredMoney("b"));
  EXPECT_EQ(j.RequiredMoney("c"), Money::FromWhole(100).value());
  EXPECT_FALSE(j.RequiredMoney("d", MoneyRule{.sign = MoneyRule::Sign::kPositive}));
  EXPECT_EQ(j.RequiredMoney("d", MoneyRule{.sign = MoneyRule::Sign::kNonNegative}), Money());
  EXPECT_FALSE(j.RequiredMoney("e", MoneyRule{.sign = MoneyRule::Sign::kNonNegative}));
  EXPECT_FALSE(j.RequiredMoney("f"));  // out of range
  EXPECT_EQ(j.OptionalMoney("zzz"), std::nullopt);
  EXPECT_EQ(Messages(r->errors),
            (std::vector<std::string>{
                "invalid_value: a must be a decimal amount, got '+5'",
                "invalid_value: b must be a decimal amount, got '.5'",
                "out_of_range: d must be positive, got '0'",
                "out_of_range: e must not be negative, got '-0.5'",
                "invalid_value: f must be an amount with at most 8 decimals within range, got "
                "'99999999999'",
            }));
}

TEST(JsonReaderTest, FailAndFindForCustomChecks) {
  auto r = Read(R"({"quote": {"bid": 0.6, "ask": 0.5}})");
  auto quote = r->reader->RequiredObject("quote");
  ASSERT_TRUE(quote);
  ASSERT_NE(quote->Find("bid"), nullptr);
  EXPECT_EQ(quote->Find("nope"), nullptr);
  quote->Fail("ask", "invalid_value", "must be above the bid");
  quote->Fail("", "invalid_value", "is crossed");
  EXPECT_EQ(Messages(r->errors),
            (std::vector<std::string>{"invalid_value: quote.ask must be above the bid",
                                      "invalid_value: quote is crossed"}));
}

TEST(JsonReaderTest, LongValuesAreCutInMessages) {
  std::string big(200, 'x');
  auto r = Read("{\"side\": \"" + big + "\"}");
  enum class Side { kBuy };
  EXPECT_FALSE(r->reader->RequiredEnum<Side>("side", {{"BUY", Side::kBuy}}));
  EXPECT_EQ(r->errors.FirstError().message,
            "side must be one of BUY, got '" + std::string(64, 'x') + "...'");
}

TEST(FieldPathTest, Formats) {
  EXPECT_EQ(FormatFieldPath({}), "body");
  EXPECT_EQ(FormatFieldPath({std::string("a"), std::size_t{2}, std::string("b")}), "a[2].b");
  EXPECT_EQ(FormatFieldPath({std::size_t{0}}), "[0]");
}

}  // namespace
}  // namespace probex::net
