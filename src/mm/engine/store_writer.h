// StoreWriter: writes the engine's order and bet records to SQLite on its own thread, in the
// order they were saved, batching whatever queued up into one transaction, then tells the
// observer (the client API's WebSocket broadcasts) of each record in the same order. This keeps
// SQLite and the broadcasts off the engine thread, so an odds frame is never queued behind them.
// A new order's record before it is sent is the intent log (MmStore::AddIntent/WriteIntents,
// written by the engine thread); the SQLite row follows here.
// Thread rule: Enqueue/Idle/Drain from the engine thread; the store's other users hold `store_mu`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "mm/engine/engine_observer.h"
#include "mm/engine/engine_records.h"
#include "mm/engine/mm_store.h"

namespace probex::mm {

class StoreWriter {
 public:
  struct Item {
    std::optional<EngineOrder> order;
    std::optional<HedgeBet> bet;
  };

  StoreWriter(MmStore& store, std::mutex& store_mu) : store_(store), store_mu_(store_mu) {}
  ~StoreWriter() { Stop(); }

  void Start(EngineObserver* observer);
  // Writes what is queued, then stops the thread. Enqueue after Stop writes at once.
  void Stop();
  bool running() const { return thread_.joinable(); }
  void Enqueue(std::vector<Item> items);
  // Everything enqueued so far is committed (and told to the observer).
  bool Idle() const { return written_.load() == enqueued_; }

 private:
  void Run();
  void Write(std::vector<Item>& items);

  MmStore& store_;
  std::mutex& store_mu_;
  EngineObserver* observer_ = nullptr;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::uint64_t enqueued_ = 0;  // engine thread
  std::atomic<std::uint64_t> written_{0};
};

}  // namespace probex::mm
