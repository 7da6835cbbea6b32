#include "match/scan_memo.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace waftune {
namespace {

TEST(ScanMemoTest, FindsStoredHitsByExactKey) {
  ScanMemo memo;
  std::string key = "\x03shop.example.com" + std::string(1, '\0') + "Mozilla/5.0 (X11)";
  uint64_t h = ScanMemo::Hash(key);
  EXPECT_EQ(memo.Find(key, h), nullptr);
  memo.Store(key, h, {2, 7});
  const std::vector<int>* hits = memo.Find(key, h);
  ASSERT_NE(hits, nullptr);
  EXPECT_EQ(*hits, (std::vector<int>{2, 7}));
  // Same hash (slot), other bytes: never a false hit.
  std::string other = key;
  other.back() = ']';
  EXPECT_EQ(memo.Find(other, h), nullptr);
}

TEST(ScanMemoTest, KeyInTheSameSlotReplacesTheOlderOne) {
  ScanMemo memo;
  memo.Store("a", 5, {1});
  const uint64_t same_slot = 5 + ScanMemo::kSlots * 3;  // Direct-mapped.
  memo.Store("b", same_slot, {});
  EXPECT_EQ(memo.Find("a", 5), nullptr);
  ASSERT_NE(memo.Find("b", same_slot), nullptr);
  EXPECT_TRUE(memo.Find("b", same_slot)->empty());
}

TEST(ScanMemoTest, ClearForgetsEveryKey) {
  ScanMemo memo;
  memo.Store("a", 5, {1});
  memo.Store("b", 6, {2});
  memo.Clear();
  EXPECT_EQ(memo.Find("a", 5), nullptr);
  EXPECT_EQ(memo.Find("b", 6), nullptr);
  memo.Store("a", 5, {3});
  ASSERT_NE(memo.Find("a", 5), nullptr);
  EXPECT_EQ(*memo.Find("a", 5), (std::vector<int>{3}));
}

TEST(ScanMemoTest, HashDependsOnEveryByteAndLength) {
  std::string a(40, 'x');
  std::string b = a;
  b[37] = 'y';  // In the tail after the 8-byte words.
  EXPECT_NE(ScanMemo::Hash(a), ScanMemo::Hash(b));
  EXPECT_NE(ScanMemo::Hash(a), ScanMemo::Hash(a.substr(0, 39)));
  EXPECT_NE(ScanMemo::Hash(std::string_view("\0", 1)), ScanMemo::Hash(""));
}

}  // namespace
}  // namespace waftune
