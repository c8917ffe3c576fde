#include "net/json.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <exception>

namespace probex::net {
namespace {

namespace json = boost::json;

// The handler of boost::json::parser (a value_stack fed by the events), plus the current path
// and the exact text of every number that Boost turns into a double or stores as uint64.
class ExactHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  explicit ExactHandler(std::map<std::string, std::string, std::less<>>* raw) : raw_(raw) {
    stack_.reset();
  }

  json::value Release() { return stack_.release(); }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    frames_.push_back(Frame{false, 0, {}});
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code&) {
    frames_.pop_back();
    stack_.push_object(n);
    ValueDone();
    return true;
  }
  bool on_array_begin(json::error_code&) {
    frames_.push_back(Frame{true, 0, {}});
    return true;
  }
  bool on_array_end(std::size_t n, json::error_code&) {
    frames_.pop_back();
    stack_.push_array(n);
    ValueDone();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    if (!in_key_) {
      frames_.back().key.clear();
      in_key_ = true;
    }
    frames_.back().key.append(s.data(), s.size());
    stack_.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    if (!in_key_) frames_.back().key.clear();
    in_key_ = false;
    frames_.back().key.append(s.data(), s.size());
    stack_.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    stack_.push_string(s);
    ValueDone();
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    number_.clear();
    stack_.push_int64(i);
    ValueDone();
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view s, json::error_code&) {
    Record(s);
    stack_.push_uint64(u);
    ValueDone();
    return true;
  }
  bool on_double(double d, json::string_view s, json::error_code&) {
    Record(s);
    stack_.push_double(d);
    ValueDone();
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack_.push_bool(b);
    ValueDone();
    return true;
  }
  bool on_null(json::error_code&) {
    stack_.push_null();
    ValueDone();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    bool is_array;
    std::size_t index;  // arrays: index of the next element
    std::string key;    // objects: the current key
  };

  void ValueDone() {
    if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
  }

  void Record(json::string_view last_part) {
    number_.append(last_part.data(), last_part.size());
    std::string pointer;
    for (const Frame& f : frames_) {
      if (f.is_array) {
        pointer += '/';
        pointer += std::to_string(f.index);
      } else {
        AppendPointerToken(pointer, f.key);
      }
    }
    (*raw_)[std::move(pointer)] = std::move(number_);
    number_.clear();
  }

  json::value_stack stack_;
  std::vector<Frame> frames_;
  std::string number_;
  bool in_key_ = false;
  std::map<std::string, std::string, std::less<>>* raw_;
};

using ExactParser = json::basic_parser<ExactHandler>;

json::parse_options BoostOptions(const JsonParseOptions& options) {
  json::parse_options opt;
  opt.max_depth = options.max_depth;
  return opt;
}

// Boost.JSON 1.81 does not report where a syntax error is. On the error path only, re-run the
// parser incrementally: first in 4 KiB chunks to find the failing chunk, then byte by byte
// inside it, so finding the offset costs at most a few thousand small calls.
std::size_t LocateError(std::string_view text, const JsonParseOptions& options) {
  constexpr std::size_t kChunk = 4096;
  std::size_t chunk_start = 0;
  {
    std::map<std::string, std::string, std::less<>> raw;
    ExactParser p(BoostOptions(options), &raw);
    json::error_code ec;
    while (chunk_start < text.size()) {
      std::size_t n = std::min(kChunk, text.size() - chunk_start);
      p.write_some(true, text.data() + chunk_start, n, ec);
      if (ec) break;
      chunk_start += n;
    }
    if (!ec) return text.size();  // only the end (incomplete) or trailing data fails
  }
  std::map<std::string, std::string, std::less<>> raw;
  ExactParser p(BoostOptions(options), &raw);
  json::error_code ec;
  if (chunk_start > 0) p.write_some(true, text.data(), chunk_start, ec);
  std::size_t end = std::min(chunk_start + kChunk, text.size());
  for (std::size_t i = chunk_start; i < end; ++i) {
    p.write_some(true, text.data() + i, 1, ec);
    if (ec) return i;
  }
  return end;
}

std::string DescribeBoostError(const json::error_code& ec) {
  if (ec == json::error::too_deep) return "nesting too deep";
  if (ec == json::error::incomplete) return "unexpected end of input";
  if (ec == json::error::extra_data) return "unexpected data after the JSON value";
  if (ec == json::error::syntax) return "syntax error";
  return ec.message();
}

Error ParseFailure(std::string_view code, std::size_t offset, const std::string& reason) {
  return MakeError(std::string(code),
                   "invalid JSON at byte " + std::to_string(offset) + ": " + reason);
}

}  // namespace

void AppendPointerToken(std::string& pointer, std::string_view name) {
  pointer += '/';
  for (char c : name) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

std::optional<std::string> ParsedJson::NumberText(std::string_view pointer) const {
  json::error_code ec;
  const json::value* v = root.find_pointer(json::string_view(pointer.data(), pointer.size()), ec);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  if (v->is_double()) {
    auto it = raw_numbers.find(pointer);
    if (it != raw_numbers.end()) return it->second;
    // A double not from the source text (built in code): its shortest round-trip form.
    char buf[64];
    auto [end, err] = std::to_chars(buf, buf + sizeof(buf), v->get_double());
    if (err != std::errc()) return std::nullopt;
    return std::string(buf, end);
  }
  return std::nullopt;
}

Result<ParsedJson> ParseJson(std::string_view text, const JsonParseOptions& options) {
  ParsedJson out;
  json::error_code ec;
  std::size_t consumed = 0;
  try {
    ExactParser p(BoostOptions(options), &out.raw_numbers);
    consumed = p.write_some(false, text.data(), text.size(), ec);
    if (!ec) {
      if (consumed < text.size()) {
        return ParseFailure("invalid_json", consumed, "unexpected data after the JSON value");
      }
      out.root = p.handler().Release();
      return out;
    }
  } catch (const std::bad_alloc&) {
    return MakeError("invalid_json", "invalid JSON: document too large");
  } catch (const std::exception& e) {  // limits enforced by Boost.JSON by throwing
    return MakeError("invalid_json", std::string("invalid JSON: ") + e.what());
  }
  std::size_t offset = LocateError(text, options);
  if (ec == json::error::too_deep) {
    return ParseFailure("json_too_deep", offset,
                        "nesting deeper than " + std::to_string(options.max_depth) + " levels");
  }
  return ParseFailure("invalid_json", offset, DescribeBoostError(ec));
}

// ---------------------------------------------------------------------------------------------
// Field errors and paths

std::string FormatFieldPath(const std::vector<PathSegment>& segments) {
  if (segments.empty()) return "body";
  std::string out;
  for (const PathSegment& s : segments) {
    if (const auto* key = std::get_if<std::string>(&s)) {
      if (!out.empty()) out += '.';
      out += *key;
    } else {
      out += '[';
      out += std::to_string(std::get<std::size_t>(s));
      out += ']';
    }
  }
  return out;
}

void FieldErrors::Add(FieldError error) {
  if (stopped()) return;
  errors_.push_back(std::move(error));
}

Error FieldErrors::FirstError() const {
  assert(!errors_.empty());
  return MakeError(errors_.front().code, errors_.front().message);
}

std::string_view JsonKindName(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "value";
}

// ---------------------------------------------------------------------------------------------
// JsonReader

namespace {

bool IsNumber(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

// "a", "a or b", "a, b or c"
std::string JoinChoices(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += (i + 1 == names.size()) ? " or " : ", ";
    out += names[i];
  }
  return out;
}

// A short, printable rendering of a client's value for messages (at most 64 bytes).
std::string Quote(std::string_view s) {
  constexpr std::size_t kMax = 64;
  std::string out = "'";
  out += s.substr(0, kMax);
  if (s.size() > kMax) out += "...";
  out += "'";
  return out;
}

// JSON number syntax: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumberText(std::string_view s) {
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digit(i)) return false;
  if (s[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == s.size();
}

}  // namespace

std::optional<JsonReader> JsonReader::Root(const ParsedJson& doc, FieldErrors& errors) {
  if (errors.stopped()) return std::nullopt;
  if (!doc.root.is_object()) {
    errors.Add(
        FieldError{{},
                   "body",
                   "wrong_type",
                   "body must be a JSON object, got " + std::string(JsonKindName(doc.root))});
    return std::nullopt;
  }
  return JsonReader(&doc, &doc.root.get_object(), {}, &errors);
}

std::vector<PathSegment> JsonReader::Child(std::string_view name) const {
  std::vector<PathSegment> loc = loc_;
  if (!name.empty()) loc.emplace_back(std::string(name));
  return loc;
}

void JsonReader::AddError(std::vector<PathSegment> loc, std::string code, std::string message) {
  FieldError e;
  e.path = FormatFieldPath(loc);
  e.loc = std::move(loc);
  e.code = std::move(code);
  e.message = e.path + " " + message;
  errors_->Add(std::move(e));
}

void JsonReader::Fail(std::string_view name, std::string code, std::string_view message) {
  AddError(Child(name), std::move(code), std::string(message));
}

void JsonReader::WrongType(std::string_view name, const json::value& v, std::string_view expected) {
  AddError(Child(name), "wrong_type",
           "must be " + std::string(expected) + ", got " + std::string(JsonKindName(v)));
}

const json::value* JsonReader::Find(FieldKey key) const {
  auto find = [&](std::string_view name) -> const json::value* {
    if (name.empty()) return nullptr;
    return object_->if_contains(json::string_view(name.data(), name.size()));
  };
  if (const json::value* v = find(key.name)) return v;
  return find(key.alias);
}

JsonReader::Found JsonReader::Lookup(FieldKey key, bool required, bool& ok) {
  ok = false;
  Found found;
  found.name = key.name;
  if (errors_->stopped()) return found;
  const json::value* v = object_->if_contains(json::string_view(key.name.data(), key.name.size()));
  if (v == nullptr && !key.alias.empty()) {
    v = object_->if_contains(json::string_view(key.alias.data(), key.alias.size()));
    if (v != nullptr) found.name = key.alias;
  }
  if (v == nullptr || (!required && v->is_null())) {
    if (required) AddError(Child(key.name), "missing_field", "is required");
    return found;
  }
  found.value = v;
  ok = true;
  return found;
}

std::string JsonReader::NumberTextOf(std::string_view name, const json::value& v) const {
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  std::string pointer;
  for (const PathSegment& s : loc_) {
    if (const auto* k = std::get_if<std::string>(&s)) {
      AppendPointerToken(pointer, *k);
    } else {
      pointer += '/';
      pointer += std::to_string(std::get<std::size_t>(s));
    }
  }
  AppendPointerToken(pointer, name);
  auto it = doc_->raw_numbers.find(pointer);
  if (it != doc_->raw_numbers.end()) return it->second;
  char buf[64];
  auto [end, err] = std::to_chars(buf, buf + sizeof(buf), v.get_double());
  return err == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::optional<std::string> JsonReader::String(FieldKey key, StringRule rule, bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_string()) {
    WrongType(f.name, *f.value, "a string");
    return std::nullopt;
  }
  const json::string& s = f.value->get_string();
  if (s.size() < rule.min_length) {
    AddError(Child(f.name), "invalid_value",
             rule.min_length == 1
                 ? std::string("must not be empty")
                 : "must be at least " + std::to_string(rule.min_length) + " characters long");
    return std::nullopt;
  }
  if (s.size() > rule.max_length) {
    AddError(Child(f.name), "invalid_value",
             "must be at most " + std::to_string(rule.max_length) + " characters long");
    return std::nullopt;
  }
  return std::string(s.data(), s.size());
}

std::optional<std::string> JsonReader::RequiredString(FieldKey key, StringRule rule) {
  return String(key, rule, true);
}
std::optional<std::string> JsonReader::OptionalString(FieldKey key, StringRule rule) {
  return String(key, rule, false);
}

std::optional<std::int64_t> JsonReader::Int(FieldKey key, std::int64_t min, std::int64_t max,
                                            bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  const json::value& v = *f.value;
  auto range_error = [&](const std::string& got) {
    AddError(
        Child(f.name), "out_of_range",
        "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + got);
  };
  if (v.is_int64()) {
    std::int64_t i = v.get_int64();
    if (i < min || i > max) {
      range_error(std::to_string(i));
      return std::nullopt;
    }
    return i;
  }
  if (v.is_uint64()) {
    range_error(std::to_string(v.get_uint64()));
    return std::nullopt;
  }
  if (v.is_double()) {
    AddError(Child(f.name), "wrong_type", "must be an integer, got " + NumberTextOf(f.name, v));
    return std::nullopt;
  }
  WrongType(f.name, v, "an integer");
  return std::nullopt;
}

std::optional<std::int64_t> JsonReader::RequiredInt(FieldKey key, std::int64_t min,
                                                    std::int64_t max) {
  return Int(key, min, max, true);
}
std::optional<std::int64_t> JsonReader::OptionalInt(FieldKey key, std::int64_t min,
                                                    std::int64_t max) {
  return Int(key, min, max, false);
}

std::optional<bool> JsonReader::Bool(FieldKey key, bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_bool()) {
    WrongType(f.name, *f.value, "a boolean");
    return std::nullopt;
  }
  return f.value->get_bool();
}

std::optional<bool> JsonReader::RequiredBool(FieldKey key) { return Bool(key, true); }
std::optional<bool> JsonReader::OptionalBool(FieldKey key) { return Bool(key, false); }

std::optional<Money> JsonReader::MoneyField(FieldKey key, MoneyRule rule, bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  const json::value& v = *f.value;
  std::string text;
  if (IsNumber(v) && rule.accept_number) {
    text = NumberTextOf(f.name, v);
  } else if (v.is_string() && rule.accept_string) {
    text.assign(v.get_string().data(), v.get_string().size());
  } else {
    WrongType(f.name, v,
              rule.accept_number && rule.accept_string ? "a number or a decimal string"
              : rule.accept_number                     ? "a number"
                                                       : "a decimal string");
    return std::nullopt;
  }
  if (v.is_string() && !IsJsonNumberText(text)) {
    AddError(Child(f.name), "invalid_value", "must be a decimal amount, got " + Quote(text));
    return std::nullopt;
  }
  Result<Money> m = Money::Parse(text);
  if (!m.ok()) {
    AddError(Child(f.name), "invalid_value",
             "must be an amount with at most " + std::to_string(Money::kDecimals) +
                 " decimals within range, got " + Quote(text));
    return std::nullopt;
  }
  if (!m->HasAtMostDecimals(rule.max_decimals)) {
    AddError(
        Child(f.name), "invalid_value",
        "must have at most " + std::to_string(rule.max_decimals) + " decimals, got " + Quote(text));
    return std::nullopt;
  }
  if (rule.sign == MoneyRule::Sign::kPositive && !m->is_positive()) {
    AddError(Child(f.name), "out_of_range", "must be positive, got " + Quote(text));
    return std::nullopt;
  }
  if (rule.sign == MoneyRule::Sign::kNonNegative && m->is_negative()) {
    AddError(Child(f.name), "out_of_range", "must not be negative, got " + Quote(text));
    return std::nullopt;
  }
  return *m;
}

std::optional<Money> JsonReader::RequiredMoney(FieldKey key, MoneyRule rule) {
  return MoneyField(key, rule, true);
}
std::optional<Money> JsonReader::OptionalMoney(FieldKey key, MoneyRule rule) {
  return MoneyField(key, rule, false);
}

std::optional<Price> JsonReader::PriceField(FieldKey key, bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  const json::value& v = *f.value;
  std::string text;
  if (IsNumber(v)) {
    text = NumberTextOf(f.name, v);
  } else if (v.is_string()) {
    text.assign(v.get_string().data(), v.get_string().size());
  } else {
    WrongType(f.name, v, "a number");
    return std::nullopt;
  }
  Result<Price> p = IsJsonNumberText(text) ? Price::ParseTradeable(text)
                                           : Result<Price>(MakeError("invalid_price", ""));
  if (!p.ok()) {
    AddError(Child(f.name), "invalid_value",
             "must be a price between 0.01 and 0.99 with at most 2 decimals, got " + Quote(text));
    return std::nullopt;
  }
  return *p;
}

std::optional<Price> JsonReader::RequiredPrice(FieldKey key) { return PriceField(key, true); }
std::optional<Price> JsonReader::OptionalPrice(FieldKey key) { return PriceField(key, false); }

std::optional<std::string> JsonReader::DecimalText(FieldKey key, bool accept_string,
                                                   bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  const json::value& v = *f.value;
  if (IsNumber(v)) return NumberTextOf(f.name, v);
  if (v.is_string() && accept_string) {
    std::string text(v.get_string().data(), v.get_string().size());
    if (!IsJsonNumberText(text)) {
      AddError(Child(f.name), "invalid_value", "must be a decimal number, got " + Quote(text));
      return std::nullopt;
    }
    return text;
  }
  WrongType(f.name, v, accept_string ? "a number or a decimal string" : "a number");
  return std::nullopt;
}

std::optional<std::string> JsonReader::RequiredDecimalText(FieldKey key, bool accept_string) {
  return DecimalText(key, accept_string, true);
}
std::optional<std::string> JsonReader::OptionalDecimalText(FieldKey key, bool accept_string) {
  return DecimalText(key, accept_string, false);
}

std::optional<Timestamp> JsonReader::TimestampField(FieldKey key, bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_string()) {
    WrongType(f.name, *f.value, "an ISO-8601 time string");
    return std::nullopt;
  }
  std::string_view text(f.value->get_string().data(), f.value->get_string().size());
  Result<Timestamp> t = ParseIso8601(text);
  if (!t.ok()) {
    AddError(Child(f.name), "invalid_value",
             "must be an ISO-8601 time like 2026-04-05T12:00:00.000Z, got " + Quote(text));
    return std::nullopt;
  }
  return *t;
}

std::optional<Timestamp> JsonReader::RequiredTimestamp(FieldKey key) {
  return TimestampField(key, true);
}
std::optional<Timestamp> JsonReader::OptionalTimestamp(FieldKey key) {
  return TimestampField(key, false);
}

std::optional<std::size_t> JsonReader::EnumIndex(FieldKey key,
                                                 const std::vector<std::string_view>& names,
                                                 bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_string()) {
    WrongType(f.name, *f.value, "one of " + JoinChoices(names));
    return std::nullopt;
  }
  std::string_view text(f.value->get_string().data(), f.value->get_string().size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) return i;
  }
  AddError(Child(f.name), "invalid_value",
           "must be one of " + JoinChoices(names) + ", got " + Quote(text));
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonReader::StringArray(FieldKey key, std::size_t max_items,
                                                                bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_array()) {
    WrongType(f.name, *f.value, "an array of strings");
    return std::nullopt;
  }
  const json::array& a = f.value->get_array();
  if (a.size() > max_items) {
    AddError(Child(f.name), "invalid_value",
             "must have at most " + std::to_string(max_items) + " items, got " +
                 std::to_string(a.size()));
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(a.size());
  bool all_ok = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string()) {
      std::vector<PathSegment> loc = Child(f.name);
      loc.emplace_back(i);
      AddError(std::move(loc), "wrong_type",
               "must be a string, got " + std::string(JsonKindName(a[i])));
      all_ok = false;
      if (errors_->stopped()) break;
      continue;
    }
    out.emplace_back(a[i].get_string().data(), a[i].get_string().size());
  }
  if (!all_ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> JsonReader::RequiredStringArray(FieldKey key,
                                                                        std::size_t max_items) {
  return StringArray(key, max_items, true);
}
std::optional<std::vector<std::string>> JsonReader::OptionalStringArray(FieldKey key,
                                                                        std::size_t max_items) {
  return StringArray(key, max_items, false);
}

std::optional<JsonReader> JsonReader::Object(FieldKey key, bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_object()) {
    WrongType(f.name, *f.value, "an object");
    return std::nullopt;
  }
  return JsonReader(doc_, &f.value->get_object(), Child(f.name), errors_);
}

std::optional<JsonReader> JsonReader::RequiredObject(FieldKey key) { return Object(key, true); }
std::optional<JsonReader> JsonReader::OptionalObject(FieldKey key) { return Object(key, false); }

std::optional<std::vector<JsonReader>> JsonReader::ObjectArray(FieldKey key, std::size_t max_items,
                                                               bool required) {
  bool ok;
  Found f = Lookup(key, required, ok);
  if (!ok) return std::nullopt;
  if (!f.value->is_array()) {
    WrongType(f.name, *f.value, "an array of objects");
    return std::nullopt;
  }
  const json::array& a = f.value->get_array();
  if (a.size() > max_items) {
    AddError(Child(f.name), "invalid_value",
             "must have at most " + std::to_string(max_items) + " items, got " +
                 std::to_string(a.size()));
    return std::nullopt;
  }
  std::vector<JsonReader> out;
  out.reserve(a.size());
  bool all_ok = true;
  for (std::size_t i = 0; i < a.size(); ++i) {
    std::vector<PathSegment> loc = Child(f.name);
    loc.emplace_back(i);
    if (!a[i].is_object()) {
      AddError(std::move(loc), "wrong_type",
               "must be an object, got " + std::string(JsonKindName(a[i])));
      all_ok = false;
      if (errors_->stopped()) break;
      continue;
    }
    out.push_back(JsonReader(doc_, &a[i].get_object(), std::move(loc), errors_));
  }
  if (!all_ok) return std::nullopt;
  return out;
}

std::optional<std::vector<JsonReader>> JsonReader::RequiredObjectArray(FieldKey key,
                                                                       std::size_t max_items) {
  return ObjectArray(key, max_items, true);
}
std::optional<std::vector<JsonReader>> JsonReader::OptionalObjectArray(FieldKey key,
                                                                       std::size_t max_items) {
  return ObjectArray(key, max_items, false);
}

void JsonReader::RejectUnknownFields(std::initializer_list<std::string_view> known) {
  for (const auto& kv : *object_) {
    if (errors_->stopped()) return;
    std::string_view k(kv.key().data(), kv.key().size());
    if (std::find(known.begin(), known.end(), k) == known.end()) {
      AddError(Child(k), "unknown_field", "is not a known field");
    }
  }
}

}  // namespace probex::net
