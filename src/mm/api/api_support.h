// The client API's conventions: errors {"detail": "..."}; validation errors 422 {"detail":
// [{"loc": ["query"|"body"|"path", name…], "msg", "type"}]}; X-API-Key authentication (anything
// else, Bearer included, is 401); query parameters in camelCase with the old snake_case spelling
// accepted; paging (page from 1, pageSize default 50, at most 2,000).
// Thread rule: per request.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/time.h"
#include "mm/api/api_context.h"
#include "net/http_request.h"
#include "net/http_response.h"
#include "net/json.h"
#include "net/json_writer.h"
#include "net/responder.h"

namespace probex::mm::api {

// {"detail": message}
net::HttpResponse Detail(int status, std::string_view message);
// The router's formatter (404, 405, 413, 426, 429 …) in the same shape.
net::HttpResponse DetailFormatter(int status, std::string_view error_type,
                                  std::string_view message);
net::HttpResponse JsonOk(std::string body, int status = 200);

// Collects 422 entries.
class Validation {
 public:
  using Loc = std::vector<std::variant<std::string, std::int64_t>>;
  void Add(Loc loc, std::string msg, std::string type);
  // JsonReader's errors, under "body".
  void AddFieldErrors(const net::FieldErrors& errors);
  bool ok() const { return entries_.empty(); }
  net::HttpResponse Response() const;

 private:
  struct Entry {
    Loc loc;
    std::string msg;
    std::string type;
  };
  std::vector<Entry> entries_;
};

// Query parameters by camelCase name with an optional snake_case alias.
class QueryReader {
 public:
  QueryReader(const net::HttpRequest& req, Validation& v) : req_(req), v_(v) {}
  std::optional<std::string> Text(std::string_view name, std::string_view alias = {});
  std::optional<std::int64_t> Int(std::string_view name, std::string_view alias, std::int64_t min,
                                  std::int64_t max);
  std::optional<bool> Bool(std::string_view name, std::string_view alias = {});
  // ISO-8601 date-time or a bare date; a bare `to` date means the end of that day.
  std::optional<Timestamp> Date(std::string_view name, std::string_view alias, bool end_of_day);
  // A comma list (repeated parameters are joined); each item must be in `allowed` when given.
  std::vector<std::string> List(std::string_view name, std::string_view alias,
                                const std::vector<std::string_view>& allowed = {});

 private:
  std::optional<std::pair<std::string, std::string>> Find(std::string_view name,
                                                          std::string_view alias);
  const net::HttpRequest& req_;
  Validation& v_;
};

struct Paging {
  std::int64_t page = 1;
  std::int64_t page_size = 50;
  static constexpr std::int64_t kMaxPageSize = 2000;
  static Paging Read(QueryReader& q);
  // The [begin, end) slice of `total` items this page shows.
  std::pair<std::size_t, std::size_t> Slice(std::size_t total) const;
};

// Writes {"<name>": [...items...], "page", "pageSize", "total"} from pre-rendered JSON objects.
std::string PageJson(std::string_view name, const std::vector<std::string>& items,
                     const Paging& paging);

// The client of the request's X-API-Key, or nullopt after answering 401.
std::optional<ClientRecord> Authenticate(ApiContext& ctx, const net::HttpRequest& req,
                                         net::Responder& respond);
// The rate-limit key of a request: the key's client, else the peer address.
std::string RateKey(ApiContext& ctx, const net::HttpRequest& req);

// Parses a JSON body (empty → `{}` when `empty_ok`); nullopt after recording a 422 entry.
std::optional<net::ParsedJson> ParseBody(const net::HttpRequest& req, Validation& v, bool empty_ok);

// A whole decimal integer (the whole text), or nullopt.
std::optional<std::int64_t> ParseInt(std::string_view text);

}  // namespace probex::mm::api
