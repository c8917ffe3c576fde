// FeedSubscriber: one consumer of the engine's ordered feed of committed commands. The sequencer
// thread pushes each durable batch (shared, immutable) into the subscriber's bounded queue; the
// subscriber's own thread calls the handler for every command in seq order. A slow handler
// pushes back on the sequencer thread once `capacity` commands are queued, so nothing is dropped.
// Thread rule: Push from the sequencer thread; Close from any thread; the handler runs on the
// subscriber's thread only.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/thread_attributes.h"

namespace probex::venue::engine {

template <typename Item>
class FeedSubscriber {
 public:
  using Batch = std::shared_ptr<const std::vector<Item>>;
  using Handler = std::function<void(const Item&)>;

  FeedSubscriber(Handler handler, std::size_t capacity)
      : handler_(std::move(handler)), capacity_(capacity == 0 ? 1 : capacity) {
    thread_ = std::thread([this] { Run(); });
  }
  FeedSubscriber(const FeedSubscriber&) = delete;
  FeedSubscriber& operator=(const FeedSubscriber&) = delete;
  ~FeedSubscriber() { Close(/*drain=*/false); }

  // Waits while `capacity` commands are queued. Ignored after Close.
  void Push(Batch batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || queued_ < capacity_; });
    if (closed_) return;
    queued_ += batch->size();
    batches_.push_back(std::move(batch));
    not_empty_.notify_one();
  }

  // Stops the thread; with `drain`, after handing out everything already queued.
  void Close(bool drain) {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      if (!drain) {
        batches_.clear();
        queued_ = 0;
      }
      not_empty_.notify_one();
      not_full_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    SetThreadName("px-feed");
    std::unique_lock lock(mutex_);
    while (true) {
      not_empty_.wait(lock, [&] { return closed_ || !batches_.empty(); });
      if (batches_.empty()) return;
      Batch batch = std::move(batches_.front());
      batches_.pop_front();
      lock.unlock();
      for (const Item& item : *batch) handler_(item);
      lock.lock();
      queued_ -= std::min(queued_, batch->size());
      not_full_.notify_all();
    }
  }

  Handler handler_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Batch> batches_;
  std::size_t queued_ = 0;
  bool closed_ = false;
  std::thread thread_;
};

}  // namespace probex::venue::engine
