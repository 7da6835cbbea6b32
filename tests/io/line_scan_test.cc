// FindLineEnd and ScanLineContent (io/line_scan.h) against a byte-by-byte
// reference, on every length and alignment around their 64-byte steps.
#include "io/line_scan.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

size_t Reference(const std::string& s, size_t from, LineContent* seen) {
  for (size_t i = from; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') return i - from;
    if (c == '\\') seen->backslash = true;
    if (c < 0x20 || c > 0x7f) seen->unusual = true;
  }
  return s.size() - from;
}

bool Same(const LineContent& a, const LineContent& b) {
  return a.backslash == b.backslash && a.unusual == b.unusual;
}

TEST(LineScanTest, FindsNewlineAndBackslashesBeforeItOnly) {
  LineContent seen;
  EXPECT_EQ(FindLineEnd("abc\\\n", 5, &seen), 4u);
  EXPECT_TRUE(seen.backslash);
  EXPECT_FALSE(seen.unusual);  // The newline itself does not count.
  seen = {};
  EXPECT_EQ(FindLineEnd("abc\n\\\t", 6, &seen), 3u);
  EXPECT_FALSE(seen.backslash);  // Both belong to the next line.
  EXPECT_FALSE(seen.unusual);
  seen = {};
  EXPECT_EQ(FindLineEnd("", 0, &seen), 0u);
  EXPECT_FALSE(seen.backslash);
}

TEST(LineScanTest, NotesControlAndNonAsciiBytes) {
  const std::string cases[] = {"a\tb", "a\rb", std::string("a\0b", 3), "caf\xc3\xa9",
                               "\x1f", "\xff"};
  for (const std::string& s : cases) {
    LineContent seen;
    EXPECT_EQ(FindLineEnd(s.data(), s.size(), &seen), s.size()) << s;
    EXPECT_TRUE(seen.unusual) << s;
    EXPECT_FALSE(seen.backslash) << s;
  }
  LineContent seen;
  const std::string printable = " ~\x7f{\"a\":1}";  // DEL is allowed in JSON.
  ScanLineContent(printable.data(), printable.size(), &seen);
  EXPECT_FALSE(seen.unusual);
}

TEST(LineScanTest, NeverClearsAnEarlierFlag) {
  LineContent seen{true, true};
  EXPECT_EQ(FindLineEnd("plain\n", 6, &seen), 5u);
  EXPECT_TRUE(seen.backslash);
  EXPECT_TRUE(seen.unusual);
  ScanLineContent("plain", 5, &seen);
  EXPECT_TRUE(seen.backslash);
  EXPECT_TRUE(seen.unusual);
}

TEST(LineScanTest, AgreesWithReferenceOnEveryPositionAndLength) {
  for (size_t len = 0; len < 200; ++len) {
    for (size_t nl : {size_t{0}, size_t{1}, size_t{31}, size_t{63}, size_t{64},
                      size_t{65}, size_t{127}, size_t{150}, size_t{500}}) {
      for (size_t mark : {size_t{0}, size_t{17}, size_t{63}, size_t{64},
                          size_t{100}, size_t{500}}) {
        for (char c : {'\\', '\t', '\x80'}) {
          std::string s(len, 'x');
          if (nl < len) s[nl] = '\n';
          if (mark < len) s[mark] = c;
          for (size_t from : {size_t{0}, size_t{1}, size_t{7}}) {
            if (from > len) continue;
            LineContent want, got, scanned;
            size_t expected = Reference(s, from, &want);
            ASSERT_EQ(FindLineEnd(s.data() + from, len - from, &got), expected)
                << len << " " << nl << " " << mark << " " << from;
            ASSERT_TRUE(Same(got, want)) << len << " " << nl << " " << mark << " " << from;
            ScanLineContent(s.data() + from, expected, &scanned);
            ASSERT_TRUE(Same(scanned, want)) << len << " " << nl << " " << mark << " " << from;
          }
        }
      }
    }
  }
}

TEST(LineScanTest, HighBytesAreNotConfusedWithNewlineOrBackslash) {
  std::string s(130, '\x8a');  // 0x8a = 0x0a with the top bit set.
  s[70] = '\xdc';              // 0xdc = 0x5c ('\\') with the top bit set.
  LineContent seen;
  EXPECT_EQ(FindLineEnd(s.data(), s.size(), &seen), s.size());
  EXPECT_FALSE(seen.backslash);
  EXPECT_TRUE(seen.unusual);
}

}  // namespace
}  // namespace waftune
