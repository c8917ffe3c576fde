// Output::order (the placed order's state when the command finished) in the cases where the order
// is finished by something that happens later in the same command, and the compact event
// contract (event.h).
#include <gtest/gtest.h>

#include <type_traits>

#include "venue/domain/exchange.h"

namespace probex::venue {
namespace {

Money Cents(std::int64_t c) { return Money::FromUnits(c * 1'000'000); }
Money Whole(std::int64_t w) { return Money::FromUnits(w * Money::kScale); }

class ExchangeOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 2; ++i) {
      Apply(CreateAccount{});
      Apply(Deposit{AccountId(static_cast<std::uint32_t>(i + 1)), Whole(1000)});
    }
    CreateMarket m;
    m.question = "q";
    m.category = "c";
    m.outcomes = {"YES", "NO"};
    m.end_time = now_.PlusSeconds(3600);
    m.fee_rate = Money::Zero();
    Apply(m);
  }
  void Apply(const Exchange::Command& c) {
    x_.Apply(c, ++seq_, now_, out_);
    ASSERT_TRUE(out_.ok()) << RejectCodeName(out_.reject);
  }
  static PlaceOrder Limit(std::uint32_t account, OrderSide side, int cents, int shares) {
    PlaceOrder p;
    p.account = AccountId(account);
    p.market = MarketId(1);
    p.side = side;
    p.price = Cents(cents);
    p.quantity = Whole(shares);
    return p;
  }

  Exchange x_;
  Exchange::Output out_;
  std::uint64_t seq_ = 0;
  Timestamp now_ = Timestamp::FromSeconds(1'800'000'000);
};

// A's bid trades with B's ask (last price 40), rests its remainder, and that trade triggers A's
// own stop, which sells into A's resting bid: self-trade prevention cancels the bid. The command's
// order is then InternalCancel (self_trade), not the Placed state it had a moment earlier.
TEST_F(ExchangeOutputTest, OrderSelfTradeCancelledByItsOwnTriggeredStopReportsFinalState) {
  Apply(Limit(2, OrderSide::kAsk, 40, 1));
  PlaceOrder stop;
  stop.account = AccountId(1);
  stop.market = MarketId(1);
  stop.side = OrderSide::kAsk;
  stop.type = OrderType::kStopLoss;
  stop.trigger_price = Cents(45);
  stop.quantity = Whole(1);
  Apply(stop);
  const std::uint64_t stop_id = out_.created_id;
  ASSERT_EQ(out_.order.status, OrderStatus::kPlaced);

  Apply(Limit(1, OrderSide::kBid, 40, 2));
  const std::uint64_t bid_id = out_.created_id;
  EXPECT_EQ(out_.order.id.value(), bid_id);
  EXPECT_EQ(out_.order.status, OrderStatus::kInternalCancel);
  EXPECT_EQ(out_.order.reason, CancelReason::kSelfTrade);
  EXPECT_EQ(out_.order.cum_quantity, 1);
  EXPECT_EQ(x_.FindOrder(OrderId(bid_id)), nullptr);
  EXPECT_EQ(x_.FindOrder(OrderId(stop_id)), nullptr);  // executed, found nothing else to sell to
  // The same story in the events: New, Placed, then InternalCancel for the bid.
  std::vector<OrderStatus> bid_states;
  for (const Event& e : out_.events) {
    if (const auto* u = std::get_if<OrderUpdated>(&e);
        u != nullptr && u->order.id.value() == bid_id) {
      bid_states.push_back(u->order.status);
    }
  }
  EXPECT_EQ(bid_states, (std::vector<OrderStatus>{OrderStatus::kNew, OrderStatus::kPlaced,
                                                  OrderStatus::kInternalCancel}));
}

// A resting order's Output::order is its state after the command; a filled one, its final state.
TEST_F(ExchangeOutputTest, OrderIsTheStateWhenTheCommandFinished) {
  Apply(Limit(2, OrderSide::kAsk, 40, 3));
  EXPECT_EQ(out_.order.status, OrderStatus::kPlaced);
  EXPECT_EQ(out_.order.id.value(), out_.created_id);
  Apply(Limit(1, OrderSide::kBid, 41, 2));
  EXPECT_EQ(out_.order.id.value(), out_.created_id);
  EXPECT_EQ(out_.order.status, OrderStatus::kFilled);
  EXPECT_EQ(out_.order.cum_quantity, 2);
  EXPECT_EQ(out_.order.last_exec_price, 40);
}

TEST(EventContractTest, EventsArePlainCompactRecords) {
  static_assert(std::is_trivially_copyable_v<Event>);
  static_assert(std::is_trivially_destructible_v<Event>);
  EXPECT_LE(sizeof(Event), 96u);
  OraclePriceUpdated tick("BTC", Whole(1), Whole(1), Whole(1), Timestamp::FromSeconds(1));
  EXPECT_EQ(tick.asset(), "BTC");
  OraclePriceUpdated longest("ABCDEFGHIJ", Whole(1), Whole(1), Whole(1), Timestamp());
  EXPECT_EQ(longest.asset(), "ABCDEFGHIJ");
}

}  // namespace
}  // namespace probex::venue
