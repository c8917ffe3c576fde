// GET /api/v1/users/me (user:read; auth_reads 60/min): {user: {id, username, createdAt, rateTier}}.
#pragma once

#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

void RegisterUsersRoutes(net::Router& router, ApiContext& ctx);

}  // namespace probex::venue::api
