#include "report/escape.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(EscapeTest, TerminalSafeEscapesControlBytesVisibly) {
  EXPECT_EQ(TerminalSafe("a\x1b[31mb"), "a\\x1b[31mb");
  EXPECT_EQ(TerminalSafe(std::string("\0z", 2)), "\\x00z");
  EXPECT_EQ(TerminalSafe("\xc2\x9b"), "\\xc2\\x9b");  // C1 CSI
  EXPECT_EQ(TerminalSafe("\xff"), "\\xff");            // invalid UTF-8
  EXPECT_EQ(TerminalSafe("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(EscapeTest, CsvNeutralisesFormulas) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvCell("+1"), "\"'+1\"");
  EXPECT_EQ(CsvCell("-cmd"), "\"'-cmd\"");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(CsvCell("\tx"), "\"'\\x09x\"");
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
}

TEST(EscapeTest, MarkdownEscapesTableSyntax) {
  EXPECT_EQ(MarkdownCell("a|b"), "a\\|b");
  EXPECT_EQ(MarkdownCell("<script>"), "&lt;script&gt;");
  EXPECT_EQ(MarkdownCell("x\ny"), "x\\x0ay");
}

TEST(EscapeTest, HtmlEscapesEverything) {
  EXPECT_EQ(HtmlEscape("<img src=x onerror='a'>&\""),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;");
}

TEST(EscapeTest, EllipsizeCountsCharacters) {
  EXPECT_EQ(Ellipsize("abcdef", 4), "abc…");
  EXPECT_EQ(Ellipsize("abc", 4), "abc");
  EXPECT_EQ(Ellipsize("\xc3\xa9\xc3\xa9\xc3\xa9", 2), "\xc3\xa9…");
}

}  // namespace
}  // namespace waftune
