#include "net/http_request.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace probex::net {

Result<HttpRequest> HttpRequest::FromBeast(BeastRequest message, std::string remote_address,
                                           std::string request_id) {
  HttpRequest req;
  std::string_view target(message.target().data(), message.target().size());
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) {
    return MakeError("BadRequest", "invalid request target '" + std::string(target) + "'");
  }
  const boost::urls::url_view& url = *parsed;
  req.path_.reserve(target.size());
  for (auto segment : url.segments()) {
    req.path_ += '/';
    req.path_ += segment;
    req.segments_.push_back(std::move(segment));
  }
  if (req.path_.empty()) req.path_ = "/";
  if (url.has_query()) {
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    for (auto param : url.params(opts)) {
      req.query_params_.emplace_back(std::move(param.key),
                                     param.has_value ? std::move(param.value) : std::string());
    }
  }
  auto method = message.method_string();
  req.method_.assign(method.data(), method.size());
  req.message_ = std::move(message);
  req.remote_address_ = std::move(remote_address);
  req.request_id_ = std::move(request_id);
  return req;
}

std::string_view HttpRequest::target() const {
  auto t = message_.target();
  return std::string_view(t.data(), t.size());
}

std::optional<std::string_view> HttpRequest::PathParam(std::string_view name) const {
  for (const auto& [k, v] : path_params_) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::Query(std::string_view name) const {
  for (const auto& [k, v] : query_params_) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::vector<std::string_view> HttpRequest::QueryAll(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : query_params_) {
    if (k == name) out.emplace_back(v);
  }
  return out;
}

std::optional<std::string_view> HttpRequest::Header(std::string_view name) const {
  auto it = message_.find(boost::beast::string_view(name.data(), name.size()));
  if (it == message_.end()) return std::nullopt;
  auto v = it->value();
  return std::string_view(v.data(), v.size());
}

}  // namespace probex::net
