#include "mm/domain/devig.h"

#include <cmath>
#include <numeric>

namespace probex::mm {
namespace {

constexpr int kMaxIterations = 200;
constexpr double kTolerance = 1e-13;

std::vector<double> Implied(const std::vector<double>& odds) {
  std::vector<double> q;
  q.reserve(odds.size());
  for (double o : odds) q.push_back(1.0 / o);
  return q;
}

double Sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

std::vector<double> Multiplicative(const std::vector<double>& q) {
  const double b = Sum(q);
  std::vector<double> p;
  p.reserve(q.size());
  for (double x : q) p.push_back(x / b);
  return p;
}

// Σ q_i^k is decreasing in k (every q_i < 1); bisection on k.
Result<std::vector<double>> Power(const std::vector<double>& q) {
  auto total = [&](double k) {
    double s = 0;
    for (double x : q) s += std::pow(x, k);
    return s;
  };
  double lo = 0.0, hi = 1.0;
  // An underround book (Σ q < 1) needs k < 1.
  while (total(hi) > 1.0) {
    hi *= 2;
    if (hi > 1e6) return MakeError("no_solution", "power devig: no exponent found");
  }
  for (int i = 0; i < kMaxIterations && hi - lo > kTolerance; ++i) {
    const double mid = 0.5 * (lo + hi);
    (total(mid) > 1.0 ? lo : hi) = mid;
  }
  const double k = 0.5 * (lo + hi);
  std::vector<double> p;
  p.reserve(q.size());
  for (double x : q) p.push_back(std::pow(x, k));
  return p;
}

std::vector<double> ShinProbabilities(const std::vector<double>& q, double b, double z) {
  std::vector<double> p;
  p.reserve(q.size());
  for (double x : q) {
    p.push_back((std::sqrt(z * z + 4 * (1 - z) * x * x / b) - z) / (2 * (1 - z)));
  }
  return p;
}

// Σ p_i(z) falls as z grows; bisection on z ∈ [0, 1).
Result<std::vector<double>> Shin(const std::vector<double>& q) {
  const double b = Sum(q);
  if (b <= 1.0) return Multiplicative(q);  // no margin to explain: nothing to remove
  double lo = 0.0, hi = 0.999999;
  if (Sum(ShinProbabilities(q, b, hi)) > 1.0) {
    return MakeError("no_solution", "Shin devig: no insider share found");
  }
  for (int i = 0; i < kMaxIterations && hi - lo > kTolerance; ++i) {
    const double mid = 0.5 * (lo + hi);
    (Sum(ShinProbabilities(q, b, mid)) > 1.0 ? lo : hi) = mid;
  }
  return ShinProbabilities(q, b, 0.5 * (lo + hi));
}

}  // namespace

std::string_view DevigMethodName(DevigMethod method) {
  switch (method) {
    case DevigMethod::kMultiplicative:
      return "multiplicative";
    case DevigMethod::kPower:
      return "power";
    case DevigMethod::kShin:
      return "shin";
  }
  return "multiplicative";
}

std::optional<DevigMethod> ParseDevigMethod(std::string_view name) {
  for (DevigMethod m : {DevigMethod::kMultiplicative, DevigMethod::kPower, DevigMethod::kShin}) {
    if (DevigMethodName(m) == name) return m;
  }
  return std::nullopt;
}

Result<std::vector<double>> Devig(const std::vector<double>& decimal_odds, DevigMethod method) {
  if (decimal_odds.size() < 2) {
    return MakeError("invalid_odds", "devig needs at least two outcomes");
  }
  for (double o : decimal_odds) {
    if (!(o > 1.0) || !std::isfinite(o)) {
      return MakeError("invalid_odds", "decimal odds must be finite and greater than 1");
    }
  }
  const std::vector<double> q = Implied(decimal_odds);
  switch (method) {
    case DevigMethod::kMultiplicative:
      return Multiplicative(q);
    case DevigMethod::kPower:
      return Power(q);
    case DevigMethod::kShin:
      return Shin(q);
  }
  return MakeError("invalid_odds", "unknown devig method");
}

}  // namespace probex::mm
