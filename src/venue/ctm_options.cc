#include "venue/ctm_options.h"

#include <cctype>
#include <cstdlib>

namespace probex::venue {
namespace {

struct TypeDefaults {
  CtmRoundType type;
  std::int64_t duration_s;
  std::int64_t open_weight, heatmap_weight, locked_weight;
};

// BLITZ is the reference's example: 5 minutes as 3 OPEN, 1 HEATMAP, 1 LOCKED.
constexpr TypeDefaults kTypeDefaults[] = {
    {CtmRoundType::kFlash, 60, 3, 1, 1},         {CtmRoundType::kBlitz, 300, 3, 1, 1},
    {CtmRoundType::kSprint, 900, 3, 1, 1},       {CtmRoundType::kDaily, 86400, 3, 1, 1},
    {CtmRoundType::kWeekly, 7 * 86400, 3, 1, 1},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

Result<std::int64_t> ParseInt(const std::string& key, const std::string& text, std::int64_t min,
                              std::int64_t max) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < min || v > max) {
    return MakeError("invalid_config", key + " must be an integer within " + std::to_string(min) +
                                           ".." + std::to_string(max) + ", got '" + text + "'");
  }
  return static_cast<std::int64_t>(v);
}

Result<double> ParseDouble(const std::string& key, const std::string& text, double min,
                           double max) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= min && v <= max)) {
    return MakeError("invalid_config",
                     key + " must be a number within the allowed range, got '" + text + "'");
  }
  return v;
}

Status ParseMoney(const std::map<std::string, std::string>& config, const std::string& key,
                  Money& field) {
  auto it = config.find(key);
  if (it == config.end()) return OkStatus();
  auto parsed = Money::Parse(it->second);
  if (!parsed || parsed->is_negative()) {
    return MakeError("invalid_config",
                     key + " must be a non-negative decimal, got '" + it->second + "'");
  }
  field = *parsed;
  return OkStatus();
}

}  // namespace

std::vector<std::string> CtmConfigKeys() {
  std::vector<std::string> keys = {"oracle.mode",
                                   "oracle.seed",
                                   "oracle.tick_ms",
                                   "oracle.assets",
                                   "oracle.start_prices",
                                   "oracle.volatility",
                                   "oracle.drift",
                                   "oracle.spread_bps",
                                   "ctm.round_types",
                                   "ctm.entry_fee_blind",
                                   "ctm.heatmap_fee_multiplier",
                                   "ctm.platform_fee_rate"};
  for (const TypeDefaults& d : kTypeDefaults) {
    const std::string prefix = "ctm." + Lower(CtmRoundTypeName(d.type)) + ".";
    for (const char* field : {"duration_s", "phases", "lead_s", "entry_fee_blind",
                              "heatmap_fee_multiplier", "platform_fee_rate"}) {
      keys.push_back(prefix + field);
    }
  }
  return keys;
}

Result<CtmOptions> ParseCtmOptions(const std::map<std::string, std::string>& config) {
  CtmOptions o;
  auto get = [&](const std::string& key) -> const std::string* {
    auto it = config.find(key);
    return it == config.end() ? nullptr : &it->second;
  };
  if (const std::string* v = get("oracle.mode")) {
    if (*v != "sim" && *v != "push" && !(v->rfind("file:", 0) == 0 && v->size() > 5)) {
      return MakeError("invalid_config",
                       "oracle.mode must be sim, push or file:PATH, got '" + *v + "'");
    }
    o.oracle.mode = *v;
  }
  if (const std::string* v = get("oracle.seed")) {
    auto seed = ParseInt("oracle.seed", *v, 0, INT64_MAX);
    if (!seed) return seed.error();
    o.oracle.seed = static_cast<std::uint64_t>(*seed);
  }
  if (const std::string* v = get("oracle.tick_ms")) {
    auto tick = ParseInt("oracle.tick_ms", *v, 10, 3'600'000);
    if (!tick) return tick.error();
    o.oracle.tick_ms = *tick;
  }
  if (const std::string* v = get("oracle.assets")) {
    o.oracle.assets = SplitList(*v);
    for (const std::string& a : o.oracle.assets) {
      if (!ValidCtmAsset(a)) {
        return MakeError("invalid_config",
                         "oracle.assets: '" + a + "' is not 1..10 characters of A-Z 0-9");
      }
    }
  }
  if (const std::string* v = get("oracle.start_prices")) {
    for (const std::string& item : SplitList(*v)) {
      const std::size_t colon = item.find(':');
      auto price = colon == std::string::npos ? Result<Money>(MakeError("x", "x"))
                                              : Money::Parse(item.substr(colon + 1));
      if (!price || !price->is_positive()) {
        return MakeError("invalid_config",
                         "oracle.start_prices must be ASSET:PRICE,... got '" + item + "'");
      }
      o.oracle.start_prices[item.substr(0, colon)] = price->ToPlainString();
    }
  }
  if (const std::string* v = get("oracle.volatility")) {
    auto x = ParseDouble("oracle.volatility", *v, 0.0, 10.0);
    if (!x) return x.error();
    o.oracle.volatility = *x;
  }
  if (const std::string* v = get("oracle.drift")) {
    auto x = ParseDouble("oracle.drift", *v, -10.0, 10.0);
    if (!x) return x.error();
    o.oracle.drift = *x;
  }
  if (const std::string* v = get("oracle.spread_bps")) {
    auto x = ParseDouble("oracle.spread_bps", *v, 0.0, 1000.0);
    if (!x) return x.error();
    o.oracle.spread_bps = *x;
  }
  for (auto st : {ParseMoney(config, "ctm.entry_fee_blind", o.entry_fee_blind),
                  ParseMoney(config, "ctm.heatmap_fee_multiplier", o.heatmap_fee_multiplier),
                  ParseMoney(config, "ctm.platform_fee_rate", o.platform_fee_rate)}) {
    if (!st.ok()) return st.error();
  }

  std::vector<std::string> types = {"BLITZ"};
  if (const std::string* v = get("ctm.round_types")) types = SplitList(*v);
  for (const std::string& name : types) {
    const TypeDefaults* d = nullptr;
    for (const TypeDefaults& t : kTypeDefaults) {
      if (CtmRoundTypeName(t.type) == name) d = &t;
    }
    if (d == nullptr) {
      return MakeError("invalid_config", "ctm.round_types: '" + name +
                                             "' is not FLASH, BLITZ, SPRINT, DAILY or WEEKLY");
    }
    const std::string prefix = "ctm." + Lower(name) + ".";
    std::int64_t duration_s = d->duration_s;
    if (const std::string* v = get(prefix + "duration_s")) {
      auto x = ParseInt(prefix + "duration_s", *v, 1, 366LL * 86400);
      if (!x) return x.error();
      duration_s = *x;
    }
    std::int64_t weights[3] = {d->open_weight, d->heatmap_weight, d->locked_weight};
    if (const std::string* v = get(prefix + "phases")) {
      const std::vector<std::string> parts = SplitList(*v);
      if (parts.size() != 3) {
        return MakeError("invalid_config", prefix + "phases must be OPEN,HEATMAP,LOCKED weights");
      }
      for (int i = 0; i < 3; ++i) {
        auto x = ParseInt(prefix + "phases", parts[static_cast<std::size_t>(i)], i == 0 ? 1 : 0,
                          1'000'000);
        if (!x) return x.error();
        weights[i] = *x;
      }
    }
    const std::int64_t total = weights[0] + weights[1] + weights[2];
    CtmScheduleSpec spec;
    spec.type = d->type;
    spec.duration_ms = duration_s * 1000;
    spec.open_ms = spec.duration_ms * weights[0] / total;
    spec.heatmap_ms = spec.duration_ms * weights[1] / total;
    spec.lead_ms = spec.duration_ms;
    if (const std::string* v = get(prefix + "lead_s")) {
      auto x = ParseInt(prefix + "lead_s", *v, 0, 10 * duration_s);
      if (!x) return x.error();
      spec.lead_ms = *x * 1000;
    }
    spec.entry_fee_blind = o.entry_fee_blind;
    spec.heatmap_fee_multiplier = o.heatmap_fee_multiplier;
    spec.platform_fee_rate = o.platform_fee_rate;
    for (auto st :
         {ParseMoney(config, prefix + "entry_fee_blind", spec.entry_fee_blind),
          ParseMoney(config, prefix + "heatmap_fee_multiplier", spec.heatmap_fee_multiplier),
          ParseMoney(config, prefix + "platform_fee_rate", spec.platform_fee_rate)}) {
      if (!st.ok()) return st.error();
    }
    for (const std::string& asset : o.oracle.assets) {
      spec.asset = asset;
      o.schedules.push_back(spec);
    }
  }
  return o;
}

}  // namespace probex::venue
