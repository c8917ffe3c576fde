#include "bookmaker/sim/rng.h"

#include <cmath>

namespace probex::bookmaker {

Rng Rng::Derive(std::uint64_t seed, std::uint64_t stream) {
  Rng mixer(seed ^ (stream * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL));
  mixer.NextU64();
  return Rng(mixer.NextU64());
}

std::uint64_t Rng::NextU64() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double Rng::Uniform() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::Below(std::uint64_t n) { return n == 0 ? 0 : NextU64() % n; }

double Rng::Normal() {
  double u1 = 1.0 - Uniform();  // (0, 1]
  double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

double Rng::Exponential(double rate) { return -std::log(1.0 - Uniform()) / rate; }

int Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean > 30) {
    double v = std::floor(mean + std::sqrt(mean) * Normal() + 0.5);
    return v < 0 ? 0 : static_cast<int>(v);
  }
  double limit = std::exp(-mean);
  double product = Uniform();
  int k = 0;
  while (product > limit) {
    ++k;
    product *= Uniform();
  }
  return k;
}

}  // namespace probex::bookmaker
