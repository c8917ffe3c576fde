// Rng: a small deterministic generator (SplitMix64) with the few distributions the simulator
// needs, written out here because std:: distributions differ between standard libraries and the
// same seed must give the same season everywhere.
// Thread rule: not thread-safe; one per owner.
#pragma once

#include <cstdint>

namespace probex::bookmaker {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  // A generator for a sub-stream: independent of how much of this one is consumed later.
  static Rng Derive(std::uint64_t seed, std::uint64_t stream);

  std::uint64_t NextU64();
  // Uniform in [0, 1).
  double Uniform();
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [0, n).
  std::uint64_t Below(std::uint64_t n);
  double Normal();                  // standard normal (Box–Muller)
  double Exponential(double rate);  // mean 1/rate
  int Poisson(double mean);         // Knuth's method for small means, normal tail otherwise

 private:
  std::uint64_t state_;
};

}  // namespace probex::bookmaker
