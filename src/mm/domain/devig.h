// Devig: the bookmaker's fair probabilities from its decimal odds, with the margin removed by
// one of three standard methods. Inputs are decimal odds > 1; the result sums to 1.
//   multiplicative: p_i = (1/o_i) / Σ 1/o_j
//   power:          p_i = (1/o_i)^k with k such that Σ p_i = 1
//   Shin (1993):    p_i = (√(z² + 4(1−z)·q_i²/B) − z) / (2(1−z)), q_i = 1/o_i, B = Σ q_j, with
//                   the insider share z solved so that Σ p_i = 1
// Probabilities are doubles: they feed marks and reports, never money or sent prices.
// Thread rule: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace probex::mm {

enum class DevigMethod { kMultiplicative, kPower, kShin };

std::string_view DevigMethodName(DevigMethod method);  // "multiplicative", "power", "shin"
std::optional<DevigMethod> ParseDevigMethod(std::string_view name);

// Errors: invalid_odds (fewer than two odds, or an odd ≤ 1), no_solution (a solver failed).
Result<std::vector<double>> Devig(const std::vector<double>& decimal_odds, DevigMethod method);

}  // namespace probex::mm
