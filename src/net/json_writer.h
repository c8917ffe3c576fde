// JsonWriter: a fast streaming JSON writer that appends to a caller's std::string.
// Commas and colons are placed automatically; strings are escaped (quote, backslash, control
// characters; UTF-8 passes through unchanged). Numbers can be written from exact text, so a
// price prints as 0.62 (Boost.JSON would print 6.2E-1) and Money as 50.5 or "50.0000000000".
// The caller keeps the calls well nested (a Key before each value inside an object); the writer
// does not validate that. Thread rule: one writer per thread; it borrows the string.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/money.h"
#include "common/price.h"
#include "common/time.h"

namespace probex::net {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(&out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view s);
  JsonWriter& Int(std::int64_t v);
  JsonWriter& Uint(std::uint64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Shortest round-trip form; NaN and infinities are written as null. Not for money.
  JsonWriter& Double(double v);
  // A number from exact text that the caller guarantees is valid JSON number syntax.
  JsonWriter& RawNumber(std::string_view text);
  // A complete JSON value given as text (already serialized); written unchanged.
  JsonWriter& RawJson(std::string_view json);
  // "50.0000000000": a string with 10 decimals, as the venue shows amounts.
  JsonWriter& MoneyString(Money m);
  // 50.5: a JSON number, shortest exact form.
  JsonWriter& MoneyNumber(Money m);
  // 0.62: a JSON number.
  JsonWriter& PriceNumber(Price p);
  // "2026-04-05T12:00:00.000Z"
  JsonWriter& Time(Timestamp t);
  // Any Boost.JSON value; doubles print in shortest round-trip form (0.62, not 6.2E-1).
  JsonWriter& Value(const boost::json::value& v);

  // Key and value in one call: w.Field("id", 7).Field("name", "x").
  JsonWriter& Field(std::string_view key, std::string_view v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, const char* v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, const std::string& v) { return Key(key).String(v); }
  JsonWriter& Field(std::string_view key, std::int64_t v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, int v) { return Key(key).Int(v); }
  JsonWriter& Field(std::string_view key, std::uint64_t v) { return Key(key).Uint(v); }
  JsonWriter& Field(std::string_view key, bool v) { return Key(key).Bool(v); }

  std::string& out() { return *out_; }

  // Appends `s` as a quoted, escaped JSON string.
  static void AppendQuoted(std::string& out, std::string_view s);

 private:
  void BeforeValue() {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }

  std::string* out_;
  bool need_comma_ = false;  // a value or member was written at this level
};

// Serializes a Boost.JSON value with JsonWriter's number and string rules.
std::string ToJson(const boost::json::value& v);

}  // namespace probex::net
