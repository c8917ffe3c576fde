#include "venue/api/markets_api.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "venue/api/venue_json.h"

namespace probex::venue::api {
namespace {

constexpr std::size_t kMaxSearchChars = 200;

enum class OrderBy { kCreatedAt, kEndTime, kTotalPool, kBetCount };

struct ListQuery {
  std::optional<MarketStatus> status;
  std::optional<MarketType> type;
  std::optional<std::string> category;
  std::string search;  // lower-cased
  std::int64_t limit = 20;
  std::int64_t offset = 0;
  OrderBy order_by = OrderBy::kCreatedAt;
  bool descending = true;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// UTF-8 code points in `s` (continuation bytes are not counted).
std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::optional<ListQuery> ParseListQuery(const net::HttpRequest& req, net::HttpResponse& error) {
  ListQuery q;
  if (auto s = req.Query("status"); s && !s->empty()) {
    static const std::pair<std::string_view, MarketStatus> kStatuses[] = {
        {"ACTIVE", MarketStatus::kActive},
        {"ENDED", MarketStatus::kEnded},
        {"RESOLVED", MarketStatus::kResolved},
        {"VOIDED", MarketStatus::kVoided}};
    for (const auto& [name, value] : kStatuses) {
      if (*s == name) q.status = value;
    }
    if (!q.status) {
      error = BadRequest("status must be one of ACTIVE, ENDED, RESOLVED, VOIDED", "invalid_query");
      return std::nullopt;
    }
  }
  if (auto t = req.Query("type"); t && !t->empty()) {
    if (*t == "ORDER_BOOK") {
      q.type = MarketType::kOrderBook;
    } else if (*t == "POOL") {
      q.type = MarketType::kPool;
    } else {
      error = BadRequest("type must be POOL or ORDER_BOOK", "invalid_query");
      return std::nullopt;
    }
  }
  if (auto c = req.Query("category"); c && !c->empty()) q.category = Lower(*c);
  if (auto s = req.Query("search")) {
    if (CodePoints(*s) > kMaxSearchChars) {
      error = BadRequest("search must be at most 200 characters", "invalid_query");
      return std::nullopt;
    }
    q.search = Lower(*s);
  }
  auto limit = QueryInt(req, "limit", 20, 1, 100, error);
  if (!limit) return std::nullopt;
  q.limit = *limit;
  auto offset = QueryInt(req, "offset", 0, 0, 1'000'000'000, error);
  if (!offset) return std::nullopt;
  q.offset = *offset;
  if (auto o = req.Query("orderBy"); o && !o->empty()) {
    if (*o == "createdAt") {
      q.order_by = OrderBy::kCreatedAt;
    } else if (*o == "endTime") {
      q.order_by = OrderBy::kEndTime;
    } else if (*o == "totalPool") {
      q.order_by = OrderBy::kTotalPool;
    } else if (*o == "betCount") {
      q.order_by = OrderBy::kBetCount;
    } else {
      error = BadRequest("orderBy must be one of createdAt, endTime, totalPool, betCount",
                         "invalid_query");
      return std::nullopt;
    }
  }
  if (auto d = req.Query("orderDirection"); d && !d->empty()) {
    if (*d == "asc") {
      q.descending = false;
    } else if (*d == "desc") {
      q.descending = true;
    } else {
      error = BadRequest("orderDirection must be asc or desc", "invalid_query");
      return std::nullopt;
    }
  }
  return q;
}

net::HttpResponse ListMarkets(const ListQuery& q, const Exchange& x) {
  std::int64_t active = 0, ended = 0, resolved = 0;
  std::vector<const Market*> selected;
  for (const Market& m : x.markets()) {
    if (q.type && m.type != *q.type) continue;
    if (q.category && Lower(m.category) != *q.category) continue;
    if (!q.search.empty() && Lower(m.question).find(q.search) == std::string::npos &&
        Lower(m.description).find(q.search) == std::string::npos) {
      continue;
    }
    if (m.status == MarketStatus::kActive) ++active;
    if (m.status == MarketStatus::kEnded) ++ended;
    if (m.status == MarketStatus::kResolved) ++resolved;
    if (q.status && m.status != *q.status) continue;
    selected.push_back(&m);
  }
  auto key = [&](const Market* m) -> std::int64_t {
    switch (q.order_by) {
      case OrderBy::kCreatedAt:
        return m->created_at.micros();
      case OrderBy::kEndTime:
        return m->end_time.micros();
      case OrderBy::kTotalPool:
        return MarketTotalPool(x, *m).units();
      case OrderBy::kBetCount:
        return MarketBetCount(x, *m);
    }
    return 0;
  };
  std::stable_sort(selected.begin(), selected.end(), [&](const Market* a, const Market* b) {
    auto ka = std::make_tuple(key(a), a->id.value());
    auto kb = std::make_tuple(key(b), b->id.value());
    return q.descending ? kb < ka : ka < kb;
  });
  std::string body;
  net::JsonWriter w(body);
  w.BeginObject().Key("markets").BeginArray();
  const auto begin = std::min<std::size_t>(static_cast<std::size_t>(q.offset), selected.size());
  const auto end =
      std::min<std::size_t>(begin + static_cast<std::size_t>(q.limit), selected.size());
  for (std::size_t i = begin; i < end; ++i) {
    WriteMarket(w, *selected[i], x);
  }
  w.EndArray();
  w.Field("total", static_cast<std::int64_t>(selected.size()));
  w.Field("activeCount", active).Field("endedCount", ended).Field("resolvedCount", resolved);
  w.Field("limit", q.limit).Field("offset", q.offset);
  w.EndObject();
  return net::HttpResponse::Json(200, std::move(body));
}

}  // namespace

void RegisterMarketsRoutes(net::Router& router, ApiContext& ctx) {
  router.Get("/api/v1/markets", ctx.Public({kRuleGlobal}, [&ctx](net::HttpRequest& req,
                                                                 net::Responder respond) {
    net::HttpResponse error;
    auto query = ParseListQuery(req, error);
    if (!query) return respond(std::move(error));
    ctx.Read([q = *query](const Exchange& x) { return ListMarkets(q, x); }, std::move(respond));
  }));
  router.Get("/api/v1/markets/:id",
             ctx.Public({kRuleGlobal}, [&ctx](net::HttpRequest& req, net::Responder respond) {
               auto id = ParseId(req.PathParam("id").value_or(""));
               if (!id || *id > UINT32_MAX)
                 return respond(NotFound("market not found", "unknown_market"));
               ctx.Read(
                   [id = MarketId(static_cast<std::uint32_t>(*id))](const Exchange& x) {
                     const Market* m = x.FindMarket(id);
                     if (m == nullptr) return NotFound("market not found", "unknown_market");
                     std::string body;
                     net::JsonWriter w(body);
                     w.BeginObject().Key("market");
                     WriteMarket(w, *m, x);
                     w.EndObject();
                     return net::HttpResponse::Json(200, std::move(body));
                   },
                   std::move(respond));
             }));
}

}  // namespace probex::venue::api
