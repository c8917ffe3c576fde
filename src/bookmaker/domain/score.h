// Score: goals (or points) of participant 1 (home) and participant 2 (away).
// Thread rule: plain value type.
#pragma once

namespace probex::bookmaker {

struct Score {
  int participant1 = 0;
  int participant2 = 0;

  int Total() const { return participant1 + participant2; }
  friend bool operator==(const Score&, const Score&) = default;
};

}  // namespace probex::bookmaker
