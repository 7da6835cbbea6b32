#include "analysis/top_k.h"

#include <gtest/gtest.h>

#include <string>

namespace waftune {
namespace {

TEST(TopKTest, ExactCountsWhenUnderCapacity) {
  TopK t(100);
  for (int i = 0; i < 10; ++i) t.Add("/a");
  for (int i = 0; i < 5; ++i) t.Add("/b");
  t.Add("/c");
  auto top = t.Top(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].value, "/a");
  EXPECT_EQ(top[0].count, 10u);
  EXPECT_EQ(top[1].value, "/b");
  EXPECT_EQ(top[0].error, 0u);
}

TEST(TopKTest, HeavyHittersSurviveLongTail) {
  TopK t(64);
  for (int i = 0; i < 20000; ++i) {
    t.Add("/unique/" + std::to_string(i));
    if (i % 4 == 0) t.Add("/hot");
  }
  auto top = t.Top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].value, "/hot");
  EXPECT_EQ(top[0].count, 5000u);
  EXPECT_LE(t.size(), 64u);
}

TEST(TopKTest, TiesBrokenByValue) {
  TopK t;
  t.Add("b");
  t.Add("a");
  auto top = t.Top(2);
  EXPECT_EQ(top[0].value, "a");
}

TEST(TopKTest, MergeSumsCounts) {
  TopK a, b;
  a.Add("/x", 3);
  b.Add("/x", 4);
  b.Add("/y", 1);
  a.Merge(b);
  auto top = a.Top(5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].count, 7u);
}

}  // namespace
}  // namespace waftune
