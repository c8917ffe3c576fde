#include "mm/api/mm_api.h"

#include "mm/api/api_support.h"

namespace probex::mm::api {

net::RouteOptions ClientRoute(ApiContext* ctx) {
  net::RouteOptions o;
  o.rate_rules = {kClientRateRule};
  o.rate_key = [ctx](const net::HttpRequest& req) { return RateKey(*ctx, req); };
  return o;
}

void AddMmApiRoutes(net::Router& router, ApiContext* ctx) {
  AddMeRoutes(router, ctx);
  AddTradingRoutes(router, ctx);
  AddOrdersRoutes(router, ctx);
  AddBetsRoutes(router, ctx);
  AddPositionsRoutes(router, ctx);
  AddAccountsRoutes(router, ctx);
  AddMarketTypesRoutes(router, ctx);
  AddTournamentsRoutes(router, ctx);
  AddOperatorRoutes(router, ctx);
  AddSubscribeRoute(router, ctx);
}

}  // namespace probex::mm::api
