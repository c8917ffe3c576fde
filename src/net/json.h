// JSON input: an exact parse and typed field extraction with precise error reports.
//
// ParseJson() parses with Boost.JSON but keeps, for every number Boost would turn into a double
// (a fraction, an exponent, or an integer beyond 64 bits), the exact text the client sent, keyed
// by its JSON pointer ("/quote/price"), so amounts and prices are never rounded through binary
// floating point. Errors name the byte offset and the reason.
//
// JsonReader reads typed fields from an object and records, for each wrong field, its path
// ("quote.price", "legs[2].size"), a short machine code and a human message into FieldErrors,
// which either collects every error (the MM engine's 422 list) or stops at the first (the venue).
// Nothing here throws across the API.
//
// Thread rule: ParsedJson is a plain value (read it from many threads once built); JsonReader and
// FieldErrors belong to one thread (one request).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/money.h"
#include "common/price.h"
#include "common/result.h"
#include "common/time.h"

namespace probex::net {

struct JsonParseOptions {
  // Objects and arrays nested deeper than this are rejected.
  std::size_t max_depth = 64;
};

// A parsed document plus the exact source text of its non-int64/uint64 numbers.
struct ParsedJson {
  boost::json::value root;
  // JSON pointer (RFC 6901) → number text as sent, for numbers Boost stored as double.
  std::map<std::string, std::string, std::less<>> raw_numbers;

  // The exact text of the number at `pointer`: the recorded text for doubles, the decimal form
  // for integers; nullopt when there is no number there.
  std::optional<std::string> NumberText(std::string_view pointer) const;
};

// Error codes: "invalid_json" (syntax, incomplete or trailing data) and "json_too_deep"; the
// message reads "invalid JSON at byte 17: expected ':'".
Result<ParsedJson> ParseJson(std::string_view text, const JsonParseOptions& options = {});

// Appends `name` escaped as one JSON-pointer reference token ("a/b" → "a~1b", "~" → "~0").
void AppendPointerToken(std::string& pointer, std::string_view name);

// One step of a field path: an object key or an array index.
using PathSegment = std::variant<std::string, std::size_t>;

// "quote.price", "legs[2].size"; the empty path is written "body".
std::string FormatFieldPath(const std::vector<PathSegment>& segments);

struct FieldError {
  std::vector<PathSegment> loc;  // where, as segments (the MM engine's 422 `loc`)
  std::string path;              // where, as text: "quote.price"
  std::string code;     // missing_field, wrong_type, invalid_value, out_of_range, unknown_field
  std::string message;  // "quote.price must be a number, got string"
};

// The errors found while reading one document.
class FieldErrors {
 public:
  enum class Mode { kCollectAll, kStopAtFirst };
  explicit FieldErrors(Mode mode = Mode::kCollectAll) : mode_(mode) {}

  void Add(FieldError error);
  bool ok() const { return errors_.empty(); }
  // True once no further errors will be recorded (kStopAtFirst after the first one).
  bool stopped() const { return mode_ == Mode::kStopAtFirst && !errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }
  // The first error as a probex::Error {code, message}; only when !ok().
  Error FirstError() const;

 private:
  Mode mode_;
  std::vector<FieldError> errors_;
};

// A field name, optionally with an accepted alias (the MM engine takes camelCase and the old
// snake_case): the primary name wins when both are present.
struct FieldKey {
  FieldKey(const char* primary) : name(primary) {}       // NOLINT: implicit
  FieldKey(std::string_view primary) : name(primary) {}  // NOLINT: implicit
  FieldKey(std::string_view primary, std::string_view other) : name(primary), alias(other) {}
  std::string_view name;
  std::string_view alias;
};

struct StringRule {
  std::size_t min_length = 0;  // in bytes
  std::size_t max_length = std::numeric_limits<std::size_t>::max();
};

struct MoneyRule {
  enum class Sign { kAny, kPositive, kNonNegative };
  Sign sign = Sign::kAny;
  int max_decimals = Money::kDecimals;
  bool accept_number = true;  // 50.5
  bool accept_string = true;  // "50.5"
};

template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

// Typed reads from one JSON object. Each accessor returns the value, or nullopt after recording
// why not in FieldErrors (a missing optional field returns nullopt and records nothing; JSON null
// counts as missing for optional fields). After a kStopAtFirst error every accessor returns
// nullopt without recording more.
// The reader refers to the ParsedJson and FieldErrors it was made from: they must outlive it.
class JsonReader {
 public:
  // A reader over the document root, which must be an object (else a wrong_type error at "body").
  static std::optional<JsonReader> Root(const ParsedJson& doc, FieldErrors& errors);

  std::optional<std::string> RequiredString(FieldKey key, StringRule rule = {});
  std::optional<std::string> OptionalString(FieldKey key, StringRule rule = {});

  std::optional<std::int64_t> RequiredInt(
      FieldKey key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
      std::int64_t max = std::numeric_limits<std::int64_t>::max());
  std::optional<std::int64_t> OptionalInt(
      FieldKey key, std::int64_t min = std::numeric_limits<std::int64_t>::min(),
      std::int64_t max = std::numeric_limits<std::int64_t>::max());

  std::optional<bool> RequiredBool(FieldKey key);
  std::optional<bool> OptionalBool(FieldKey key);

  // From a JSON number (its exact text) or a string, parsed with Money::Parse.
  std::optional<Money> RequiredMoney(FieldKey key, MoneyRule rule = {});
  std::optional<Money> OptionalMoney(FieldKey key, MoneyRule rule = {});

  // A tradeable price (0.01..0.99, at most 2 decimals) from a number or a string.
  std::optional<Price> RequiredPrice(FieldKey key);
  std::optional<Price> OptionalPrice(FieldKey key);

  // The exact text of a JSON number as sent ("1.950", "6.2e-1"); a string holding a number in
  // JSON syntax is accepted too when `accept_string`.
  std::optional<std::string> RequiredDecimalText(FieldKey key, bool accept_string = true);
  std::optional<std::string> OptionalDecimalText(FieldKey key, bool accept_string = true);

  // An ISO-8601 string ("2026-04-05T12:00:00.000Z").
  std::optional<Timestamp> RequiredTimestamp(FieldKey key);
  std::optional<Timestamp> OptionalTimestamp(FieldKey key);

  // One of a closed list of strings.
  template <typename E>
  std::optional<E> RequiredEnum(FieldKey key, std::initializer_list<EnumName<E>> names) {
    return Enum<E>(key, names, true);
  }
  template <typename E>
  std::optional<E> OptionalEnum(FieldKey key, std::initializer_list<EnumName<E>> names) {
    return Enum<E>(key, names, false);
  }

  std::optional<std::vector<std::string>> RequiredStringArray(FieldKey key,
                                                              std::size_t max_items = 10'000);
  std::optional<std::vector<std::string>> OptionalStringArray(FieldKey key,
                                                              std::size_t max_items = 10'000);

  // Nested objects and arrays of objects; their errors carry the full path ("legs[2].size").
  std::optional<JsonReader> RequiredObject(FieldKey key);
  std::optional<JsonReader> OptionalObject(FieldKey key);
  std::optional<std::vector<JsonReader>> RequiredObjectArray(FieldKey key,
                                                             std::size_t max_items = 10'000);
  std::optional<std::vector<JsonReader>> OptionalObjectArray(FieldKey key,
                                                             std::size_t max_items = 10'000);

  // Records an unknown_field error for every key not in `known`.
  void RejectUnknownFields(std::initializer_list<std::string_view> known);

  // The raw value of a field (nullptr when absent), for shapes the accessors do not cover.
  const boost::json::value* Find(FieldKey key) const;
  // Records an error about field `name` (or about this object when `name` is empty); `message`
  // follows the path: Fail("amount", "invalid_value", "must not exceed the balance").
  void Fail(std::string_view name, std::string code, std::string_view message);

  const boost::json::object& object() const { return *object_; }
  std::string path() const { return FormatFieldPath(loc_); }
  bool stopped() const { return errors_->stopped(); }

 private:
  JsonReader(const ParsedJson* doc, const boost::json::object* object, std::vector<PathSegment> loc,
             FieldErrors* errors)
      : doc_(doc), object_(object), loc_(std::move(loc)), errors_(errors) {}

  struct Found {
    const boost::json::value* value = nullptr;  // nullptr: absent (or null for optionals)
    std::string_view name;                      // the key actually used
  };
  // Looks the key up; records missing_field when required and absent. `ok` is false when the
  // read should stop (missing, or errors stopped).
  Found Lookup(FieldKey key, bool required, bool& ok);
  std::vector<PathSegment> Child(std::string_view name) const;
  void AddError(std::vector<PathSegment> loc, std::string code, std::string message);
  void WrongType(std::string_view name, const boost::json::value& v, std::string_view expected);
  // Exact text of a number field, computed from the document's raw numbers.
  std::string NumberTextOf(std::string_view name, const boost::json::value& v) const;
  std::optional<std::string> String(FieldKey key, StringRule rule, bool required);
  std::optional<std::int64_t> Int(FieldKey key, std::int64_t min, std::int64_t max, bool required);
  std::optional<bool> Bool(FieldKey key, bool required);
  std::optional<Money> MoneyField(FieldKey key, MoneyRule rule, bool required);
  std::optional<Price> PriceField(FieldKey key, bool required);
  std::optional<std::string> DecimalText(FieldKey key, bool accept_string, bool required);
  std::optional<Timestamp> TimestampField(FieldKey key, bool required);
  std::optional<std::size_t> EnumIndex(FieldKey key, const std::vector<std::string_view>& names,
                                       bool required);
  std::optional<std::vector<std::string>> StringArray(FieldKey key, std::size_t max_items,
                                                      bool required);
  std::optional<JsonReader> Object(FieldKey key, bool required);
  std::optional<std::vector<JsonReader>> ObjectArray(FieldKey key, std::size_t max_items,
                                                     bool required);

  template <typename E>
  std::optional<E> Enum(FieldKey key, std::initializer_list<EnumName<E>> names, bool required) {
    std::vector<std::string_view> texts;
    texts.reserve(names.size());
    for (const auto& n : names) texts.push_back(n.name);
    auto index = EnumIndex(key, texts, required);
    if (!index) return std::nullopt;
    return (names.begin() + *index)->value;
  }

  const ParsedJson* doc_;
  const boost::json::object* object_;
  std::vector<PathSegment> loc_;
  FieldErrors* errors_;
};

// "string", "number", "integer", "boolean", "null", "object", "array": how messages name kinds.
std::string_view JsonKindName(const boost::json::value& v);

}  // namespace probex::net
