#include "mm/domain/control_state.h"

namespace probex::mm {

std::string_view ControlStateName(ControlState state) {
  switch (state) {
    case ControlState::kLive:
      return "live";
    case ControlState::kPaused:
      return "paused";
    case ControlState::kStopped:
      return "stopped";
  }
  return "stopped";
}

std::optional<ControlState> ParseControlState(std::string_view name) {
  for (ControlState s : {ControlState::kLive, ControlState::kPaused, ControlState::kStopped}) {
    if (ControlStateName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace probex::mm
