// FindLineEnd (io/line_scan.h) against a byte-by-byte reference, on every
// length and alignment around its 64-byte steps.
#include "io/line_scan.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

size_t Reference(const std::string& s, size_t from, bool* backslash) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\n') return i - from;
    if (s[i] == '\\') *backslash = true;
  }
  return s.size() - from;
}

TEST(LineScanTest, FindsNewlineAndBackslashesBeforeItOnly) {
  bool bs = false;
  EXPECT_EQ(FindLineEnd("abc\\\n", 5, &bs), 4u);
  EXPECT_TRUE(bs);
  bs = false;
  EXPECT_EQ(FindLineEnd("abc\n\\", 5, &bs), 3u);
  EXPECT_FALSE(bs);  // The backslash belongs to the next line.
  bs = false;
  EXPECT_EQ(FindLineEnd("", 0, &bs), 0u);
  EXPECT_FALSE(bs);
}

TEST(LineScanTest, NeverClearsAnEarlierBackslash) {
  bool bs = true;
  EXPECT_EQ(FindLineEnd("plain\n", 6, &bs), 5u);
  EXPECT_TRUE(bs);
}

TEST(LineScanTest, AgreesWithReferenceOnEveryPositionAndLength) {
  for (size_t len = 0; len < 200; ++len) {
    for (size_t nl : {size_t{0}, size_t{1}, size_t{31}, size_t{63}, size_t{64},
                      size_t{65}, size_t{127}, size_t{150}, size_t{500}}) {
      for (size_t slash : {size_t{0}, size_t{17}, size_t{63}, size_t{64},
                           size_t{100}, size_t{500}}) {
        std::string s(len, 'x');
        if (nl < len) s[nl] = '\n';
        if (slash < len) s[slash] = '\\';
        for (size_t from : {size_t{0}, size_t{1}, size_t{7}}) {
          if (from > len) continue;
          bool want = false, got = false;
          size_t expected = Reference(s, from, &want);
          ASSERT_EQ(FindLineEnd(s.data() + from, len - from, &got), expected)
              << len << " " << nl << " " << slash << " " << from;
          ASSERT_EQ(got, want) << len << " " << nl << " " << slash << " " << from;
        }
      }
    }
  }
}

TEST(LineScanTest, HighBytesAreNotConfusedWithNewlineOrBackslash) {
  std::string s(130, '\x8a');  // 0x8a = 0x0a with the top bit set.
  s[70] = '\xdc';              // 0xdc = 0x5c ('\\') with the top bit set.
  bool bs = false;
  EXPECT_EQ(FindLineEnd(s.data(), s.size(), &bs), s.size());
  EXPECT_FALSE(bs);
}

}  // namespace
}  // namespace waftune
