// HttpClient: a synchronous HTTP/1.1 client on Boost.Beast for connectors and tests (plain
// HTTP; no TLS). Each client owns its io_context and one keep-alive connection to one host,
// reused across requests. A connection the server closed while idle is noticed before reuse and
// replaced transparently. If a reused connection fails after the request was written, an
// idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) is retried once on a new connection; a
// POST or PATCH is never resent — the call reports "connection_closed", since the server may
// have received it. Connect and request (write + read) timeouts are always applied.
//
// Error codes: invalid_url, connect_failed, timeout, connection_closed, http_error,
// body_too_large, invalid_json (Json calls on a body that is not JSON).
// Thread rule: not thread-safe; use one instance per thread (or guard it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "net/http_response.h"
#include "net/json.h"

namespace probex::net {

// Header name/value pairs, in order; names compare case-insensitively.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (case-insensitive), if any.
std::optional<std::string_view> FindHeader(const HttpHeaders& headers, std::string_view name);

// "http://host:port/path?query" → parts; the port defaults to 80, the target to "/".
struct HttpUrl {
  std::string host;
  std::uint16_t port = 80;
  std::string target = "/";
};
Result<HttpUrl> ParseHttpUrl(std::string_view url);

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds request_timeout{30'000};  // writing the request + reading the answer
  std::size_t max_body_bytes = 64 << 20;
  std::string user_agent = "probex-http-client";
};

// Responses are net/http_response.h's HttpResponse (shared with the server): status, every
// received header in order, content_type (the Content-Type header, "" when absent), body.

// A response whose body parsed as JSON.
struct JsonResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  ParsedJson json;

  // The first value of a header (case-insensitive), or empty.
  std::string_view Header(std::string_view name) const {
    return FindHeader(headers, name).value_or(std::string_view());
  }
};

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sent with every request (a request's own header of the same name replaces it).
  void SetDefaultHeader(std::string name, std::string value);

  // Any method ("GET", "POST", "PUT", "PATCH", "DELETE", ...). `content_type` is sent when the
  // body is not empty.
  Result<HttpResponse> Request(std::string_view method, std::string_view target,
                               std::string_view body = {}, const HttpHeaders& headers = {},
                               std::string_view content_type = "application/json");
  Result<HttpResponse> Get(std::string_view target, const HttpHeaders& headers = {});
  Result<HttpResponse> Post(std::string_view target, std::string_view body,
                            const HttpHeaders& headers = {},
                            std::string_view content_type = "application/json");

  // As Request, then the body parsed with ParseJson (an empty body is an error too).
  Result<JsonResponse> SendJson(std::string_view method, std::string_view target,
                                std::string_view json_body = {}, const HttpHeaders& headers = {});
  Result<JsonResponse> GetJson(std::string_view target, const HttpHeaders& headers = {});
  Result<JsonResponse> PostJson(std::string_view target, std::string_view json_body,
                                const HttpHeaders& headers = {});

  // Closes the connection (the next request opens a new one).
  void Close();
  bool connected() const;
  // Connections opened so far (keep-alive reuse keeps this at 1).
  std::uint64_t connections_opened() const { return connections_opened_; }
  const std::string& host() const { return host_; }
  std::uint16_t port() const { return port_; }

 private:
  struct Impl;

  std::string host_;
  std::uint16_t port_;
  HttpClientOptions options_;
  HttpHeaders default_headers_;
  std::uint64_t connections_opened_ = 0;
  std::unique_ptr<Impl> impl_;
};

}  // namespace probex::net
