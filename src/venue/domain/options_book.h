// OptionsBook: the RFQ desk's state inside the Exchange — series, quote requests, quotes,
// written positions, makers' wallets, and a short tape of outcome-0 trades per market (for the
// 30-minute VWAP that settles a series). Changed only by the Exchange's options handlers
// (exchange_options.cc) and its trade observer; encoded in the snapshot and the state hash.
// Requests, quotes and positions keep dense ids from 1 and stay in memory once closed, so the
// API can show their history. Thread rule: not thread-safe; owned by the Exchange.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/result.h"
#include "venue/domain/ids.h"
#include "venue/domain/options.h"
#include "venue/domain/wire.h"

namespace probex::venue {

class OptionsBook {
 public:
  struct TapeTrade {
    Timestamp at;
    std::uint8_t price = 0;  // outcome-0 cents
    std::int64_t quantity = 0;
  };
  // Per market: trades not older than the VWAP window of the earliest unsettled series (or of
  // now), the price of the last trade dropped from it, and an early resolution.
  struct Tape {
    std::deque<TapeTrade> trades;
    std::uint8_t carry_price = 0;  // last trade before `trades` (0 = none)
    bool resolved = false;
    Timestamp resolved_at;
    std::uint8_t resolution_price = 0;  // 100 (outcome 0 won), 0 (outcome 1 won), 50 (voided)
  };

  const QuoteRequest* FindRequest(std::uint64_t id) const {
    return id >= 1 && id <= requests_.size() ? &requests_[id - 1] : nullptr;
  }
  const Quote* FindQuote(std::uint64_t id) const {
    return id >= 1 && id <= quotes_.size() ? &quotes_[id - 1] : nullptr;
  }
  const OptionPosition* FindPosition(std::uint64_t id) const {
    return id >= 1 && id <= positions_.size() ? &positions_[id - 1] : nullptr;
  }
  const std::vector<QuoteRequest>& requests() const { return requests_; }
  const std::vector<Quote>& quotes() const { return quotes_; }
  const std::vector<OptionPosition>& positions() const { return positions_; }
  const std::map<SeriesKey, Series>& series() const { return series_; }
  const Series* FindSeries(const SeriesKey& key) const;
  const std::set<std::uint64_t>& open_requests() const { return open_requests_; }
  // Quote ids of a request, oldest first.
  const std::vector<std::uint64_t>& QuotesOf(std::uint64_t request) const;
  // The maker's wallet ("" when none registered).
  const std::string& WalletOf(AccountId maker) const;
  const std::map<std::uint32_t, std::string>& wallets() const { return wallets_; }
  const Tape* FindTape(MarketId market) const;

  // The earliest time at which OptionsTick has work (a request or quote to expire, a series to
  // settle); Timestamp max when none.
  Timestamp NextDue() const;
  // S for a series at its expiry, from the tape (docs/options-desk.md).
  std::pair<int, SettlementSource> SettlementPrice(const SeriesKey& key) const;
  // Σ collateral of unsettled positions per writer (index account − 1).
  void AddCollateral(std::vector<__int128>& per_account) const;

  void Encode(ByteWriter& w) const;
  static Result<OptionsBook> Decode(ByteReader& r, std::size_t account_count,
                                    std::size_t market_count);

 private:
  friend class Exchange;

  void IndexQuote(const Quote& q);
  void RebuildDerived();
  // Trades older than the market's horizon leave the tape (the last one's price is carried).
  void Prune(MarketId market, Timestamp now);
  Timestamp Horizon(MarketId market, Timestamp now) const;

  std::vector<QuoteRequest> requests_;
  std::vector<Quote> quotes_;
  std::vector<OptionPosition> positions_;
  std::map<SeriesKey, Series> series_;
  std::map<std::uint32_t, std::string> wallets_;
  // Tapes by market id: a direct table (a trade finds its tape in O(1), not by a tree walk over
  // every market); only markets that traded or resolved have one, visited in id order.
  class TapeTable {
   public:
    Tape& operator[](std::uint32_t market) {
      if (market >= slots_.size()) slots_.resize(market + 1);
      std::optional<Tape>& slot = slots_[market];
      if (!slot) {
        slot.emplace();
        ++count_;
      }
      return *slot;
    }
    const Tape* find(std::uint32_t market) const {
      return market < slots_.size() && slots_[market] ? &*slots_[market] : nullptr;
    }
    Tape* find(std::uint32_t market) {
      return market < slots_.size() && slots_[market] ? &*slots_[market] : nullptr;
    }
    std::size_t size() const { return count_; }
    template <class F>
    void ForEach(F&& f) const {
      for (std::size_t m = 0; m < slots_.size(); ++m) {
        if (slots_[m]) f(static_cast<std::uint32_t>(m), *slots_[m]);
      }
    }

   private:
    std::vector<std::optional<Tape>> slots_;
    std::size_t count_ = 0;
  };
  TapeTable tapes_;
  std::uint64_t post_counter_ = 0;  // quote priorities: one per (re)post

  // Derived (rebuilt on decode, not encoded).
  std::set<std::uint64_t> open_requests_;
  std::set<std::uint64_t> live_quotes_;
  std::map<std::uint64_t, std::vector<std::uint64_t>> quotes_by_request_;
  std::map<std::pair<std::uint64_t, std::uint32_t>, std::uint64_t> live_quote_of_;  // (req, maker)
  std::set<std::pair<std::int64_t, SeriesKey>> unsettled_;  // (expiry µs, series)
  std::set<std::tuple<std::uint32_t, std::int64_t, SeriesKey>> unsettled_by_market_;
  std::map<SeriesKey, std::vector<std::uint64_t>> open_positions_;  // unsettled, by series
};

}  // namespace probex::venue
