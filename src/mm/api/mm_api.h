// The 55-tech client API of `probex mm` (docs/mm-api.md): one Add…Routes per resource file, and
// AddMmApiRoutes that registers them all, the operator's /admin/v1 and /ws/subscribe.
// Thread rule: register before the server starts.
#pragma once

#include "mm/api/api_context.h"
#include "net/router.h"

namespace probex::mm::api {

// 2,000 requests/min per client (the rule name "mm_client" on the server's RateLimiter).
inline constexpr char kClientRateRule[] = "mm_client";
net::RouteOptions ClientRoute(ApiContext* ctx);

void AddMeRoutes(net::Router& router, ApiContext* ctx);           // me_api.cc
void AddTradingRoutes(net::Router& router, ApiContext* ctx);      // trading_api.cc
void AddOrdersRoutes(net::Router& router, ApiContext* ctx);       // orders_api.cc
void AddBetsRoutes(net::Router& router, ApiContext* ctx);         // bets_api.cc
void AddPositionsRoutes(net::Router& router, ApiContext* ctx);    // positions_api.cc (+ pnl)
void AddAccountsRoutes(net::Router& router, ApiContext* ctx);     // accounts_api.cc
void AddMarketTypesRoutes(net::Router& router, ApiContext* ctx);  // market_types_api.cc
void AddTournamentsRoutes(net::Router& router, ApiContext* ctx);  // tournaments_api.cc
void AddOperatorRoutes(net::Router& router, ApiContext* ctx);     // operator_api.cc
void AddSubscribeRoute(net::Router& router, ApiContext* ctx);     // subscription_hub.cc

void AddMmApiRoutes(net::Router& router, ApiContext* ctx);

// The trading status object of a client (GET /api/v1/trading/status), with `result` when given.
std::string TradingStatusJson(ApiContext& ctx, const ClientRecord& client,
                              std::string_view result = {});

}  // namespace probex::mm::api
