#include "analysis/value_shape.h"

#include <gtest/gtest.h>

#include <re2/re2.h>

#include <string>
#include <vector>

#include "match/aws_regex_check.h"

namespace waftune {
namespace {

using Values = std::vector<std::string_view>;

bool Matches(const std::string& pattern, std::string_view value) {
  RE2 re(pattern);
  EXPECT_TRUE(re.ok()) << pattern;
  return RE2::PartialMatch(value, re);
}

TEST(ValueShapeTest, IntegerBoundAcceptsExactlyZeroToN) {
  // Brute force against every N up to 1200 and every value up to 1500.
  for (uint64_t n : {0u, 5u, 9u, 10u, 19u, 99u, 100u, 101u, 309u, 990u, 1000u, 1199u}) {
    std::string p = IntegerAtMostPattern(n);
    ASSERT_FALSE(p.empty()) << n;
    EXPECT_TRUE(CheckAwsRegex(p).ok()) << p;
    RE2 re(p);
    ASSERT_TRUE(re.ok()) << p;
    for (uint64_t v = 0; v <= 1500; ++v) {
      EXPECT_EQ(RE2::FullMatch(std::to_string(v), re), v <= n) << p << " on " << v;
    }
    EXPECT_FALSE(RE2::PartialMatch("0" + std::to_string(n), re)) << "leading zero: " << p;
    EXPECT_FALSE(RE2::PartialMatch("-1", re)) << p;
  }
  EXPECT_EQ(IntegerAtMostPattern(63170),
            "^(?:0|[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-2][0-9]{3}|630[0-9]{2}|631[0-6][0-9]|63170)$");
  EXPECT_TRUE(Matches(IntegerAtMostPattern(63170), "63170"));
  EXPECT_FALSE(Matches(IntegerAtMostPattern(63170), "63171"));
  EXPECT_FALSE(Matches(IntegerAtMostPattern(63170), "100000"));
}

TEST(ValueShapeTest, IntegerBoundFromContentLengthsIsTheLargestLegitimateValue) {
  auto shapes = InferShapes({"9295", "63170", "11294"}, {"70000"});
  ASSERT_FALSE(shapes.empty());
  EXPECT_EQ(shapes[0].kind, ShapeKind::kIntegerBound);
  EXPECT_EQ(shapes[0].description, "integer <= 63170");
  EXPECT_TRUE(Matches(shapes[0].pattern, "63170"));
  EXPECT_FALSE(Matches(shapes[0].pattern, "63171"));
  // An attack value under the bound: no integer shape (it would release it).
  for (const ValueShape& s : InferShapes({"9295", "63170"}, {"512"})) {
    EXPECT_NE(s.kind, ShapeKind::kIntegerBound) << s.pattern;
    EXPECT_FALSE(Matches(s.pattern, "512")) << s.pattern;
  }
}

TEST(ValueShapeTest, MixedClassesBecomeOneClassWithLengthRange) {
  std::string p = CharClassPattern({"ab_C9.x-y", "Zz0"}, 0, {});
  EXPECT_EQ(p, "^[A-Za-z0-9._-]{3,9}$");
  EXPECT_TRUE(Matches(p, "q.Q-1"));
  EXPECT_FALSE(Matches(p, "q.Q-1/"));
  EXPECT_FALSE(Matches(p, "ab"));
  EXPECT_EQ(CharClassPattern({"abc", "abc"}, 0, {}), "^[a-z]{3}$");
}

TEST(ValueShapeTest, RegexMetacharactersAreEscapedInPrefixAndClass) {
  EXPECT_EQ(*EscapeLiteral("a.b*c(d)[e]{f}|g^h$i?j+k\\"),
            "a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\?j\\+k\\\\");
  std::string p = CharClassPattern({"a]b[c^d\\e-f"}, 0, {});
  ASSERT_FALSE(p.empty());
  EXPECT_TRUE(Matches(p, "a]b[c^d\\e-f"));
  EXPECT_FALSE(Matches(p, "a]b[c^d\\e-f!"));
  EXPECT_TRUE(CheckAwsRegex(p).ok()) << p;
  // A prefix with a dot matches the dot only.
  auto shapes = InferShapes({"v1.2/a", "v1.2/bb"}, {"v1x2/a"});
  ASSERT_FALSE(shapes.empty());
  for (const ValueShape& s : shapes) EXPECT_FALSE(Matches(s.pattern, "v1x2/a")) << s.pattern;
}

TEST(ValueShapeTest, UrlPrefixPinsTheHostAndRejectsLookalikes) {
  Values legit = {"https://shop.example.com/account", "https://shop.example.com/orders/7"};
  EXPECT_EQ(CommonPrefix(legit), "https://shop.example.com/");
  // Different hosts: only "https://" is common, which pins nothing.
  EXPECT_EQ(CommonPrefix({"https://a.example/x", "https://b.example/x"}), "");
  EXPECT_EQ(CommonPrefix({"https://shop.example.com", "https://shop.example.com.evil.net/"}), "");
  auto shapes = InferShapes(legit, {"https://shop.example.com.evil.net/x", "http://203.0.113.9/x"});
  ASSERT_FALSE(shapes.empty());
  EXPECT_EQ(shapes[0].kind, ShapeKind::kPrefixClass);
  EXPECT_EQ(shapes[0].pattern, "^https://shop\\.example\\.com/[a-z0-9/]{7,8}$");
  EXPECT_EQ(shapes.back().pattern, "^https://shop\\.example\\.com/");
}

TEST(ValueShapeTest, EmptyInputGivesNoShape) {
  EXPECT_TRUE(InferShapes({}, {"x"}).empty());
  EXPECT_EQ(CommonPrefix({}), "");
  EXPECT_EQ(CharClassPattern({}, 0, {}), "");
  // Only empty values: no class (it would be "{0}"), no prefix.
  EXPECT_TRUE(InferShapes({"", ""}, {}).empty());
}

TEST(ValueShapeTest, HostileBytesNeverEnterAPattern) {
  std::string nul("ab\0cd", 5);
  Values legit = {nul, "ab\ncd", "ab\xff\xfe"};
  EXPECT_EQ(CharClassPattern(legit, 0, {}), "");
  EXPECT_FALSE(EscapeLiteral(nul).has_value());
  EXPECT_FALSE(EscapeLiteral("caf\xc3\xa9").has_value());
  for (const ValueShape& s : InferShapes(legit, {})) {
    for (char c : s.pattern) {
      EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f)
          << s.pattern;
    }
  }
  // A prefix stops before the first hostile byte.
  EXPECT_EQ(CommonPrefix({"/a/b\x01x", "/a/b\x01y"}), "/a/");
}

TEST(ValueShapeTest, PatternsStayWithinTheAwsLengthLimit) {
  // 60 distinct punctuation-free segments: fine; a 300-character prefix:
  // the prefix shapes would exceed 200 characters and are dropped.
  std::string long_prefix = std::string(300, 'a') + "/";
  std::string v1 = long_prefix + "x", v2 = long_prefix + "yy";
  auto shapes = InferShapes({v1, v2}, {});
  ASSERT_FALSE(shapes.empty());
  for (const ValueShape& s : shapes) {
    EXPECT_LE(s.pattern.size(), kMaxAwsRegexLength) << s.pattern;
    EXPECT_TRUE(CheckAwsRegex(s.pattern).ok()) << s.pattern;
    EXPECT_NE(s.kind, ShapeKind::kPrefix);
  }
  EXPECT_EQ(shapes[0].pattern, "^[a-z/]{302,303}$");
  // Integer bounds on huge numbers: too long for AWS, so no shape.
  EXPECT_EQ(IntegerAtMostPattern(987654321987654321ull), "");
  // Longer than RE2's repetition limit: no class.
  EXPECT_EQ(CharClassPattern({std::string(1001, 'a')}, 0, {}), "");
}

TEST(ValueShapeTest, TooManyPunctuationCharactersIsTooBroad) {
  EXPECT_EQ(CharClassPattern({"!\"#$%&'()*+,-./:;"}, 0, {}), "");
}

TEST(ValueShapeTest, ShapeMatchingAnAttackValueIsDropped) {
  // Attack value fits the class and length: only the prefix shapes remain.
  // Attack value fits the class and length, no '/'-bounded prefix: nothing.
  EXPECT_TRUE(InferShapes({"order.created", "order.paid"}, {"xxxxx.yyyy"}).empty());
  auto shapes = InferShapes({"order.created", "order.paid"}, {"<script>"});
  ASSERT_EQ(shapes.size(), 1u);
  EXPECT_EQ(shapes[0].pattern, "^[a-z.]{10,13}$");
  EXPECT_TRUE(InferShapes({"abc"}, {"abc"}).empty());
}

}  // namespace
}  // namespace waftune
