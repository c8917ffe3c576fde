// ControlState: the engine's trading state. live: quote and hedge; paused: no new or replaced
// quotes, resting orders stay (fills are still hedged); stopped: every quote cancelled and none
// placed. Thread rule: pure.
#pragma once

#include <optional>
#include <string_view>

namespace probex::mm {

enum class ControlState { kLive, kPaused, kStopped };

std::string_view ControlStateName(ControlState state);  // "live", "paused", "stopped"
std::optional<ControlState> ParseControlState(std::string_view name);

// May new quotes be placed or replaced? May resting quotes stay?
inline bool MayQuote(ControlState s) { return s == ControlState::kLive; }
inline bool MayRest(ControlState s) { return s != ControlState::kStopped; }

}  // namespace probex::mm
