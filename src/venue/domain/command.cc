#include "venue/domain/command.h"

#include <cstdio>
#include <type_traits>

#include "venue/domain/ctm.h"
#include "venue/domain/wire.h"

namespace probex::venue {
namespace {

constexpr std::size_t kMaxTextBytes = 4096;
constexpr std::size_t kMaxCancelIds = 100'000;
constexpr std::size_t kMaxMetadataBytes = 16 * 1024;
constexpr std::size_t kMaxHashBytes = 64;
constexpr std::size_t kMaxPrefixBytes = 64;

void PutOptionalBool(ByteWriter& w, const std::optional<bool>& v) { w.U8(v ? (*v ? 2 : 1) : 0); }

std::optional<bool> GetOptionalBool(ByteReader& r) {
  const std::uint8_t v = r.U8();
  if (v > 2) r.Fail();
  if (v == 0) return std::nullopt;
  return v == 2;
}

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void PutOptional(ByteWriter& w, const std::optional<Money>& v) {
  w.Bool(v.has_value());
  if (v) w.Amount(*v);
}

[[gnu::always_inline]] inline std::optional<Money> GetOptional(ByteReader& r) {
  if (!r.Bool()) return std::nullopt;
  return r.Amount();
}

void EncodeBody(ByteWriter&, const CreateAccount&) {}
void EncodeBody(ByteWriter& w, const Deposit& c) {
  w.U32(c.account.value());
  w.Amount(c.amount);
}
void EncodeBody(ByteWriter& w, const RequestWithdrawal& c) {
  w.U32(c.account.value());
  w.Amount(c.amount);
  w.Amount(c.fee);
  w.String(c.destination);
  w.String(c.idempotency_key);
}
void EncodeBody(ByteWriter& w, const ApproveWithdrawal& c) { w.U64(c.withdrawal.value()); }
void EncodeBody(ByteWriter& w, const RejectWithdrawal& c) { w.U64(c.withdrawal.value()); }
void EncodeBody(ByteWriter& w, const CreateMarket& c) {
  w.U8(static_cast<std::uint8_t>(c.type));
  w.String(c.question);
  w.String(c.category);
  w.String(c.outcomes[0]);
  w.String(c.outcomes[1]);
  w.Time(c.end_time);
  w.Amount(c.fee_rate);
  w.String(c.description);
  w.String(c.metadata);
}
void EncodeBody(ByteWriter& w, const PlaceOrder& c) {
  w.U32(c.account.value());
  w.U32(c.market.value());
  w.U8(c.outcome);
  w.U8(static_cast<std::uint8_t>(c.side));
  w.U8(static_cast<std::uint8_t>(c.type));
  PutOptional(w, c.price);
  PutOptional(w, c.trigger_price);
  PutOptional(w, c.quantity);
  PutOptional(w, c.quote_quantity);
}
void EncodeBody(ByteWriter& w, const CancelOrders& c) {
  w.U32(c.account.value());
  w.U32(c.market.value());
  w.U32(static_cast<std::uint32_t>(c.order_ids.size()));
  for (OrderId id : c.order_ids) w.U64(id.value());
}
void EncodeBody(ByteWriter& w, const EndMarket& c) { w.U32(c.market.value()); }
void EncodeBody(ByteWriter& w, const ResolveMarket& c) {
  w.U32(c.market.value());
  w.U8(c.winning_outcome);
}
void EncodeBody(ByteWriter& w, const VoidMarket& c) { w.U32(c.market.value()); }
void EncodeBody(ByteWriter&, const AdvanceTime&) {}
void EncodeBody(ByteWriter& w, const CreateUser& c) { w.String(c.username); }
void EncodeBody(ByteWriter& w, const CreateApiKey& c) {
  w.U32(c.account.value());
  w.U8(static_cast<std::uint8_t>(c.kind));
  w.String(c.key_hash);
  w.String(c.prefix);
  w.U32(c.scopes);
  w.String(c.name);
}
void EncodeBody(ByteWriter& w, const RevokeApiKey& c) {
  w.U32(c.account.value());
  w.U64(c.key_id);
}
void EncodeBody(ByteWriter& w, const SetRateTier& c) {
  w.U32(c.account.value());
  w.String(c.tier);
}
void EncodeBody(ByteWriter& w, const SetSwitches& c) {
  PutOptionalBool(w, c.betting);
  PutOptionalBool(w, c.ctm);
  PutOptionalBool(w, c.orders);
}
// Options RFQ desk.
void EncodeBody(ByteWriter& w, const RegisterMakerWallet& c) {
  w.U32(c.account.value());
  w.String(c.wallet);
}
void EncodeBody(ByteWriter& w, const CreateQuoteRequest& c) {
  w.U32(c.taker.value());
  w.U32(c.market.value());
  w.U8(static_cast<std::uint8_t>(c.type));
  w.U8(c.strike_bps);
  w.Time(c.expiry);
  w.U8(static_cast<std::uint8_t>(c.side));
  w.Amount(c.budget);
  w.I64(c.size);
  w.I64(c.ttl_micros);
  w.String(c.wallet);
}
void EncodeBody(ByteWriter& w, const CancelQuoteRequest& c) {
  w.U32(c.taker.value());
  w.U64(c.request);
}
void EncodeBody(ByteWriter& w, const PostQuote& c) {
  w.U32(c.maker.value());
  w.U64(c.request);
  w.U8(static_cast<std::uint8_t>(c.side));
  w.Amount(c.price);
  w.I64(c.size);
  w.I64(c.expires_in_ms);
}
void EncodeBody(ByteWriter& w, const WithdrawQuote& c) {
  w.U32(c.maker.value());
  w.U64(c.quote);
}
void EncodeBody(ByteWriter& w, const ExecuteQuote& c) {
  w.U32(c.taker.value());
  w.U64(c.request);
  w.U64(c.quote);
  w.U64(c.accepted_priority);  // a trailing field: older records end before it
}
void EncodeBody(ByteWriter&, const OptionsTick&) {}

void EncodeBody(ByteWriter& w, const OraclePrice& c) {
  w.String(c.asset);
  w.Amount(c.price);
  w.Amount(c.bid);
  w.Amount(c.ask);
}
void EncodeBody(ByteWriter& w, const SetCtmSchedule& c) { EncodeCtmScheduleSpec(w, c.spec); }
void EncodeBody(ByteWriter& w, const CreateCtmRound& c) { EncodeCtmRoundSpec(w, c.spec); }
void EncodeBody(ByteWriter& w, const VoidCtmRound& c) { w.U64(c.round); }
void EncodeBody(ByteWriter& w, const PlaceCtmPrediction& c) {
  w.U32(c.account.value());
  w.U64(c.round);
  w.Amount(c.predicted_price);
  w.String(c.idempotency_key);
}
void EncodeBody(ByteWriter& w, const PlaceBet& c) {
  w.U32(c.account.value());
  w.U32(c.market.value());
  w.U8(c.outcome);
  w.Amount(c.amount);
  w.Amount(c.fee_rate);
  w.U32(c.weight_floor);
  w.String(c.idempotency_key);
}

template <std::size_t I>
Command DecodeAlternative(ByteReader& r) {
  using T = std::variant_alternative_t<I, Command>;
  T c{};
  if constexpr (std::is_same_v<T, Deposit>) {
    c.account = AccountId(r.U32());
    c.amount = r.Amount();
  } else if constexpr (std::is_same_v<T, RequestWithdrawal>) {
    c.account = AccountId(r.U32());
    c.amount = r.Amount();
    c.fee = r.Amount();
    c.destination = r.String(kMaxDestinationBytes);
    c.idempotency_key = r.String(kMaxIdempotencyKeyBytes);
  } else if constexpr (std::is_same_v<T, ApproveWithdrawal> ||
                       std::is_same_v<T, RejectWithdrawal>) {
    c.withdrawal = WithdrawalId(r.U64());
  } else if constexpr (std::is_same_v<T, CreateMarket>) {
    std::uint8_t type = r.U8();
    if (type > static_cast<std::uint8_t>(MarketType::kPool)) r.Fail();
    c.type = static_cast<MarketType>(type);
    c.question = r.String(kMaxTextBytes);
    c.category = r.String(kMaxTextBytes);
    c.outcomes[0] = r.String(kMaxTextBytes);
    c.outcomes[1] = r.String(kMaxTextBytes);
    c.end_time = r.Time();
    c.fee_rate = r.Amount();
    c.description = r.String(kMaxTextBytes);
    c.metadata = r.String(kMaxMetadataBytes);
  } else if constexpr (std::is_same_v<T, PlaceOrder>) {
    c.account = AccountId(r.U32());
    c.market = MarketId(r.U32());
    c.outcome = r.U8();
    std::uint8_t side = r.U8();
    std::uint8_t type = r.U8();
    if (side > 1 || type > static_cast<std::uint8_t>(OrderType::kTakeProfit)) r.Fail();
    c.side = static_cast<OrderSide>(side);
    c.type = static_cast<OrderType>(type);
    c.price = GetOptional(r);
    c.trigger_price = GetOptional(r);
    c.quantity = GetOptional(r);
    c.quote_quantity = GetOptional(r);
  } else if constexpr (std::is_same_v<T, CancelOrders>) {
    c.account = AccountId(r.U32());
    c.market = MarketId(r.U32());
    std::uint32_t n = r.Count(8);
    if (n > kMaxCancelIds) r.Fail();
    for (std::uint32_t i = 0; i < n && r.ok(); ++i) c.order_ids.push_back(OrderId(r.U64()));
  } else if constexpr (std::is_same_v<T, EndMarket> || std::is_same_v<T, VoidMarket>) {
    c.market = MarketId(r.U32());
  } else if constexpr (std::is_same_v<T, ResolveMarket>) {
    c.market = MarketId(r.U32());
    c.winning_outcome = r.U8();
  } else if constexpr (std::is_same_v<T, CreateUser>) {
    c.username = r.String(kMaxTextBytes);
  } else if constexpr (std::is_same_v<T, CreateApiKey>) {
    c.account = AccountId(r.U32());
    const std::uint8_t kind = r.U8();
    if (kind > static_cast<std::uint8_t>(ApiKeyKind::kMkLive)) r.Fail();
    c.kind = static_cast<ApiKeyKind>(kind);
    c.key_hash = r.String(kMaxHashBytes);
    c.prefix = r.String(kMaxPrefixBytes);
    c.scopes = r.U32();
    c.name = r.String(kMaxKeyNameBytes);
  } else if constexpr (std::is_same_v<T, RevokeApiKey>) {
    c.account = AccountId(r.U32());
    c.key_id = r.U64();
  } else if constexpr (std::is_same_v<T, SetRateTier>) {
    c.account = AccountId(r.U32());
    c.tier = r.String(kMaxTierBytes);
  } else if constexpr (std::is_same_v<T, SetSwitches>) {
    c.betting = GetOptionalBool(r);
    c.ctm = GetOptionalBool(r);
    c.orders = GetOptionalBool(r);
  } else if constexpr (std::is_same_v<T, OraclePrice>) {
    c.asset = r.String(kMaxTextBytes);
    c.price = r.Amount();
    c.bid = r.Amount();
    c.ask = r.Amount();
  } else if constexpr (std::is_same_v<T, SetCtmSchedule>) {
    CtmScheduleSpec& s = c.spec;
    s.asset = r.String(kMaxTextBytes);
    const std::uint8_t type = r.U8();
    if (type > static_cast<std::uint8_t>(CtmRoundType::kEvent)) r.Fail();
    s.type = static_cast<CtmRoundType>(type);
    s.duration_ms = r.I64();
    s.open_ms = r.I64();
    s.heatmap_ms = r.I64();
    s.lead_ms = r.I64();
    s.entry_fee_blind = r.Amount();
    s.heatmap_fee_multiplier = r.Amount();
    s.platform_fee_rate = r.Amount();
    s.enabled = r.Bool();
  } else if constexpr (std::is_same_v<T, CreateCtmRound>) {
    CtmRoundSpec& s = c.spec;
    s.asset = r.String(kMaxTextBytes);
    const std::uint8_t type = r.U8();
    if (type > static_cast<std::uint8_t>(CtmRoundType::kEvent)) r.Fail();
    s.type = static_cast<CtmRoundType>(type);
    s.question = r.String(kMaxTextBytes);
    s.description = r.String(kMaxTextBytes);
    s.open_starts_at = r.Time();
    s.heatmap_starts_at = r.Time();
    s.locked_starts_at = r.Time();
    s.resolves_at = r.Time();
    s.entry_fee_blind = r.Amount();
    s.heatmap_fee_multiplier = r.Amount();
    s.platform_fee_rate = r.Amount();
  } else if constexpr (std::is_same_v<T, VoidCtmRound>) {
    c.round = r.U64();
  } else if constexpr (std::is_same_v<T, PlaceCtmPrediction>) {
    c.account = AccountId(r.U32());
    c.round = r.U64();
    c.predicted_price = r.Amount();
    c.idempotency_key = r.String(kMaxTextBytes);
  } else if constexpr (std::is_same_v<T, PlaceBet>) {
    c.account = AccountId(r.U32());
    c.market = MarketId(r.U32());
    c.outcome = r.U8();
    c.amount = r.Amount();
    c.fee_rate = r.Amount();
    c.weight_floor = r.U32();
    c.idempotency_key = r.String(kMaxIdempotencyKeyBytes);
  } else if constexpr (std::is_same_v<T, RegisterMakerWallet>) {
    c.account = AccountId(r.U32());
    c.wallet = r.String(64);
  } else if constexpr (std::is_same_v<T, CreateQuoteRequest>) {
    c.taker = AccountId(r.U32());
    c.market = MarketId(r.U32());
    const std::uint8_t type = r.U8();
    if (type > 1) r.Fail();
    c.type = static_cast<OptionType>(type);
    c.strike_bps = r.U8();
    c.expiry = r.Time();
    const std::uint8_t side = r.U8();
    if (side > 1) r.Fail();
    c.side = static_cast<RfqSide>(side);
    c.budget = r.Amount();
    c.size = r.I64();
    c.ttl_micros = r.I64();
    c.wallet = r.String(64);
  } else if constexpr (std::is_same_v<T, CancelQuoteRequest>) {
    c.taker = AccountId(r.U32());
    c.request = r.U64();
  } else if constexpr (std::is_same_v<T, PostQuote>) {
    c.maker = AccountId(r.U32());
    c.request = r.U64();
    const std::uint8_t side = r.U8();
    if (side > 1) r.Fail();
    c.side = static_cast<RfqSide>(side);
    c.price = r.Amount();
    c.size = r.I64();
    c.expires_in_ms = r.I64();
  } else if constexpr (std::is_same_v<T, WithdrawQuote>) {
    c.maker = AccountId(r.U32());
    c.quote = r.U64();
  } else if constexpr (std::is_same_v<T, ExecuteQuote>) {
    c.taker = AccountId(r.U32());
    c.request = r.U64();
    c.quote = r.U64();
    if (!r.at_end()) c.accepted_priority = r.U64();
  }
  return Command(std::in_place_index<I>, std::move(c));
}

// A table of decoders: the chosen one builds its alternative straight into the result (no
// default-constructed variant assigned over, which cost a destroy and a move per record).
template <std::size_t... I>
Command DecodeByIndex(std::size_t index, ByteReader& r, std::index_sequence<I...>) {
  using Decoder = Command (*)(ByteReader&);
  static constexpr Decoder kDecoders[] = {&DecodeAlternative<I>...};
  return kDecoders[index](r);
}

// Texts in one line: control characters and quotes escaped.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      out += "\\x";
      out += "0123456789abcdef"[(ch >> 4) & 0xF];
      out += "0123456789abcdef"[ch & 0xF];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string OptionalText(const std::optional<Money>& v) {
  return v ? v->ToPlainString() : std::string("-");
}

std::string OptionalBoolText(const std::optional<bool>& v) { return v ? (*v ? "on" : "off") : "-"; }

}  // namespace

void EncodeCommand(const Command& command, std::string& out) {
  ByteWriter w(out);
  w.U8(kCommandEncodingVersion);
  w.U8(static_cast<std::uint8_t>(command.index()));
  std::visit([&](const auto& c) { EncodeBody(w, c); }, command);
}

Result<Command> DecodeCommand(std::string_view bytes) {
  ByteReader r(bytes);
  std::uint8_t version = r.U8();
  std::uint8_t kind = r.U8();
  if (!r.ok()) return MakeError("corrupt_command", "command record is truncated");
  if (version != kCommandEncodingVersion) {
    return MakeError("corrupt_command", "unknown command encoding version " +
                                            std::to_string(static_cast<int>(version)));
  }
  if (kind >= std::variant_size_v<Command>) {
    return MakeError("corrupt_command",
                     "unknown command kind " + std::to_string(static_cast<int>(kind)));
  }
  Command command =
      DecodeByIndex(kind, r, std::make_index_sequence<std::variant_size_v<Command>>{});
  if (!r.ok()) return MakeError("corrupt_command", "command fields are truncated or invalid");
  if (!r.at_end()) return MakeError("corrupt_command", "trailing bytes after the command");
  return command;
}

std::string DescribeCommand(const Command& command) {
  return std::visit(
      Overloaded{
          [](const CreateAccount&) { return std::string("CreateAccount"); },
          [](const Deposit& c) {
            return "Deposit account=" + std::to_string(c.account.value()) +
                   " amount=" + c.amount.ToPlainString();
          },
          [](const RequestWithdrawal& c) {
            return "RequestWithdrawal account=" + std::to_string(c.account.value()) +
                   " amount=" + c.amount.ToPlainString() + " fee=" + c.fee.ToPlainString() +
                   " destination=\"" + c.destination + "\" idempotency_key=\"" + c.idempotency_key +
                   "\"";
          },
          [](const ApproveWithdrawal& c) {
            return "ApproveWithdrawal withdrawal=" + std::to_string(c.withdrawal.value());
          },
          [](const RejectWithdrawal& c) {
            return "RejectWithdrawal withdrawal=" + std::to_string(c.withdrawal.value());
          },
          [](const CreateMarket& c) {
            return "CreateMarket type=" + std::string(MarketTypeName(c.type)) +
                   " question=" + Quoted(c.question) + " category=" + Quoted(c.category) +
                   " outcomes=" + Quoted(c.outcomes[0]) + "/" + Quoted(c.outcomes[1]) +
                   " end=" + FormatIso8601(c.end_time) + " fee_rate=" + c.fee_rate.ToPlainString() +
                   " description=\"" + c.description +
                   "\" metadata=" + (c.metadata.empty() ? "-" : c.metadata);
          },
          [](const PlaceOrder& c) {
            return "PlaceOrder account=" + std::to_string(c.account.value()) +
                   " market=" + std::to_string(c.market.value()) +
                   " outcome=" + std::to_string(c.outcome) +
                   " side=" + std::string(OrderSideName(c.side)) +
                   " type=" + std::string(OrderTypeName(c.type)) +
                   " price=" + OptionalText(c.price) + " trigger=" + OptionalText(c.trigger_price) +
                   " quantity=" + OptionalText(c.quantity) +
                   " quote_quantity=" + OptionalText(c.quote_quantity);
          },
          [](const CancelOrders& c) {
            std::string s = "CancelOrders account=" + std::to_string(c.account.value()) +
                            " market=" + std::to_string(c.market.value()) + " orders=";
            if (c.order_ids.empty()) return s + "all";
            for (std::size_t i = 0; i < c.order_ids.size(); ++i) {
              if (i > 0) s += ",";
              if (i == 16) return s + "...(" + std::to_string(c.order_ids.size()) + ")";
              s += std::to_string(c.order_ids[i].value());
            }
            return s;
          },
          [](const EndMarket& c) { return "EndMarket market=" + std::to_string(c.market.value()); },
          [](const ResolveMarket& c) {
            return "ResolveMarket market=" + std::to_string(c.market.value()) +
                   " winner=" + std::to_string(c.winning_outcome);
          },
          [](const VoidMarket& c) {
            return "VoidMarket market=" + std::to_string(c.market.value());
          },
          [](const AdvanceTime&) { return std::string("AdvanceTime"); },
          [](const CreateUser& c) { return "CreateUser username=\"" + c.username + "\""; },
          [](const CreateApiKey& c) {
            return "CreateApiKey account=" + std::to_string(c.account.value()) +
                   " kind=" + std::string(ApiKeyKindName(c.kind)) + " prefix=" + c.prefix +
                   " scopes=0x" +
                   [&] {
                     char buf[16];
                     std::snprintf(buf, sizeof buf, "%03x", c.scopes);
                     return std::string(buf);
                   }() +
                   " name=\"" + c.name + "\"";
          },
          [](const RevokeApiKey& c) {
            return "RevokeApiKey account=" + std::to_string(c.account.value()) +
                   " key=" + std::to_string(c.key_id);
          },
          [](const SetRateTier& c) {
            return "SetRateTier account=" + std::to_string(c.account.value()) + " tier=\"" +
                   c.tier + "\"";
          },
          [](const SetSwitches& c) {
            return "SetSwitches betting=" + OptionalBoolText(c.betting) +
                   " ctm=" + OptionalBoolText(c.ctm) + " orders=" + OptionalBoolText(c.orders);
          },
          [](const OraclePrice& c) {
            return "OraclePrice asset=" + Quoted(c.asset) + " price=" + c.price.ToPlainString() +
                   " bid=" + c.bid.ToPlainString() + " ask=" + c.ask.ToPlainString();
          },
          [](const SetCtmSchedule& c) {
            const CtmScheduleSpec& s = c.spec;
            return "SetCtmSchedule asset=" + Quoted(s.asset) +
                   " type=" + std::string(CtmRoundTypeName(s.type)) +
                   " duration_ms=" + std::to_string(s.duration_ms) +
                   " open_ms=" + std::to_string(s.open_ms) +
                   " heatmap_ms=" + std::to_string(s.heatmap_ms) +
                   " lead_ms=" + std::to_string(s.lead_ms) +
                   " entry_fee=" + s.entry_fee_blind.ToPlainString() +
                   " heatmap_multiplier=" + s.heatmap_fee_multiplier.ToPlainString() +
                   " platform_fee_rate=" + s.platform_fee_rate.ToPlainString() +
                   " enabled=" + (s.enabled ? "yes" : "no");
          },
          [](const CreateCtmRound& c) {
            const CtmRoundSpec& s = c.spec;
            return "CreateCtmRound asset=" + Quoted(s.asset) +
                   " type=" + std::string(CtmRoundTypeName(s.type)) +
                   " question=" + Quoted(s.question) + " open=" + FormatIso8601(s.open_starts_at) +
                   " heatmap=" + FormatIso8601(s.heatmap_starts_at) +
                   " locked=" + FormatIso8601(s.locked_starts_at) +
                   " resolves=" + FormatIso8601(s.resolves_at) +
                   " entry_fee=" + s.entry_fee_blind.ToPlainString() +
                   " heatmap_multiplier=" + s.heatmap_fee_multiplier.ToPlainString() +
                   " platform_fee_rate=" + s.platform_fee_rate.ToPlainString();
          },
          [](const VoidCtmRound& c) { return "VoidCtmRound round=" + std::to_string(c.round); },
          [](const PlaceCtmPrediction& c) {
            return "PlaceCtmPrediction account=" + std::to_string(c.account.value()) +
                   " round=" + std::to_string(c.round) +
                   " price=" + c.predicted_price.ToPlainString() +
                   " idempotency_key=" + Quoted(c.idempotency_key);
          },
          [](const PlaceBet& c) {
            return "PlaceBet account=" + std::to_string(c.account.value()) +
                   " market=" + std::to_string(c.market.value()) +
                   " outcome=" + std::to_string(c.outcome) + " amount=" + c.amount.ToPlainString() +
                   " fee_rate=" + c.fee_rate.ToPlainString() +
                   " weight_floor=" + std::to_string(c.weight_floor) +
                   " idempotency_key=" + Quoted(c.idempotency_key);
          },
          [](const RegisterMakerWallet& c) {
            return "RegisterMakerWallet account=" + std::to_string(c.account.value()) +
                   " wallet=" + c.wallet;
          },
          [](const CreateQuoteRequest& c) {
            return "CreateQuoteRequest taker=" + std::to_string(c.taker.value()) +
                   " market=" + std::to_string(c.market.value()) +
                   " type=" + std::string(OptionTypeName(c.type)) +
                   " strike=" + std::to_string(c.strike_bps) +
                   " expiry=" + FormatIso8601(c.expiry) +
                   " side=" + std::string(RfqSideName(c.side)) +
                   " budget=" + c.budget.ToPlainString() + " size=" + std::to_string(c.size) +
                   " ttl_us=" + std::to_string(c.ttl_micros) + " wallet=" + Quoted(c.wallet);
          },
          [](const CancelQuoteRequest& c) {
            return "CancelQuoteRequest taker=" + std::to_string(c.taker.value()) +
                   " request=" + std::to_string(c.request);
          },
          [](const PostQuote& c) {
            return "PostQuote maker=" + std::to_string(c.maker.value()) +
                   " request=" + std::to_string(c.request) +
                   " side=" + std::string(RfqSideName(c.side)) +
                   " price=" + c.price.ToPlainString() + " size=" + std::to_string(c.size) +
                   " expires_in_ms=" + std::to_string(c.expires_in_ms);
          },
          [](const WithdrawQuote& c) {
            return "WithdrawQuote maker=" + std::to_string(c.maker.value()) +
                   " quote=" + std::to_string(c.quote);
          },
          [](const ExecuteQuote& c) {
            return "ExecuteQuote taker=" + std::to_string(c.taker.value()) +
                   " request=" + std::to_string(c.request) + " quote=" + std::to_string(c.quote) +
                   " accepted_priority=" + std::to_string(c.accepted_priority);
          },
          [](const OptionsTick&) { return std::string("OptionsTick"); },
      },
      command);
}

}  // namespace probex::venue
