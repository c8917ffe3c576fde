// FeedDispatcher: the consumers of the engine's ordered feed of committed commands, served by one
// thread. The sequencer thread pushes each durable batch (shared, immutable) into one bounded
// queue; the feed thread calls every subscriber's handler for every command in seq order (the
// subscribers in the order they subscribed). One thread for all subscribers means one wake-up per
// batch, however many subscribers there are (the options desk and the `/ws` rooms each had a
// thread woken per batch until 2026-11-22). A slow handler pushes back on the sequencer thread
// once `capacity` commands are queued, so nothing is dropped — and it delays the other
// subscribers, so handlers must stay quick (take the data, hand slow work to their own threads).
// A subscriber sees the commands with seq > the `after_seq` it was added with.
// Thread rule: Push from the sequencer thread; Add, Remove and Close from any thread but a
// handler; handlers run on the feed thread only.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "common/thread_attributes.h"

namespace probex::venue::engine {

template <typename Item>  // Item has a `seq` member
class FeedDispatcher {
 public:
  using Batch = std::shared_ptr<const std::vector<Item>>;
  using Handler = std::function<void(const Item&)>;

  explicit FeedDispatcher(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}
  FeedDispatcher(const FeedDispatcher&) = delete;
  FeedDispatcher& operator=(const FeedDispatcher&) = delete;
  ~FeedDispatcher() { Close(/*drain=*/false); }

  // Starts the thread with the first subscriber. Ignored after Close.
  void Add(std::uint64_t id, Handler handler, std::uint64_t after_seq) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    added_.push_back(Subscriber{id, std::move(handler), after_seq});
    subscribed_.fetch_add(1, std::memory_order_release);
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
    not_empty_.notify_one();
  }

  // After it returns, `id`'s handler is not running and is not called again.
  void Remove(std::uint64_t id) {
    std::lock_guard run(run_mutex_);
    std::lock_guard lock(mutex_);
    auto match = [&](const Subscriber& s) { return s.id == id; };
    const std::size_t removed = std::erase_if(subscribers_, match) + std::erase_if(added_, match);
    subscribed_.fetch_sub(removed, std::memory_order_release);
  }

  // True while anyone is subscribed (read by the sequencer before it shares a batch).
  bool active() const { return subscribed_.load(std::memory_order_acquire) > 0; }

  // Waits while `capacity` commands are queued. Ignored after Close.
  void Push(Batch batch) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || queued_ < capacity_; });
    if (closed_ || !thread_.joinable()) return;
    queued_ += batch->size();
    batches_.push_back(std::move(batch));
    if (consumer_waiting_) not_empty_.notify_one();
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
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
  }

 private:
  struct Subscriber {
    std::uint64_t id;
    Handler handler;
    std::uint64_t after_seq;
  };

  void Run() {
    SetThreadName("px-feed");
    std::unique_lock lock(mutex_);
    while (true) {
      consumer_waiting_ = true;
      not_empty_.wait(lock, [&] { return closed_ || !batches_.empty(); });
      consumer_waiting_ = false;
      if (batches_.empty()) return;
      Batch batch = std::move(batches_.front());
      batches_.pop_front();
      lock.unlock();
      {
        std::lock_guard run(run_mutex_);
        {
          std::lock_guard added(mutex_);
          for (Subscriber& s : added_) subscribers_.push_back(std::move(s));
          added_.clear();
        }
        for (const Item& item : *batch) {
          for (const Subscriber& s : subscribers_) {
            if (item.seq > s.after_seq) s.handler(item);
          }
        }
      }
      lock.lock();
      queued_ -= std::min(queued_, batch->size());
      not_full_.notify_all();
    }
  }

  const std::size_t capacity_;
  std::mutex run_mutex_;  // held while handlers run; guards subscribers_
  std::vector<Subscriber> subscribers_;
  std::mutex mutex_;  // the queue, added_, the flags
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::vector<Subscriber> added_;  // subscribed, not yet seen by the feed thread
  std::deque<Batch> batches_;
  std::size_t queued_ = 0;
  bool consumer_waiting_ = false;
  bool closed_ = false;
  std::atomic<std::size_t> subscribed_{0};
  std::thread thread_;
};

}  // namespace probex::venue::engine
