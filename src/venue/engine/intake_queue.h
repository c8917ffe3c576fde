// IntakeQueue: the bounded multi-producer, single-consumer queue in front of the sequencer.
// Producers push one item at a time (blocking while full, or failing fast with TryPush); the one
// consumer takes everything queued at once, so a busy sequencer pays one lock per burst, not per
// command. Thread rule: Push/TryPush/Close from any thread; PopAll from the consumer only.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

namespace probex::venue::engine {

template <typename T>
class IntakeQueue {
 public:
  enum class PushResult { kOk, kFull, kClosed };

  explicit IntakeQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
    items_.reserve(capacity_);
  }
  IntakeQueue(const IntakeQueue&) = delete;
  IntakeQueue& operator=(const IntakeQueue&) = delete;

  // Waits while the queue is full. kClosed after Close().
  PushResult Push(T&& item) {
    std::unique_lock lock(mutex_);
    while (!closed_ && items_.size() >= capacity_) {
      ++producers_waiting_;
      not_full_.wait(lock);
      --producers_waiting_;
    }
    return PushLocked(std::move(item), lock);
  }

  PushResult TryPush(T&& item) {
    std::unique_lock lock(mutex_);
    if (!closed_ && items_.size() >= capacity_) return PushResult::kFull;
    return PushLocked(std::move(item), lock);
  }

  // Waits until something is queued or the queue is closed, then swaps everything queued into
  // `out` (which should be empty). Returns false once the queue is closed and drained.
  bool PopAll(std::vector<T>& out) {
    std::unique_lock lock(mutex_);
    while (items_.empty() && !closed_) {
      consumer_waiting_ = true;
      not_empty_.wait(lock);
      consumer_waiting_ = false;
    }
    if (items_.empty()) return false;
    out.swap(items_);
    items_.reserve(capacity_);
    if (producers_waiting_ > 0) not_full_.notify_all();
    return true;
  }

  // Items queued and not yet taken by the consumer.
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

  // Later pushes fail; items already queued are still handed out.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  PushResult PushLocked(T&& item, std::unique_lock<std::mutex>& lock) {
    if (closed_) return PushResult::kClosed;
    items_.push_back(std::move(item));
    bool wake = consumer_waiting_;
    lock.unlock();
    if (wake) not_empty_.notify_one();
    return PushResult::kOk;
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::vector<T> items_;
  int producers_waiting_ = 0;
  bool consumer_waiting_ = false;
  bool closed_ = false;
};

}  // namespace probex::venue::engine
