#include "match/managed_catalog.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

namespace waftune {
namespace {

const std::string kCatalogDir =
    std::string(WAFTUNE_SOURCE_DIR) + "/rules/aws-managed";

class ManagedCatalogTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<ManagedCatalog> loaded = LoadManagedCatalog(kCatalogDir);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    catalog_ = new ManagedCatalog(std::move(loaded.value()));
  }
  static void TearDownTestSuite() {
    delete catalog_;
    catalog_ = nullptr;
  }
  static const ManagedCatalog& catalog() { return *catalog_; }
  static ManagedCatalog* catalog_;
};
ManagedCatalog* ManagedCatalogTest::catalog_ = nullptr;

TEST_F(ManagedCatalogTest, LoadsEveryShippedGroup) {
  EXPECT_EQ(catalog().groups().size(), 12u);
  for (const char* id :
       {"AWS#AWSManagedRulesCommonRuleSet",
        "AWS#AWSManagedRulesKnownBadInputsRuleSet",
        "AWS#AWSManagedRulesSQLiRuleSet", "AWS#AWSManagedRulesLinuxRuleSet",
        "AWS#AWSManagedRulesUnixRuleSet", "AWS#AWSManagedRulesWindowsRuleSet",
        "AWS#AWSManagedRulesPHPRuleSet", "AWS#AWSManagedRulesWordPressRuleSet",
        "AWS#AWSManagedRulesAdminProtectionRuleSet",
        "AWS#AWSManagedRulesAmazonIpReputationList",
        "AWS#AWSManagedRulesAnonymousIpList",
        "AWS#AWSManagedRulesBotControlRuleSet"}) {
    EXPECT_NE(catalog().FindGroup(id), nullptr) << id;
  }
}

TEST_F(ManagedCatalogTest, MapsRuleNamesToLabelsThatDifferFromThem) {
  struct Case {
    const char* group;
    const char* rule;
    const char* label;
  };
  const Case cases[] = {
      {"AWS#AWSManagedRulesSQLiRuleSet", "SQLi_URIPATH",
       "awswaf:managed:aws:sql-database:SQLi_URIPath"},
      {"AWS#AWSManagedRulesCommonRuleSet", "UserAgent_BadBots_HEADER",
       "awswaf:managed:aws:core-rule-set:BadBots_Header"},
      {"AWS#AWSManagedRulesWindowsRuleSet", "WindowsShellCommands_BODY",
       "awswaf:managed:aws:windows-os:WindowsShellCommands_Body"},
      {"AWS#AWSManagedRulesKnownBadInputsRuleSet", "Host_localhost_HEADER",
       "awswaf:managed:aws:known-bad-inputs:Host_Localhost_Header"},
      {"AWS#AWSManagedRulesKnownBadInputsRuleSet", "PROPFIND_METHOD",
       "awswaf:managed:aws:known-bad-inputs:Propfind_Method"},
      {"AWS#AWSManagedRulesUnixRuleSet",
       "UNIXShellCommandsVariables_QUERYARGUMENTS",
       "awswaf:managed:aws:posix-os:UNIXShellCommandsVariables_QUERYARGUMENTS"},
      {"AWS#AWSManagedRulesBotControlRuleSet", "SignalNonBrowserUserAgent",
       "awswaf:managed:aws:bot-control:signal:non_browser_user_agent"},
  };
  for (const Case& c : cases) {
    const ManagedRuleInfo* r = catalog().FindRule(c.group, c.rule);
    ASSERT_NE(r, nullptr) << c.rule;
    EXPECT_EQ(r->label, c.label);
  }
}

TEST_F(ManagedCatalogTest, LabelsSeenInRealLogsResolveBackToTheirRule) {
  // The labels present in formats/examples WAF records.
  const ManagedGroupInfo* group = nullptr;
  const ManagedRuleInfo* r = catalog().FindByLabel(
      "awswaf:managed:aws:anonymous-ip-list:HostingProviderIPList", &group);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->name, "HostingProviderIPList");
  EXPECT_EQ(group->group_id, "AWS#AWSManagedRulesAnonymousIpList");
  EXPECT_EQ(group->web_acl_rule_name, "AWS-AWSManagedRulesAnonymousIpList");
  r = catalog().FindByLabel(
      "awswaf:managed:aws:amazon-ip-list:AWSManagedReconnaissanceList");
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->label_confirmed());
  EXPECT_EQ(
      catalog().FindByLabel("awswaf:managed:aws:core-rule-set:BADBOTS_HEADER"),
      nullptr);
}

TEST_F(ManagedCatalogTest, IgnoresGroupVersionInLookups) {
  const ManagedRuleInfo* r = catalog().FindRule(
      "AWS#AWSManagedRulesCommonRuleSet#Version_1.4", "SizeRestrictions_BODY");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->label, "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body");
  EXPECT_EQ(r->component, "body");
  EXPECT_FALSE(r->component_logged());
  ASSERT_FALSE(r->false_positives.empty());
  EXPECT_NE(r->false_positives[0].context.find("upload"), std::string::npos);
}

TEST_F(ManagedCatalogTest, UnknownGroupOrRuleIsNull) {
  EXPECT_EQ(
      catalog().FindRule("AWS#AWSManagedRulesCommonRuleSet", "NoSuchRule"),
      nullptr);
  EXPECT_EQ(catalog().FindRule("AWS#Nope", "SQLi_BODY"), nullptr);
  EXPECT_EQ(catalog().FindRule("", "SQLi_BODY"), nullptr);
}

TEST_F(ManagedCatalogTest, MarksFactsTheSourcesDoNotConfirm) {
  const ManagedRuleInfo* ddos = catalog().FindRule(
      "AWS#AWSManagedRulesAmazonIpReputationList", "AWSManagedIPDDoSList");
  ASSERT_NE(ddos, nullptr);
  EXPECT_EQ(ddos->default_action, "COUNT");
  EXPECT_FALSE(ddos->label_confirmed());
  const ManagedRuleInfo* crs = catalog().FindRule(
      "AWS#AWSManagedRulesCommonRuleSet", "GenericRFI_QUERYARGUMENTS");
  ASSERT_NE(crs, nullptr);
  EXPECT_TRUE(crs->unconfirmed.empty());
}

TEST_F(ManagedCatalogTest, EveryLabelIsInItsGroupNamespaceAndUnique) {
  size_t rules = 0;
  for (const ManagedGroupInfo& g : catalog().groups()) {
    EXPECT_EQ(g.web_acl_rule_name, "AWS-" + g.name);
    for (const ManagedRuleInfo& r : g.rules) {
      ++rules;
      EXPECT_EQ(r.label.rfind(g.label_namespace, 0), 0u) << r.name;
      EXPECT_EQ(catalog().FindByLabel(r.label), &r) << r.label;
    }
  }
  EXPECT_GE(rules, 70u);
}

TEST(ManagedCatalogParseTest, RejectsLabelOutsideNamespace) {
  Result<ManagedGroupInfo> g = ParseManagedGroup(R"({
    "group_id": "AWS#X", "vendor": "AWS", "name": "X",
    "label_namespace": "awswaf:managed:aws:x:", "web_acl_rule_name": "AWS-X",
    "rules": [{"name": "A_BODY", "label": "awswaf:managed:aws:y:A_Body",
               "component": "body", "default_action": "BLOCK"}]})",
                                                 "x.json");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("x.json"), std::string::npos);
  EXPECT_NE(g.status().message().find("label"), std::string::npos);
}

TEST(ManagedCatalogParseTest, RejectsUnknownComponentAndBadJson) {
  EXPECT_FALSE(ParseManagedGroup(R"({
    "group_id": "AWS#X", "vendor": "AWS", "name": "X",
    "label_namespace": "awswaf:managed:aws:x:", "web_acl_rule_name": "AWS-X",
    "rules": [{"name": "A", "label": "awswaf:managed:aws:x:A",
               "component": "bodyy", "default_action": "BLOCK"}]})",
                                 "x.json")
                   .ok());
  EXPECT_FALSE(ParseManagedGroup("{\"group_id\": ", "x.json").ok());
  EXPECT_FALSE(ParseManagedGroup("[]", "x.json").ok());
}

TEST(ManagedCatalogLoadTest, DuplicateLabelAcrossFilesFails) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("waftune_catalog_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const char* kGroup = R"({"group_id": "AWS#%s", "vendor": "AWS", "name": "%s",
    "label_namespace": "awswaf:managed:aws:x:", "web_acl_rule_name": "AWS-%s",
    "rules": [{"name": "A", "label": "awswaf:managed:aws:x:A",
               "component": "uri_path", "default_action": "BLOCK"}]})";
  for (const char* name : {"G1", "G2"}) {
    char buf[512];
    std::snprintf(buf, sizeof buf, kGroup, name, name, name);
    std::ofstream(dir / (std::string(name) + ".json")) << buf;
  }
  Result<ManagedCatalog> c = LoadManagedCatalog(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("duplicate label"), std::string::npos);
  EXPECT_FALSE(LoadManagedCatalog("/nonexistent/waftune").ok());
}

}  // namespace
}  // namespace waftune
