// Listener: accepts TCP connections and starts an HttpSession on its own strand for each.
// Internal to src/net. Thread rule: Open on one thread before Run; Stop from any thread (posts).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>

#include "common/result.h"

namespace probex::net {

class ServerContext;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& ioc, std::shared_ptr<ServerContext> context);

  // Binds and listens; the error names the address when it fails.
  Status Open(const boost::asio::ip::tcp::endpoint& endpoint);
  std::uint16_t port() const { return port_; }
  void Run();
  // Stops accepting and closes the listening socket.
  void Stop();

 private:
  void DoAccept();
  void OnAccept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<ServerContext> context_;
  std::uint16_t port_ = 0;
};

}  // namespace probex::net
