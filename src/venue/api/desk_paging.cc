#include "venue/api/desk_paging.h"

#include <charconv>
#include <string>

#include "venue/api/options_json.h"

namespace probex::venue::api {
namespace {

constexpr std::int64_t kMaxLimit = 1000;
constexpr std::int64_t kMaxOffset = 1'000'000'000;

std::optional<std::int64_t> QueryNumber(const net::HttpRequest& req, std::string_view name,
                                        std::int64_t fallback, std::int64_t min, std::int64_t max,
                                        net::HttpResponse& error) {
  auto text = req.Query(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end || value < min || value > max) {
    error = DeskError(400, "invalid_request",
                      std::string(name) + " must be an integer within " + std::to_string(min) +
                          ".." + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<DeskPage> ParseDeskPage(const net::HttpRequest& req, net::HttpResponse& error) {
  DeskPage page;
  auto limit = QueryNumber(req, "limit", page.limit, 1, kMaxLimit, error);
  if (!limit) return std::nullopt;
  auto offset = QueryNumber(req, "offset", 0, 0, kMaxOffset, error);
  if (!offset) return std::nullopt;
  page.limit = *limit;
  page.offset = *offset;
  return page;
}

void WriteDeskPage(net::JsonWriter& w, const DeskPage& page, std::int64_t total) {
  w.Field("total", total).Field("limit", page.limit).Field("offset", page.offset);
}

}  // namespace probex::venue::api
