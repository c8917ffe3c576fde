// The operator API under /admin/v1 (Authorization: Bearer <operator key>):
//   POST /admin/v1/users {username}                          → {user}
//   GET  /admin/v1/users/:id                                 → {user, balance}
//   POST /admin/v1/users/:id/api-keys {kind, scopes?, name?}  → {key, apiKey}
//   POST /admin/v1/users/:id/deposits {amount}               → {balance}
//   PUT  /admin/v1/users/:id/rate-tier {tier}                → {user}
//   POST /admin/v1/markets {type, question, description?, category, outcomes, endTime, feeRate?,
//                           metadata?}                       → {market}
//   POST /admin/v1/markets/:id/end | /resolve {winningOutcomeIndex} | /void → {market}
//   GET  /admin/v1/withdrawals                               → {withdrawals} (pending)
//   POST /admin/v1/withdrawals/:id/approve | /reject         → {withdrawal}
//   GET|PUT /admin/v1/switches {betting?, ctm?, orders?}     → {switches}
//   GET  /admin/v1/clock                                     → {now, mode}
//   POST /admin/v1/clock/advance {ms}                        → {now, endedMarkets} (manual only)
#pragma once

#include "common/clock.h"
#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

// `manual_clock` is null unless the venue runs with --clock manual; only then is
// /admin/v1/clock/advance registered.
void RegisterAdminRoutes(net::Router& router, ApiContext& ctx, ManualClock* manual_clock);

}  // namespace probex::venue::api
