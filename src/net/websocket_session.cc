#include "net/websocket_session.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <utility>

#include "net/connection_slot.h"
#include "net/server_context.h"

namespace probex::net {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

WebSocketSession::WebSocketSession(std::shared_ptr<void> keepalive, net::any_io_executor executor,
                                   std::string remote_address, std::string request_id)
    : keepalive_(std::move(keepalive)),
      executor_(std::move(executor)),
      remote_address_(std::move(remote_address)),
      request_id_(std::move(request_id)) {}

WebSocketSession::~WebSocketSession() = default;

void WebSocketSession::SetOnMessage(MessageCallback on_message) {
  std::lock_guard lock(mu_);
  on_message_ = std::move(on_message);
}

void WebSocketSession::SetOnClose(CloseCallback on_close) {
  std::unique_lock lock(mu_);
  if (!on_close_taken_) {
    on_close_ = std::move(on_close);
    return;
  }
  std::uint16_t code = final_code_;
  std::string reason = final_reason_;
  lock.unlock();
  net::post(executor_, [cb = std::move(on_close), code, reason] { cb(code, reason); });
}

bool WebSocketSession::Send(std::string text) {
  bool start_write = false;
  {
    std::lock_guard lock(mu_);
    if (closed_.load() || close_request_) return false;
    if (queued_bytes_ + text.size() > options_.max_queued_bytes) {
      // The consumer fell behind: drop it rather than buffer without bound.
      closed_.store(true);
      queue_.clear();
      queued_bytes_ = 0;
      net::post(executor_, [self = shared_from_this()] {
        self->Finish(close_code::kTryAgainLater, "outbound queue full");
      });
      return false;
    }
    queued_bytes_ += text.size();
    queue_.push_back(std::move(text));
    if (open_ && !write_scheduled_) {
      write_scheduled_ = true;
      start_write = true;
    }
  }
  if (start_write) net::post(executor_, [self = shared_from_this()] { self->DoWrite(); });
  return true;
}

void WebSocketSession::Close(std::uint16_t code, std::string reason) {
  bool start_write = false;
  {
    std::lock_guard lock(mu_);
    if (closed_.load() || close_request_) return;
    close_request_.emplace(code, std::move(reason));
    if (open_ && !write_scheduled_) {
      write_scheduled_ = true;
      start_write = true;
    }
  }
  if (start_write) net::post(executor_, [self = shared_from_this()] { self->DoWrite(); });
}

void WebSocketSession::Attach(beast::tcp_stream stream, HttpRequest::BeastRequest request,
                              std::shared_ptr<ConnectionSlot> slot) {
  // On the strand.
  ws_.emplace(std::move(stream));
  request_ = std::move(request);
  slot_ = std::move(slot);
  if (finished_) {
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
    ws_.reset();
    slot_->Release();
    return;
  }
  slot_->Rebind(shared_from_this());
  beast::get_lowest_layer(*ws_).expires_never();
  websocket::stream_base::timeout timeout;
  timeout.handshake_timeout = options_.handshake_timeout;
  timeout.idle_timeout = options_.idle_timeout;
  timeout.keep_alive_pings = true;
  ws_->set_option(timeout);
  ws_->read_message_max(options_.max_message_bytes);
  std::string server_name = slot_->context().options().server_name;
  ws_->set_option(websocket::stream_base::decorator([server_name](websocket::response_type& res) {
    res.set(beast::http::field::server, server_name);
  }));
  ws_->async_accept(request_,
                    beast::bind_front_handler(&WebSocketSession::OnAccept, shared_from_this()));
}

void WebSocketSession::OnAccept(beast::error_code ec) {
  if (ec) return Finish(close_code::kAbnormal, "handshake failed: " + ec.message());
  if (finished_) return;
  slot_->context().StreamOpened(ServerContext::StreamKind::kWebSocket);
  subscribed_ = true;
  bool start_write = false;
  {
    std::lock_guard lock(mu_);
    open_ = true;
    if ((!queue_.empty() || close_request_) && !write_scheduled_) {
      write_scheduled_ = true;
      start_write = true;
    }
  }
  DoRead();
  if (start_write) DoWrite();
}

void WebSocketSession::DoRead() {
  ws_->async_read(read_buffer_,
                  beast::bind_front_handler(&WebSocketSession::OnRead, shared_from_this()));
}

void WebSocketSession::OnRead(beast::error_code ec, std::size_t) {
  if (finished_) return;
  if (ec == websocket::error::closed) {
    const websocket::close_reason& peer = ws_->reason();
    if (close_sent_) {
      std::lock_guard lock(mu_);
      if (close_request_) {
        std::uint16_t code = close_request_->first;
        std::string reason = close_request_->second;
        return Finish(code, std::move(reason));
      }
    }
    return Finish(static_cast<std::uint16_t>(peer.code),
                  std::string(peer.reason.data(), peer.reason.size()));
  }
  if (ec == websocket::error::message_too_big)
    return Finish(close_code::kTooBig, "message too big");
  if (ec) return Finish(close_code::kAbnormal, ec.message());
  std::string message = beast::buffers_to_string(read_buffer_.data());
  read_buffer_.consume(read_buffer_.size());
  bool binary = ws_->got_binary();
  MessageCallback on_message;
  {
    std::lock_guard lock(mu_);
    on_message = on_message_;
  }
  if (on_message) on_message(std::move(message), binary);
  DoRead();
}

void WebSocketSession::DoWrite() {
  if (finished_) return;
  std::optional<std::pair<std::uint16_t, std::string>> close;
  {
    std::lock_guard lock(mu_);
    if (queue_.empty()) {
      if (close_request_ && !close_sent_) {
        close = close_request_;
      } else {
        write_scheduled_ = false;
        return;
      }
    } else {
      writing_ = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= writing_.size();
    }
  }
  if (close) {
    close_sent_ = true;
    websocket::close_reason reason(static_cast<websocket::close_code>(close->first));
    reason.reason = close->second;
    ws_->async_close(reason,
                     beast::bind_front_handler(&WebSocketSession::OnClose, shared_from_this()));
    return;
  }
  ws_->text(true);
  ws_->async_write(net::buffer(writing_),
                   beast::bind_front_handler(&WebSocketSession::OnWrite, shared_from_this()));
}

void WebSocketSession::OnWrite(beast::error_code ec, std::size_t) {
  if (ec) return Finish(close_code::kAbnormal, ec.message());
  DoWrite();
}

void WebSocketSession::OnClose(beast::error_code ec) {
  std::pair<std::uint16_t, std::string> ours;
  {
    std::lock_guard lock(mu_);
    ours = *close_request_;
  }
  if (ec) return Finish(close_code::kAbnormal, ec.message());
  Finish(ours.first, std::move(ours.second));
}

void WebSocketSession::Finish(std::uint16_t code, std::string reason) {
  if (finished_) return;
  finished_ = true;
  closed_.store(true);
  if (ws_) {
    beast::error_code ignored;
    beast::get_lowest_layer(*ws_).socket().close(ignored);
    // Drop the socket now: the owner may keep this object past the server's I/O context.
    // (Beast's pending operations hold what they need until they complete.)
    ws_.reset();
  }
  CloseCallback on_close;
  {
    std::lock_guard lock(mu_);
    queue_.clear();
    queued_bytes_ = 0;
    on_close = std::move(on_close_);
    on_close_ = nullptr;
    on_message_ = nullptr;
    on_close_taken_ = true;
    final_code_ = code;
    final_reason_ = reason;
  }
  if (subscribed_) {
    slot_->context().StreamClosed(ServerContext::StreamKind::kWebSocket);
    subscribed_ = false;
  }
  if (slot_) slot_->Release();
  if (on_close) on_close(code, reason);
}

void WebSocketSession::Shutdown() { Close(close_code::kGoingAway, "server shutting down"); }

void WebSocketSession::ForceClose() {
  net::post(executor_,
            [self = shared_from_this()] { self->Finish(close_code::kAbnormal, "server stopped"); });
}

}  // namespace probex::net
