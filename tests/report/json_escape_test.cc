#include "report/json_escape.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

// True when s is well-formed UTF-8 (independent of the code under test).
bool IsValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80             ? 0
                      : (b & 0xE0) == 0xC0 ? 1
                      : (b & 0xF0) == 0xE0 ? 2
                      : (b & 0xF8) == 0xF0 ? 3
                                           : -1;
    if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0))
      return false;
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
        return false;
    }
    i += extra + 1;
  }
  return true;
}

TEST(JsonEscapeTest, QuotesAndEscapesSyntax) {
  EXPECT_EQ(JsonString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("/x?y=1"), "\"/x?y=1\"");
}

TEST(JsonEscapeTest, EscapesControlBytes) {
  EXPECT_EQ(JsonString(std::string("\n\r\t\b\f", 5)), R"("\n\r\t\b\f")");
  EXPECT_EQ(JsonString(std::string("a\0b", 3)), R"("a\u0000b")");
  EXPECT_EQ(JsonString("\x1b[31m\x7f"), R"("\u001b[31m\u007f")");
}

TEST(JsonEscapeTest, EscapesHtmlSignificantCharacters) {
  EXPECT_EQ(JsonString("</script><b>&amp;"),
            R"("\u003c/script\u003e\u003cb\u003e\u0026amp;")");
}

TEST(JsonEscapeTest, EscapesLineAndParagraphSeparators) {
  EXPECT_EQ(JsonString("a\u2028b\u2029c"), R"("a\u2028b\u2029c")");
}

TEST(JsonEscapeTest, KeepsValidMultibyteText) {
  EXPECT_EQ(JsonString("caf\u00e9 \u65e5\u672c \U0001F600"),
            "\"caf\u00e9 \u65e5\u672c \U0001F600\"");
}

TEST(JsonEscapeTest, ReplacesEachInvalidByteWithReplacementCharacter) {
  // Stray continuation, lone lead byte, truncated 3-byte sequence at end.
  EXPECT_EQ(JsonString("a\x80z"), R"("a\ufffdz")");
  EXPECT_EQ(JsonString("\xff\xfe"), R"("\ufffd\ufffd")");
  EXPECT_EQ(JsonString("x\xe6\x97"), R"("x\ufffd\ufffd")");
  // A truncated sequence must not swallow the quote after it.
  EXPECT_EQ(JsonString("\xe6\""), R"("\ufffd\"")");
}

TEST(JsonEscapeTest, RejectsOverlongSurrogateAndOutOfRangeForms) {
  EXPECT_EQ(JsonString("\xc0\xaf"), R"("\ufffd\ufffd")");  // Overlong '/'.
  EXPECT_EQ(JsonString("\xe0\x80\xaf"),
            R"("\ufffd\ufffd\ufffd")");  // Overlong '/'.
  EXPECT_EQ(JsonString("\xed\xa0\x80"),
            R"("\ufffd\ufffd\ufffd")");  // Surrogate.
  EXPECT_EQ(JsonString("\xf4\x90\x80\x80"),
            R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF.
}

TEST(JsonEscapeTest, EveryByteValueYieldsValidUtf8) {
  std::string all;
  for (int b = 0; b < 256; ++b)
    all.push_back(static_cast<char>(b));
  for (int b = 255; b >= 0; --b)
    all.push_back(static_cast<char>(b));
  const std::string out = JsonString(all);
  EXPECT_TRUE(IsValidUtf8(out));
  // No raw control byte survives.
  for (char c : out)
    EXPECT_GE(static_cast<unsigned char>(c), 0x20u);
  EXPECT_EQ(out.front(), '"');
  EXPECT_EQ(out.back(), '"');
}

TEST(JsonEscapeTest, AppendsToExistingText) {
  std::string out = "{\"k\":";
  AppendJsonString(&out, "v");
  EXPECT_EQ(out, "{\"k\":\"v\"");
}

TEST(Utf8Test, DecodesAndAdvances) {
  const std::string s = "A\u00e9\U0001F600\x80";
  size_t pos = 0;
  EXPECT_EQ(NextUtf8CodePoint(s, &pos), 'A');
  EXPECT_EQ(NextUtf8CodePoint(s, &pos), 0xE9);
  EXPECT_EQ(NextUtf8CodePoint(s, &pos), 0x1F600);
  EXPECT_EQ(pos, s.size() - 1);
  EXPECT_EQ(NextUtf8CodePoint(s, &pos), -1);
  EXPECT_EQ(pos, s.size());
}

}  // namespace
}  // namespace waftune
