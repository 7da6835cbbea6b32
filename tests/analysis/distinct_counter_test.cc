#include "analysis/distinct_counter.h"

#include <gtest/gtest.h>

#include <string>

namespace waftune {
namespace {

TEST(DistinctCounterTest, ExactBelowLimit) {
  DistinctCounter c;
  for (int i = 0; i < 1000; ++i) c.Add("10.0.0." + std::to_string(i % 300));
  EXPECT_EQ(c.Count(), 300u);
  EXPECT_FALSE(c.estimated());
}

TEST(DistinctCounterTest, SketchWithinTwoPercentAboveLimit) {
  DistinctCounter c;
  const int n = 300000;
  for (int i = 0; i < n; ++i) c.Add("client-" + std::to_string(i));
  EXPECT_TRUE(c.estimated());
  double err = std::abs(static_cast<double>(c.Count()) - n) / n;
  EXPECT_LT(err, 0.02);
}

TEST(DistinctCounterTest, MergeIsOrderIndependent) {
  DistinctCounter a, b, c;
  for (int i = 0; i < 50000; ++i) a.Add(std::to_string(i));
  for (int i = 30000; i < 90000; ++i) b.Add(std::to_string(i));
  for (int i = 0; i < 10; ++i) c.Add(std::to_string(i));
  DistinctCounter x = a, y = c;
  x.Merge(b);
  x.Merge(c);
  y.Merge(b);
  y.Merge(a);
  EXPECT_EQ(x.Count(), y.Count());
  EXPECT_TRUE(x.estimated());
}

}  // namespace
}  // namespace waftune
