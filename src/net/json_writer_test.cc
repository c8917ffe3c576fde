#include "net/json_writer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "net/json.h"

namespace probex::net {
namespace {

TEST(JsonWriterTest, ObjectsArraysAndCommas) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject()
      .Field("id", 7)
      .Field("name", "x")
      .Key("list")
      .BeginArray()
      .Int(-1)
      .Uint(18446744073709551615ull)
      .Bool(false)
      .Null()
      .BeginObject()
      .EndObject()
      .BeginArray()
      .EndArray()
      .EndArray()
      .Key("ok")
      .Bool(true)
      .EndObject();
  EXPECT_EQ(out,
            R"({"id":7,"name":"x","list":[-1,18446744073709551615,false,null,{},[]],"ok":true})");
}

TEST(JsonWriterTest, AppendsToExistingText) {
  std::string out = "data: ";
  JsonWriter(out).BeginArray().Int(1).EndArray();
  EXPECT_EQ(out, "data: [1]");
}

TEST(JsonWriterTest, EscapesStrings) {
  std::string out;
  JsonWriter(out).String("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_EQ(out, "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f caf\xc3\xa9 \xe2\x82\xac\"");
  std::string with_nul;
  JsonWriter(with_nul).String(std::string_view("a\0b", 3));
  EXPECT_EQ(with_nul, "\"a\\u0000b\"");
  std::string key;
  JsonWriter(key).BeginObject().Key("k\"").Int(1).EndObject();
  EXPECT_EQ(key, "{\"k\\\"\":1}");
}

TEST(JsonWriterTest, EscapedStringsRoundTripThroughTheParser) {
  std::string all;
  for (int c = 1; c < 128; ++c) all.push_back(static_cast<char>(c));
  all += "\xf0\x9f\x98\x80";  // U+1F600
  std::string out;
  JsonWriter(out).BeginObject().Field("s", all).EndObject();
  Result<ParsedJson> doc = ParseJson(out);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->root.at("s").as_string(), all);
}

TEST(JsonWriterTest, NumbersFromExactValues) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray()
      .PriceNumber(Price::FromCents(62))
      .MoneyNumber(Money::Parse("50.5").value())
      .MoneyString(Money::Parse("50").value())
      .MoneyString(Money::FromUnits(-1))
      .RawNumber("1.950")
      .Double(0.62)
      .Double(1.0 / 0.0)
      .Time(Timestamp::FromMillis(1'775'390'400'123))
      .RawJson(R"({"a":[1]})")
      .EndArray();
  EXPECT_EQ(out, R"([0.62,50.5,"50.0000000000","-0.0000000100",1.950,0.62,null,)"
                 R"("2026-04-05T12:00:00.123Z",{"a":[1]}])");
}

TEST(JsonWriterTest, EmbedsBoostValuesWithShortestDoubles) {
  boost::json::value v = boost::json::parse(R"({"p":0.62,"n":[1,-2,true,null,"s"],"o":{}})");
  EXPECT_EQ(ToJson(v), R"({"p":0.62,"n":[1,-2,true,null,"s"],"o":{}})");
  std::string out;
  JsonWriter(out).BeginObject().Key("v").Value(v).Field("after", 1).EndObject();
  EXPECT_EQ(out, R"({"v":{"p":0.62,"n":[1,-2,true,null,"s"],"o":{}},"after":1})");
}

TEST(JsonWriterTest, RoundTripThroughParseAndReader) {
  std::string out;
  JsonWriter(out)
      .BeginObject()
      .Key("amount")
      .MoneyNumber(Money::FromUnits(12'345'678'901))
      .Key("shown")
      .MoneyString(Money::FromUnits(12'345'678'901))
      .Key("price")
      .PriceNumber(Price::FromCents(7))
      .EndObject();
  Result<ParsedJson> doc = ParseJson(out);
  ASSERT_TRUE(doc.ok());
  FieldErrors errors;
  auto reader = JsonReader::Root(*doc, errors);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->RequiredMoney("amount"), Money::FromUnits(12'345'678'901));
  EXPECT_EQ(reader->RequiredMoney("shown"), Money::FromUnits(12'345'678'901));
  EXPECT_EQ(reader->RequiredPrice("price"), Price::FromCents(7));
  EXPECT_TRUE(errors.ok());
}

}  // namespace
}  // namespace probex::net
