// Runs the plain-text scenarios in testdata/*.txt. Each line is a command or an expectation:
//   account NAME                       deposit NAME AMOUNT
//   withdraw W NAME AMOUNT fee=F       approve W | deny W
//   market NAME YES NO fee=0.02 [type=POOL] [end=ISO]
//   order NAME ACCOUNT MARKET bid|ask OUTCOME TYPE [price=] [trigger=] [qty=] [quote=]
//   cancel ACCOUNT MARKET all|ORDER...  end M | resolve M OUTCOME | void M | advance ISO | time ISO
//   reject CODE <command>              the command must be refused with CODE, state unchanged
//   expect balance A key=value...      (available, locked_engine, locked_withdraws, total_...)
//   expect position A M OUTCOME shares=N [locked=N]
//   expect order O key=value...        (status, reason, cum_quantity, cum_quote_quantity, ...)
//   expect trades CASE@PRICExQTY...    the trades of the last command, in order (outcome-0 price)
//   expect escrow M AMOUNT | expect fees AMOUNT | expect book M OUTCOME bids=P:Q,.. asks=P:Q,..
// After every command the invariants of invariants_test.h are checked.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "venue/domain/clob_pricing.h"
#include "venue/domain/exchange.h"
#include "venue/domain/invariants_test.h"

namespace probex::venue {
namespace {

std::filesystem::path TestDataDir() {
  if (const char* root = std::getenv("PROBEX_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return std::filesystem::path(root) / "src/venue/domain/testdata";
  }
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

Money M(const std::string& text) {
  auto m = Money::Parse(text);
  if (!m.ok()) ADD_FAILURE() << "bad amount " << text;
  return m.value_or(Money::Zero());
}

class Scenario {
 public:
  explicit Scenario(std::string name) : name_(std::move(name)) {}

  void Run(const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i) {
      line_no_ = i + 1;
      std::istringstream in(lines[i]);
      std::vector<std::string> tokens;
      for (std::string t; in >> t;) {
        if (t[0] == '#') break;
        tokens.push_back(t);
      }
      if (tokens.empty()) continue;
      SCOPED_TRACE(name_ + ":" + std::to_string(line_no_) + ": " + lines[i]);
      Step(tokens);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }

 private:
  std::string Where() const { return name_ + ":" + std::to_string(line_no_); }

  std::map<std::string, std::string> KeyValues(const std::vector<std::string>& t,
                                               std::size_t from) {
    std::map<std::string, std::string> kv;
    for (std::size_t i = from; i < t.size(); ++i) {
      auto eq = t[i].find('=');
      if (eq == std::string::npos) {
        ADD_FAILURE() << "expected key=value, got " << t[i];
        continue;
      }
      kv[t[i].substr(0, eq)] = t[i].substr(eq + 1);
    }
    return kv;
  }

  AccountId Account(const std::string& n) {
    if (n[0] == '@') return AccountId(static_cast<std::uint32_t>(std::stoul(n.substr(1))));
    auto it = accounts_.find(n);
    if (it == accounts_.end()) ADD_FAILURE() << "unknown account name " << n;
    return it == accounts_.end() ? AccountId() : it->second;
  }
  MarketId Market(const std::string& n) {
    if (n[0] == '@') return MarketId(static_cast<std::uint32_t>(std::stoul(n.substr(1))));
    auto it = markets_.find(n);
    if (it == markets_.end()) ADD_FAILURE() << "unknown market name " << n;
    return it == markets_.end() ? MarketId() : it->second;
  }
  std::uint8_t Outcome(MarketId market, const std::string& label) {
    if (const auto* m = x_.FindMarket(market)) {
      for (std::uint8_t o = 0; o < 2; ++o) {
        if (m->outcomes[o] == label) return o;
      }
    }
    if (label.size() == 1 && std::isdigit(static_cast<unsigned char>(label[0]))) {
      return static_cast<std::uint8_t>(label[0] - '0');
    }
    return 9;  // an outcome the market does not have
  }
  OrderId OrderRef(const std::string& n) {
    auto it = orders_.find(n);
    if (it == orders_.end()) ADD_FAILURE() << "unknown order name " << n;
    return it == orders_.end() ? OrderId() : it->second;
  }

  // Builds the command of a command line; `bind` receives the name to bind to the created id.
  Exchange::Command Parse(const std::vector<std::string>& t, std::string& bind, char& kind) {
    const std::string& verb = t[0];
    kind = 0;
    if (verb == "account") {
      bind = t.at(1);
      kind = 'a';
      return CreateAccount{};
    }
    if (verb == "deposit") return Deposit{Account(t.at(1)), M(t.at(2))};
    if (verb == "withdraw") {
      bind = t.at(1);
      kind = 'w';
      auto kv = KeyValues(t, 4);
      RequestWithdrawal c;
      c.account = Account(t.at(2));
      c.amount = M(t.at(3));
      c.fee = M(kv["fee"]);
      return c;
    }
    if (verb == "approve") return ApproveWithdrawal{withdrawals_.at(t.at(1))};
    if (verb == "deny") return RejectWithdrawal{withdrawals_.at(t.at(1))};
    if (verb == "market") {
      bind = t.at(1);
      kind = 'm';
      auto kv = KeyValues(t, 4);
      CreateMarket c;
      c.type = kv["type"] == "POOL" ? MarketType::kPool : MarketType::kOrderBook;
      c.question = "Will " + t.at(1) + " happen?";
      c.category = "test";
      c.outcomes = {t.at(2), t.at(3)};
      c.end_time = kv.count("end") ? *ParseIso8601(kv["end"]) : *ParseIso8601("2027-01-01");
      c.fee_rate = M(kv.count("fee") ? kv["fee"] : "0");
      return c;
    }
    if (verb == "order") {
      bind = t.at(1);
      kind = 'o';
      PlaceOrder c;
      c.account = Account(t.at(2));
      c.market = Market(t.at(3));
      c.side = t.at(4) == "bid" ? OrderSide::kBid : OrderSide::kAsk;
      c.outcome = Outcome(c.market, t.at(5));
      const std::string& type = t.at(6);
      c.type = type == "Limit"      ? OrderType::kLimit
               : type == "Market"   ? OrderType::kMarket
               : type == "StopLoss" ? OrderType::kStopLoss
                                    : OrderType::kTakeProfit;
      auto kv = KeyValues(t, 7);
      if (kv.count("price")) c.price = M(kv["price"]);
      if (kv.count("trigger")) c.trigger_price = M(kv["trigger"]);
      if (kv.count("qty")) c.quantity = M(kv["qty"]);
      if (kv.count("quote")) c.quote_quantity = M(kv["quote"]);
      return c;
    }
    if (verb == "cancel") {
      CancelOrders c{Account(t.at(1)), Market(t.at(2)), {}};
      for (std::size_t i = 3; i < t.size(); ++i) {
        if (t[i] != "all") c.order_ids.push_back(OrderRef(t[i]));
      }
      return c;
    }
    if (verb == "end") return EndMarket{Market(t.at(1))};
    if (verb == "resolve") {
      MarketId m = Market(t.at(1));
      return ResolveMarket{m, Outcome(m, t.at(2))};
    }
    if (verb == "void") return VoidMarket{Market(t.at(1))};
    if (verb == "advance") {
      now_ = *ParseIso8601(t.at(1));
      return AdvanceTime{};
    }
    ADD_FAILURE() << "unknown verb " << verb;
    return AdvanceTime{};
  }

  void Apply(const Exchange::Command& c) {
    // Every command also survives its own byte encoding.
    std::string bytes;
    Exchange::EncodeCommand(c, bytes);
    auto decoded = Exchange::DecodeCommand(bytes);
    ASSERT_TRUE(decoded.ok());
    ASSERT_TRUE(*decoded == c);
    now_ = now_.PlusMillis(1);
    x_.Apply(c, ++seq_, now_, out_);
    for (const Event& e : out_.events) {
      if (const auto* u = std::get_if<OrderUpdated>(&e))
        last_state_[u->order.id.value()] = u->order;
    }
  }

  void Step(const std::vector<std::string>& t) {
    if (t[0] == "time") {
      now_ = *ParseIso8601(t.at(1));
      return;
    }
    if (t[0] == "expect") return Expect(t);
    if (t[0] == "reject") {
      std::vector<std::string> rest(t.begin() + 2, t.end());
      std::string bind;
      char kind;
      auto c = Parse(rest, bind, kind);
      const std::uint64_t before = x_.StateHash();
      Apply(c);
      EXPECT_FALSE(out_.ok()) << Where() << ": command was accepted";
      EXPECT_EQ(RejectCodeName(out_.reject), t.at(1)) << Where();
      EXPECT_TRUE(out_.events.empty()) << Where();
      EXPECT_EQ(x_.StateHash(), before) << Where() << ": a reject changed the state";
      return;
    }
    std::string bind;
    char kind;
    auto c = Parse(t, bind, kind);
    Apply(c);
    ASSERT_TRUE(out_.ok()) << Where() << ": rejected with " << RejectCodeName(out_.reject);
    switch (kind) {
      case 'a':
        accounts_[bind] = AccountId(static_cast<std::uint32_t>(out_.created_id));
        break;
      case 'm':
        markets_[bind] = MarketId(static_cast<std::uint32_t>(out_.created_id));
        break;
      case 'o':
        orders_[bind] = OrderId(out_.created_id);
        break;
      case 'w':
        withdrawals_[bind] = WithdrawalId(out_.created_id);
        break;
    }
    ASSERT_TRUE(testing::CheckInvariants(x_)) << Where();
    // Snapshots round-trip at every step.
    std::string snap;
    x_.EncodeSnapshot(snap);
    auto back = Exchange::DecodeSnapshot(snap);
    ASSERT_TRUE(back.ok()) << Where() << ": " << back.error().message;
    ASSERT_EQ(back->StateHash(), x_.StateHash()) << Where();
  }

  void ExpectMoney(const std::string& what, Money actual, const std::string& want) {
    EXPECT_EQ(actual, M(want)) << Where() << ": " << what << " is " << actual.ToPlainString();
  }

  void Expect(const std::vector<std::string>& t) {
    const std::string& what = t.at(1);
    if (what == "balance") {
      const AccountBalances* b = x_.Balances(Account(t.at(2)));
      ASSERT_NE(b, nullptr);
      for (const auto& [k, v] : KeyValues(t, 3)) {
        if (k == "available")
          ExpectMoney(k, b->available, v);
        else if (k == "locked_engine")
          ExpectMoney(k, b->locked_engine, v);
        else if (k == "locked_withdraws")
          ExpectMoney(k, b->locked_withdraws, v);
        else if (k == "locked_bets")
          ExpectMoney(k, b->locked_bets, v);
        else if (k == "total_deposited")
          ExpectMoney(k, b->total_deposited, v);
        else if (k == "total_withdrawn")
          ExpectMoney(k, b->total_withdrawn, v);
        else if (k == "total")
          ExpectMoney(k, b->total(), v);
        else
          ADD_FAILURE() << "unknown balance key " << k;
      }
    } else if (what == "position") {
      MarketId m = Market(t.at(3));
      Position p = x_.PositionOf(Account(t.at(2)), m);
      const std::uint8_t o = Outcome(m, t.at(4));
      for (const auto& [k, v] : KeyValues(t, 5)) {
        if (k == "shares")
          EXPECT_EQ(p.shares[o], std::stoll(v)) << Where();
        else if (k == "locked")
          EXPECT_EQ(p.locked[o], std::stoll(v)) << Where();
        else
          ADD_FAILURE() << "unknown position key " << k;
      }
    } else if (what == "order") {
      const OrderId id = OrderRef(t.at(2));
      auto it = last_state_.find(id.value());
      ASSERT_NE(it, last_state_.end()) << Where() << ": no state seen for " << t.at(2);
      const Order& o = it->second;
      if (const Order* open = x_.FindOrder(id)) {
        EXPECT_EQ(open->status, o.status) << Where();
        EXPECT_EQ(open->cum_quantity, o.cum_quantity) << Where();
      }
      for (const auto& [k, v] : KeyValues(t, 3)) {
        if (k == "status")
          EXPECT_EQ(OrderStatusName(o.status), v) << Where();
        else if (k == "reason")
          EXPECT_EQ(CancelReasonName(o.reason), v) << Where();
        else if (k == "cum_quantity")
          EXPECT_EQ(o.cum_quantity, std::stoll(v)) << Where();
        else if (k == "cum_quote_quantity")
          ExpectMoney(k, o.cum_quote_quantity, v);
        else if (k == "cum_fees")
          ExpectMoney(k, o.cum_fees, v);
        else if (k == "last_exec_price")
          ExpectMoney(k, Notional(1, o.last_exec_price), v);
        else if (k == "locked_cash")
          ExpectMoney(k, o.locked_cash, v);
        else if (k == "locked_shares")
          EXPECT_EQ(o.locked_shares, std::stoll(v)) << Where();
        else
          ADD_FAILURE() << "unknown order key " << k;
      }
    } else if (what == "trades") {
      std::vector<std::string> got;
      for (const Event& e : out_.events) {
        if (const auto* tr = std::get_if<Trade>(&e)) {
          got.push_back(std::string(SettlementCaseName(tr->settlement)) + "@" +
                        Notional(1, tr->price).ToPlainString() + "x" +
                        std::to_string(tr->quantity));
        }
      }
      std::vector<std::string> want(t.begin() + 2, t.end());
      EXPECT_EQ(got, want) << Where();
    } else if (what == "escrow") {
      ExpectMoney("escrow", x_.ledger().escrow(Market(t.at(2))), t.at(3));
    } else if (what == "fees") {
      ExpectMoney("fees", x_.ledger().fees(), t.at(2));
    } else if (what == "book") {
      MarketId m = Market(t.at(2));
      std::vector<DepthLevel> bids, asks;
      x_.Depth(m, Outcome(m, t.at(3)), 100, bids, asks);
      auto render = [](const std::vector<DepthLevel>& levels) {
        std::string s;
        for (const DepthLevel& l : levels) {
          if (!s.empty()) s += ",";
          s += Notional(1, l.price).ToPlainString() + ":" + std::to_string(l.quantity);
        }
        return s;
      };
      for (const auto& [k, v] : KeyValues(t, 4)) {
        if (k == "bids")
          EXPECT_EQ(render(bids), v) << Where();
        else if (k == "asks")
          EXPECT_EQ(render(asks), v) << Where();
        else
          ADD_FAILURE() << "unknown book key " << k;
      }
    } else if (what == "status") {
      const auto* market = x_.FindMarket(Market(t.at(2)));
      ASSERT_NE(market, nullptr);
      EXPECT_EQ(MarketStatusName(market->status), t.at(3)) << Where();
    } else {
      ADD_FAILURE() << "unknown expectation " << what;
    }
  }

  std::string name_;
  std::size_t line_no_ = 0;
  Exchange x_;
  Exchange::Output out_;
  std::uint64_t seq_ = 0;
  Timestamp now_ = *ParseIso8601("2026-01-01T00:00:00Z");
  std::map<std::string, AccountId> accounts_;
  std::map<std::string, MarketId> markets_;
  std::map<std::string, OrderId> orders_;
  std::map<std::string, WithdrawalId> withdrawals_;
  std::map<std::uint64_t, Order> last_state_;
};

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(TestDataDir(), ec)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, Runs) {
  std::ifstream in(TestDataDir() / GetParam());
  ASSERT_TRUE(in) << "cannot open " << (TestDataDir() / GetParam());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  Scenario(GetParam()).Run(lines);
}

INSTANTIATE_TEST_SUITE_P(Testdata, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()),
                         [](const auto& info) {
                           std::string n = info.param.substr(0, info.param.size() - 4);
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(ScenarioFilesTest, AreFound) { EXPECT_GE(ScenarioFiles().size(), 3u); }

}  // namespace
}  // namespace probex::venue
