// TEMPORARY stage trace (not committed).
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>
namespace probex::mm::trace {
inline bool On() {
  static const bool on = std::getenv("PROBEX_MM_TRACE") != nullptr;
  return on;
}
struct Series {
  std::mutex mu;
  std::vector<std::int64_t> v;
};
inline Series& S(int i) {
  static std::array<Series, 16> s;
  return s[i];
}
inline void Add(int i, std::int64_t ns) {
  if (!On()) return;
  auto& s = S(i);
  std::lock_guard l(s.mu);
  s.v.push_back(ns);
}
inline void Dump(int i, const char* name) {
  if (!On()) return;
  auto& s = S(i);
  std::lock_guard l(s.mu);
  if (s.v.empty()) return;
  auto v = s.v;
  std::sort(v.begin(), v.end());
  auto q = [&](double p) { return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))] / 1000.0; };
  std::fprintf(stderr, "TRACE %-24s n=%zu p50=%.1fus p90=%.1fus p99=%.1fus p99.9=%.1fus max=%.1fus\n", name,
               v.size(), q(0.5), q(0.9), q(0.99), q(0.999), v.back() / 1000.0);
}
}  // namespace probex::mm::trace
