// HttpResponse: what a handler answers — status, headers, body and content type. The server adds
// Content-Length, Connection, Server and X-Request-Id itself.
// Thread rule: plain value type; build it on any thread and hand it to a Responder.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace probex::net {

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Extra headers, in order. Names are sent as given.
  std::vector<std::pair<std::string, std::string>> headers;

  // A JSON response; `json` must already be serialized JSON text.
  static HttpResponse Json(int status, std::string json);
  static HttpResponse Text(int status, std::string text,
                           std::string content_type = "text/plain; charset=utf-8");
  static HttpResponse Empty(int status);

  // Replaces a header of the same name (case-insensitive) or appends it.
  HttpResponse& SetHeader(std::string_view name, std::string value);
  // The first value of a header (case-insensitive), or empty.
  std::string_view Header(std::string_view name) const;
};

// The reason phrase of a status code ("Not Found"); "Unknown" for codes Beast does not know.
std::string_view StatusReason(int status);

}  // namespace probex::net
