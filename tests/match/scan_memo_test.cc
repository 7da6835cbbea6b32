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
  memo.Store("b", 5 + 8192 * 3, {});  // Same slot (direct-mapped), other hash.
  EXPECT_EQ(memo.Find("a", 5), nullptr);
  ASSERT_NE(memo.Find("b", 5 + 8192 * 3), nullptr);
  EXPECT_TRUE(memo.Find("b", 5 + 8192 * 3)->empty());
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
