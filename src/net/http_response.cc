#include "net/http_response.h"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>
#include <ostream>

namespace probex::net {

HttpResponse HttpResponse::Json(int status, std::string json) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(json);
  return r;
}

HttpResponse HttpResponse::Text(int status, std::string text, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(text);
  return r;
}

HttpResponse HttpResponse::Empty(int status) {
  HttpResponse r;
  r.status = status;
  r.content_type.clear();
  return r;
}

HttpResponse& HttpResponse::SetHeader(std::string_view name, std::string value) {
  for (auto& [n, v] : headers) {
    if (boost::beast::iequals(n, name)) {
      v = std::move(value);
      return *this;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
  return *this;
}

std::string_view HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (boost::beast::iequals(n, name)) return v;
  }
  return {};
}

std::string_view StatusReason(int status) {
  auto reason = boost::beast::http::obsolete_reason(
      static_cast<boost::beast::http::status>(static_cast<unsigned>(status)));
  return std::string_view(reason.data(), reason.size());
}

}  // namespace probex::net
