// HttpRequest: one parsed HTTP request as a handler sees it — method, decoded path, path
// parameters from the route template, decoded query parameters (multi-valued), headers
// (case-insensitive), body, remote address and the request id.
// Thread rule: not synchronized. The server builds it on the connection's strand; a handler may
// read it from any thread until it calls its Responder (the request lives until then).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace probex::net {

class HttpRequest {
 public:
  using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

  HttpRequest() = default;
  // Parses the target (origin form, percent-decoding path segments and query parameters, '+' as
  // space in the query). An unparsable target is an error naming it.
  static Result<HttpRequest> FromBeast(BeastRequest message, std::string remote_address,
                                       std::string request_id);

  std::string_view method() const { return method_; }
  // The decoded path ("/api/v1/markets/a b"); segments() holds it split on '/'.
  const std::string& path() const { return path_; }
  const std::vector<std::string>& segments() const { return segments_; }
  // The raw request target as received ("/api/v1/markets?status=ACTIVE").
  std::string_view target() const;

  // A `:name` parameter of the matched route template.
  std::optional<std::string_view> PathParam(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& path_params() const {
    return path_params_;
  }

  // The first value of a query parameter; std::nullopt when absent ("?a" gives "").
  std::optional<std::string_view> Query(std::string_view name) const;
  // Every value of a repeated query parameter, in order.
  std::vector<std::string_view> QueryAll(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& query_params() const {
    return query_params_;
  }

  // A header's value (case-insensitive name); std::nullopt when absent.
  std::optional<std::string_view> Header(std::string_view name) const;
  const std::string& body() const { return message_.body(); }
  bool keep_alive() const { return message_.keep_alive(); }
  const BeastRequest& message() const { return message_; }

  // The peer's IP address as text ("127.0.0.1").
  const std::string& remote_address() const { return remote_address_; }
  const std::string& request_id() const { return request_id_; }
  // The template of the matched route ("/api/v1/markets/:id"), empty before routing.
  const std::string& route() const { return route_; }

  // Set by the router.
  void SetRoute(std::string route, std::vector<std::pair<std::string, std::string>> params) {
    route_ = std::move(route);
    path_params_ = std::move(params);
  }

 private:
  BeastRequest message_;
  std::string method_;
  std::string path_;
  std::vector<std::string> segments_;
  std::vector<std::pair<std::string, std::string>> path_params_;
  std::vector<std::pair<std::string, std::string>> query_params_;
  std::string remote_address_;
  std::string request_id_;
  std::string route_;
};

}  // namespace probex::net
