#include "logs/request_id.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(NormalizeRequestIdTest, ExtractsRootFromPlainAlbTraceId) {
  EXPECT_EQ(NormalizeRequestId("Root=1-58337262-36d228ad5d99923122bbe354"),
            "1-58337262-36d228ad5d99923122bbe354");
}

TEST(NormalizeRequestIdTest, ExtractsRootWhenSelfAndCustomPartsSurroundIt) {
  EXPECT_EQ(NormalizeRequestId("Self=1-67891234-12456789abcdef012345678;"
                               "Root=1-67891233-abcdef012345678912345678;"
                               "Custom=x"),
            "1-67891233-abcdef012345678912345678");
  EXPECT_EQ(NormalizeRequestId("Custom=a=b; Root=1-5-abc ;Sampled=1"),
            "1-5-abc");
  EXPECT_EQ(NormalizeRequestId("Parent=53995c3f42cd8ad8;Root=1-5-abc"),
            "1-5-abc");
}

TEST(NormalizeRequestIdTest, AcceptsQuotesAndLowerCaseKeys) {
  EXPECT_EQ(NormalizeRequestId("\"Root=1-5-abc\""), "1-5-abc");
  EXPECT_EQ(NormalizeRequestId("root=1-5-abc"), "1-5-abc");
}

TEST(NormalizeRequestIdTest, FallsBackToSelfWithoutRoot) {
  EXPECT_EQ(NormalizeRequestId("Self=1-6789-ab;Custom=x"), "1-6789-ab");
}

TEST(NormalizeRequestIdTest, LeavesWafAndCloudFrontIdsUnchanged) {
  EXPECT_EQ(NormalizeRequestId("1-58337262-36d228ad5d99923122bbe354"),
            "1-58337262-36d228ad5d99923122bbe354");
  EXPECT_EQ(NormalizeRequestId(
                "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ=="),
            "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==");
  EXPECT_EQ(NormalizeRequestId("rid"), "rid");
  EXPECT_EQ(NormalizeRequestId(" rid "), "rid");
  EXPECT_EQ(NormalizeRequestId(""), "");
}

TEST(NormalizeRequestIdTest, AlbAndWafSidesCompareEqualAfterNormalising) {
  EXPECT_EQ(NormalizeRequestId("Self=1-1-1;Root=1-697fac2b-37c1883c"),
            NormalizeRequestId("1-697fac2b-37c1883c"));
}

}  // namespace
}  // namespace waftune
