#include "report/suggestion_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/suggestion_writer.h"
#include "report/text_table.h"

namespace waftune {
namespace {

SuggestionFinding Candidate(const std::string& id, SuggestionVerdict v, const std::string& why) {
  SuggestionFinding s;
  s.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  s.rule = "SizeRestrictions_BODY";
  s.rule_legitimate = 28;
  s.exclusion.id = id;
  s.exclusion.rule = s.rule;
  Condition uri;
  uri.field = ConditionField::kUri;
  uri.patterns = {"^/admin/cms/articles/[0-9]+$"};
  s.exclusion.when.push_back(uri);
  s.replay.released = 28;
  s.replay.released_legitimate = 26;
  s.Decide(v, why);
  return s;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// Collapses the wrap: continuation lines joined with single spaces.
std::string Unwrapped(const std::vector<std::string>& lines, size_t first, const std::string& label) {
  std::string text = lines[first].substr(lines[first].find(label) + label.size());
  for (size_t i = first + 1; i < lines.size() && lines[i].rfind("             ", 0) == 0; ++i) {
    text += " " + lines[i].substr(lines[i].find_first_not_of(' '));
  }
  return text;
}

TEST(SuggestionTableTest, DecideKeepsKeptInStepWithTheVerdict) {
  EXPECT_TRUE(Candidate("sg-1", SuggestionVerdict::kSuggested, "x").kept);
  EXPECT_FALSE(Candidate("sg-2", SuggestionVerdict::kAlternative, "x").kept);
  EXPECT_FALSE(Candidate("sg-3", SuggestionVerdict::kRejected, "x").kept);
  EXPECT_STREQ(SuggestionVerdictName(SuggestionVerdict::kAlternative), "alternative");
  EXPECT_STREQ(SuggestionVerdictName(SuggestionVerdict::kSuggested), "suggested");
  EXPECT_STREQ(SuggestionVerdictName(SuggestionVerdict::kRejected), "rejected");
}

TEST(SuggestionTableTest, PrintsEachVerdictWordAndTheFullReasonBelowItsRow) {
  const std::string long_why =
      "passes, narrows sg-18; not the suggestion: releases no fewer requests than sg-18 (26 "
      "legitimate of 28 released, 92.9% of the rule's legitimate), which stays the suggestion";
  std::string out = SuggestionsToTable(
      {Candidate("sg-1003", SuggestionVerdict::kAlternative, long_why),
       Candidate("sg-18", SuggestionVerdict::kSuggested, "narrowest scope that passes"),
       Candidate("sg-5", SuggestionVerdict::kRejected, "releases suspicious requests")},
      90);
  std::vector<std::string> lines = Lines(out);
  ASSERT_GE(lines.size(), 10u) << out;
  EXPECT_EQ(lines[1].rfind("sg-1003", 0), 0u) << out;
  EXPECT_NE(lines[1].find(" alternative "), std::string::npos) << out;
  EXPECT_EQ(lines[1].find("reject"), std::string::npos) << out;
  EXPECT_NE(lines[2].find("scope  uri=^/admin/cms/articles/[0-9]+$"), std::string::npos) << out;
  ASSERT_NE(lines[3].find("why    "), std::string::npos) << out;
  EXPECT_EQ(Unwrapped(lines, 3, "why    "), long_why) << out;
  for (const std::string& l : lines) EXPECT_LE(DisplayWidth(l), 90u) << l;
  EXPECT_EQ(out.find("…"), std::string::npos) << "nothing is cut:\n" << out;
  size_t keep = out.find("sg-18    keep ");
  size_t reject = out.find("sg-5     reject ");
  EXPECT_NE(keep, std::string::npos) << out;
  EXPECT_NE(reject, std::string::npos) << out;
}

TEST(SuggestionTableTest, EscapesControlBytesInRuleScopeAndReason) {
  SuggestionFinding s = Candidate("sg-1", SuggestionVerdict::kRejected, "bad \x1b]0;title\x07 why");
  s.rule = "Rule\x1b[2J";
  s.exclusion.when[0].patterns = {"^/a b\x1b[31m$"};
  std::string out = SuggestionsToTable({s});
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x07'), std::string::npos) << out;
  EXPECT_EQ(out.find('\x01'), std::string::npos) << out;
  // A space inside a pattern survives the wrap's protection.
  EXPECT_NE(out.find("uri=^/a b\\x1b[31m$"), std::string::npos) << out;
}

TEST(SuggestionTableTest, WrapBreaksOnlyAtSpacesAndNeverCutsALongWord) {
  std::string word(150, 'x');
  std::string out = WrapDetail("why ", "short " + word + " tail", 60);
  std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 3u) << out;
  EXPECT_EQ(lines[0], "      why short");
  EXPECT_EQ(lines[1], "          " + word);
  EXPECT_EQ(lines[2], "          tail");
}

TEST(SuggestionTableTest, JsonCarriesVerdictNextToKept) {
  JsonWriter w;
  WriteSuggestionsJson({Candidate("sg-2", SuggestionVerdict::kAlternative, "passes")}, &w);
  std::string json = w.str();
  EXPECT_NE(json.find("\"kept\": false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"verdict\": \"alternative\""), std::string::npos) << json;
}

}  // namespace
}  // namespace waftune
