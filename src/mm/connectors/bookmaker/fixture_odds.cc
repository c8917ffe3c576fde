#include "mm/connectors/bookmaker/fixture_odds.h"

#include <boost/json.hpp>
#include <charconv>

namespace probex::mm::bookmaker {
namespace {

std::optional<int> IntKey(std::string_view key) {
  int v = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (ec != std::errc() || p != key.data() + key.size()) return std::nullopt;
  return v;
}

// A feed number as exact Money: integers as they are; a double through its shortest round-trip
// decimal, which for the feed's short decimals (≤ 3 places) is exactly the text that was sent.
std::optional<Money> MoneyOf(const boost::json::value* v) {
  if (v == nullptr) return std::nullopt;
  char buf[64];
  std::to_chars_result r{};
  if (v->is_int64()) {
    r = std::to_chars(buf, buf + sizeof buf, v->as_int64());
  } else if (v->is_double()) {
    r = std::to_chars(buf, buf + sizeof buf, v->as_double());
  } else if (v->is_string()) {
    auto m = Money::Parse(v->as_string());
    return m ? std::optional<Money>(*m) : std::nullopt;
  } else {
    return std::nullopt;
  }
  auto m = Money::Parse(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  return m ? std::optional<Money>(*m) : std::nullopt;
}

void ReadBool(const boost::json::object& o, std::string_view name, bool& out) {
  if (const auto* v = o.if_contains(name); v != nullptr && v->is_bool()) out = v->as_bool();
}

void ReadInt(const boost::json::object& o, std::string_view name, int& out) {
  if (const auto* v = o.if_contains(name); v != nullptr && v->is_int64()) {
    out = static_cast<int>(v->as_int64());
  }
}

}  // namespace

void ApplyOddsJson(const net::ParsedJson&, const boost::json::object& fixture, const std::string&,
                   FixtureOdds& into, std::vector<int>* touched) {
  ApplyOddsObject(fixture, into, touched);
}

void ApplyOddsObject(const boost::json::object& fixture, FixtureOdds& into,
                     std::vector<int>* touched) {
  if (const auto* id = fixture.if_contains("fixtureId")) {
    if (id->is_string()) into.fixture_id = std::string(id->as_string());
    if (id->is_int64()) into.fixture_id = std::to_string(id->as_int64());
  }
  ReadInt(fixture, "sportId", into.sport_id);
  ReadInt(fixture, "tournamentId", into.tournament_id);
  ReadInt(fixture, "statusId", into.status_id);
  const auto* books = fixture.if_contains("bookmakerOdds");
  if (books == nullptr || !books->is_object()) return;
  for (const auto& [slug, book_value] : books->as_object()) {
    if (!book_value.is_object()) continue;
    const auto& book = book_value.as_object();
    ReadBool(book, "bookmakerIsActive", into.bookmaker_active);
    ReadBool(book, "suspended", into.suspended);
    const auto* markets = book.if_contains("markets");
    if (markets == nullptr || !markets->is_object()) continue;
    for (const auto& [market_key, market_value] : markets->as_object()) {
      auto market_id = IntKey(market_key);
      if (!market_id || !market_value.is_object()) continue;
      const auto& market = market_value.as_object();
      MarketQuotes& mq = into.markets[*market_id];
      if (touched != nullptr) touched->push_back(*market_id);
      ReadBool(market, "marketActive", mq.active);
      const auto* outcomes = market.if_contains("outcomes");
      if (outcomes == nullptr || !outcomes->is_object()) continue;
      for (const auto& [outcome_key, outcome_value] : outcomes->as_object()) {
        auto outcome_id = IntKey(outcome_key);
        if (!outcome_id || !outcome_value.is_object()) continue;
        const auto* players = outcome_value.as_object().if_contains("players");
        if (players == nullptr || !players->is_object()) continue;
        const auto* player = players->as_object().if_contains("0");
        if (player == nullptr || !player->is_object()) continue;
        OutcomeQuote& q = mq.outcomes[*outcome_id];
        const auto& p = player->as_object();
        if (auto odds = MoneyOf(p.if_contains("price"))) q.odds = *odds;
        if (auto limit = MoneyOf(p.if_contains("limit"))) q.limit = *limit;
        ReadBool(p, "active", q.active);
      }
    }
  }
}

}  // namespace probex::mm::bookmaker
