#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>

#include "tests/cli/cli_test_util.h"

namespace waftune {
namespace {

using testing::RunWaftune;
using testing::TestData;

TEST(SummaryCommandTest, JsonOnRealExamplesHasContractShape) {
  auto r = RunWaftune("summary --format json " + TestData("waf/waf-all-examples.ndjson"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(std::string_view(doc["waftune"]["command"]), "summary");
  EXPECT_EQ(uint64_t(doc["inputs"]["waf"]["records"]), 11u);
  EXPECT_EQ(uint64_t(doc["inputs"]["waf"]["skipped"]), 0u);
  bool found = false;
  for (simdjson::dom::element row : doc["rules"].get_array()) {
    if (std::string_view(row["rule"]) == "SQLi_URIPATH") {
      found = true;
      EXPECT_EQ(std::string_view(row["rule_group"]), "AWS#AWSManagedRulesSQLiRuleSet");
      EXPECT_EQ(std::string_view(row["web_acl_rule"]), "managed_sqli_ruleset");
      EXPECT_EQ(std::string_view(row["action"]), "BLOCK");
      EXPECT_EQ(uint64_t(row["requests"]), 1u);
      EXPECT_TRUE(row["top"]["uris"].is_array());
    }
    if (std::string_view(row["action"]) == "COUNT" && std::string_view(row["rule"]) == "RuleB-SQLi") {
      EXPECT_TRUE(row["web_acl_rule"].is_null());
    }
  }
  EXPECT_TRUE(found);
}

TEST(SummaryCommandTest, ReadsStdin) {
  auto r = RunWaftune("summary --format csv - < " + TestData("waf/waf-all-examples.ndjson"));
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("managed_sqli_ruleset,AWS#AWSManagedRulesSQLiRuleSet,SQLi_URIPATH,BLOCK,1,1"),
            std::string::npos)
      << r.out;
}

TEST(SummaryCommandTest, MissingPathIsRuntimeError) {
  EXPECT_EQ(RunWaftune("summary /nonexistent/waf 2>/dev/null").exit_code, 1);
}

TEST(SummaryCommandTest, BadFlagIsUsageError) {
  EXPECT_EQ(RunWaftune("summary --format xml x 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunWaftune("summary --since yesterday " + TestData("waf") + " 2>/dev/null").exit_code, 2);
  EXPECT_EQ(RunWaftune("frobnicate 2>/dev/null").exit_code, 2);
}

TEST(SummaryCommandTest, StrictFailsOnSkippedRecords) {
  std::string cmd = "summary --strict - 2>/dev/null <<'EOF'\n{broken\nEOF";
  EXPECT_EQ(RunWaftune(cmd).exit_code, 1);
  std::string lax = "summary - 2>/dev/null <<'EOF'\n{broken\nEOF";
  EXPECT_EQ(RunWaftune(lax).exit_code, 0);
}

TEST(SummaryCommandTest, SinceUntilFilterRecords) {
  auto r = RunWaftune("summary --format json --since 2100-01-01 " +
                      TestData("waf/waf-all-examples.ndjson"));
  ASSERT_EQ(r.exit_code, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(doc["rules"].get_array().size(), 0u);
}

}  // namespace
}  // namespace waftune
