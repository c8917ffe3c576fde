#include "mm/api/api_support.h"

#include <algorithm>
#include <charconv>

namespace probex::mm::api {

using net::HttpResponse;
using net::JsonWriter;

HttpResponse Detail(int status, std::string_view message) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Field("detail", message).EndObject();
  return HttpResponse::Json(status, std::move(out));
}

HttpResponse DetailFormatter(int status, std::string_view, std::string_view message) {
  return Detail(status, message);
}

HttpResponse JsonOk(std::string body, int status) {
  return HttpResponse::Json(status, std::move(body));
}

void Validation::Add(Loc loc, std::string msg, std::string type) {
  entries_.push_back({std::move(loc), std::move(msg), std::move(type)});
}

void Validation::AddFieldErrors(const net::FieldErrors& errors) {
  for (const net::FieldError& e : errors.errors()) {
    Loc loc{std::string("body")};
    for (const auto& seg : e.loc) {
      if (const auto* s = std::get_if<std::string>(&seg)) {
        loc.emplace_back(*s);
      } else {
        loc.emplace_back(static_cast<std::int64_t>(std::get<std::size_t>(seg)));
      }
    }
    std::string type = "value_error";
    if (e.code == "missing_field") type = "missing";
    if (e.code == "wrong_type") type = "type_error";
    if (e.code == "unknown_field") type = "extra_forbidden";
    Add(std::move(loc), e.message, type);
  }
}

HttpResponse Validation::Response() const {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key("detail").BeginArray();
  for (const Entry& e : entries_) {
    w.BeginObject().Key("loc").BeginArray();
    for (const auto& part : e.loc) {
      if (const auto* s = std::get_if<std::string>(&part)) {
        w.String(*s);
      } else {
        w.Int(std::get<std::int64_t>(part));
      }
    }
    w.EndArray().Field("msg", e.msg).Field("type", e.type).EndObject();
  }
  w.EndArray().EndObject();
  return HttpResponse::Json(422, std::move(out));
}

std::optional<std::pair<std::string, std::string>> QueryReader::Find(std::string_view name,
                                                                     std::string_view alias) {
  if (auto v = req_.Query(name)) return std::pair{std::string(name), std::string(*v)};
  if (!alias.empty()) {
    if (auto v = req_.Query(alias)) return std::pair{std::string(alias), std::string(*v)};
  }
  return std::nullopt;
}

std::optional<std::string> QueryReader::Text(std::string_view name, std::string_view alias) {
  auto f = Find(name, alias);
  if (!f || f->second.empty()) return std::nullopt;
  return f->second;
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> QueryReader::Int(std::string_view name, std::string_view alias,
                                             std::int64_t min, std::int64_t max) {
  auto f = Find(name, alias);
  if (!f) return std::nullopt;
  auto v = ParseInt(f->second);
  if (!v) {
    v_.Add({std::string("query"), f->first}, "Input should be a valid integer", "int_parsing");
    return std::nullopt;
  }
  if (*v < min) {
    v_.Add({std::string("query"), f->first},
           "Input should be greater than or equal to " + std::to_string(min), "greater_than_equal");
    return std::nullopt;
  }
  if (*v > max) {
    v_.Add({std::string("query"), f->first},
           "Input should be less than or equal to " + std::to_string(max), "less_than_equal");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> QueryReader::Bool(std::string_view name, std::string_view alias) {
  auto f = Find(name, alias);
  if (!f) return std::nullopt;
  std::string t = f->second;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "true" || t == "1" || t == "yes") return true;
  if (t == "false" || t == "0" || t == "no") return false;
  v_.Add({std::string("query"), f->first}, "Input should be a valid boolean", "bool_parsing");
  return std::nullopt;
}

std::optional<Timestamp> QueryReader::Date(std::string_view name, std::string_view alias,
                                           bool end_of_day) {
  auto f = Find(name, alias);
  if (!f) return std::nullopt;
  auto t = ParseIso8601(f->second);
  if (!t.ok()) {
    v_.Add({std::string("query"), f->first}, "Input should be a valid datetime or date (ISO-8601)",
           "datetime_parsing");
    return std::nullopt;
  }
  if (end_of_day && f->second.size() == 10) return t->PlusMicros(24LL * 3600 * 1'000'000 - 1);
  return *t;
}

std::vector<std::string> QueryReader::List(std::string_view name, std::string_view alias,
                                           const std::vector<std::string_view>& allowed) {
  std::vector<std::string> out;
  std::string used(name);
  auto values = req_.QueryAll(name);
  if (values.empty() && !alias.empty()) {
    values = req_.QueryAll(alias);
    used = std::string(alias);
  }
  for (std::string_view v : values) {
    std::size_t start = 0;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      if (comma == std::string_view::npos) comma = v.size();
      std::string item(v.substr(start, comma - start));
      while (!item.empty() && item.front() == ' ') item.erase(item.begin());
      while (!item.empty() && item.back() == ' ') item.pop_back();
      if (!item.empty()) out.push_back(item);
      start = comma + 1;
    }
  }
  for (const std::string& item : out) {
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), item) == allowed.end()) {
      std::string names;
      for (auto a : allowed) names += (names.empty() ? "'" : ", '") + std::string(a) + "'";
      v_.Add({std::string("query"), used}, "Input should be " + names + "; got '" + item + "'",
             "enum");
    }
  }
  return out;
}

Paging Paging::Read(QueryReader& q) {
  Paging p;
  if (auto v = q.Int("page", "", 1, 1'000'000'000)) p.page = *v;
  if (auto v = q.Int("pageSize", "page_size", 1, kMaxPageSize)) p.page_size = *v;
  return p;
}

std::pair<std::size_t, std::size_t> Paging::Slice(std::size_t total) const {
  const auto begin = static_cast<std::size_t>(
      std::min<std::int64_t>((page - 1) * page_size, static_cast<std::int64_t>(total)));
  const std::size_t end = std::min(total, begin + static_cast<std::size_t>(page_size));
  return {begin, end};
}

std::string PageJson(std::string_view name, const std::vector<std::string>& items,
                     const Paging& paging) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject().Key(name).BeginArray();
  auto [begin, end] = paging.Slice(items.size());
  for (std::size_t i = begin; i < end; ++i) w.RawJson(items[i]);
  w.EndArray().Field("page", paging.page).Field("pageSize", paging.page_size);
  w.Field("total", static_cast<std::int64_t>(items.size())).EndObject();
  return out;
}

std::optional<ClientRecord> Authenticate(ApiContext& ctx, const net::HttpRequest& req,
                                         net::Responder& respond) {
  auto key = req.Header("X-API-Key");
  if (!key || key->empty()) {
    if (req.Header("Authorization")) {
      respond(Detail(401, "Invalid authentication: send the API key in the X-API-Key header"));
    } else {
      respond(Detail(401, "Missing API key: send it in the X-API-Key header"));
    }
    return std::nullopt;
  }
  auto record = ctx.clients.Authenticate(*key);
  if (!record.ok()) {
    respond(Detail(401, "Invalid API key"));
    return std::nullopt;
  }
  auto client = ctx.clients.Find(record->owner);
  if (!client) {
    respond(Detail(401, "Invalid API key"));
    return std::nullopt;
  }
  return client;
}

std::string RateKey(ApiContext& ctx, const net::HttpRequest& req) {
  if (auto key = req.Header("X-API-Key"); key && !key->empty()) {
    if (auto record = ctx.clients.Authenticate(*key); record.ok()) return "client:" + record->owner;
  }
  return "ip:" + req.remote_address();
}

std::optional<net::ParsedJson> ParseBody(const net::HttpRequest& req, Validation& v,
                                         bool empty_ok) {
  std::string_view body = req.body();
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) {
    body.remove_prefix(1);
  }
  if (body.empty()) {
    if (empty_ok) return net::ParseJson("{}").value();
    v.Add({std::string("body")}, "Field required", "missing");
    return std::nullopt;
  }
  auto doc = net::ParseJson(body);
  if (!doc.ok()) {
    v.Add({std::string("body")}, doc.error().message, "json_invalid");
    return std::nullopt;
  }
  if (!doc->root.is_object()) {
    v.Add({std::string("body")}, "Input should be a valid dictionary", "dict_type");
    return std::nullopt;
  }
  return std::move(*doc);
}

}  // namespace probex::mm::api
