// The options RFQ desk in the domain: eligibility rules, best-quote data, execution and
// settlement with hand-computed balances, expiry, snapshot round trips and the invariants.
#include <gtest/gtest.h>

#include "venue/domain/exchange.h"
#include "venue/domain/invariants_test.h"

namespace probex::venue {
namespace {

Money Usd(double whole) { return Money::FromUnits(static_cast<std::int64_t>(whole * 1e8 + 0.5)); }

class OptionsDeskTest : public ::testing::Test {
 protected:
  static constexpr std::int64_t kT0 = 1'800'000'000;  // seconds

  void SetUp() override {
    for (int a = 0; a < 6; ++a) Run(CreateAccount{});
    for (std::uint32_t a = 1; a <= 5; ++a) Run(Deposit{AccountId(a), Usd(1000)});
    Run(Deposit{AccountId(6), Usd(10)});
    CreateMarket m;
    m.question = "Will it rain?";
    m.outcomes = {"YES", "NO"};
    m.end_time = At(86'400);
    m.fee_rate = Money::Zero();
    Run(m);
  }

  Timestamp At(std::int64_t seconds) const { return Timestamp::FromSeconds(kT0 + seconds); }

  RejectCode Apply(const Command& c) {
    x_.Apply(c, ++seq_, now_, out_);
    EXPECT_TRUE(testing::CheckInvariants(x_));
    return out_.reject;
  }
  std::uint64_t Run(const Command& c) {
    const RejectCode code = Apply(c);
    EXPECT_EQ(code, RejectCode::kNone) << RejectCodeName(code) << " for " << DescribeCommand(c);
    return out_.created_id;
  }
  // Account 4 buys YES from account 5 (a mint): one trade at `cents` × `quantity`.
  void TradeAt(std::int64_t seconds, int cents, int quantity) {
    now_ = At(seconds);
    PlaceOrder bid;
    bid.account = AccountId(4);
    bid.market = MarketId(1);
    bid.price = Money::FromUnits(cents * 1'000'000);
    bid.quantity = Money::FromUnits(quantity * Money::kScale);
    Run(bid);
    PlaceOrder ask = bid;
    ask.account = AccountId(5);
    ask.side = OrderSide::kAsk;
    Run(ask);
  }
  Money Available(std::uint32_t a) const { return x_.ledger().balances(AccountId(a)).available; }
  Money Locked(std::uint32_t a) const { return x_.ledger().balances(AccountId(a)).locked_engine; }
  void ExpectSnapshotRoundTrip() {
    std::string a;
    x_.EncodeSnapshot(a);
    auto back = Exchange::DecodeSnapshot(a);
    ASSERT_TRUE(back.ok()) << back.error().message;
    std::string b;
    back->EncodeSnapshot(b);
    EXPECT_EQ(a, b);
    EXPECT_EQ(back->StateHash(), x_.StateHash());
  }
  CreateQuoteRequest Request(OptionType type, int strike, RfqSide side) const {
    CreateQuoteRequest r;
    r.taker = AccountId(1);
    r.market = MarketId(1);
    r.type = type;
    r.strike_bps = static_cast<std::uint8_t>(strike);
    r.expiry = At(3600);
    r.side = side;
    return r;
  }
  PostQuote Quote(std::uint32_t maker, std::uint64_t request, RfqSide side, double price,
                  std::int64_t size) const {
    return PostQuote{AccountId(maker), request, side, Usd(price), size, 60'000};
  }

  Exchange x_;
  Exchange::Output out_;
  std::uint64_t seq_ = 0;
  Timestamp now_ = Timestamp::FromSeconds(kT0);
};

TEST_F(OptionsDeskTest, SeriesIdIsDeterministicAndParses) {
  SeriesKey k{MarketId(7), OptionType::kPut, 35, Timestamp::FromMillis(1'735'689'600'000)};
  EXPECT_EQ(SeriesIdText(k), SeriesIdText(k));
  EXPECT_EQ(ParseSeriesId(SeriesIdText(k)), k);
  EXPECT_FALSE(ParseSeriesId("12x").has_value());
  EXPECT_FALSE(ParseSeriesId("0").has_value());
  EXPECT_EQ(MaxPayoff(OptionType::kCall, 30), Usd(0.70));
  EXPECT_EQ(MaxPayoff(OptionType::kPut, 30), Usd(0.30));
  EXPECT_EQ(Payoff(OptionType::kCall, 50, 73), Usd(0.23));
  EXPECT_EQ(Payoff(OptionType::kPut, 50, 73), Money::Zero());
}

TEST_F(OptionsDeskTest, RequestValidation) {
  auto r = Request(OptionType::kCall, 50, RfqSide::kBuy);
  r.budget = Usd(100);
  auto bad = r;
  bad.strike_bps = 52;
  EXPECT_EQ(Apply(bad), RejectCode::kInvalidOption);
  bad = r;
  bad.expiry = now_;
  EXPECT_EQ(Apply(bad), RejectCode::kInvalidOption);
  bad = r;
  bad.budget = Money::Zero();
  EXPECT_EQ(Apply(bad), RejectCode::kInvalidTrade);
  bad = r;
  bad.market = MarketId(9);
  EXPECT_EQ(Apply(bad), RejectCode::kUnknownMarket);
  bad = r;
  bad.wallet = "0xABC";
  EXPECT_EQ(Apply(bad), RejectCode::kInvalidWallet);
  EXPECT_EQ(Run(r), 1u);
  EXPECT_EQ(x_.options().series().size(), 1u);
}

TEST_F(OptionsDeskTest, EveryEligibilityError) {
  auto r = Request(OptionType::kCall, 50, RfqSide::kBuy);
  r.budget = Usd(100);
  const std::uint64_t req = Run(r);
  EXPECT_EQ(Apply(Quote(2, 99, RfqSide::kBuy, 0.25, 400)), RejectCode::kRequestNotFound);
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kSell, 0.25, 400)), RejectCode::kSideMismatch);
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kBuy, 0, 400)), RejectCode::kPriceOutOfRange);
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kBuy, 1.0, 400)), RejectCode::kPriceOutOfRange);
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kBuy, 0.1234567, 400)), RejectCode::kPriceOutOfRange);
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kBuy, 0.51, 400)), RejectCode::kNoArbitrage);
  // floor(100 / 0.25) = 400 requested: 199 is below half, 200 is enough.
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kBuy, 0.25, 199)), RejectCode::kSizeTooSmall);
  EXPECT_EQ(Apply(Quote(6, req, RfqSide::kBuy, 0.25, 400)), RejectCode::kInsufficientCollateral);
  EXPECT_EQ(Apply(Quote(1, req, RfqSide::kBuy, 0.25, 400)), RejectCode::kInvalidQuote);
  EXPECT_EQ(Run(Quote(2, req, RfqSide::kBuy, 0.50, 200)), 1u);  // = max payoff is allowed
  Run(CancelQuoteRequest{AccountId(1), req});
  EXPECT_EQ(Apply(Quote(2, req, RfqSide::kBuy, 0.25, 400)), RejectCode::kRequestClosed);
  EXPECT_EQ(x_.options().FindQuote(1)->status, QuoteStatus::kClosed);
}

TEST_F(OptionsDeskTest, CallBuyAndPutSellSettleOnTheVwap) {
  TradeAt(0, 60, 10);  // before the VWAP window: ignored
  now_ = At(60);
  auto call = Request(OptionType::kCall, 50, RfqSide::kBuy);
  call.budget = Usd(100);
  const std::uint64_t req = Run(call);
  EXPECT_EQ(Run(Quote(2, req, RfqSide::kBuy, 0.25, 1000)), 1u);
  EXPECT_EQ(Run(Quote(3, req, RfqSide::kBuy, 0.20, 300)), 2u);
  EXPECT_EQ(Run(Quote(2, req, RfqSide::kBuy, 0.20, 1000)), 1u);  // re-post keeps the id
  EXPECT_EQ(x_.options().FindQuote(1)->price, Usd(0.20));
  EXPECT_LT(x_.options().FindQuote(2)->priority, x_.options().FindQuote(1)->priority);
  // Maker 3 (earliest at 0.20) executes: 300 options (its size), premium 60, collateral 150.
  EXPECT_EQ(Apply(ExecuteQuote{AccountId(2), req, 2}), RejectCode::kRequestNotFound);
  const std::uint64_t pos = Run(ExecuteQuote{AccountId(1), req, 2});
  const OptionPosition& p = *x_.options().FindPosition(pos);
  EXPECT_EQ(p.quantity, 300);
  EXPECT_EQ(p.premium, Usd(60));
  EXPECT_EQ(p.collateral, Usd(150));
  EXPECT_EQ(Available(1), Usd(940));
  EXPECT_EQ(Available(3), Usd(910));
  EXPECT_EQ(Locked(3), Usd(150));
  EXPECT_EQ(x_.options().FindRequest(req)->status, RequestStatus::kCommitted);
  EXPECT_EQ(x_.options().FindQuote(1)->status, QuoteStatus::kClosed);
  EXPECT_EQ(x_.options().FindQuote(2)->status, QuoteStatus::kExecuted);
  EXPECT_EQ(Apply(ExecuteQuote{AccountId(1), req, 1}), RejectCode::kRequestClosed);
  ExpectSnapshotRoundTrip();

  // The taker writes 100 puts at 30 to maker 2 for 0.10: premium 10, collateral 30.
  auto put = Request(OptionType::kPut, 30, RfqSide::kSell);
  put.size = 100;
  const std::uint64_t req2 = Run(put);
  const std::uint64_t q = Run(Quote(2, req2, RfqSide::kSell, 0.10, 100));
  Run(ExecuteQuote{AccountId(1), req2, q});
  EXPECT_EQ(Available(1), Usd(920));
  EXPECT_EQ(Locked(1), Usd(30));
  EXPECT_EQ(Available(2), Usd(990));
  ExpectSnapshotRoundTrip();

  // Window [expiry − 30 min, expiry): 30 @ 70 and 10 @ 80 → VWAP 72.5 → 73 cents.
  TradeAt(3600 - 600, 70, 30);
  TradeAt(3600 - 300, 80, 10);
  TradeAt(3600 + 10, 10, 50);  // after expiry: ignored
  EXPECT_LE(x_.options().NextDue(), At(3600));
  now_ = At(3600 + 20);
  Run(OptionsTick{});
  const OptionPosition& settled = *x_.options().FindPosition(pos);
  EXPECT_TRUE(settled.settled);
  EXPECT_EQ(settled.settlement_price, 73);
  EXPECT_EQ(settled.payout, Usd(69));  // 300 × 0.23
  EXPECT_EQ(Available(1), Usd(1019));  // 1000 − 60 + 10 + 69, put collateral back
  EXPECT_EQ(Locked(1), Money::Zero());
  EXPECT_EQ(Available(3), Usd(991));  // 1000 + 60 − 69
  EXPECT_EQ(Locked(3), Money::Zero());
  EXPECT_EQ(Available(2), Usd(990));
  EXPECT_TRUE(x_.options().series().begin()->second.settled);
  ExpectSnapshotRoundTrip();
}

TEST_F(OptionsDeskTest, RequestsAndQuotesExpire) {
  auto r = Request(OptionType::kPut, 60, RfqSide::kBuy);
  r.budget = Usd(50);
  r.ttl_micros = 10'000'000;
  const std::uint64_t req = Run(r);
  const std::uint64_t q1 = Run(PostQuote{AccountId(2), req, RfqSide::kBuy, Usd(0.5), 100, 1000});
  const std::uint64_t q2 = Run(PostQuote{AccountId(3), req, RfqSide::kBuy, Usd(0.5), 100, 9000});
  now_ = now_.PlusSeconds(2);
  EXPECT_EQ(Apply(ExecuteQuote{AccountId(1), req, q1}), RejectCode::kQuoteNotLive);
  Run(OptionsTick{});
  EXPECT_EQ(x_.options().FindQuote(q1)->status, QuoteStatus::kExpired);
  EXPECT_EQ(x_.options().FindQuote(q2)->status, QuoteStatus::kLive);
  now_ = now_.PlusSeconds(9);
  Run(OptionsTick{});
  EXPECT_EQ(x_.options().FindRequest(req)->status, RequestStatus::kExpired);
  EXPECT_EQ(x_.options().FindQuote(q2)->status, QuoteStatus::kClosed);
  bool closed_event = false;
  for (const Event& e : out_.events) {
    if (const auto* c = std::get_if<QuoteRequestClosed>(&e)) closed_event = c->request == req;
  }
  EXPECT_TRUE(closed_event);
  ExpectSnapshotRoundTrip();
}

TEST_F(OptionsDeskTest, EarlyResolutionSettlesAtHundredAndNoTradesPayNothing) {
  auto r = Request(OptionType::kCall, 40, RfqSide::kBuy);
  r.budget = Usd(30);
  const std::uint64_t req = Run(r);
  const std::uint64_t q = Run(Quote(2, req, RfqSide::kBuy, 0.30, 100));
  Run(ExecuteQuote{AccountId(1), req, q});  // 100 options, premium 30, collateral 60
  EXPECT_EQ(Available(1), Usd(970));
  now_ = At(1000);
  Run(ResolveMarket{MarketId(1), 0});
  now_ = At(3600);
  Run(OptionsTick{});
  EXPECT_EQ(x_.options().FindPosition(1)->settlement_price, 100);
  EXPECT_EQ(Available(1), Usd(1030));  // 970 + 100 × 0.60
  EXPECT_EQ(Available(2), Usd(970));   // 1000 + 30 − 60
  EXPECT_EQ(Locked(2), Money::Zero());
}

TEST_F(OptionsDeskTest, NoTradesBeforeExpiryPaysNothing) {
  auto r = Request(OptionType::kPut, 80, RfqSide::kBuy);
  r.budget = Usd(10);
  const std::uint64_t req = Run(r);
  const std::uint64_t q = Run(Quote(2, req, RfqSide::kBuy, 0.10, 100));
  Run(ExecuteQuote{AccountId(1), req, q});
  now_ = At(3600);
  Run(OptionsTick{});
  const OptionPosition& p = *x_.options().FindPosition(1);
  EXPECT_EQ(p.settlement_price, 80);
  EXPECT_EQ(p.payout, Money::Zero());
  EXPECT_EQ(x_.options().series().begin()->second.settlement_source,
            static_cast<std::uint8_t>(SettlementSource::kNoTrades));
  EXPECT_EQ(Available(2), Usd(1010));
}

TEST_F(OptionsDeskTest, CommandsRoundTripThroughTheCodec) {
  auto r = Request(OptionType::kPut, 35, RfqSide::kSell);
  r.size = 7;
  r.wallet = "0x00000000000000000000000000000000000000aa";
  const std::vector<Command> commands = {
      RegisterMakerWallet{AccountId(2), "0x00000000000000000000000000000000000000bb"},
      r,
      CancelQuoteRequest{AccountId(1), 3},
      PostQuote{AccountId(2), 3, RfqSide::kSell, Usd(0.125), 9, 1500},
      WithdrawQuote{AccountId(2), 4},
      ExecuteQuote{AccountId(1), 3, 4},
      OptionsTick{}};
  for (const Command& c : commands) {
    std::string bytes;
    EncodeCommand(c, bytes);
    auto back = DecodeCommand(bytes);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, c) << DescribeCommand(c);
  }
}

}  // namespace
}  // namespace probex::venue

namespace probex::venue {
namespace {

// ---- The underlying must still be trading; a request never outlives its series. ----

TEST_F(OptionsDeskTest, NoQuoteOrExecutionOnceTheMarketHasResolved) {
  CreateQuoteRequest req = Request(OptionType::kCall, 50, RfqSide::kBuy);
  req.budget = Usd(100);
  req.ttl_micros = 86'400LL * 1'000'000;
  const std::uint64_t r = Run(req);
  const std::uint64_t q = Run(Quote(2, r, RfqSide::kBuy, 0.20, 500));
  Run(ResolveMarket{MarketId(1), 0});  // YES: a call at 0.50 now pays 0.50 for sure
  EXPECT_EQ(Apply(Quote(3, r, RfqSide::kBuy, 0.10, 1000)), RejectCode::kRequestClosed);
  EXPECT_EQ(Apply(ExecuteQuote{AccountId(1), r, q}), RejectCode::kRequestClosed);
  EXPECT_EQ(Available(1), Usd(1000));
  EXPECT_EQ(Locked(2), Money::Zero());
  // The next tick closes the request and its quote.
  Run(OptionsTick{});
  EXPECT_EQ(x_.options().FindRequest(r)->status, RequestStatus::kExpired);
  EXPECT_EQ(x_.options().FindQuote(q)->status, QuoteStatus::kClosed);
  // And no new request on it.
  CreateQuoteRequest again = Request(OptionType::kPut, 50, RfqSide::kBuy);
  again.budget = Usd(10);
  EXPECT_EQ(Apply(again), RejectCode::kMarketNotActive);
}

TEST_F(OptionsDeskTest, NoRequestOnAMarketPastItsEndTime) {
  now_ = At(86'400);  // the market's end time; the lifecycle has not ended it yet
  CreateQuoteRequest req = Request(OptionType::kCall, 50, RfqSide::kBuy);
  req.expiry = At(90'000);
  req.budget = Usd(10);
  EXPECT_EQ(Apply(req), RejectCode::kMarketNotActive);
}

TEST_F(OptionsDeskTest, ARequestExpiresWithItsSeriesSoNothingExecutesOnASettledSeries) {
  CreateQuoteRequest req = Request(OptionType::kPut, 40, RfqSide::kBuy);
  req.expiry = At(60);
  req.budget = Usd(10);
  req.ttl_micros = 86'400LL * 1'000'000;  // a day, but the series expires in a minute
  const std::uint64_t r = Run(req);
  EXPECT_EQ(x_.options().FindRequest(r)->expires_at, At(60));
  const std::uint64_t q = Run(Quote(2, r, RfqSide::kBuy, 0.10, 100));
  now_ = At(120);
  Run(OptionsTick{});  // settles the series
  EXPECT_EQ(Apply(Quote(2, r, RfqSide::kBuy, 0.05, 200)), RejectCode::kRequestClosed);
  EXPECT_EQ(Apply(ExecuteQuote{AccountId(1), r, q}), RejectCode::kRequestClosed);
  EXPECT_TRUE(x_.options().positions().empty());
  EXPECT_EQ(Locked(2), Money::Zero());
}

TEST_F(OptionsDeskTest, AnExecutionIsBoundToTheQuoteVersionItsMakerSigned) {
  CreateQuoteRequest req = Request(OptionType::kCall, 50, RfqSide::kBuy);
  req.budget = Usd(100);
  const std::uint64_t r = Run(req);
  const std::uint64_t q = Run(Quote(2, r, RfqSide::kBuy, 0.20, 500));
  const std::uint64_t signed_priority = x_.options().FindQuote(q)->priority;
  // The maker re-posts (a worse price for the taker) before the signed execution lands.
  EXPECT_EQ(Run(Quote(2, r, RfqSide::kBuy, 0.40, 500)), q);
  EXPECT_EQ(Apply(ExecuteQuote{AccountId(1), r, q, signed_priority}), RejectCode::kQuoteNotLive);
  EXPECT_EQ(Available(1), Usd(1000));
  // Bound to the version now live, it executes at that price: 250 options × 0.40.
  const std::uint64_t live_priority = x_.options().FindQuote(q)->priority;
  Run(ExecuteQuote{AccountId(1), r, q, live_priority});
  EXPECT_EQ(Available(1), Usd(900));
  ExpectSnapshotRoundTrip();
}

TEST_F(OptionsDeskTest, AnExecuteQuoteRecordWithoutThePriorityStillDecodes) {
  // The encoding before accepted_priority existed: version, kind, taker, request, quote.
  std::string bytes;
  Exchange::EncodeCommand(ExecuteQuote{AccountId(3), 7, 9, 0}, bytes);
  bytes.resize(bytes.size() - 8);
  auto decoded = Exchange::DecodeCommand(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  const auto* e = std::get_if<ExecuteQuote>(&*decoded);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->quote, 9u);
  EXPECT_EQ(e->accepted_priority, 0u);
}

}  // namespace
}  // namespace probex::venue
