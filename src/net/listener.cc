#include "net/listener.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <cstdio>

#include "net/connection_slot.h"
#include "net/http_session.h"
#include "net/server_context.h"

namespace probex::net {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& ioc, std::shared_ptr<ServerContext> context)
    : ioc_(ioc), strand_(net::make_strand(ioc)), acceptor_(strand_), context_(std::move(context)) {}

Status Listener::Open(const tcp::endpoint& endpoint) {
  beast::error_code ec;
  auto fail = [&](const char* what) {
    return MakeError("listen_failed", std::string(what) + " " + endpoint.address().to_string() +
                                          ":" + std::to_string(endpoint.port()) + ": " +
                                          ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (ec) return fail("set_option");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  port_ = acceptor_.local_endpoint(ec).port();
  return OkStatus();
}

void Listener::Run() {
  net::dispatch(strand_, beast::bind_front_handler(&Listener::DoAccept, shared_from_this()));
}

void Listener::Stop() {
  net::post(strand_, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::DoAccept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets its own strand.
  acceptor_.async_accept(net::make_strand(ioc_),
                         beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
}

void Listener::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    std::fprintf(stderr, "accept: %s\n", ec.message().c_str());
    // Too many open files and the like: keep accepting, the condition may pass.
    return DoAccept();
  }
  if (context_->stopping()) return;
  socket.set_option(tcp::no_delay(true), ec);
  auto session = std::make_shared<HttpSession>(std::move(socket), context_);
  std::uint64_t id = context_->Register(session);
  if (id != 0) session->Run(std::make_shared<ConnectionSlot>(context_, id));
  // else: over max_connections; the session is dropped here, which closes the socket.
  DoAccept();
}

}  // namespace probex::net
