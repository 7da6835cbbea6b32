// The raw fast path for unmatched rule groups (logs/empty_rule_groups.h)
// must accept exactly AWS's compact empty form, and a record parsed with it
// must equal the record parsed field by field.
#include "logs/empty_rule_groups.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "logs/waf_record_parser.h"
#include "tests/logs/record_parse_for_test.h"

namespace waftune {
namespace {

constexpr char kEmpty[] =
    R"({"ruleGroupId":"AWS#AWSManagedRulesCommonRuleSet","terminatingRule":null,)"
    R"("nonTerminatingMatchingRules":[],"excludedRules":null,"customerConfig":null})";
constexpr char kOld[] =
    R"({"ruleGroupId":"AWS#AWSManagedRulesSQLiRuleSet#Version_2.0","terminatingRule":null,)"
    R"("nonTerminatingMatchingRules":[],"excludedRules":null})";
constexpr char kMatched[] =
    R"({"ruleGroupId":"AWS#AWSManagedRulesKnownBadInputsRuleSet","terminatingRule":)"
    R"({"ruleId":"Log4JRCE_HEADER","action":"BLOCK","ruleMatchDetails":null},)"
    R"("nonTerminatingMatchingRules":[],"excludedRules":null,"customerConfig":null})";

bool Match(const std::string& text, std::vector<RuleGroupEntry>* out) {
  return MatchEmptyRuleGroups(text.data(), text.data() + text.size(), out);
}

TEST(EmptyRuleGroupsTest, AcceptsTheCompactEmptyForm) {
  std::vector<RuleGroupEntry> out;
  // The ids view the text: it must outlive them.
  const std::string text = std::string("[") + kEmpty + "," + kOld + "]";
  ASSERT_TRUE(Match(text, &out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].group_id, "AWS#AWSManagedRulesCommonRuleSet");
  EXPECT_EQ(out[1].group_id, "AWS#AWSManagedRulesSQLiRuleSet#Version_2.0");
  EXPECT_FALSE(out[0].has_terminating);
  out.clear();
  EXPECT_TRUE(Match("[]", &out));
  EXPECT_TRUE(out.empty());
}

TEST(EmptyRuleGroupsTest, RejectsAnythingElseAndLeavesOutputAlone) {
  const std::string bad[] = {
      std::string("[") + kEmpty + "," + kMatched + "]",  // A rule matched.
      std::string("[ ") + kEmpty + "]",                  // Whitespace.
      std::string("[") + kEmpty,                         // No closing bracket.
      R"([{"ruleGroupId":"A\"B","terminatingRule":null,"nonTerminatingMatchingRules":[],"excludedRules":null}])",
      R"([{"ruleGroupId":"A","terminatingRule":"R","nonTerminatingMatchingRules":[],"excludedRules":null}])",
      R"([{"ruleGroupId":5,"terminatingRule":null,"nonTerminatingMatchingRules":[],"excludedRules":null}])",
      R"([{"ruleGroupId":"A","nonTerminatingMatchingRules":[],"excludedRules":null}])",
      R"(["AWS#X"])",
      "[",
      "",
  };
  for (const std::string& text : bad) {
    SCOPED_TRACE(text);
    std::vector<RuleGroupEntry> out(1);
    EXPECT_FALSE(Match(text, &out));
    EXPECT_EQ(out.size(), 1u);
  }
}

TEST(EmptyRuleGroupsTest, NeverReadsPastTheEnd) {
  std::string text = std::string("[") + kEmpty + "]";
  for (size_t cut = 0; cut < text.size(); ++cut) {
    std::vector<RuleGroupEntry> out;
    // The bytes after `cut` would complete the form: the matcher must stop.
    EXPECT_FALSE(MatchEmptyRuleGroups(text.data(), text.data() + cut, &out))
        << cut;
  }
  std::string_view id;
  std::string entry = kEmpty;
  EXPECT_FALSE(MatchEmptyRuleGroup(entry.data(), entry.data() + entry.size() - 1, &id));
  EXPECT_TRUE(MatchEmptyRuleGroup(entry.data(), entry.data() + entry.size(), &id));
  EXPECT_EQ(id, "AWS#AWSManagedRulesCommonRuleSet");
}

// The record a parse yields, flattened to compare fast and slow paths.
std::string Describe(const std::string& groups, bool fast) {
  std::string json =
      R"({"timestamp":1,"action":"BLOCK","terminatingRuleId":"G","terminatingRuleType":"MANAGED_RULE_GROUP",)"
      R"("ruleGroupList":)" + groups +
      R"(,"httpRequest":{"clientIp":"192.0.2.1","uri":"/"}})";
  ParsedRecord parsed(json, HeaderPolicy::kAll, fast);
  std::string out = parsed.error() + "|";
  for (const RuleGroupEntry& g : parsed.record().rule_groups) {
    out += std::string(g.group_id) + ":" + (g.has_terminating ? "T" : "-") +
           std::string(g.terminating.rule_id) + ":" +
           std::to_string(g.non_terminating.size()) + ":" +
           std::to_string(g.excluded_as_count.size()) + ";";
  }
  return out;
}

TEST(EmptyRuleGroupsTest, ParserGivesTheSameRecordWithAndWithoutFastPath) {
  const std::string cases[] = {
      std::string("[") + kEmpty + "," + kOld + "]",
      std::string("[") + kEmpty + "," + kMatched + "," + kOld + "]",
      std::string("[") + kMatched + "]",
      "[]",
      "null",
      R"([{"ruleGroupId":5}])",  // Wrong type: the same error either way.
      R"([{"ruleGroupId":"AWS#G","terminatingRule":"R"}])",
  };
  for (const std::string& groups : cases) {
    SCOPED_TRACE(groups);
    EXPECT_EQ(Describe(groups, true), Describe(groups, false));
  }
  EXPECT_EQ(Describe(std::string("[") + kEmpty + "," + kMatched + "]", true),
            "|AWS#AWSManagedRulesCommonRuleSet:-:0:0;"
            "AWS#AWSManagedRulesKnownBadInputsRuleSet:TLog4JRCE_HEADER:0:0;");
  EXPECT_NE(Describe(R"([{"ruleGroupId":5}])", true).substr(0, 1), "|");
}

}  // namespace
}  // namespace waftune
