// ConnectionSlot: a connection's place in the server — its entry in the live-connection set
// (which Stop() walks) and its share of the open-connections gauge. Moves with the socket when an
// HTTP session hands it to an SSE stream or a WebSocket session. Internal to src/net.
// Thread rule: Rebind and Release are safe from any thread; Release is idempotent.
#pragma once

#include <cstdint>
#include <memory>

#include "net/connection.h"

namespace probex::net {

class ServerContext;

class ConnectionSlot {
 public:
  ConnectionSlot(std::shared_ptr<ServerContext> context, std::uint64_t id)
      : context_(std::move(context)), id_(id) {}
  ~ConnectionSlot() { Release(); }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

  // Makes `connection` the one the server shuts down for this slot.
  void Rebind(std::shared_ptr<Connection> connection);
  // Leaves the live set (the connection is closed).
  void Release();

  ServerContext& context() const { return *context_; }
  std::uint64_t id() const { return id_; }

 private:
  std::shared_ptr<ServerContext> context_;
  std::uint64_t id_;
  bool released_ = false;
};

}  // namespace probex::net
