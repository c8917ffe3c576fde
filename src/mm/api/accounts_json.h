// The client's exchange accounts as JSON fields (GET /api/v1/accounts and the `accounts`
// WebSocket channel). Calls the connectors: slow, never on an I/O thread.
#pragma once

#include <vector>

#include "mm/api/api_context.h"
#include "mm/api/records_json.h"

namespace probex::mm::api {

std::vector<Fields> AccountFields(ApiContext& ctx, const ClientRecord& client);

}  // namespace probex::mm::api
