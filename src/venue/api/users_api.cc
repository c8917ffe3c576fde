#include "venue/api/users_api.h"

#include "venue/api/venue_json.h"

namespace probex::venue::api {

void RegisterUsersRoutes(net::Router& router, ApiContext& ctx) {
  router.Get("/api/v1/users/me",
             ctx.Authed(kScopeUserRead, {kRuleGlobal, kRuleAuthReads},
                        [&ctx](net::HttpRequest&, const Caller& caller, net::Responder respond) {
                          ctx.Read(
                              [account = caller.account](const Exchange& x) {
                                const User* u = x.registry().FindUser(account);
                                if (u == nullptr) return NotFound("user not found", "unknown_user");
                                std::string out;
                                net::JsonWriter w(out);
                                w.BeginObject().Key("user");
                                WriteUser(w, *u);
                                w.EndObject();
                                return net::HttpResponse::Json(200, std::move(out));
                              },
                              std::move(respond));
                        }));
}

}  // namespace probex::venue::api
