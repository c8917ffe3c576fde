#include "mm/engine/store_writer.h"

#include <cstdio>

namespace probex::mm {

void StoreWriter::Start(EngineObserver* observer) {
  observer_ = observer;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void StoreWriter::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void StoreWriter::Enqueue(std::vector<Item> items) {
  if (items.empty()) return;
  enqueued_ += items.size();
  if (!thread_.joinable()) {
    Write(items);
    return;
  }
  {
    std::lock_guard lock(mu_);
    for (auto& item : items) queue_.push_back(std::move(item));
  }
  cv_.notify_one();
}

void StoreWriter::Write(std::vector<Item>& items) {
  {
    std::lock_guard lock(store_mu_);
    const bool txn = store_.Begin().ok();
    for (const Item& item : items) {
      Status st = item.order ? store_.SaveOrder(*item.order) : store_.SaveBet(*item.bet);
      if (!st.ok()) std::fprintf(stderr, "probex mm: store: %s\n", st.error().message.c_str());
    }
    if (txn) {
      if (Status st = store_.Commit(); !st.ok()) {
        std::fprintf(stderr, "probex mm: store: %s\n", st.error().message.c_str());
      }
    }
  }
  if (observer_ != nullptr) {
    for (const Item& item : items) {
      if (item.order) {
        observer_->OnOrderSaved(*item.order);
      } else {
        observer_->OnBetSaved(*item.bet);
      }
    }
  }
  written_.fetch_add(items.size());
}

void StoreWriter::Run() {
  for (;;) {
    std::vector<Item> batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is written
      batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
    }
    Write(batch);
  }
}

}  // namespace probex::mm
