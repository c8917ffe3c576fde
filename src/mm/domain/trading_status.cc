#include "mm/domain/trading_status.h"

namespace probex::mm {

TradingStatus StatusOf(const TradingSwitches& s) {
  if (s.emergency) return TradingStatus::kEmergency;
  if (s.system_stopped) return TradingStatus::kSystemStopped;
  if (s.soft_paused) return TradingStatus::kSoftPaused;
  if (s.manual_stopped) return TradingStatus::kManualStopped;
  if (s.manual_paused) return TradingStatus::kManualPaused;
  return TradingStatus::kLive;
}

std::string_view TradingStatusName(TradingStatus status) {
  switch (status) {
    case TradingStatus::kLive:
      return "live";
    case TradingStatus::kManualPaused:
      return "manual_paused";
    case TradingStatus::kManualStopped:
      return "manual_stopped";
    case TradingStatus::kSoftPaused:
      return "soft_paused";
    case TradingStatus::kSystemStopped:
      return "system_stopped";
    case TradingStatus::kEmergency:
      return "emergency";
  }
  return "live";
}

ControlState EngineStateOf(TradingStatus status) {
  switch (status) {
    case TradingStatus::kLive:
      return ControlState::kLive;
    case TradingStatus::kManualPaused:
    case TradingStatus::kSoftPaused:
      return ControlState::kPaused;
    case TradingStatus::kManualStopped:
    case TradingStatus::kSystemStopped:
    case TradingStatus::kEmergency:
      return ControlState::kStopped;
  }
  return ControlState::kStopped;
}

}  // namespace probex::mm
