#include "net/metrics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace probex::net {
namespace {

void AppendEscaped(std::string& out, std::string_view value, bool quote) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
}

void AppendNumber(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  out += buf;
}

// Inserts `extra` (e.g. le="0.1") into a rendered label set.
std::string WithLabel(const std::string& labels, std::string_view extra) {
  if (labels.empty()) return "{" + std::string(extra) + "}";
  return labels.substr(0, labels.size() - 1) + "," + std::string(extra) + "}";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::CumulativeCounts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

std::string RenderLabels(const MetricLabels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out += ',';
    out += labels[i].first;
    out += "=\"";
    AppendEscaped(out, labels[i].second, true);
    out += '"';
  }
  out += '}';
  return out;
}

const std::vector<double>& MetricsRegistry::LatencySecondsBuckets() {
  static const std::vector<double> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                               0.01,   0.025,   0.05,   0.1,   0.25,   0.5,
                                               1,      2.5,     5,      10};
  return kBuckets;
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, std::string_view help,
                                                    Type type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it =
        families_.emplace(std::string(name), Family{type, std::string(help), {}, {}, {}, {}}).first;
  }
  if (it->second.type != type) {
    std::fprintf(stderr, "metric %s requested with two different types\n",
                 std::string(name).c_str());
    std::abort();
  }
  return it->second;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     const MetricLabels& labels) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Type::kCounter).counters[key];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& MetricsRegistry::GetGauge(std::string_view name, std::string_view help,
                                 const MetricLabels& labels) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Type::kGauge).gauges[key];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                         const MetricLabels& labels,
                                         const std::vector<double>& bounds) {
  std::string key = RenderLabels(labels);
  std::lock_guard lock(mu_);
  Family& family = FamilyFor(name, help, Type::kHistogram);
  if (family.histograms.empty() && family.bounds.empty()) family.bounds = bounds;
  auto& slot = family.histograms[key];
  if (!slot) slot = std::make_unique<Histogram>(family.bounds);
  return *slot;
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, family] : families_) {
    out += "# HELP ";
    out += name;
    out += ' ';
    AppendEscaped(out, family.help, false);
    out += "\n# TYPE ";
    out += name;
    switch (family.type) {
      case Type::kCounter:
        out += " counter\n";
        for (const auto& [labels, c] : family.counters) {
          out += name + labels + ' ' + std::to_string(c->value()) + '\n';
        }
        break;
      case Type::kGauge:
        out += " gauge\n";
        for (const auto& [labels, g] : family.gauges) {
          out += name + labels + ' ' + std::to_string(g->value()) + '\n';
        }
        break;
      case Type::kHistogram:
        out += " histogram\n";
        for (const auto& [labels, h] : family.histograms) {
          std::vector<std::uint64_t> cumulative = h->CumulativeCounts();
          for (std::size_t i = 0; i <= h->bounds().size(); ++i) {
            std::string le = "le=\"";
            if (i < h->bounds().size()) {
              AppendNumber(le, h->bounds()[i]);
            } else {
              le += "+Inf";
            }
            le += '"';
            out += name + "_bucket" + WithLabel(labels, le) + ' ' + std::to_string(cumulative[i]) +
                   '\n';
          }
          out += name + "_sum" + labels + ' ';
          AppendNumber(out, h->sum());
          out += '\n';
          out += name + "_count" + labels + ' ' + std::to_string(cumulative.back()) + '\n';
        }
        break;
    }
  }
  return out;
}

}  // namespace probex::net
