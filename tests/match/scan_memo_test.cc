#include "match/scan_memo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace waftune {
namespace {

TEST(ScanMemoTest, FindsStoredHitsByExactKey) {
  ScanMemo memo;
  ScanKey key{3, "shop.example.com", "Mozilla/5.0 (X11)"};
  uint64_t h = ScanMemo::Hash(key);
  EXPECT_EQ(memo.Find(key, h), nullptr);
  memo.Store(key, h, {2, 7});
  const std::vector<int>* hits = memo.Find(key, h);
  ASSERT_NE(hits, nullptr);
  EXPECT_EQ(*hits, (std::vector<int>{2, 7}));
  // Same hash (slot), another part differs: never a false hit.
  EXPECT_EQ(memo.Find({3, "shop.example.com", "Mozilla/5.0 (X11]"}, h), nullptr);
  EXPECT_EQ(memo.Find({3, "shop.example.org", "Mozilla/5.0 (X11)"}, h), nullptr);
  EXPECT_EQ(memo.Find({4, "shop.example.com", "Mozilla/5.0 (X11)"}, h), nullptr);
  EXPECT_EQ(memo.Find({3, "", "Mozilla/5.0 (X11)"}, h), nullptr);
}

TEST(ScanMemoTest, KeyInTheSameSlotReplacesTheOlderOne) {
  ScanMemo memo;
  memo.Store({0, "", "a"}, 5, {1});
  const uint64_t same_slot = 5 + ScanMemo::kSlots * 3;  // Direct-mapped.
  memo.Store({0, "", "b"}, same_slot, {});
  EXPECT_EQ(memo.Find({0, "", "a"}, 5), nullptr);
  ASSERT_NE(memo.Find({0, "", "b"}, same_slot), nullptr);
  EXPECT_TRUE(memo.Find({0, "", "b"}, same_slot)->empty());
}

TEST(ScanMemoTest, ClearForgetsEveryKey) {
  ScanMemo memo;
  memo.Store({0, "", "a"}, 5, {1});
  memo.Store({0, "", "b"}, 6, {2});
  memo.Clear();
  EXPECT_EQ(memo.Find({0, "", "a"}, 5), nullptr);
  EXPECT_EQ(memo.Find({0, "", "b"}, 6), nullptr);
  memo.Store({0, "", "a"}, 5, {3});
  ASSERT_NE(memo.Find({0, "", "a"}, 5), nullptr);
  EXPECT_EQ(*memo.Find({0, "", "a"}, 5), (std::vector<int>{3}));
}

TEST(ScanMemoTest, HashSeparatesTheParts) {
  // Moving bytes between host and value, or changing the target, changes
  // the key and (practically always) the hash.
  EXPECT_NE(ScanMemo::Hash({1, "ab", "c"}), ScanMemo::Hash({1, "a", "bc"}));
  EXPECT_NE(ScanMemo::Hash({1, "", "abc"}), ScanMemo::Hash({2, "", "abc"}));
  EXPECT_NE(ScanMemo::Hash({1, "", std::string_view("\0", 1)}), ScanMemo::Hash({1, "", ""}));
}

}  // namespace
}  // namespace waftune
