// QuoteDecision: what to do with the one live order of a (venue market, side) given the target
// the pricer computed. Replace only when the target price moved by at least one tick or the size
// changed by more than `size_change_fraction` of the live size; cancel when there is no target.
// Thread rule: pure.
#pragma once

#include <cstdint>
#include <optional>

namespace probex::mm {

struct QuoteLevel {
  int cents = 0;
  std::int64_t shares = 0;  // for a live order: its open (unfilled) quantity
};

enum class QuoteAction { kNone, kPlace, kReplace, kCancel };

QuoteAction DecideQuote(const std::optional<QuoteLevel>& live,
                        const std::optional<QuoteLevel>& target, int tick_cents,
                        double size_change_fraction);

}  // namespace probex::mm
