#include "net/router.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <cstdlib>

namespace probex::net {

HttpResponse VenueErrorFormatter(int status, std::string_view error_type,
                                 std::string_view message) {
  boost::json::object body;
  body["error"] = error_type;
  body["message"] = message;
  return HttpResponse::Json(status, boost::json::serialize(body));
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return out;
  while (true) {
    std::size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

Router::Router(ErrorFormatter error_formatter) : error_formatter_(std::move(error_formatter)) {}

namespace {

std::vector<Router::Segment> ParseTemplate(std::string_view path_template) {
  if (!path_template.starts_with('/')) {
    std::fprintf(stderr, "route template must start with '/': %.*s\n",
                 static_cast<int>(path_template.size()), path_template.data());
    std::abort();
  }
  std::vector<Router::Segment> segments;
  for (std::string& s : SplitPath(path_template)) {
    if (s.size() > 1 && s.front() == ':') {
      segments.push_back({s.substr(1), true});
    } else {
      segments.push_back({std::move(s), false});
    }
  }
  return segments;
}

bool SameShape(const std::vector<Router::Segment>& a, const std::vector<Router::Segment>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_param != b[i].is_param) return false;
    if (!a[i].is_param && a[i].text != b[i].text) return false;
  }
  return true;
}

bool Matches(const std::vector<Router::Segment>& route, const std::vector<std::string>& path) {
  if (route.size() != path.size()) return false;
  for (std::size_t i = 0; i < route.size(); ++i) {
    if (!route[i].is_param && route[i].text != path[i]) return false;
    if (route[i].is_param && path[i].empty()) return false;
  }
  return true;
}

// True when `a` is more specific than `b`: a literal where b has a parameter, at the first place
// they differ.
bool MoreSpecific(const std::vector<Router::Segment>& a, const std::vector<Router::Segment>& b) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i].is_param != b[i].is_param) return !a[i].is_param;
  }
  return false;
}

}  // namespace

Router& Router::Add(std::string_view method, std::string_view path_template, HttpHandler handler,
                    RouteOptions options) {
  Route route;
  route.method = std::string(method);
  route.path_template = std::string(path_template);
  route.segments = ParseTemplate(path_template);
  route.handler = std::move(handler);
  route.options = std::move(options);
  for (const Route& r : routes_) {
    if (r.method == route.method && SameShape(r.segments, route.segments)) {
      std::fprintf(stderr, "route registered twice: %s %s (already %s)\n", route.method.c_str(),
                   route.path_template.c_str(), r.path_template.c_str());
      std::abort();
    }
  }
  routes_.push_back(std::move(route));
  return *this;
}

Router& Router::AddWebSocket(std::string_view path_template, WebSocketHandler handler,
                             RouteOptions options) {
  Add("GET", path_template, nullptr, std::move(options));
  routes_.back().websocket_handler = std::move(handler);
  return *this;
}

Router::Match Router::Find(std::string_view method,
                           const std::vector<std::string>& segments) const {
  Match match;
  const Route* best = nullptr;
  const Route* best_get = nullptr;  // HEAD is answered by the GET route (RFC 9110 §9.3.2)
  bool path_known = false;
  std::vector<std::string> allowed;
  for (const Route& r : routes_) {
    if (!Matches(r.segments, segments)) continue;
    path_known = true;
    if (r.method == method) {
      if (!best || MoreSpecific(r.segments, best->segments)) best = &r;
    } else if (method == "HEAD" && r.method == "GET") {
      if (!best_get || MoreSpecific(r.segments, best_get->segments)) best_get = &r;
    }
  }
  if (!path_known) return match;  // kNotFound
  if (best == nullptr) best = best_get;
  if (best == nullptr) {
    // The path exists, but not with this method: list the methods it has (OPTIONS is answered
    // by the server for every known path, HEAD wherever there is a GET).
    allowed.push_back("OPTIONS");
    for (const Route& r : routes_) {
      if (!Matches(r.segments, segments)) continue;
      allowed.push_back(r.method);
      if (r.method == "GET") allowed.push_back("HEAD");
    }
    std::sort(allowed.begin(), allowed.end());
    allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
    match.kind = Match::Kind::kMethodNotAllowed;
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (i > 0) match.allow += ", ";
      match.allow += allowed[i];
    }
    return match;
  }
  match.kind = Match::Kind::kFound;
  match.route = best;
  for (std::size_t i = 0; i < best->segments.size(); ++i) {
    if (best->segments[i].is_param) match.params.emplace_back(best->segments[i].text, segments[i]);
  }
  return match;
}

}  // namespace probex::net
