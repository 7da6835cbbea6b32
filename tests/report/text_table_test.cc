#include "report/text_table.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(TextTableTest, AlignsColumns) {
  TextTable t({{"NAME"}, {"N", true}});
  t.AddRow({"a", "1"});
  t.AddRow({"long", "100"});
  EXPECT_EQ(t.Render(80), "NAME    N\na       1\nlong  100\n");
}

TEST(TextTableTest, ShortensFlexibleColumnToFit) {
  TextTable t({{"A"}, {"URI", false, true}});
  t.AddRow({"x", std::string(200, 'u')});
  std::string out = t.Render(40);
  size_t start = 0;
  while (start < out.size()) {
    size_t nl = out.find('\n', start);
    EXPECT_LE(DisplayWidth(out.substr(start, nl - start)), 40u);
    start = nl + 1;
  }
}

TEST(TextTableTest, EscapesCells) {
  TextTable t({{"A"}});
  t.AddRow({"\x1b]0;pwned\x07"});
  EXPECT_EQ(t.Render(80).find('\x1b'), std::string::npos);
}

TEST(TextTableTest, Thousands) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace waftune
