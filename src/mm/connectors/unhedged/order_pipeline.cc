#include "mm/connectors/unhedged/order_pipeline.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "common/clock.h"
#include "common/thread_attributes.h"

namespace probex::mm::unhedged {

namespace http = boost::beast::http;

struct OrderPipeline::Lane {
  std::mutex mu;
  int fd = -1;
  std::string out;  // bytes written by a caller that the kernel did not take yet
  struct Pending {
    std::uint64_t tag;
    std::int64_t sent_ns;
  };
  std::deque<Pending> pending;
  std::string in;  // received, not yet parsed
  std::optional<http::response_parser<http::string_body>> parser;
  std::int64_t progress_ns = 0;  // the last answer, or the write that ended an idle spell
};

OrderPipeline::OrderPipeline(PipelineOptions options, Handler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {
  for (int i = 0; i < std::max(1, options_.lanes); ++i) lanes_.push_back(std::make_unique<Lane>());
  if (::pipe2(wake_, O_NONBLOCK | O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
  reader_ = std::thread([this] { Run(); });
}

OrderPipeline::~OrderPipeline() {
  Stop();
  if (wake_[0] >= 0) ::close(wake_[0]);
  if (wake_[1] >= 0) ::close(wake_[1]);
}

void OrderPipeline::Stop() {
  if (stopping_.exchange(true)) return;
  Wake();
  if (reader_.joinable()) reader_.join();
  for (auto& lane : lanes_) {
    std::lock_guard lock(lane->mu);
    if (lane->fd >= 0) ::close(lane->fd);
    lane->fd = -1;
    lane->pending.clear();
  }
}

void OrderPipeline::Wake() {
  if (wake_[1] < 0) return;
  const char c = 1;
  [[maybe_unused]] auto n = ::write(wake_[1], &c, 1);
}

bool OrderPipeline::ConnectLocked(Lane& lane) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(options_.port);
  if (::inet_pton(AF_INET, options_.host.c_str(), &addr.sin_addr) != 1) {
    addrinfo* res = nullptr;
    if (::getaddrinfo(options_.host.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) {
      return false;
    }
    addr.sin_addr = reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr;
    ::freeaddrinfo(res);
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS) {
      ::close(fd);
      return false;
    }
    pollfd p{fd, POLLOUT, 0};
    int err = 0;
    socklen_t len = sizeof err;
    if (::poll(&p, 1, static_cast<int>(options_.connect_timeout.count())) != 1 ||
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      ::close(fd);
      return false;
    }
  }
  lane.fd = fd;
  lane.out.clear();
  lane.in.clear();
  lane.parser.reset();
  Wake();  // the reader polls the new socket
  return true;
}

void OrderPipeline::CloseLocked(Lane& lane, std::vector<Completion>& out, const std::string& why) {
  if (lane.fd >= 0) ::close(lane.fd);
  lane.fd = -1;
  lane.out.clear();
  lane.in.clear();
  lane.parser.reset();
  for (const auto& p : lane.pending) {
    out.emplace_back();
    out.back().tag = p.tag;
    out.back().response = MakeError("connection_closed", why);
  }
  lane.pending.clear();
}

bool OrderPipeline::Write(int lane_index, std::string_view bytes,
                          const std::vector<std::uint64_t>& tags) {
  if (stopping_) return false;
  Lane& lane = *lanes_[static_cast<std::size_t>(lane_index) % lanes_.size()];
  std::vector<Completion> failed;
  bool written = true;
  {
    std::lock_guard lock(lane.mu);
    if (lane.fd < 0 && !ConnectLocked(lane)) return false;
    std::size_t sent = 0;
    if (lane.out.empty()) {
      const ssize_t n = ::send(lane.fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
        // Nothing of these was written; what is pending on the lane may have been processed.
        CloseLocked(lane, failed, std::string("send: ") + std::strerror(errno));
        written = false;
      } else {
        sent = n < 0 ? 0 : static_cast<std::size_t>(n);
      }
    }
    if (written) {
      const std::int64_t now = MonotonicNanos();
      if (lane.pending.empty()) lane.progress_ns = now;
      for (std::uint64_t tag : tags) lane.pending.push_back({tag, now});
      if (sent < bytes.size()) {
        lane.out.append(bytes.substr(sent));
        Wake();
      }
    }
  }
  if (!failed.empty()) handler_(std::move(failed));
  return written;
}

void OrderPipeline::ReadLocked(Lane& lane, std::vector<Completion>& out) {
  char buf[65536];
  bool eof = false;
  for (;;) {
    const ssize_t n = ::recv(lane.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      lane.in.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      eof = true;  // parse what came before the close first
      break;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    if (errno == EINTR) continue;
    return CloseLocked(lane, out, std::string("recv: ") + std::strerror(errno));
  }
  std::size_t off = 0;
  while (off < lane.in.size()) {
    if (!lane.parser) {
      lane.parser.emplace();
      lane.parser->eager(true);
      lane.parser->body_limit(64 << 20);
    }
    boost::beast::error_code ec;
    const std::size_t used =
        lane.parser->put(boost::asio::buffer(lane.in.data() + off, lane.in.size() - off), ec);
    off += used;
    if (ec == http::error::need_more) break;
    if (ec) {
      lane.in.clear();
      return CloseLocked(lane, out, "unreadable answer: " + ec.message());
    }
    if (!lane.parser->is_done()) {
      if (used == 0) break;
      continue;
    }
    auto res = lane.parser->release();
    lane.parser.reset();
    if (lane.pending.empty()) {
      lane.in.clear();
      return CloseLocked(lane, out, "an answer nobody asked for");
    }
    const std::uint64_t tag = lane.pending.front().tag;
    lane.pending.pop_front();
    lane.progress_ns = MonotonicNanos();
    net::JsonResponse r;
    r.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    r.body = std::move(res.body());
    if (auto doc = net::ParseJson(r.body); doc.ok()) r.json = std::move(*doc);
    out.emplace_back();
    out.back().tag = tag;
    out.back().response = std::move(r);
  }
  lane.in.erase(0, off);
  if (eof) CloseLocked(lane, out, "the venue closed the connection");
}

void OrderPipeline::Run() {
  if (Status st = SetRealtimePriority(options_.realtime_priority); !st.ok()) {
    std::fprintf(stderr, "probex mm: order reader thread: %s\n", st.error().message.c_str());
  }
  std::vector<pollfd> fds;
  std::vector<std::size_t> which;
  while (!stopping_) {
    fds.clear();
    which.clear();
    fds.push_back({wake_[0], POLLIN, 0});
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      std::lock_guard lock(lanes_[i]->mu);
      if (lanes_[i]->fd < 0) continue;
      fds.push_back(
          {lanes_[i]->fd, static_cast<short>(POLLIN | (lanes_[i]->out.empty() ? 0 : POLLOUT)), 0});
      which.push_back(i);
    }
    if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) break;
    if (fds[0].revents != 0) {
      char drain[256];
      while (::read(wake_[0], drain, sizeof drain) > 0) {
      }
    }
    std::vector<Completion> done;
    const std::int64_t now = MonotonicNanos();
    const std::int64_t timeout_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(options_.request_timeout).count();
    for (std::size_t k = 1; k < fds.size(); ++k) {
      Lane& lane = *lanes_[which[k - 1]];
      std::lock_guard lock(lane.mu);
      if (lane.fd != fds[k].fd) continue;  // closed (and maybe reopened) meanwhile
      const short ev = fds[k].revents;
      if ((ev & POLLOUT) != 0 && !lane.out.empty()) {
        const ssize_t n =
            ::send(lane.fd, lane.out.data(), lane.out.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
          lane.out.erase(0, static_cast<std::size_t>(n));
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
          CloseLocked(lane, done, std::string("send: ") + std::strerror(errno));
          continue;
        }
      }
      if ((ev & (POLLIN | POLLHUP | POLLERR)) != 0) {
        ReadLocked(lane, done);
        if (lane.fd >= 0 && (ev & (POLLHUP | POLLERR)) != 0) {
          CloseLocked(lane, done, "the venue closed the connection");
          continue;
        }
      }
    }
    for (auto& lane_ptr : lanes_) {
      Lane& lane = *lane_ptr;
      std::lock_guard lock(lane.mu);
      if (lane.fd >= 0 && !lane.pending.empty() && now - lane.progress_ns > timeout_ns) {
        CloseLocked(lane, done, "no answer within the request timeout");
      }
    }
    if (!done.empty()) handler_(std::move(done));
  }
}

}  // namespace probex::mm::unhedged
