// BetBook: the bettors' accounts, their orders and bets — placement against the current quote
// and settlement from final scores. A bet is accepted only on an open fixture, an active,
// unsuspended selection, at a current price ≥ the order's minimum, within the selection's limit
// (or cut to it when the order accepts a partial stake), the account's stake bounds and balance.
// The stake leaves the balance at placement; settlement credits what the bet returns.
// `requestUuid` is idempotent per account: a repeat returns the first order unchanged.
// Thread rule: not thread-safe; owned by the bookmaker's single writer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bookmaker/domain/account.h"
#include "bookmaker/domain/bet.h"
#include "bookmaker/domain/order.h"
#include "bookmaker/domain/score.h"
#include "common/result.h"

namespace probex::bookmaker {

// Decline reasons, as shown in declinedOrders[].declineReason.
inline constexpr char kDeclineInvalidOrder[] = "INVALID_ORDER";
inline constexpr char kDeclineExpired[] = "ORDER_EXPIRED";
inline constexpr char kDeclineSelectionNotFound[] = "SELECTION_NOT_FOUND";
inline constexpr char kDeclineFixtureClosed[] = "FIXTURE_CLOSED";
inline constexpr char kDeclineSuspended[] = "SUSPENDED";
inline constexpr char kDeclineSelectionInactive[] = "SELECTION_INACTIVE";
inline constexpr char kDeclineOddsChanged[] = "ODDS_CHANGED";
inline constexpr char kDeclineStakeBelowMinimum[] = "STAKE_BELOW_MINIMUM";
inline constexpr char kDeclineStakeAboveMaximum[] = "STAKE_ABOVE_MAXIMUM";
inline constexpr char kDeclineStakeExceedsLimit[] = "STAKE_EXCEEDS_LIMIT";
inline constexpr char kDeclineInsufficientBalance[] = "INSUFFICIENT_BALANCE";

// What the book offers on a selection right now (looked up by the caller on the odds board).
struct SelectionQuote {
  bool exists = false;        // the fixture and outcome are known
  bool fixture_open = false;  // not started or live
  bool suspended = false;     // the book or the fixture is suspended
  bool active = false;        // market and outcome active
  int market_id = 0;
  Odds price;
  Money limit;
};

struct PlaceOutcome {
  Order order;
  std::optional<Bet> bet;
  bool replayed = false;  // the requestUuid was seen before: this is the first answer again
};

struct SettlementBatch {
  std::vector<Bet> bets;                  // newly settled, in bet id order
  std::vector<std::int64_t> account_ids;  // accounts whose balance changed
};

class BetBook {
 public:
  Account& CreateAccount(std::string name, Money balance, Money min_stake, Money max_stake,
                         Timestamp now);
  const Account* FindAccount(std::int64_t account_id) const;

  // Places (or replays) an order. A requestUuid reused with a different payload is an error
  // (code "duplicate_request_uuid"); a malformed request is a declined order, not an error.
  Result<PlaceOutcome> Place(std::int64_t account_id, const OrderRequest& request,
                             const SelectionQuote& quote, Timestamp now);

  // Grades every unsettled bet on the fixture from its final score and pays the accounts.
  SettlementBatch SettleFixture(const std::string& fixture_id, Score final_score, Timestamp now);
  // A cancelled fixture: every unsettled bet is VOID and its stake refunded.
  SettlementBatch VoidFixture(const std::string& fixture_id, Timestamp now);

  // Keyset pages in ascending id order, after the given id (0 = from the start).
  std::vector<Order> Orders(std::int64_t account_id, std::int64_t after_order_id,
                            std::size_t limit) const;
  std::vector<Bet> Bets(std::int64_t account_id, std::int64_t after_bet_id, std::size_t limit,
                        const std::string& fixture_id = "") const;
  const Order* FindOrder(std::int64_t order_id) const;
  const Bet* FindBet(std::int64_t bet_id) const;

  // Loads persisted state (at startup, before any other call).
  void Restore(std::vector<Account> accounts, std::vector<Order> orders, std::vector<Bet> bets);

  const std::map<std::int64_t, Account>& accounts() const { return accounts_; }

 private:
  SettlementBatch Settle(const std::string& fixture_id, std::optional<Score> final_score,
                         Timestamp now);

  std::map<std::int64_t, Account> accounts_;
  std::map<std::int64_t, Order> orders_;
  std::map<std::int64_t, Bet> bets_;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> order_by_uuid_;
  std::map<std::string, std::set<std::int64_t>> unsettled_by_fixture_;
  std::int64_t next_account_id_ = 1;
  std::int64_t next_order_id_ = 1;
  std::int64_t next_bet_id_ = 1;
};

}  // namespace probex::bookmaker
