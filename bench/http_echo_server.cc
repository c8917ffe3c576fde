// http_echo_server: the net kit's benchmark target. Serves `GET /healthz` and `POST /echo`, which
// parses the JSON body with the venue's own parser (net/json.h) and writes it back re-serialized.
// Access log off. Prints "listening on PORT" once ready; SIGINT/SIGTERM stop it gracefully.
//   http_echo_server [--port N] [--threads N]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "net/health_routes.h"
#include "net/http_server.h"
#include "net/json.h"
#include "net/json_writer.h"

int main(int argc, char** argv) {
  using namespace probex::net;
  HttpServerOptions options;
  options.access_log = false;
  options.io_threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--port") == 0) {
      options.port = static_cast<std::uint16_t>(std::atoi(argv[i + 1]));
    } else if (std::strcmp(argv[i], "--threads") == 0) {
      options.io_threads = std::atoi(argv[i + 1]);
    } else {
      std::fprintf(stderr, "usage: %s [--port N] [--threads N]\n", argv[0]);
      return 2;
    }
  }
  auto metrics = std::make_shared<MetricsRegistry>();
  Router router(VenueErrorFormatter);
  AddHealthAndMetricsRoutes(router, metrics);
  router.Post("/echo", [](HttpRequest& req, Responder respond) {
    auto parsed = ParseJson(req.body());
    if (!parsed.ok()) {
      respond(VenueErrorFormatter(400, "InvalidJson", parsed.error().message));
      return;
    }
    respond(HttpResponse::Json(200, ToJson(parsed->root)));
  });
  HttpServer server(options, std::move(router), metrics);
  if (auto status = server.Start(); !status.ok()) {
    std::fprintf(stderr, "http_echo_server: %s\n", status.error().message.c_str());
    return 1;
  }
  server.StopOnSignals();
  std::printf("listening on %u\n", static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  server.Wait();
  return 0;
}
