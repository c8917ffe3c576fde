#include "net/sse_stream.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <utility>

#include "net/connection_slot.h"
#include "net/server_context.h"

namespace probex::net {

namespace beast = boost::beast;
namespace net = boost::asio;

SseStream::SseStream(std::shared_ptr<void> keepalive, net::any_io_executor executor,
                     SseOptions options, std::string last_event_id)
    : keepalive_(std::move(keepalive)),
      executor_(std::move(executor)),
      options_(options),
      last_event_id_(std::move(last_event_id)) {}

SseStream::~SseStream() = default;

std::string SseStream::Format(const SseEvent& event) {
  std::string out;
  out.reserve(event.event.size() + event.id.size() + event.data.size() + 32);
  // Field values cannot hold line breaks; they are cut at the first one.
  auto single_line = [](std::string_view v) { return v.substr(0, v.find_first_of("\r\n")); };
  if (!event.event.empty()) {
    out += "event: ";
    out += single_line(event.event);
    out += '\n';
  }
  if (!event.id.empty()) {
    out += "id: ";
    out += single_line(event.id);
    out += '\n';
  }
  std::string_view data = event.data;
  // Every line of data (split on \n, \r\n or \r) gets its own "data:" prefix.
  while (true) {
    std::size_t end = data.find_first_of("\r\n");
    out += "data: ";
    out += data.substr(0, end);
    out += '\n';
    if (end == std::string_view::npos) break;
    std::size_t next = end + 1;
    if (data[end] == '\r' && next < data.size() && data[next] == '\n') ++next;
    data.remove_prefix(next);
  }
  out += '\n';
  return out;
}

bool SseStream::Send(const SseEvent& event) { return Enqueue(Format(event)); }

bool SseStream::SendComment(std::string_view text) {
  std::string line = ": ";
  line += text.substr(0, text.find_first_of("\r\n"));
  line += "\n\n";
  return Enqueue(std::move(line));
}

std::size_t SseStream::queued_bytes() const {
  std::lock_guard lock(mu_);
  return queued_bytes_;
}

bool SseStream::Enqueue(std::string bytes) {
  bool start_write = false;
  {
    std::lock_guard lock(mu_);
    if (closed_.load() || closing_) return false;
    if (queued_bytes_ + bytes.size() > options_.max_queued_bytes) {
      // The consumer fell behind: drop it rather than buffer without bound.
      closed_.store(true);
      queue_.clear();
      queued_bytes_ = 0;
      net::post(executor_,
                [self = shared_from_this()] { self->Finish(SseCloseReason::kConsumerTooSlow); });
      return false;
    }
    queued_bytes_ += bytes.size();
    queue_.push_back(std::move(bytes));
    if (!write_scheduled_ && stream_attached_) {
      write_scheduled_ = true;
      start_write = true;
    }
  }
  if (start_write) net::post(executor_, [self = shared_from_this()] { self->DoWrite(); });
  return true;
}

void SseStream::Close() {
  bool start_write = false;
  {
    std::lock_guard lock(mu_);
    if (closed_.load() || closing_) return;
    closing_ = true;
    if (!write_scheduled_ && stream_attached_) {
      write_scheduled_ = true;
      start_write = true;
    }
  }
  if (start_write) net::post(executor_, [self = shared_from_this()] { self->DoWrite(); });
}

void SseStream::SetOnClose(std::function<void(SseCloseReason)> on_close) {
  std::unique_lock lock(mu_);
  if (!on_close_taken_) {
    on_close_ = std::move(on_close);
    return;
  }
  SseCloseReason reason = final_reason_;
  lock.unlock();
  if (!executor_) {
    on_close(reason);
    return;
  }
  net::post(executor_, [cb = std::move(on_close), reason] { cb(reason); });
}

void SseStream::MarkClosed() {
  std::lock_guard lock(mu_);
  closed_.store(true);
  on_close_taken_ = true;
  final_reason_ = SseCloseReason::kClientGone;
}

void SseStream::Attach(beast::tcp_stream stream, std::string head,
                       std::shared_ptr<ConnectionSlot> slot) {
  // On the strand.
  stream_.emplace(std::move(stream));
  slot_ = std::move(slot);
  if (finished_) {  // overflowed and finished before the socket arrived
    beast::error_code ignored;
    stream_->socket().close(ignored);
    stream_.reset();
    slot_->Release();
    return;
  }
  slot_->Rebind(shared_from_this());
  slot_->context().StreamOpened(ServerContext::StreamKind::kSse);
  subscribed_ = true;
  {
    std::lock_guard lock(mu_);
    queued_bytes_ += head.size();
    queue_.push_front(std::move(head));
    stream_attached_ = true;
    write_scheduled_ = true;
  }
  if (closed_.load()) {  // overflowed before the headers could go out
    Finish(SseCloseReason::kConsumerTooSlow);
    return;
  }
  DoWaitPeer();
  if (options_.keepalive_interval.count() > 0) {
    keepalive_timer_.emplace(executor_);
    DoKeepAlive();
  }
  DoWrite();
}

void SseStream::DoWrite() {
  if (finished_) return;
  bool finish = false;
  {
    std::lock_guard lock(mu_);
    writing_.clear();
    if (queue_.empty()) {
      write_scheduled_ = false;
      finish = closing_;
    } else {
      for (auto& chunk : queue_) writing_ += chunk;
      queue_.clear();
      queued_bytes_ = 0;
    }
  }
  if (finish) {
    Finish(SseCloseReason::kClosedByServer);
    return;
  }
  if (writing_.empty()) return;
  stream_->expires_after(options_.write_timeout);
  net::async_write(*stream_, net::buffer(writing_),
                   beast::bind_front_handler(&SseStream::OnWrite, shared_from_this()));
}

void SseStream::OnWrite(beast::error_code ec, std::size_t) {
  if (ec) {
    Finish(ec == beast::error::timeout ? SseCloseReason::kConsumerTooSlow
                                       : SseCloseReason::kClientGone);
    return;
  }
  {
    std::lock_guard lock(mu_);
    write_scheduled_ = true;  // still ours: DoWrite decides whether to continue
  }
  DoWrite();
}

void SseStream::DoWaitPeer() {
  // An SSE client sends nothing after its request; a completed read means it went away.
  stream_->socket().async_read_some(net::buffer(peer_buffer_),
                                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                      if (self->finished_) return;
                                      if (ec) {
                                        self->Finish(SseCloseReason::kClientGone);
                                        return;
                                      }
                                      self->DoWaitPeer();
                                    });
}

void SseStream::DoKeepAlive() {
  keepalive_timer_->expires_after(options_.keepalive_interval);
  keepalive_timer_->async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->finished_) return;
    self->SendComment("ping");
    self->DoKeepAlive();
  });
}

void SseStream::Finish(SseCloseReason reason) {
  if (finished_) return;
  finished_ = true;
  closed_.store(true);
  if (keepalive_timer_) keepalive_timer_->cancel();
  if (stream_) {
    beast::error_code ignored;
    if (reason == SseCloseReason::kClosedByServer) {
      stream_->socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    }
    stream_->socket().close(ignored);
    // Drop the socket now: the owner may keep this object past the server's I/O context.
    // (Beast's pending operations keep what they need alive until they complete.)
    stream_.reset();
  }
  keepalive_timer_.reset();
  std::function<void(SseCloseReason)> on_close;
  {
    std::lock_guard lock(mu_);
    queue_.clear();
    queued_bytes_ = 0;
    on_close = std::move(on_close_);
    on_close_ = nullptr;
    on_close_taken_ = true;
    final_reason_ = reason;
  }
  if (subscribed_) {
    slot_->context().StreamClosed(ServerContext::StreamKind::kSse);
    subscribed_ = false;
  }
  if (slot_) slot_->Release();
  if (on_close) on_close(reason);
}

void SseStream::Shutdown() { Close(); }

void SseStream::ForceClose() {
  if (!executor_) return;
  net::post(executor_,
            [self = shared_from_this()] { self->Finish(SseCloseReason::kClosedByServer); });
}

}  // namespace probex::net
