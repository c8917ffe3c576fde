// GET /api/v1/bets (orderId, fixtureId, bookmaker, status as a comma list of betStatus, fromDate,
// toDate on placedAt, page, pageSize; newest first): the hedge bets of the client's orders.
#include <algorithm>

#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"
#include "mm/api/records_json.h"

namespace probex::mm::api {

void AddBetsRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/bets",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        auto client = Authenticate(*ctx, req, respond);
        if (!client) return;
        Validation v;
        QueryReader q(req, v);
        auto order = q.Text("orderId", "order_id");
        auto fixture = q.Text("fixtureId", "fixture_id");
        auto bookmaker = q.Text("bookmaker");
        auto statuses = q.List("status", "bet_status", {"PENDING", "PLACED", "DECLINED", "FAILED"});
        auto from = q.Date("fromDate", "from_date", false);
        auto to = q.Date("toDate", "to_date", true);
        Paging paging = Paging::Read(q);
        if (!v.ok()) return respond(v.Response());
        std::vector<HedgeBet> bets;
        if (ctx->Trades(client->id)) bets = ctx->engine.Bets();
        std::stable_sort(bets.begin(), bets.end(), [](const HedgeBet& a, const HedgeBet& b) {
          if (a.placed_at != b.placed_at) return a.placed_at > b.placed_at;
          return a.bet_id > b.bet_id;
        });
        std::vector<std::string> items;
        for (const HedgeBet& b : bets) {
          if (order && b.order_id != *order) continue;
          if (fixture && b.fixture_id != *fixture) continue;
          if (bookmaker && b.bookmaker != *bookmaker) continue;
          if (!statuses.empty() && std::find(statuses.begin(), statuses.end(),
                                             BetStatusName(b.bet_status)) == statuses.end()) {
            continue;
          }
          if (from && b.placed_at < *from) continue;
          if (to && b.placed_at > *to) continue;
          items.push_back(ObjectOf(BetFields(b, client->id)));
        }
        respond(JsonOk(PageJson("bets", items, paging)));
      },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
