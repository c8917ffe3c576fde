#include "net/json_writer.h"

#include <charconv>
#include <cmath>

namespace probex::net {
namespace {

// Bytes that must be escaped inside a JSON string: controls, '"' and '\\'.
constexpr bool NeedsEscape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

}  // namespace

void JsonWriter::AppendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!NeedsEscape(c)) continue;
    out.append(s.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      default: {
        char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(esc, 6);
      }
    }
  }
  out.append(s.data() + run_start, s.size() - run_start);
  out.push_back('"');
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_->push_back('}');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_->push_back(']');
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendQuoted(*out_, key);
  out_->push_back(':');
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendQuoted(*out_, s);
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t v) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Uint(std::uint64_t v) {
  BeforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  BeforeValue();
  out_->append(v ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
  return *this;
}

JsonWriter& JsonWriter::Double(double v) {
  if (!std::isfinite(v)) return Null();
  BeforeValue();
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out_->append(buf, end);
  return *this;
}

JsonWriter& JsonWriter::RawNumber(std::string_view text) {
  BeforeValue();
  out_->append(text);
  return *this;
}

JsonWriter& JsonWriter::RawJson(std::string_view json) {
  BeforeValue();
  out_->append(json);
  return *this;
}

JsonWriter& JsonWriter::MoneyString(Money m) {
  BeforeValue();
  out_->push_back('"');
  out_->append(m.ToString());
  out_->push_back('"');
  return *this;
}

JsonWriter& JsonWriter::MoneyNumber(Money m) {
  BeforeValue();
  out_->append(m.ToPlainString());
  return *this;
}

JsonWriter& JsonWriter::PriceNumber(Price p) {
  BeforeValue();
  out_->append(p.ToString());
  return *this;
}

JsonWriter& JsonWriter::Time(Timestamp t) {
  BeforeValue();
  out_->push_back('"');
  out_->append(FormatIso8601(t));
  out_->push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Value(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return Null();
    case boost::json::kind::bool_:
      return Bool(v.get_bool());
    case boost::json::kind::int64:
      return Int(v.get_int64());
    case boost::json::kind::uint64:
      return Uint(v.get_uint64());
    case boost::json::kind::double_:
      return Double(v.get_double());
    case boost::json::kind::string:
      return String(std::string_view(v.get_string().data(), v.get_string().size()));
    case boost::json::kind::array:
      BeginArray();
      for (const auto& e : v.get_array()) Value(e);
      return EndArray();
    case boost::json::kind::object:
      BeginObject();
      for (const auto& kv : v.get_object()) {
        Key(std::string_view(kv.key().data(), kv.key().size()));
        Value(kv.value());
      }
      return EndObject();
  }
  return *this;
}

std::string ToJson(const boost::json::value& v) {
  std::string out;
  JsonWriter(out).Value(v);
  return out;
}

}  // namespace probex::net
