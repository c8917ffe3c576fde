// TradingStatus: a client's trading status from its own switches (pause, stop — the client API)
// and the operator's system-wide ones (soft pause, system stop, emergency — `probex admin mm`),
// with the 55-tech precedence emergency > system_stopped > soft_paused > manual_stopped >
// manual_paused > live, and the engine ControlState it means: stopped for emergency, system stop
// and manual stop (every quote cancelled), paused for soft pause and manual pause (resting
// orders stay, nothing new). Thread rule: pure.
#pragma once

#include <string_view>

#include "mm/domain/control_state.h"

namespace probex::mm {

enum class TradingStatus {
  kLive,
  kManualPaused,
  kManualStopped,
  kSoftPaused,
  kSystemStopped,
  kEmergency
};

struct TradingSwitches {
  bool manual_paused = false;
  bool manual_stopped = false;
  bool soft_paused = false;
  bool system_stopped = false;
  bool emergency = false;
};

TradingStatus StatusOf(const TradingSwitches& s);
// "live", "manual_paused", "manual_stopped", "soft_paused", "system_stopped", "emergency".
std::string_view TradingStatusName(TradingStatus status);
ControlState EngineStateOf(TradingStatus status);

}  // namespace probex::mm
