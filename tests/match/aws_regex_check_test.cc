#include "match/aws_regex_check.h"

#include <string>

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(AwsRegexCheckTest, AcceptsTheSafeSubset) {
  for (const char* ok :
       {"^/api/(?:upload|import)(?:/|$)", "^POST$", "[(]x[)]", "a+?b*?",
        "\\(literal\\)", "\\d{2,4}", "\\Q(a)\\E", "a\\++"}) {
    EXPECT_TRUE(CheckAwsRegex(ok).ok())
        << ok << ": " << CheckAwsRegex(ok).message();
  }
}

TEST(AwsRegexCheckTest, RejectsCapturingGroupWithHint) {
  Status s = CheckAwsRegex("^/(admin|cms)/");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("capturing group"), std::string::npos);
  EXPECT_NE(s.message().find("(?:"), std::string::npos);
}

TEST(AwsRegexCheckTest, RejectsEachUnsupportedConstruct) {
  struct Case {
    const char* pattern;
    const char* words;
  };
  const Case cases[] = {
      {"(?:a)\\1", "backreference"},
      {"\\k<x>", "backreference"},
      {"a(?=b)", "lookaround"},
      {"(?<!a)b", "lookaround"},
      {"(?>ab)", "atomic"},
      {"a++", "possessive"},
      {"[a-z]*+", "possessive"},
      {"a{2}+", "possessive"},
      {"(?(1)a|b)", "conditional"},
      {"(?R)", "recursion"},
      {"(?1)", "recursion"},
      {"(?&name)", "recursion"},
      {"(?P<n>a)", "named capturing"},
      {"(?<n>a)", "named capturing"},
      {"\\Ka", "\\K"},
      {"a\\Rb", "\\R"},
      {"\\C", "\\C"},
      {"(*SKIP)a", "verb"},
  };
  for (const Case& c : cases) {
    Status s = CheckAwsRegex(c.pattern);
    ASSERT_FALSE(s.ok()) << c.pattern;
    EXPECT_NE(s.message().find(c.words), std::string::npos)
        << c.pattern << ": " << s.message();
  }
}

TEST(AwsRegexCheckTest, EnforcesLengthLimit) {
  EXPECT_TRUE(CheckAwsRegex(std::string(200, 'a')).ok());
  Status s = CheckAwsRegex(std::string(201, 'a'));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("201"), std::string::npos);
  EXPECT_FALSE(CheckAwsRegex("").ok());
}

}  // namespace
}  // namespace waftune
