#include "bookmaker/domain/bet_book.h"

#include <algorithm>

#include "bookmaker/domain/grading.h"
#include "bookmaker/domain/market_catalogue.h"

namespace probex::bookmaker {
namespace {

// Declines with `reason`; EXPIRED for an expired order, REJECTED otherwise.
void Decline(Order& order, const char* reason) {
  order.status =
      reason == std::string_view(kDeclineExpired) ? OrderStatus::kExpired : OrderStatus::kRejected;
  order.decline_reason = reason;
}

}  // namespace

Account& BetBook::CreateAccount(std::string name, Money balance, Money min_stake, Money max_stake,
                                Timestamp now) {
  std::int64_t id = next_account_id_++;
  Account& account = accounts_[id];
  account = Account{id, std::move(name), balance, min_stake, max_stake, now};
  return account;
}

const Account* BetBook::FindAccount(std::int64_t account_id) const {
  auto it = accounts_.find(account_id);
  return it == accounts_.end() ? nullptr : &it->second;
}

Result<PlaceOutcome> BetBook::Place(std::int64_t account_id, const OrderRequest& request,
                                    const SelectionQuote& quote, Timestamp now) {
  auto account_it = accounts_.find(account_id);
  if (account_it == accounts_.end()) return MakeError("account_not_found", "unknown account");
  Account& account = account_it->second;
  if (!request.request_uuid.empty()) {
    auto seen = order_by_uuid_.find({account_id, request.request_uuid});
    if (seen != order_by_uuid_.end()) {
      const Order& first = orders_.at(seen->second);
      if (!(first.request == request)) {
        return MakeError("duplicate_request_uuid",
                         "requestUuid " + request.request_uuid + " was used for another order");
      }
      PlaceOutcome replay{first, std::nullopt, true};
      if (first.bet_id) replay.bet = bets_.at(*first.bet_id);
      return replay;
    }
  }

  Order order;
  order.order_id = next_order_id_++;
  order.account_id = account_id;
  order.request = request;
  order.market_id = quote.market_id;
  order.created_at = now;
  Money stake = request.order_stake;
  if (request.request_uuid.empty() || !request.order_stake.is_positive() ||
      !request.order_price.is_positive() || request.player_id != "0") {
    Decline(order, kDeclineInvalidOrder);
  } else if (request.expires_at && *request.expires_at <= now) {
    Decline(order, kDeclineExpired);
  } else if (!quote.exists) {
    Decline(order, kDeclineSelectionNotFound);
  } else if (!quote.fixture_open) {
    Decline(order, kDeclineFixtureClosed);
  } else if (quote.suspended) {
    Decline(order, kDeclineSuspended);
  } else if (!quote.active) {
    Decline(order, kDeclineSelectionInactive);
  } else if (quote.price.ToMoney() < request.order_price) {
    Decline(order, kDeclineOddsChanged);
  } else if (stake < account.min_stake) {
    Decline(order, kDeclineStakeBelowMinimum);
  } else if (stake > account.max_stake) {
    Decline(order, kDeclineStakeAboveMaximum);
  } else if (stake > quote.limit && !request.accept_partial_stake) {
    Decline(order, kDeclineStakeExceedsLimit);
  } else {
    if (stake > quote.limit) stake = quote.limit;
    if (!stake.is_positive() || stake < account.min_stake) {
      Decline(order, kDeclineStakeExceedsLimit);
    } else if (stake > account.balance) {
      Decline(order, kDeclineInsufficientBalance);
    }
  }

  PlaceOutcome outcome;
  if (order.decline_reason.empty()) {
    Bet bet;
    bet.bet_id = next_bet_id_++;
    bet.order_id = order.order_id;
    bet.account_id = account_id;
    bet.request_uuid = request.request_uuid;
    bet.fixture_id = request.fixture_id;
    bet.market_id = quote.market_id;
    bet.outcome_id = request.outcome_id;
    bet.player_id = request.player_id;
    bet.price = quote.price;
    bet.stake = stake;
    bet.bet_status = BetStatus::kConfirmed;
    bet.placed_at = now;
    bet.user_ref = request.user_ref;
    account.balance -= stake;
    order.status =
        stake == request.order_stake ? OrderStatus::kFilled : OrderStatus::kPartiallyFilled;
    order.filled_stake = stake;
    order.filled_price = quote.price;
    order.bet_id = bet.bet_id;
    bets_[bet.bet_id] = bet;
    unsettled_by_fixture_[bet.fixture_id].insert(bet.bet_id);
    outcome.bet = bet;
  }
  orders_[order.order_id] = order;
  if (!request.request_uuid.empty()) {
    order_by_uuid_[{account_id, request.request_uuid}] = order.order_id;
  }
  outcome.order = order;
  return outcome;
}

SettlementBatch BetBook::SettleFixture(const std::string& fixture_id, Score final_score,
                                       Timestamp now) {
  return Settle(fixture_id, final_score, now);
}

SettlementBatch BetBook::VoidFixture(const std::string& fixture_id, Timestamp now) {
  return Settle(fixture_id, std::nullopt, now);
}

SettlementBatch BetBook::Settle(const std::string& fixture_id, std::optional<Score> final_score,
                                Timestamp now) {
  SettlementBatch batch;
  auto it = unsettled_by_fixture_.find(fixture_id);
  if (it == unsettled_by_fixture_.end()) return batch;
  const MarketCatalogue& catalogue = MarketCatalogue::Standard();
  std::set<std::int64_t> touched;
  for (std::int64_t bet_id : it->second) {
    Bet& bet = bets_.at(bet_id);
    SettlementStatus status = SettlementStatus::kVoid;
    if (final_score) {
      auto ref = catalogue.FindOutcome(bet.outcome_id);
      if (ref) status = GradeOutcome(*ref->market, ref->index, *final_score);
    }
    if (status == SettlementStatus::kVoid) bet.bet_status = BetStatus::kVoid;
    bet.settlement_status = status;
    bet.payout = SettlementReturn(bet.stake, bet.price, status);
    bet.settled_at = now;
    accounts_.at(bet.account_id).balance += bet.payout;
    touched.insert(bet.account_id);
    batch.bets.push_back(bet);
  }
  unsettled_by_fixture_.erase(it);
  batch.account_ids.assign(touched.begin(), touched.end());
  return batch;
}

std::vector<Order> BetBook::Orders(std::int64_t account_id, std::int64_t after_order_id,
                                   std::size_t limit) const {
  std::vector<Order> out;
  for (auto it = orders_.upper_bound(after_order_id); it != orders_.end() && out.size() < limit;
       ++it) {
    if (it->second.account_id == account_id) out.push_back(it->second);
  }
  return out;
}

std::vector<Bet> BetBook::Bets(std::int64_t account_id, std::int64_t after_bet_id,
                               std::size_t limit, const std::string& fixture_id) const {
  std::vector<Bet> out;
  for (auto it = bets_.upper_bound(after_bet_id); it != bets_.end() && out.size() < limit; ++it) {
    if (it->second.account_id != account_id) continue;
    if (!fixture_id.empty() && it->second.fixture_id != fixture_id) continue;
    out.push_back(it->second);
  }
  return out;
}

const Order* BetBook::FindOrder(std::int64_t order_id) const {
  auto it = orders_.find(order_id);
  return it == orders_.end() ? nullptr : &it->second;
}

const Bet* BetBook::FindBet(std::int64_t bet_id) const {
  auto it = bets_.find(bet_id);
  return it == bets_.end() ? nullptr : &it->second;
}

void BetBook::Restore(std::vector<Account> accounts, std::vector<Order> orders,
                      std::vector<Bet> bets) {
  for (Account& a : accounts) {
    next_account_id_ = std::max(next_account_id_, a.account_id + 1);
    accounts_[a.account_id] = std::move(a);
  }
  for (Order& o : orders) {
    next_order_id_ = std::max(next_order_id_, o.order_id + 1);
    if (!o.request.request_uuid.empty()) {
      order_by_uuid_[{o.account_id, o.request.request_uuid}] = o.order_id;
    }
    orders_[o.order_id] = std::move(o);
  }
  for (Bet& b : bets) {
    next_bet_id_ = std::max(next_bet_id_, b.bet_id + 1);
    if (b.settlement_status == SettlementStatus::kUnsettled) {
      unsettled_by_fixture_[b.fixture_id].insert(b.bet_id);
    }
    bets_[b.bet_id] = std::move(b);
  }
}

}  // namespace probex::bookmaker
