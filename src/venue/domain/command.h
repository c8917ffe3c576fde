// Commands: the pure-data inputs of the venue state machine, one struct per kind, gathered in the
// `Command` variant (later issues append pool bets, CTM predictions, options, API keys). Every
// field is raw input: Exchange::Apply validates it and answers a RejectCode. The byte encoding is
// self-contained, versioned and little-endian: [u8 version=1][u8 kind][fields]; optional values
// carry a presence byte, strings a u32 length. Thread rule: plain value types.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/money.h"
#include "common/result.h"
#include "common/time.h"
#include "venue/domain/account_registry.h"
#include "venue/domain/ctm.h"
#include "venue/domain/ids.h"
#include "venue/domain/market.h"
#include "venue/domain/options.h"
#include "venue/domain/order.h"
#include "venue/domain/pool.h"

namespace probex::venue {

struct CreateAccount {
  friend bool operator==(const CreateAccount&, const CreateAccount&) = default;
};
struct Deposit {
  AccountId account;
  Money amount;
  friend bool operator==(const Deposit&, const Deposit&) = default;
};
// Moves amount + fee from available to locked_withdraws until an operator decides.
struct RequestWithdrawal {
  AccountId account;
  Money amount;
  Money fee;                    // the venue's withdrawalFee at request time
  std::string destination;      // where the funds go (at most 256 bytes)
  std::string idempotency_key;  // empty: none. Same key + same amount and destination → the
                                // first answer again (nothing changes); another payload → reject.
  friend bool operator==(const RequestWithdrawal&, const RequestWithdrawal&) = default;
};
struct ApproveWithdrawal {
  WithdrawalId withdrawal;
  friend bool operator==(const ApproveWithdrawal&, const ApproveWithdrawal&) = default;
};
struct RejectWithdrawal {
  WithdrawalId withdrawal;
  friend bool operator==(const RejectWithdrawal&, const RejectWithdrawal&) = default;
};
struct CreateMarket {
  MarketType type = MarketType::kOrderBook;
  std::string question;
  std::string category;
  std::array<std::string, 2> outcomes;
  Timestamp end_time;
  Money fee_rate;
  std::string description;  // at most 4096 bytes
  std::string metadata;     // a JSON object's text, stored and shown as given (≤ 16384 bytes)
  friend bool operator==(const CreateMarket&, const CreateMarket&) = default;
};
// Prices and quantities arrive as exact decimals; the domain checks cents, integers and ranges.
struct PlaceOrder {
  AccountId account;
  MarketId market;
  std::uint8_t outcome = 0;
  OrderSide side = OrderSide::kBid;
  OrderType type = OrderType::kLimit;
  std::optional<Money> price;
  std::optional<Money> trigger_price;
  std::optional<Money> quantity;
  std::optional<Money> quote_quantity;
  friend bool operator==(const PlaceOrder&, const PlaceOrder&) = default;
};
// Empty order_ids = all of the account's open orders in the market.
struct CancelOrders {
  AccountId account;
  MarketId market;
  std::vector<OrderId> order_ids;
  friend bool operator==(const CancelOrders&, const CancelOrders&) = default;
};
struct EndMarket {
  MarketId market;
  friend bool operator==(const EndMarket&, const EndMarket&) = default;
};
struct ResolveMarket {
  MarketId market;
  std::uint8_t winning_outcome = 0;
  friend bool operator==(const ResolveMarket&, const ResolveMarket&) = default;
};
struct VoidMarket {
  MarketId market;
  friend bool operator==(const VoidMarket&, const VoidMarket&) = default;
};
// Ends every ACTIVE market whose end time is at or before the command's timestamp.
struct AdvanceTime {
  friend bool operator==(const AdvanceTime&, const AdvanceTime&) = default;
};
// A user with a unique username and its own account (created_id = the account id = user id).
struct CreateUser {
  std::string username;
  friend bool operator==(const CreateUser&, const CreateUser&) = default;
};
// Stores an API key by its SHA-256 hash (the secret never reaches the journal).
struct CreateApiKey {
  AccountId account;
  ApiKeyKind kind = ApiKeyKind::kAk;
  std::string key_hash;  // 64 lowercase hex digits
  std::string prefix;    // display prefix
  std::uint32_t scopes = 0;
  std::string name;
  friend bool operator==(const CreateApiKey&, const CreateApiKey&) = default;
};
// Revokes one of `account`'s live keys.
struct RevokeApiKey {
  AccountId account;
  std::uint64_t key_id = 0;
  friend bool operator==(const RevokeApiKey&, const RevokeApiKey&) = default;
};
// The user's rate-limit tier; empty = the default tier.
struct SetRateTier {
  AccountId account;
  std::string tier;
  friend bool operator==(const SetRateTier&, const SetRateTier&) = default;
};
// Operator switches; absent fields keep their value. orders=false refuses new orders.
struct SetSwitches {
  std::optional<bool> betting;
  std::optional<bool> ctm;
  std::optional<bool> orders;
  friend bool operator==(const SetSwitches&, const SetSwitches&) = default;
};

// ---- CTM rounds and the price oracle (ctm.h). ----
// One oracle tick for `asset`, stamped with the command's time.
struct OraclePrice {
  std::string asset;
  Money price;
  Money bid;
  Money ask;
  friend bool operator==(const OraclePrice&, const OraclePrice&) = default;
};
// Adds or replaces the schedule of (asset, type).
struct SetCtmSchedule {
  CtmScheduleSpec spec;
  friend bool operator==(const SetCtmSchedule&, const SetCtmSchedule&) = default;
};
// An operator-created round (EVENT).
struct CreateCtmRound {
  CtmRoundSpec spec;
  friend bool operator==(const CreateCtmRound&, const CreateCtmRound&) = default;
};
struct VoidCtmRound {
  std::uint64_t round = 0;
  friend bool operator==(const VoidCtmRound&, const VoidCtmRound&) = default;
};
struct PlaceCtmPrediction {
  AccountId account;
  std::uint64_t round = 0;
  Money predicted_price;
  std::string idempotency_key;  // empty: none
  friend bool operator==(const PlaceCtmPrediction&, const PlaceCtmPrediction&) = default;
};

// A pool bet (ARCHITECTURE §4, docs/venue-pools.md): `amount` moves from available to lockedBets
// on `outcome` of an ACTIVE POOL market. The venue's settings at placement travel with it.
struct PlaceBet {
  AccountId account;
  MarketId market;
  std::uint8_t outcome = 0;
  Money amount;                               // ≥ 0.0001
  Money fee_rate;                             // the betting fee rate, 0..0.5
  std::uint32_t weight_floor = kWeightScale;  // timeWeight at endTime × 10000, 1..10000
  std::string idempotency_key;  // empty: none. Same key + same market, outcome and amount → the
                                // first answer again (nothing changes); another payload → reject.
  friend bool operator==(const PlaceBet&, const PlaceBet&) = default;
};

using Command =
    std::variant<CreateAccount, Deposit, RequestWithdrawal, ApproveWithdrawal, RejectWithdrawal,
                 CreateMarket, PlaceOrder, CancelOrders, EndMarket, ResolveMarket, VoidMarket,
                 AdvanceTime, CreateUser, CreateApiKey, RevokeApiKey, SetRateTier, SetSwitches,
                 OraclePrice, SetCtmSchedule, CreateCtmRound, VoidCtmRound, PlaceCtmPrediction,
                 PlaceBet, RegisterMakerWallet, CreateQuoteRequest, CancelQuoteRequest, PostQuote,
                 WithdrawQuote, ExecuteQuote, OptionsTick>;

// Version 2 added withdrawal destination and idempotency key, market description and metadata,
// users, API keys, rate tiers and switches.
inline constexpr std::uint8_t kCommandEncodingVersion = 2;

void EncodeCommand(const Command& command, std::string& out);
Result<Command> DecodeCommand(std::string_view bytes);
// One line for `probex journal dump`: "PlaceOrder account=3 market=1 outcome=0 side=bid ...".
std::string DescribeCommand(const Command& command);

}  // namespace probex::venue
