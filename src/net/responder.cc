#include "net/responder.h"

#include <boost/asio/post.hpp>
#include <iterator>
#include <utility>

namespace probex::net {
namespace {

struct DeferredResponse {
  std::shared_ptr<ResponseTarget> target;
  std::shared_ptr<ServerGate> gate;
  HttpResponse response;
};

struct Deferral {
  int depth = 0;
  std::vector<DeferredResponse> items;
};

thread_local Deferral t_deferral;

}  // namespace

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
  if (t_deferral.depth > 0) {
    if (auto target = target_.lock()) {
      t_deferral.items.push_back(
          DeferredResponse{std::move(target), std::move(gate), std::move(response)});
    }
    target_.reset();
    return;
  }
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

void BeginDeferredResponses() { ++t_deferral.depth; }

void FlushDeferredResponses() {
  if (t_deferral.depth == 0 || --t_deferral.depth > 0) return;
  if (t_deferral.items.empty()) return;
  std::vector<DeferredResponse> items;
  items.swap(t_deferral.items);
  // One post per server (gate); in practice every item belongs to the same one.
  std::size_t begin = 0;
  while (begin < items.size()) {
    std::size_t end = begin + 1;
    while (end < items.size() && items[end].gate == items[begin].gate) ++end;
    std::vector<DeferredResponse> group(std::make_move_iterator(items.begin() + begin),
                                        std::make_move_iterator(items.begin() + end));
    std::shared_ptr<ServerGate> gate = group.front().gate;
    std::lock_guard lock(gate->mu);
    if (gate->open) {
      boost::asio::any_io_executor executor = group.front().target->executor();
      boost::asio::post(executor, [group = std::move(group)]() mutable {
        for (DeferredResponse& item : group) item.target->Deliver(std::move(item.response));
      });
    }
    begin = end;
  }
}

}  // namespace probex::net
