// SeedSuiteFixture: a VenueFixture whose `probex venue` (manual clock, raised rate limits, a
// small desk replay buffer) is
// started once per test suite and lent to each test, so the seed-conformance suites stay fast
// under the sanitizers. Tests of a suite share the venue: each makes its own users and markets.
// Thread rule: one thread.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "venue_test_fixture.h"

namespace probex::testing {

class SeedSuiteFixture : public VenueFixture {
 protected:
  static constexpr int kReplayBuffer = 4;  // events the desk's channel 1 keeps for Last-Event-ID

  static void SetUpTestSuite() {
    shared_dir_ = std::make_unique<TempDir>();
    // The desk's replay buffer is small so a test reaches the fallback to a snapshot.
    const std::string config = WriteVenueConfig(
        shared_dir_->path(), kFunctionalTestRules,
        "[venue.options]\nreplay_buffer = " + std::to_string(kReplayBuffer) + "\n");
    shared_venue_ = std::make_unique<VenueProcess>(shared_dir_->path() + "/data",
                                                   std::vector<std::string>{"--config", config});
  }
  static void TearDownTestSuite() {
    shared_venue_.reset();
    shared_dir_.reset();
  }
  // The fixture's helpers use dir_/venue_/admin_: lend them the suite's venue for one test.
  void SetUp() override {
    ASSERT_NE(shared_venue_, nullptr);
    dir_ = std::move(shared_dir_);
    venue_ = std::move(shared_venue_);
    admin_ = std::make_unique<VenueClient>(venue_->port(), kOperatorKey);
  }
  void TearDown() override {
    admin_.reset();
    shared_venue_ = std::move(venue_);
    shared_dir_ = std::move(dir_);
  }

  // One pair for every suite deriving from this class: each suite starts its own venue in
  // SetUpTestSuite and stops it in TearDownTestSuite, and gtest runs suites one after another.
  static inline std::unique_ptr<TempDir> shared_dir_;
  static inline std::unique_ptr<VenueProcess> shared_venue_;
};

}  // namespace probex::testing
