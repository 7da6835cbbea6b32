#include "analysis/rule_rows.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>

#include "io/byte_source.h"
#include "io/line_reader.h"
#include "logs/waf_reader.h"

namespace waftune {
namespace {

using RowTuple = std::tuple<std::string, std::string, std::string, std::string>;

// Rows of every record in `text`, counted.
std::map<RowTuple, int> RowsOf(std::string text) {
  Diagnostics diag;
  LineReader lines(OpenMemory(std::move(text), "t", &diag), "t", &diag);
  WafReader reader(&diag);
  std::map<RowTuple, int> out;
  RuleRows rows;
  reader.ReadAll(&lines, [&](const WafRecord& rec) {
    ComputeRuleRows(rec, &rows);
    for (const RuleRowKey& k : rows) {
      ++out[{std::string(k.web_acl_rule), std::string(k.rule_group),
             std::string(k.rule), std::string(WafActionName(k.action))}];
    }
  });
  EXPECT_EQ(diag.skipped(), 0u);
  return out;
}

TEST(RuleRowsTest, RealExamplesGiveHandCheckedRows) {
  std::ifstream in(std::string(WAFTUNE_TEST_DATA) + "/waf/waf-all-examples.ndjson");
  std::stringstream ss;
  ss << in.rdbuf();
  std::map<RowTuple, int> rows = RowsOf(ss.str());
  const std::string rg =
      "arn:aws:wafv2:us-east-1:123456789012:global/rulegroup/hello-world/"
      "c05lb698-1f11-4m41-aef4-99a506d53f4b";
  std::map<RowTuple, int> expected = {
      {{"captcha-rule", "", "captcha-rule", "CAPTCHA"}, 2},
      {{"Default_Action", "", "Default_Action", "ALLOW"}, 4},
      {{"STMTest_SQLi_XSS", "", "STMTest_SQLi_XSS", "BLOCK"}, 2},
      {{"RG-Reference", rg, "RuleA-XSS", "BLOCK"}, 1},
      {{"", rg, "RuleB-SQLi", "COUNT"}, 1},
      {{"TestRule", "", "TestRule", "COUNT"}, 1},
      {{"AWS-AWSManagedRulesAnonymousIpList", "AWS#AWSManagedRulesAnonymousIpList",
        "HostingProviderIPList", "BLOCK"}, 1},
      {{"managed_sqli_ruleset", "AWS#AWSManagedRulesSQLiRuleSet", "SQLi_URIPATH", "BLOCK"}, 1},
      {{"", "AWS#AWSManagedRulesAmazonIpReputationList", "AWSManagedReconnaissanceList",
        "COUNT"}, 1},
      {{"AWS-AWSManagedRulesWindowsRuleSet", "AWS#AWSManagedRulesWindowsRuleSet",
        "WindowsShellCommands_BODY", "BLOCK"}, 1},
  };
  EXPECT_EQ(rows, expected);
}

std::string Record(const std::string& body) {
  return R"({"timestamp":1,"httpRequest":{"clientIp":"1.1.1.1"},)" + body + "}\n";
}

TEST(RuleRowsTest, GroupOverriddenToCountIsCountRowNotBlock) {
  // The group's terminatingRule is set but the request was allowed.
  auto rows = RowsOf(Record(
      R"("action":"ALLOW","terminatingRuleId":"Default_Action","terminatingRuleType":"REGULAR",)"
      R"("ruleGroupList":[{"ruleGroupId":"AWS#AWSManagedRulesCommonRuleSet#Version_1.2",)"
      R"("terminatingRule":{"ruleId":"NoUserAgent_HEADER","action":"BLOCK"}}])"));
  EXPECT_EQ((rows[{"", "AWS#AWSManagedRulesCommonRuleSet", "NoUserAgent_HEADER", "COUNT"}]), 1);
  EXPECT_EQ((rows[{"Default_Action", "", "Default_Action", "ALLOW"}]), 1);
  EXPECT_EQ(rows.size(), 2u);
}

TEST(RuleRowsTest, LastTerminatingGroupWinsAndEarlierIsCount) {
  auto rows = RowsOf(Record(
      R"("action":"BLOCK","terminatingRuleId":"AWS-SQLi","terminatingRuleType":"MANAGED_RULE_GROUP",)"
      R"("ruleGroupList":[{"ruleGroupId":"AWS#A","terminatingRule":{"ruleId":"R1","action":"BLOCK"}},)"
      R"({"ruleGroupId":"AWS#B","terminatingRule":{"ruleId":"R2","action":"BLOCK"},)"
      R"("excludedRules":[{"exclusionType":"EXCLUDED_AS_COUNT","ruleId":"R3"}],)"
      R"("nonTerminatingMatchingRules":[{"ruleId":"R4","action":"CHALLENGE"}]}])"));
  EXPECT_EQ((rows[{"AWS-SQLi", "AWS#B", "R2", "BLOCK"}]), 1);
  EXPECT_EQ((rows[{"", "AWS#A", "R1", "COUNT"}]), 1);
  EXPECT_EQ((rows[{"", "AWS#B", "R3", "COUNT"}]), 1);
  EXPECT_EQ((rows[{"", "AWS#B", "R4", "CHALLENGE"}]), 1);
  EXPECT_EQ(rows.size(), 4u);
}

TEST(RuleRowsTest, DuplicateMatchCountsOncePerRequest) {
  auto rows = RowsOf(Record(
      R"("action":"ALLOW","terminatingRuleId":"Default_Action",)"
      R"("nonTerminatingMatchingRules":[{"ruleId":"T","action":"COUNT"},{"ruleId":"T","action":"COUNT"}])"));
  EXPECT_EQ((rows[{"T", "", "T", "COUNT"}]), 1);
}

TEST(RuleRowsTest, RateBasedBlockIsItsOwnRow) {
  auto rows = RowsOf(Record(
      R"("action":"BLOCK","terminatingRuleId":"RateLimit-Login","terminatingRuleType":"RATE_BASED")"));
  EXPECT_EQ((rows[{"RateLimit-Login", "", "RateLimit-Login", "BLOCK"}]), 1);
}

}  // namespace
}  // namespace waftune
