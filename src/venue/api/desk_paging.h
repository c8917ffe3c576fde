// Paging of the options desk's lists (GET /v1/mm/quotes, /v1/series, /api/v1/options/positions):
// `limit` 1..1000 (default 100) and `offset` ≥ 0 in the query; the answer adds `total`, `limit`
// and `offset` beside the list, whose order is the desk's stable one (creation order; series by
// id). Thread rule: pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include "net/http_request.h"
#include "net/http_response.h"
#include "net/json_writer.h"

namespace probex::venue::api {

struct DeskPage {
  std::int64_t limit = 100;
  std::int64_t offset = 0;

  // Whether the `index`-th matching item (0-based) is on this page.
  bool Shows(std::int64_t index) const { return index >= offset && index - offset < limit; }
};

// nullopt and `error` set to a 400 in the desk's shape ({"success":false,"error":
// "invalid_request","message"}) naming the parameter when limit or offset is not valid.
std::optional<DeskPage> ParseDeskPage(const net::HttpRequest& req, net::HttpResponse& error);

// Writes the keys "total", "limit" and "offset" (inside the answer's object).
void WriteDeskPage(net::JsonWriter& w, const DeskPage& page, std::int64_t total);

}  // namespace probex::venue::api
