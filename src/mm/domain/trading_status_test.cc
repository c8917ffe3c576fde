#include "mm/domain/trading_status.h"

#include <gtest/gtest.h>

namespace probex::mm {
namespace {

TEST(TradingStatus, PrecedenceFollowsTheReference) {
  TradingSwitches s;
  EXPECT_EQ(TradingStatusName(StatusOf(s)), "live");
  s.manual_paused = true;
  EXPECT_EQ(TradingStatusName(StatusOf(s)), "manual_paused");
  s.manual_stopped = true;
  EXPECT_EQ(TradingStatusName(StatusOf(s)), "manual_stopped");
  s.soft_paused = true;
  EXPECT_EQ(TradingStatusName(StatusOf(s)), "soft_paused");
  s.system_stopped = true;
  EXPECT_EQ(TradingStatusName(StatusOf(s)), "system_stopped");
  s.emergency = true;
  EXPECT_EQ(TradingStatusName(StatusOf(s)), "emergency");
  s = {};
  s.soft_paused = true;
  s.manual_paused = true;
  EXPECT_EQ(StatusOf(s), TradingStatus::kSoftPaused);
}

TEST(TradingStatus, EngineStatePausesOrStops) {
  EXPECT_EQ(EngineStateOf(TradingStatus::kLive), ControlState::kLive);
  EXPECT_EQ(EngineStateOf(TradingStatus::kManualPaused), ControlState::kPaused);
  EXPECT_EQ(EngineStateOf(TradingStatus::kSoftPaused), ControlState::kPaused);
  EXPECT_EQ(EngineStateOf(TradingStatus::kManualStopped), ControlState::kStopped);
  EXPECT_EQ(EngineStateOf(TradingStatus::kSystemStopped), ControlState::kStopped);
  EXPECT_EQ(EngineStateOf(TradingStatus::kEmergency), ControlState::kStopped);
}

}  // namespace
}  // namespace probex::mm
