#include "mm/connectors/bookmaker/odds_frame.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace probex::mm::bookmaker {
namespace {

// A cursor over JSON text that validates what it skips (strings, numbers, literals, nesting).
class Cursor {
 public:
  Cursor(const char* p, const char* end) : p_(p), end_(end) {}

  bool ok() const { return ok_; }
  bool Fail() { return ok_ = false; }
  void Ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool Peek(char c) {
    Ws();
    return p_ < end_ && *p_ == c;
  }
  bool Eat(char c) {
    if (!Peek(c)) return Fail();
    ++p_;
    return true;
  }
  bool AtEnd() {
    Ws();
    return p_ == end_;
  }

  // A string's raw text (between the quotes); `escaped` tells whether it holds a backslash.
  bool String(std::string_view& out, bool& escaped) {
    if (!Eat('"')) return false;
    const char* start = p_;
    escaped = false;
    while (p_ < end_) {
      const char c = *p_;
      if (c == '"') {
        out = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20) return Fail();
      if (c == '\\') {
        escaped = true;
        if (++p_ >= end_) return Fail();
      }
      ++p_;
    }
    return Fail();
  }
  bool Number(std::string_view& out) {
    Ws();
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    const char* digits = p_;
    while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' ||
                         *p_ == '+' || *p_ == '-')) {
      ++p_;
    }
    if (p_ == digits) return Fail();
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    return true;
  }
  bool Literal(std::string_view word) {
    Ws();
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return Fail();
    }
    p_ += word.size();
    return true;
  }
  char Kind() {
    Ws();
    return p_ < end_ ? *p_ : '\0';
  }
  // Skips any value.
  bool Skip(int depth = 0) {
    if (depth > 64) return Fail();
    switch (Kind()) {
      case '{':
        return Object([&](std::string_view) { return Skip(depth + 1); });
      case '[': {
        ++p_;
        if (Peek(']')) return Eat(']');
        do {
          if (!Skip(depth + 1)) return false;
        } while (Peek(',') && Eat(','));
        return Eat(']');
      }
      case '"': {
        std::string_view s;
        bool e = false;
        return String(s, e);
      }
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default: {
        std::string_view n;
        return Number(n);
      }
    }
  }
  // Calls on_key(key) for each member; on_key must consume the value. Keys with escapes fail.
  template <typename F>
  bool Object(F&& on_key) {
    if (!Eat('{')) return false;
    if (Peek('}')) return Eat('}');
    for (;;) {
      std::string_view key;
      bool escaped = false;
      if (!String(key, escaped) || escaped || !Eat(':')) return Fail();
      if (!on_key(key) || !ok_) return Fail();
      if (Peek(',')) {
        ++p_;
        continue;
      }
      return Eat('}');
    }
  }
  // A bool if the value is one, else the value is skipped (std::nullopt).
  bool OptBool(std::optional<bool>& out) {
    const char k = Kind();
    if (k == 't') return Literal("true") && (out = true, true);
    if (k == 'f') return Literal("false") && (out = false, true);
    return Skip();
  }
  // An integer if the value is an integral number, else skipped.
  bool OptInt(std::optional<std::int64_t>& out) {
    const char k = Kind();
    if (k != '-' && (k < '0' || k > '9')) return Skip();
    std::string_view n;
    if (!Number(n)) return false;
    std::int64_t v = 0;
    auto [q, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    if (ec == std::errc() && q == n.data() + n.size()) out = v;
    return true;
  }
  // Exact Money from a number (its text) or a numeric string, as fixture_odds' MoneyOf.
  bool OptMoney(std::optional<Money>& out) {
    const char k = Kind();
    if (k == '"') {
      std::string_view s;
      bool escaped = false;
      if (!String(s, escaped)) return false;
      if (!escaped) {
        if (auto m = Money::Parse(s); m.ok()) out = *m;
      }
      return true;
    }
    if (k != '-' && (k < '0' || k > '9')) return Skip();
    std::string_view n;
    if (!Number(n)) return false;
    if (auto m = Money::Parse(n); m.ok()) {
      out = *m;
      return true;
    }
    // An exponent or more decimals than Money holds: through the double's shortest text, as
    // the general path does.
    char buf[64];
    const std::string text(n);
    const double d = std::strtod(text.c_str(), nullptr);
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    if (auto m = Money::Parse(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
        m.ok()) {
      out = *m;
    }
    return true;
  }

 private:
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

std::optional<int> IntKey(std::string_view key) {
  int v = 0;
  auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (ec != std::errc() || p != key.data() + key.size()) return std::nullopt;
  return v;
}

std::optional<int> Narrow(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

bool OddsFrameReader::Read(std::string_view frame) {
  seq_ = 0;
  fixture_id_.clear();
  has_fixture_id_ = false;
  sport_id_ = tournament_id_ = status_id_ = std::nullopt;
  bookmaker_active_ = suspended_ = std::nullopt;
  markets_.clear();
  outcomes_.clear();
  bool is_odds = false;
  std::optional<std::int64_t> seq, sport, tournament, status;
  Cursor c(frame.data(), frame.data() + frame.size());

  auto read_outcome = [&](std::string_view key) {
    auto id = IntKey(key);
    if (!id || c.Kind() != '{') return c.Skip();
    OutcomeUpdate u;
    u.outcome_id = *id;
    const bool ok = c.Object([&](std::string_view k) {
      if (k != "players" || c.Kind() != '{') return c.Skip();
      return c.Object([&](std::string_view pk) {
        // A later duplicate "players"/"0" would win in a JSON tree too.
        if (pk != "0" || c.Kind() != '{') return c.Skip();
        u = OutcomeUpdate{};
        u.outcome_id = *id;
        u.has_player = true;
        return c.Object([&](std::string_view f) {
          if (f == "price") return c.OptMoney(u.odds);
          if (f == "limit") return c.OptMoney(u.limit);
          if (f == "active") return c.OptBool(u.active);
          return c.Skip();
        });
      });
    });
    if (ok && u.has_player) outcomes_.push_back(u);
    return ok;
  };
  auto read_market = [&](std::string_view key) {
    auto id = IntKey(key);
    if (!id || c.Kind() != '{') return c.Skip();
    MarketUpdate m;
    m.market_id = *id;
    m.first_outcome = outcomes_.size();
    const bool ok = c.Object([&](std::string_view k) {
      if (k == "marketActive") return c.OptBool(m.active);
      if (k == "outcomes" && c.Kind() == '{') return c.Object(read_outcome);
      return c.Skip();
    });
    m.outcome_count = outcomes_.size() - m.first_outcome;
    markets_.push_back(m);
    return ok;
  };
  auto read_book = [&](std::string_view) {
    if (c.Kind() != '{') return c.Skip();
    return c.Object([&](std::string_view k) {
      if (k == "bookmakerIsActive") return c.OptBool(bookmaker_active_);
      if (k == "suspended") return c.OptBool(suspended_);
      if (k == "markets" && c.Kind() == '{') return c.Object(read_market);
      return c.Skip();
    });
  };
  const bool ok = c.Object([&](std::string_view k) {
    if (k == "type") {
      if (c.Kind() != '"') return c.Skip();
      std::string_view t;
      bool escaped = false;
      if (!c.String(t, escaped)) return false;
      is_odds = !escaped && t == "odds";
      return true;
    }
    if (k == "seq") return c.OptInt(seq);
    if (k == "fixtureId") {
      has_fixture_id_ = false;
      if (c.Kind() == '"') {
        std::string_view s;
        bool escaped = false;
        if (!c.String(s, escaped) || escaped) return c.Fail();  // the general path unescapes
        fixture_id_.assign(s);
        has_fixture_id_ = true;
        return true;
      }
      std::optional<std::int64_t> n;
      if (!c.OptInt(n)) return false;
      if (n) {
        fixture_id_ = std::to_string(*n);
        has_fixture_id_ = true;
      }
      return true;
    }
    if (k == "sportId") return c.OptInt(sport);
    if (k == "tournamentId") return c.OptInt(tournament);
    if (k == "statusId") return c.OptInt(status);
    if (k == "bookmakerOdds" && c.Kind() == '{') return c.Object(read_book);
    return c.Skip();
  });
  if (!ok || !c.ok() || !c.AtEnd() || !is_odds) return false;
  seq_ = seq.value_or(0);
  sport_id_ = Narrow(sport);
  tournament_id_ = Narrow(tournament);
  status_id_ = Narrow(status);
  return true;
}

void OddsFrameReader::ApplyTo(FixtureOdds& into, std::vector<int>* touched) const {
  if (has_fixture_id_) into.fixture_id = fixture_id_;
  if (sport_id_) into.sport_id = *sport_id_;
  if (tournament_id_) into.tournament_id = *tournament_id_;
  if (status_id_) into.status_id = *status_id_;
  if (bookmaker_active_) into.bookmaker_active = *bookmaker_active_;
  if (suspended_) into.suspended = *suspended_;
  for (const MarketUpdate& m : markets_) {
    MarketQuotes& mq = into.markets[m.market_id];
    if (touched != nullptr) touched->push_back(m.market_id);
    if (m.active) mq.active = *m.active;
    for (std::size_t i = m.first_outcome; i < m.first_outcome + m.outcome_count; ++i) {
      const OutcomeUpdate& u = outcomes_[i];
      OutcomeQuote& q = mq.outcomes[u.outcome_id];
      if (u.odds) q.odds = *u.odds;
      if (u.limit) q.limit = *u.limit;
      if (u.active) q.active = *u.active;
    }
  }
}

}  // namespace probex::mm::bookmaker
