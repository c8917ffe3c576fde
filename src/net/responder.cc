#include "net/responder.h"

#include <utility>

namespace probex::net {

Responder& Responder::operator=(Responder&& other) noexcept {
  if (this != &other) {
    Abandon();
    target_ = std::move(other.target_);
    gate_ = std::move(other.gate_);
  }
  return *this;
}

Responder::~Responder() { Abandon(); }

void Responder::Abandon() {
  if (!gate_) return;
  HttpResponse response = HttpResponse::Text(500, "handler dropped the request\n");
  (*this)(std::move(response));
}

void Responder::operator()(HttpResponse response) {
  if (!gate_) return;
  std::shared_ptr<ServerGate> gate = std::move(gate_);
  gate_.reset();
  std::lock_guard lock(gate->mu);
  if (!gate->open) return;
  if (auto target = target_.lock()) target->Deliver(std::move(response));
  target_.reset();
}

std::shared_ptr<SseStream> Responder::OpenEventStream(SseOptions options,
                                                      std::string_view last_event_id) {
  if (!gate_) return nullptr;
  std::shared_ptr<ServerGate> gate = std::move(gate_);
  gate_.reset();
  std::lock_guard lock(gate->mu);
  auto target = target_.lock();
  target_.reset();
  if (!gate->open || !target) {
    // The connection is gone: a stream that is already closed.
    auto stream = std::make_shared<SseStream>(nullptr, boost::asio::any_io_executor(), options,
                                              std::string(last_event_id));
    stream->MarkClosed();
    return stream;
  }
  auto stream = std::make_shared<SseStream>(target->keepalive(), target->executor(), options,
                                            std::string(last_event_id));
  target->DeliverStream(stream);
  return stream;
}

}  // namespace probex::net
