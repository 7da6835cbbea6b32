#include "util/time_format.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(TimeFormatTest, FormatsEpochMillis) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(1763625600000), "2025-11-20T08:00:00Z");
  EXPECT_EQ(FormatIsoTime(1763625600123), "2025-11-20T08:00:00.123Z");
}

TEST(TimeFormatTest, ParsesCommonShapes) {
  EXPECT_EQ(ParseIsoTime("2025-11-20T08:00:00Z"), 1763625600000);
  EXPECT_EQ(ParseIsoTime("2025-11-20"), 1763596800000);
  EXPECT_EQ(ParseIsoTime("2025-11-20 08:00"), 1763625600000);
  EXPECT_EQ(ParseIsoTime("2025-11-20T09:00:00+01:00"), 1763625600000);
  EXPECT_EQ(ParseIsoTime("2025-11-20T08:00:00.5Z"), 1763625600500);
}

TEST(TimeFormatTest, RejectsGarbage) {
  EXPECT_FALSE(ParseIsoTime("yesterday"));
  EXPECT_FALSE(ParseIsoTime("2025-13-01"));
  EXPECT_FALSE(ParseIsoTime("2025-11-20T08:00:00Q"));
  EXPECT_FALSE(ParseIsoTime(""));
}

TEST(TimeFormatTest, RoundTrips) {
  for (int64_t t : {int64_t{951782400000}, int64_t{4102444799000}, int64_t{1700000000001}}) {
    EXPECT_EQ(ParseIsoTime(FormatIsoTime(t)), t);
  }
}

}  // namespace
}  // namespace waftune
