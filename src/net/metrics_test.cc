#include "net/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace probex::net {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndHistogramsInPrometheusText) {
  MetricsRegistry registry;
  registry.GetCounter("requests_total", "Requests", {{"route", "/a/:id"}}).Increment(3);
  registry.GetGauge("open", "Open things").Set(-2);
  Histogram& h = registry.GetHistogram("latency_seconds", "Latency", {{"m", "GET"}}, {0.1, 1});
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(5);
  std::string text = registry.RenderPrometheus();
  EXPECT_EQ(text,
            "# HELP latency_seconds Latency\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{m=\"GET\",le=\"0.10000000000000001\"} 1\n"
            "latency_seconds_bucket{m=\"GET\",le=\"1\"} 2\n"
            "latency_seconds_bucket{m=\"GET\",le=\"+Inf\"} 3\n"
            "latency_seconds_sum{m=\"GET\"} 5.5499999999999998\n"
            "latency_seconds_count{m=\"GET\"} 3\n"
            "# HELP open Open things\n"
            "# TYPE open gauge\n"
            "open -2\n"
            "# HELP requests_total Requests\n"
            "# TYPE requests_total counter\n"
            "requests_total{route=\"/a/:id\"} 3\n");
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(RenderLabels({{"a", "x\"y\\z\nw"}}), "{a=\"x\\\"y\\\\z\\nw\"}");
}

TEST(MetricsTest, SameNameAndLabelsIsTheSameMetric) {
  MetricsRegistry registry;
  Counter& a = registry.GetCounter("c", "h", {{"k", "v"}});
  Counter& b = registry.GetCounter("c", "h", {{"k", "v"}});
  Counter& other = registry.GetCounter("c", "h", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  MetricsRegistry registry;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10'000; ++i) {
        registry.GetCounter("c", "h").Increment();
        registry.GetHistogram("h", "h").Observe(0.001);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(registry.GetCounter("c", "h").value(), 40'000u);
  EXPECT_EQ(registry.GetHistogram("h", "h").count(), 40'000u);
}

}  // namespace
}  // namespace probex::net
