#include "venue/oracle_feed.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

#include "net/json.h"

namespace probex::venue {
namespace {

constexpr double kMsPerYear = 365.0 * 24 * 3600 * 1000;

// Whole cents as Money; never below one cent.
Money Cents(double value) {
  const double cents = std::max(1.0, std::round(value * 100.0));
  return Money::FromUnits(static_cast<std::int64_t>(cents) * (Money::kScale / 100));
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

Result<Timestamp> ParseTime(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos) {
    return Timestamp::FromMillis(std::strtoll(text.c_str(), nullptr, 10));
  }
  return ParseIso8601(text);
}

}  // namespace

Result<std::vector<RecordedTick>> ParseRecording(const std::string& text) {
  std::vector<RecordedTick> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  Timestamp first;
  Timestamp last;
  auto bad = [&](const std::string& why) {
    return MakeError("invalid_recording", "line " + std::to_string(number) + ": " + why);
  };
  while (std::getline(in, line)) {
    ++number;
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    OraclePrice tick;
    Timestamp at;
    if (line[0] == '{') {
      auto doc = net::ParseJson(line);
      if (!doc) return bad(doc.error().message);
      net::FieldErrors errors(net::FieldErrors::Mode::kStopAtFirst);
      auto reader = net::JsonReader::Root(*doc, errors);
      if (!reader) return bad("not a JSON object");
      net::MoneyRule rule;
      rule.sign = net::MoneyRule::Sign::kPositive;
      auto asset = reader->RequiredString("asset", {1, 10});
      auto price = reader->RequiredMoney("price", rule);
      auto bid = reader->OptionalMoney("bid", rule);
      auto ask = reader->OptionalMoney("ask", rule);
      std::optional<Timestamp> time;
      if (const boost::json::value* t = reader->Find("timestamp"); t != nullptr && t->is_int64()) {
        time = Timestamp::FromMillis(t->as_int64());
      } else {
        time = reader->RequiredTimestamp("timestamp");
      }
      if (!errors.ok() || !time) return bad(errors.errors().front().message);
      tick = OraclePrice{*asset, *price, bid.value_or(*price), ask.value_or(*price)};
      at = *time;
    } else {
      std::vector<std::string> cells;
      std::stringstream row(line);
      std::string cell;
      while (std::getline(row, cell, ',')) cells.push_back(Trim(cell));
      if (cells.size() != 3 && cells.size() != 5)
        return bad("expected timestamp,asset,price[,bid,ask]");
      auto time = ParseTime(cells[0]);
      if (!time) {
        if (out.empty() && number == 1) continue;  // a header line
        return bad("bad timestamp '" + cells[0] + "'");
      }
      auto price = Money::Parse(cells[2]);
      auto bid = cells.size() == 5 ? Money::Parse(cells[3]) : price;
      auto ask = cells.size() == 5 ? Money::Parse(cells[4]) : price;
      if (!price || !bid || !ask) return bad("bad price");
      tick = OraclePrice{cells[1], *price, *bid, *ask};
      at = *time;
    }
    if (!ValidCtmAsset(tick.asset) || !tick.price.is_positive() || tick.bid > tick.price ||
        tick.price > tick.ask || !tick.bid.is_positive()) {
      return bad("asset must be A-Z 0-9 and 0 < bid <= price <= ask");
    }
    if (out.empty()) first = at;
    if (!out.empty() && at < last) return bad("timestamps must not go backwards");
    last = at;
    out.push_back(RecordedTick{(at.micros() - first.micros()) / 1000, std::move(tick)});
  }
  if (out.empty()) return MakeError("invalid_recording", "the recording holds no ticks");
  return out;
}

OracleFeed::OracleFeed(engine::VenueEngine& engine, const Clock& clock, OracleOptions options)
    : engine_(engine), clock_(clock), options_(std::move(options)) {}

OracleFeed::~OracleFeed() { Stop(); }

Status OracleFeed::Start() {
  if (options_.mode == "push") return OkStatus();
  if (options_.mode.rfind("file:", 0) == 0) {
    const std::string path = options_.mode.substr(5);
    std::ifstream in(path);
    if (!in) return MakeError("invalid_config", "oracle: cannot read " + path);
    std::stringstream text;
    text << in.rdbuf();
    auto ticks = ParseRecording(text.str());
    if (!ticks) return MakeError("invalid_config", "oracle " + path + ": " + ticks.error().message);
    thread_ = std::thread([this, t = std::move(*ticks)]() mutable { RunReplay(std::move(t)); });
    return OkStatus();
  }
  // The simulator continues from the last recorded price of each asset.
  auto last = engine_.Query([](const Exchange& x) { return x.ctm().prices(); });
  if (!last) return last.error();
  std::vector<double> prices;
  for (const std::string& asset : options_.assets) {
    std::string start = "100";
    if (auto it = last->find(asset); it != last->end()) {
      start = it->second.price.ToPlainString();
    } else if (auto s = options_.start_prices.find(asset); s != options_.start_prices.end()) {
      start = s->second;
    }
    prices.push_back(std::strtod(start.c_str(), nullptr));
  }
  thread_ = std::thread([this, p = std::move(prices)]() mutable { RunSimulator(std::move(p)); });
  return OkStatus();
}

void OracleFeed::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

bool OracleFeed::WaitFor(std::int64_t ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_; });
  return !stopping_;
}

void OracleFeed::SubmitTick(OraclePrice tick) {
  auto done = engine_.Submit(std::move(tick));
  if (!done) {
    std::fprintf(stderr, "oracle: %s\n", done.error().message.c_str());
  } else if (!done->output.ok()) {
    std::fprintf(stderr, "oracle: tick rejected: %s\n",
                 std::string(RejectCodeName(done->output.reject)).c_str());
  }
}

void OracleFeed::RunSimulator(std::vector<double> prices) {
  std::mt19937_64 rng(options_.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  const double dt = static_cast<double>(options_.tick_ms) / kMsPerYear;
  const double sigma = options_.volatility;
  const double step_drift = (options_.drift - 0.5 * sigma * sigma) * dt;
  const double step_scale = sigma * std::sqrt(dt);
  const double half_spread = options_.spread_bps / 20'000.0;
  while (WaitFor(options_.tick_ms)) {
    for (std::size_t i = 0; i < prices.size(); ++i) {
      prices[i] *= std::exp(step_drift + step_scale * normal(rng));
      const Money price = Cents(prices[i]);
      const Money bid = Min(price, Cents(prices[i] * (1.0 - half_spread)));
      const Money ask = Max(price, Cents(prices[i] * (1.0 + half_spread)));
      SubmitTick(OraclePrice{options_.assets[i], price, bid, ask});
    }
  }
}

void OracleFeed::RunReplay(std::vector<RecordedTick> ticks) {
  const Timestamp start = clock_.Now();
  std::size_t next = 0;
  while (next < ticks.size()) {
    const std::int64_t elapsed_ms = (clock_.Now().micros() - start.micros()) / 1000;
    while (next < ticks.size() && ticks[next].offset_ms <= elapsed_ms) {
      SubmitTick(ticks[next].tick);
      ++next;
    }
    if (next >= ticks.size()) break;
    const std::int64_t wait = std::clamp<std::int64_t>(ticks[next].offset_ms - elapsed_ms, 1, 50);
    if (!WaitFor(wait)) return;
  }
}

}  // namespace probex::venue
