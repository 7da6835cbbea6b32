// End to end: `waftune suggest` on the bundled examples.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "match/exclusions_file.h"
#include "tests/cli/cli_test_util.h"
#include "tests/tools/node_validator.h"

namespace waftune {
namespace {

using testing::RunWaftune;

std::string Examples(const std::string& rel) {
  return std::string(WAFTUNE_SOURCE_DIR) + "/examples/" + rel;
}

TEST(SuggestCommandTest, RequiresAccessLogs) {
  auto r = RunWaftune("suggest " + Examples("waf"));
  EXPECT_EQ(r.exit_code, 2);
}

TEST(SuggestCommandTest, EmittedExclusionsParseBackAndCoverTheKnownFalsePositives) {
  auto r = RunWaftune("suggest --emit exclusions --alb " + Examples("alb") + " " +
                      Examples("waf"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto parsed = ParseExclusions(r.out, "suggest output");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message() << "\n" << r.out;
  bool oauth = false, cms = false, photos = false;
  for (const Exclusion& x : *parsed) {
    EXPECT_NE(x.rule, "*");
    std::string uri;
    for (const Condition& c : x.when) {
      if (c.field == ConditionField::kUri) uri = c.patterns.at(0);
    }
    oauth |= x.rule == "GenericRFI_QUERYARGUMENTS" && uri == "^/oauth/callback$";
    cms |= x.rule == "CrossSiteScripting_BODY" && uri == "^/admin/cms/articles/[0-9]+$";
    photos |= x.rule == "SizeRestrictions_BODY" && uri == "^/api/photos$";
  }
  // Regression: the OAuth callback was rejected while replay called the
  // callbacks of users behind a DDoS-listed NAT suspicious on the label alone.
  EXPECT_TRUE(oauth) << r.out;
  EXPECT_TRUE(cms) << r.out;
  EXPECT_TRUE(photos) << r.out;
}

TEST(SuggestCommandTest, JsonKeptSuggestionsReleaseLittleSuspiciousTraffic) {
  auto r = RunWaftune("suggest --format json --alb " + Examples("alb") + " " +
                      Examples("waf"));
  ASSERT_EQ(r.exit_code, 0);
  ASSERT_NE(r.out.find("\"suggestions\""), std::string::npos);
  // Every kept entry carries its WAFv2 rules; crude scan of the JSON text.
  size_t pos = 0, kept = 0;
  while ((pos = r.out.find("\"kept\": true", pos)) != std::string::npos) {
    ++kept;
    size_t next = r.out.find("\"kept\":", pos + 1);
    std::string entry = r.out.substr(pos, next == std::string::npos ? std::string::npos
                                                                   : next - pos);
    EXPECT_NE(entry.find("\"rules\""), std::string::npos);
    size_t rs = entry.find("\"released_suspicious\": ");
    size_t rel = entry.find("\"released\": ");
    ASSERT_NE(rs, std::string::npos);
    ASSERT_NE(rel, std::string::npos);
    double susp = std::stod(entry.substr(rs + 23));
    double released = std::stod(entry.substr(rel + 12));
    EXPECT_LE(susp, 0.02 * released);
    pos += 1;
  }
  EXPECT_GE(kept, 3u);
}


std::string SuggestArgs() { return "suggest " + Examples("waf") + " --alb " + Examples("alb"); }

TEST(SuggestCommandValidationTest, EveryKeptSuggestionsRulesAndTerraformAreValid) {
  WAFTUNE_REQUIRE_VALIDATORS();
  auto r = RunWaftune(SuggestArgs() + " --format json");
  ASSERT_EQ(r.exit_code, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  std::vector<std::string> hcl;
  for (simdjson::dom::element s : doc["suggestions"].get_array()) {
    if (!bool(s["kept"])) continue;
    std::string wafv2 = simdjson::minify(s["wafv2"]);
    testing::NodeResult v = testing::RunNodeTool("validate_wafv2.js", wafv2);
    EXPECT_EQ(v.exit_code, 0) << v.output << "\n" << wafv2;
    hcl.emplace_back(std::string_view(s["terraform"]));
  }
  ASSERT_GE(hcl.size(), 3u);
  for (const std::string& line : testing::RunHclMulti(hcl)) EXPECT_EQ(line, "ok");
}

TEST(SuggestCommandValidationTest, EmitPrintsOneMergedValidSetPerGroup) {
  WAFTUNE_REQUIRE_VALIDATORS();
  auto w = RunWaftune(SuggestArgs() + " --emit wafv2");
  ASSERT_EQ(w.exit_code, 0);
  testing::NodeResult v = testing::RunNodeTool("validate_wafv2.js", w.out);
  EXPECT_EQ(v.exit_code, 0) << v.output << "\n" << w.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(w.out).get(doc), simdjson::SUCCESS);
  int groups = 0, label_rules = 0;
  size_t overrides = 0;
  for (simdjson::dom::element rule : doc["rules"].get_array()) {
    simdjson::dom::element g;
    if (rule["Statement"]["ManagedRuleGroupStatement"].get(g) == simdjson::SUCCESS) {
      ++groups;
      overrides = g["RuleActionOverrides"].get_array().size();
    } else {
      ++label_rules;
    }
  }
  // Examples keep CrossSiteScripting_BODY, GenericRFI_QUERYARGUMENTS (the
  // OAuth callback), NoUserAgent_HEADER and two scopes of
  // SizeRestrictions_BODY, all in the Core Rule Set: one group rule, one
  // override and one label rule per distinct rule. (The address-range
  // suggestion for the IP reputation list needs an IP set and is left out
  // of the combined set with a note.)
  EXPECT_EQ(groups, 1);
  EXPECT_EQ(overrides, 4u);
  EXPECT_EQ(label_rules, 4);
  EXPECT_NE(w.out.find("GenericRFI_QUERYARGUMENTS"), std::string::npos);
  auto t = RunWaftune(SuggestArgs() + " --emit terraform");
  ASSERT_EQ(t.exit_code, 0);
  std::vector<std::string> lines = testing::RunHclMulti({t.out});
  EXPECT_EQ(lines[0], "ok") << t.out;
}

}  // namespace
}  // namespace waftune
