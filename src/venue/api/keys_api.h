// The caller's own API keys: GET /api/v1/api-keys (any valid key; active keys, id order, limit/
// offset), POST /api/v1/api-keys {name?, scopes?, kind? "ak"|"mk_live"} (key_creation 10/hour;
// scopes must be a subset of the calling key's, default = the default scopes the caller holds;
// the secret is in the answer once and never again), DELETE /api/v1/api-keys/:id (revokes one of
// the caller's keys; another account's key id answers 404).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/json.h"
#include "net/router.h"
#include "venue/api/api_context.h"

namespace probex::venue::api {

void RegisterKeysRoutes(net::Router& router, ApiContext& ctx);

// Reads an optional `scopes` array of scope names into bits; nullopt (with `error` set to a 400)
// on an unknown name or a wrong type; `fallback` when absent.
std::optional<std::uint32_t> ScopesField(JsonBody& body, std::uint32_t fallback,
                                         net::HttpResponse& error);

// Issues a key: generates the secret, submits CreateApiKey and answers
// {key, apiKey: {id, kind, prefix, name, scopes, createdAt, revoked}}. Shared with the operator
// API.
void IssueKey(ApiContext& ctx, AccountId account, ApiKeyKind kind, std::uint32_t scopes,
              std::string name, net::Responder respond);

}  // namespace probex::venue::api
