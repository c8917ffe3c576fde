// Balance: GET /api/v1/balance (balance:read; auth_reads 60/min) with withdrawalFee, bettingFee
// and ccPriceUsd as the reference shows, and POST /api/v1/balance/withdraw {amount, destination,
// idempotencyKey?} (balance:withdraw; withdrawals 5/min): amount + withdrawalFee move from
// available to lockedWithdraws until an operator approves or rejects. The same idempotencyKey
// with the same amount and destination answers the first answer again; with another payload 409.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

void RegisterBalanceRoutes(net::Router& router, ApiContext& ctx);

}  // namespace probex::venue::api
