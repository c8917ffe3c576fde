// AddHealthAndMetricsRoutes: installs `GET /healthz` ({"status":"ok"}) and `GET /metrics`
// (Prometheus text format 0.0.4 of `metrics`) on a router, in one call.
// Thread rule: configure-time, like the Router.
#pragma once

#include <memory>

#include "net/metrics.h"
#include "net/router.h"

namespace probex::net {

void AddHealthAndMetricsRoutes(Router& router, std::shared_ptr<MetricsRegistry> metrics);

}  // namespace probex::net
