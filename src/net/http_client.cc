#include "net/http_client.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <optional>

namespace probex::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20) || x == y;
         });
}

bool IsIdempotent(http::verb v) {
  switch (v) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::put:
    case http::verb::delete_:
    case http::verb::options:
    case http::verb::trace:
      return true;
    default:
      return false;
  }
}

// The peer closed or reset the connection: the usual way a stale keep-alive connection fails.
bool IsConnectionLoss(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == http::error::partial_message;
}

std::string Millis(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

}  // namespace

std::optional<std::string_view> FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    return MakeError("invalid_url", "'" + std::string(url) + "' is not a valid URL");
  }
  const boost::urls::url_view& u = *parsed;
  if (u.scheme() != "http" && u.scheme() != "ws") {
    return MakeError("invalid_url", "'" + std::string(url) + "': only http:// and ws:// URLs");
  }
  HttpUrl out;
  out.host = std::string(u.host_address());
  if (out.host.empty()) return MakeError("invalid_url", "'" + std::string(url) + "' has no host");
  if (u.has_port()) {
    if (u.port_number() == 0) {
      return MakeError("invalid_url", "'" + std::string(url) + "' has an invalid port");
    }
    out.port = u.port_number();
  }
  std::string target(u.encoded_path());
  if (target.empty()) target = "/";
  if (u.has_query()) target += "?" + std::string(u.encoded_query());
  out.target = std::move(target);
  return out;
}

struct HttpClient::Impl {
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  // Runs the io_context until `done` (every operation started has a timeout, so it ends).
  template <typename Done>
  void RunUntil(Done done) {
    while (!done()) {
      if (ioc.stopped()) ioc.restart();
      ioc.run_one();
    }
  }

  void CloseStream() {
    if (!stream) return;
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->socket().close(ignored);
    stream.reset();
    buffer.clear();
  }

  // Whether an idle connection can be reused: the server has not closed it and sent nothing.
  bool IdleConnectionAlive() {
    if (!stream || !stream->socket().is_open() || buffer.size() > 0) return false;
    tcp::socket& socket = stream->socket();
    beast::error_code ec;
    socket.non_blocking(true, ec);
    if (ec) return false;
    char c;
    socket.read_some(asio::buffer(&c, 1), ec);
    beast::error_code ignored;
    socket.non_blocking(false, ignored);
    return ec == asio::error::would_block || ec == asio::error::try_again;
  }

  Status Connect(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout) {
    CloseStream();
    std::vector<tcp::endpoint> endpoints;
    beast::error_code ec;
    asio::ip::address address = asio::ip::make_address(host, ec);
    if (!ec) {
      endpoints.emplace_back(address, port);
    } else {
      tcp::resolver resolver(ioc);
      asio::steady_timer timer(ioc);
      bool resolved = false;
      timer.expires_after(timeout);
      timer.async_wait([&](beast::error_code tec) {
        if (!tec && !resolved) resolver.cancel();
      });
      resolver.async_resolve(host, std::to_string(port),
                             [&](beast::error_code rec, tcp::resolver::results_type results) {
                               resolved = true;
                               ec = rec;
                               for (const auto& r : results) endpoints.push_back(r.endpoint());
                               timer.cancel();
                             });
      ioc.restart();
      ioc.run();  // both handlers finish: they refer to these locals
      if (ec) {
        return MakeError("connect_failed", "cannot resolve " + host + ": " + ec.message());
      }
    }
    stream.emplace(ioc);
    stream->expires_after(timeout);
    bool done = false;
    stream->async_connect(endpoints, [&](beast::error_code cec, const tcp::endpoint&) {
      ec = cec;
      done = true;
    });
    RunUntil([&] { return done; });
    if (ec) {
      CloseStream();
      std::string where = host + ":" + std::to_string(port);
      if (ec == beast::error::timeout) {
        return MakeError("timeout",
                         "connecting to " + where + " took longer than " + Millis(timeout));
      }
      return MakeError("connect_failed", "cannot connect to " + where + ": " + ec.message());
    }
    stream->socket().set_option(tcp::no_delay(true), ec);
    return OkStatus();
  }
};

HttpClient::HttpClient(std::string host, std::uint16_t port, HttpClientOptions options)
    : host_(std::move(host)),
      port_(port),
      options_(std::move(options)),
      impl_(std::make_unique<Impl>()) {}

HttpClient::~HttpClient() { Close(); }

void HttpClient::SetDefaultHeader(std::string name, std::string value) {
  for (auto& [k, v] : default_headers_) {
    if (EqualsIgnoreCase(k, name)) {
      v = std::move(value);
      return;
    }
  }
  default_headers_.emplace_back(std::move(name), std::move(value));
}

void HttpClient::Close() { impl_->CloseStream(); }

bool HttpClient::connected() const { return impl_->stream.has_value(); }

Result<HttpResponse> HttpClient::Request(std::string_view method, std::string_view target,
                                         std::string_view body, const HttpHeaders& headers,
                                         std::string_view content_type) {
  const http::verb verb = http::string_to_verb(method);
  if (verb == http::verb::unknown) {
    return MakeError("http_error", "unknown HTTP method " + std::string(method));
  }
  const std::string what = std::string(method) + " " + std::string(target);
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, host_ + ":" + std::to_string(port_));
  req.set(http::field::user_agent, options_.user_agent);
  if (!body.empty() && !content_type.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [k, v] : default_headers_) req.set(k, v);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = std::string(body);
  req.keep_alive(true);
  req.prepare_payload();

  Impl& impl = *impl_;
  for (int attempt = 0;; ++attempt) {
    bool reused = impl.stream.has_value();
    if (reused && !impl.IdleConnectionAlive()) {
      impl.CloseStream();  // closed by the server while idle: nothing was sent on it
      reused = false;
    }
    if (!impl.stream) {
      if (Status s = impl.Connect(host_, port_, options_.connect_timeout); !s.ok()) {
        return s.error();
      }
      ++connections_opened_;
    }
    const bool may_retry = reused && attempt == 0 && IsIdempotent(verb);
    auto lost = [&](const beast::error_code& ec) -> Error {
      return MakeError("connection_closed",
                       what + ": the connection closed before a response (" + ec.message() + ")" +
                           (IsIdempotent(verb) ? std::string()
                                               : "; not retried since the server may have "
                                                 "received the request"));
    };

    beast::error_code ec;
    bool done = false;
    impl.stream->expires_after(options_.request_timeout);
    http::async_write(*impl.stream, req, [&](beast::error_code wec, std::size_t) {
      ec = wec;
      done = true;
    });
    impl.RunUntil([&] { return done; });
    if (ec) {
      impl.CloseStream();
      if (ec == beast::error::timeout) {
        return MakeError("timeout",
                         what + ": no progress within " + Millis(options_.request_timeout));
      }
      if (may_retry && IsConnectionLoss(ec)) continue;
      return lost(ec);
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(options_.max_body_bytes);
    parser.header_limit(64 * 1024);
    done = false;
    http::async_read(*impl.stream, impl.buffer, parser, [&](beast::error_code rec, std::size_t) {
      ec = rec;
      done = true;
    });
    impl.RunUntil([&] { return done; });
    if (ec) {
      bool got_some = parser.got_some();
      impl.CloseStream();
      if (ec == beast::error::timeout) {
        return MakeError("timeout",
                         what + ": no response within " + Millis(options_.request_timeout));
      }
      if (ec == http::error::body_limit) {
        return MakeError("body_too_large", what + ": the response body exceeds " +
                                               std::to_string(options_.max_body_bytes) + " bytes");
      }
      if (IsConnectionLoss(ec)) {
        if (may_retry && !got_some) continue;
        return lost(ec);
      }
      return MakeError("http_error", what + ": invalid response: " + ec.message());
    }

    http::response<http::string_body> res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    if (!res.keep_alive()) impl.CloseStream();
    return out;
  }
}

Result<HttpResponse> HttpClient::Get(std::string_view target, const HttpHeaders& headers) {
  return Request("GET", target, {}, headers);
}

Result<HttpResponse> HttpClient::Post(std::string_view target, std::string_view body,
                                      const HttpHeaders& headers, std::string_view content_type) {
  return Request("POST", target, body, headers, content_type);
}

Result<JsonResponse> HttpClient::SendJson(std::string_view method, std::string_view target,
                                          std::string_view json_body, const HttpHeaders& headers) {
  HttpHeaders with_accept = headers;
  if (!FindHeader(with_accept, "Accept")) with_accept.emplace_back("Accept", "application/json");
  Result<HttpResponse> r = Request(method, target, json_body, with_accept, "application/json");
  if (!r.ok()) return std::move(r).error();
  HttpResponse& res = *r;
  Result<ParsedJson> parsed = ParseJson(res.body);
  if (!parsed.ok()) {
    std::string snippet = res.body.substr(0, 200);
    return MakeError("invalid_json", std::string(method) + " " + std::string(target) + ": HTTP " +
                                         std::to_string(res.status) +
                                         " with a body that is not JSON (" +
                                         parsed.error().message + "): " + snippet);
  }
  JsonResponse out;
  out.status = res.status;
  out.headers = std::move(res.headers);
  out.body = std::move(res.body);
  out.json = std::move(parsed).value();
  return out;
}

Result<JsonResponse> HttpClient::GetJson(std::string_view target, const HttpHeaders& headers) {
  return SendJson("GET", target, {}, headers);
}

Result<JsonResponse> HttpClient::PostJson(std::string_view target, std::string_view json_body,
                                          const HttpHeaders& headers) {
  return SendJson("POST", target, json_body, headers);
}

}  // namespace probex::net
