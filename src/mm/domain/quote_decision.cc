#include "mm/domain/quote_decision.h"

#include <cstdlib>

namespace probex::mm {

QuoteAction DecideQuote(const std::optional<QuoteLevel>& live,
                        const std::optional<QuoteLevel>& target, int tick_cents,
                        double size_change_fraction) {
  const bool want = target && target->shares > 0;
  if (!live) return want ? QuoteAction::kPlace : QuoteAction::kNone;
  if (!want) return QuoteAction::kCancel;
  if (std::abs(target->cents - live->cents) >= tick_cents) return QuoteAction::kReplace;
  const std::int64_t diff = std::llabs(target->shares - live->shares);
  if (live->shares <= 0 || static_cast<double>(diff) > size_change_fraction * live->shares) {
    return QuoteAction::kReplace;
  }
  return QuoteAction::kNone;
}

}  // namespace probex::mm
