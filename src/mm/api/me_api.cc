// GET /api/v1/me → {client, clientName, active}.
#include "mm/api/api_support.h"
#include "mm/api/mm_api.h"

namespace probex::mm::api {

void AddMeRoutes(net::Router& router, ApiContext* ctx) {
  router.Get(
      "/api/v1/me",
      [ctx](net::HttpRequest& req, net::Responder respond) {
        auto client = Authenticate(*ctx, req, respond);
        if (!client) return;
        std::string out;
        net::JsonWriter w(out);
        w.BeginObject().Field("client", client->id).Field("clientName", client->name);
        w.Field("active", client->active).EndObject();
        respond(JsonOk(std::move(out)));
      },
      ClientRoute(ctx));
}

}  // namespace probex::mm::api
