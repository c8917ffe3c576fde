#include "net/connection_slot.h"

#include "net/server_context.h"

namespace probex::net {

void ConnectionSlot::Rebind(std::shared_ptr<Connection> connection) {
  context_->Rebind(id_, std::move(connection));
}

void ConnectionSlot::Release() {
  if (released_) return;
  released_ = true;
  context_->Unregister(id_);
}

}  // namespace probex::net
