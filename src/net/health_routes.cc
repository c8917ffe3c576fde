#include "net/health_routes.h"

namespace probex::net {

void AddHealthAndMetricsRoutes(Router& router, std::shared_ptr<MetricsRegistry> metrics) {
  router.Get("/healthz", [](HttpRequest&, Responder respond) {
    respond(HttpResponse::Json(200, R"({"status":"ok"})"));
  });
  router.Get("/metrics", [metrics = std::move(metrics)](HttpRequest&, Responder respond) {
    respond(HttpResponse::Text(200, metrics->RenderPrometheus(),
                               "text/plain; version=0.0.4; charset=utf-8"));
  });
}

}  // namespace probex::net
