// Router: method + path templates ("/api/v1/markets/:id") to handlers, and the service's error
// shape for what does not match: 404 for an unknown path, 405 with an `Allow` header for a known
// path with another method, 426 for a plain GET on a WebSocket path, 429 with `Retry-After` when
// a route's rate rule denies. Each service plugs in its ErrorFormatter (the venue answers
// {"error","message"}, the MM engine {"detail":…}).
// Among the routes of the request's method, a literal segment beats a `:param` segment at the
// first place two templates differ, so "/markets/active" wins over "/markets/:id" whatever the
// order of registration.
// Thread rule: configure on one thread before the server starts; afterwards it is read-only and
// safe from any thread. Handlers run on a connection's strand (an I/O thread): they must not
// block — hand slow work elsewhere and answer through the Responder later.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_request.h"
#include "net/http_response.h"
#include "net/responder.h"

namespace probex::net {

class WebSocketSession;

// Answers one request; call `respond` exactly once, from any thread, now or later. `req` stays
// valid until then.
using HttpHandler = std::function<void(HttpRequest& req, Responder respond)>;
// Runs before the upgrade completes: set the session's callbacks, or Reject() it.
using WebSocketHandler =
    std::function<void(HttpRequest& req, const std::shared_ptr<WebSocketSession>& ws)>;
// Renders an error in the service's shape. `error_type` is a short name ("NotFound",
// "MethodNotAllowed", "PayloadTooLarge", "RateLimited", "UpgradeRequired", "BadRequest", ...).
using ErrorFormatter =
    std::function<HttpResponse(int status, std::string_view error_type, std::string_view message)>;

struct RouteOptions {
  // Names of rate rules (set on the server's RateLimiter) that each request must pass, in order.
  std::vector<std::string> rate_rules{};
  // The rate-limit key for this route; empty → the router's key function (default: client IP).
  std::function<std::string(const HttpRequest&)> rate_key{};
};

// The venue's shape: {"error": error_type, "message": message}.
HttpResponse VenueErrorFormatter(int status, std::string_view error_type, std::string_view message);

class Router {
 public:
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool is_param = false;
  };
  struct Route {
    std::string method;  // "GET"; WebSocket routes are "GET" with a websocket handler
    std::string path_template;
    std::vector<Segment> segments;
    HttpHandler handler;
    WebSocketHandler websocket_handler;
    RouteOptions options;
  };
  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed };
    Kind kind = Kind::kNotFound;
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::string allow;  // for kMethodNotAllowed: "GET, POST"
  };

  explicit Router(ErrorFormatter error_formatter = VenueErrorFormatter);

  // Registering the same method and template twice is a programming error and aborts.
  Router& Add(std::string_view method, std::string_view path_template, HttpHandler handler,
              RouteOptions options = {});
  Router& Get(std::string_view path, HttpHandler h, RouteOptions o = {}) {
    return Add("GET", path, std::move(h), std::move(o));
  }
  Router& Post(std::string_view path, HttpHandler h, RouteOptions o = {}) {
    return Add("POST", path, std::move(h), std::move(o));
  }
  Router& Put(std::string_view path, HttpHandler h, RouteOptions o = {}) {
    return Add("PUT", path, std::move(h), std::move(o));
  }
  Router& Patch(std::string_view path, HttpHandler h, RouteOptions o = {}) {
    return Add("PATCH", path, std::move(h), std::move(o));
  }
  Router& Delete(std::string_view path, HttpHandler h, RouteOptions o = {}) {
    return Add("DELETE", path, std::move(h), std::move(o));
  }
  Router& AddWebSocket(std::string_view path_template, WebSocketHandler handler,
                       RouteOptions options = {});

  Match Find(std::string_view method, const std::vector<std::string>& segments) const;
  HttpResponse Error(int status, std::string_view error_type, std::string_view message) const {
    return error_formatter_(status, error_type, message);
  }
  const ErrorFormatter& error_formatter() const { return error_formatter_; }
  const std::vector<Route>& routes() const { return routes_; }

 private:
  ErrorFormatter error_formatter_;
  std::vector<Route> routes_;
};

// Splits a template or path on '/' ("/a/:b" → {"a", ":b"}; "/" → {}).
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace probex::net
