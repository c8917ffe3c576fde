#include "mm/domain/devig.h"

#include <gtest/gtest.h>

namespace probex::mm {
namespace {

void ExpectNear(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  double sum = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], want[i], 5e-7) << "outcome " << i;
    sum += got[i];
  }
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

const std::vector<double> kOdds = {2.6, 2.4, 4.3};

TEST(DevigTest, MultiplicativeMatchesTheIssueVector) {
  auto p = Devig(kOdds, DevigMethod::kMultiplicative);
  ASSERT_TRUE(p.ok());
  ExpectNear(*p, {0.372026, 0.403028, 0.224946});
}

TEST(DevigTest, PowerMatchesTheIssueVector) {
  auto p = Devig(kOdds, DevigMethod::kPower);
  ASSERT_TRUE(p.ok());
  ExpectNear(*p, {0.372984, 0.405107, 0.221908});
}

TEST(DevigTest, ShinMatchesTheIssueVector) {
  auto p = Devig(kOdds, DevigMethod::kShin);
  ASSERT_TRUE(p.ok());
  ExpectNear(*p, {0.372994, 0.404779, 0.222227});
}

TEST(DevigTest, FairBookIsUnchangedByEveryMethod) {
  for (DevigMethod m : {DevigMethod::kMultiplicative, DevigMethod::kPower, DevigMethod::kShin}) {
    auto p = Devig({2.0, 2.0}, m);
    ASSERT_TRUE(p.ok());
    ExpectNear(*p, {0.5, 0.5});
  }
}

TEST(DevigTest, RejectsBadOdds) {
  EXPECT_EQ(Devig({2.0}, DevigMethod::kShin).error().code, "invalid_odds");
  EXPECT_EQ(Devig({2.0, 1.0}, DevigMethod::kPower).error().code, "invalid_odds");
}

TEST(DevigTest, MethodNamesRoundTrip) {
  for (DevigMethod m : {DevigMethod::kMultiplicative, DevigMethod::kPower, DevigMethod::kShin}) {
    EXPECT_EQ(ParseDevigMethod(DevigMethodName(m)), m);
  }
  EXPECT_FALSE(ParseDevigMethod("additive").has_value());
}

}  // namespace
}  // namespace probex::mm
