// FlatU64Set (analysis/flat_u64_set.h): the exact part of DistinctCounter.
#include "analysis/flat_u64_set.h"

#include <set>
#include <vector>

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(FlatU64SetTest, InsertReportsNewKeysAndCountsThem) {
  FlatU64Set s;
  EXPECT_TRUE(s.Insert(42));
  EXPECT_FALSE(s.Insert(42));
  EXPECT_TRUE(s.Insert(0));  // The empty-slot marker is a key like any other.
  EXPECT_FALSE(s.Insert(0));
  EXPECT_EQ(s.size(), 2u);
}

TEST(FlatU64SetTest, MatchesStdSetThroughGrowthAndCollisions) {
  FlatU64Set s;
  std::set<uint64_t> expected;
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < 50000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    // Keys sharing their high bits collide on the first probe slot.
    uint64_t key = (i % 3 == 0) ? (x & 0xffff) : x;
    EXPECT_EQ(s.Insert(key), expected.insert(key).second);
  }
  EXPECT_EQ(s.size(), expected.size());
  std::vector<uint64_t> seen;
  s.ForEach([&](uint64_t k) { seen.push_back(k); });
  EXPECT_EQ(std::set<uint64_t>(seen.begin(), seen.end()), expected);
  EXPECT_EQ(seen.size(), expected.size());
  s.Clear();
  EXPECT_EQ(s.size(), 0u);
  EXPECT_TRUE(s.Insert(7));
}

}  // namespace
}  // namespace waftune
