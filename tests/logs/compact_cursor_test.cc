// CompactCursor (logs/compact_cursor.h): takes only values in the forms the
// full parser surely reads alike, and never reads past its end.
#include "logs/compact_cursor.h"

#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace waftune {
namespace {

CompactCursor At(const std::string& text) { return CompactCursor(text.data(), text.data() + text.size()); }

TEST(CompactCursorTest, IntTakesPlainIntegersDigitStringsAndNull) {
  const std::pair<std::string, int64_t> good[] = {
      {"0", 0}, {"-7", -7}, {"1795161600019", 1795161600019}, {"\"403\"", 403},
      {"999999999999999999", 999999999999999999}};
  for (const auto& [text, want] : good) {
    int64_t got = 42;
    CompactCursor c = At(text);
    EXPECT_TRUE(c.Int(&got)) << text;
    EXPECT_EQ(got, want) << text;
    EXPECT_EQ(c.pos(), c.end()) << text;
  }
  int64_t untouched = 42;
  std::string null = "null";
  EXPECT_TRUE(At(null).Int(&untouched));
  EXPECT_EQ(untouched, 42);
  for (std::string bad : {"01", "-0", "-", "\"\"", "\"4x\"", "\"-4\"", "1234567890123456789", "true",
                          "\"1234567890123456789\""}) {
    int64_t v = 0;
    EXPECT_FALSE(At(bad).Int(&v)) << bad;
  }
  // A fraction is left for the caller to trip over.
  std::string frac = "1.5";
  CompactCursor c = At(frac);
  int64_t v = 0;
  EXPECT_TRUE(c.Int(&v));
  EXPECT_EQ(c.pos(), frac.data() + 1);
}

TEST(CompactCursorTest, SkipChecksEveryValueAndBoundsTheDepth) {
  for (std::string good : {R"({"a":[1,-2.5e+3,0.1,1E9,true,false,null,{"b":"c"}],"d":{}})", "[]",
                           "\"x\"", "-0", "12"}) {
    CompactCursor c = At(good);
    EXPECT_TRUE(c.Skip()) << good;
    EXPECT_EQ(c.pos(), c.end()) << good;
  }
  for (std::string bad : {"[1,]", "{\"a\"}", "{\"a\":}", "01", "1.", "1e", "nul", "tru", "[",
                          "{\"a\":1", "\"open", "x", ""}) {
    CompactCursor c = At(bad);
    bool ok = c.Skip();
    EXPECT_FALSE(ok && c.pos() == c.end()) << bad;
  }
  std::string deep(CompactCursor::kMaxSkipDepth + 2, '[');
  deep += std::string(deep.size(), ']');
  EXPECT_FALSE(At(deep).Skip());
  std::string ok_depth(CompactCursor::kMaxSkipDepth, '[');
  ok_depth += std::string(ok_depth.size(), ']');
  EXPECT_TRUE(At(ok_depth).Skip());
}

TEST(CompactCursorTest, NeverReadsPastTheEnd) {
  const std::string text = R"({"a":[1,"xy",{"b":null}],"c":"12"})";
  for (size_t cut = 0; cut < text.size(); ++cut) {
    // An allocation of exactly `cut` bytes: ASan builds flag any read past it.
    std::unique_ptr<char[]> prefix(new char[cut]);
    std::memcpy(prefix.get(), text.data(), cut);
    CompactCursor c(prefix.get(), prefix.get() + cut);
    EXPECT_FALSE(c.Skip()) << cut;  // Every strict prefix is unfinished.
    EXPECT_LE(c.pos(), prefix.get() + cut) << cut;
  }
}

}  // namespace
}  // namespace waftune
