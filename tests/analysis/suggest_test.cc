#include "analysis/suggest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace waftune {
namespace {

RuleFinding Row(const std::string& rule, const std::string& action, uint64_t requests,
                uint64_t legit, const std::string& verdict) {
  RuleFinding r;
  r.rule_group = "AWS#AWSManagedRulesCommonRuleSet#Version_1.4";
  if (action == "BLOCK") r.web_acl_rule = "AWS-AWSManagedRulesCommonRuleSet";
  r.rule = rule;
  r.action = action;
  r.requests = requests;
  r.top_uris = {{"/admin/cms/articles/813", 60, 0}, {"/admin/cms/articles/9", 40, 0}};
  LegitimacyFinding l;
  l.requests = legit;
  l.verdict = verdict;
  r.legitimate = l;
  return r;
}

TEST(SuggestTest, MostlyLegitimateRuleGetsTemplatedCandidatesNarrowestFirst) {
  Findings f;
  f.rules.push_back(Row("CrossSiteScripting_BODY", "BLOCK", 100, 90, "likely-false-positives"));
  auto c = BuildCandidates(f, {});
  ASSERT_EQ(c.size(), 3u);  // GET, POST, no method; one template.
  EXPECT_EQ(c[0].rule_group, "AWS#AWSManagedRulesCommonRuleSet");
  EXPECT_EQ(c[0].web_acl_rule, "AWS-AWSManagedRulesCommonRuleSet");
  ASSERT_EQ(c[0].exclusion.when.size(), 2u);
  EXPECT_EQ(c[0].exclusion.when[0].patterns[0], "^GET$");
  EXPECT_EQ(c[0].exclusion.when[1].patterns[0], "^/admin/cms/articles/[0-9]+$");
  EXPECT_EQ(c[2].exclusion.when.size(), 1u);
  EXPECT_NE(c[0].exclusion.id, c[1].exclusion.id);
}

TEST(SuggestTest, AttackRulesLowSharesAndWildcardsGetNothing) {
  Findings f;
  f.rules.push_back(Row("SQLi_QUERYARGUMENTS", "BLOCK", 100, 90, "likely-attacks"));
  f.rules.push_back(Row("GenericLFI_URIPATH", "BLOCK", 100, 10, "mixed"));
  f.rules.push_back(Row("*", "BLOCK", 100, 90, "likely-false-positives"));
  RuleFinding allow = Row("X", "ALLOW", 100, 90, "likely-false-positives");
  f.rules.push_back(allow);
  EXPECT_TRUE(BuildCandidates(f, {}).empty());
}

ReplayFinding Replayed(uint64_t released, uint64_t suspicious, uint64_t legit) {
  ReplayFinding r;
  r.matched = released;
  r.released = released;
  r.released_suspicious = suspicious;
  r.released_legitimate = legit;
  return r;
}

TEST(SuggestTest, JudgeKeepsNarrowestPassingScopeAndExplainsRejections) {
  Findings f;
  f.rules.push_back(Row("CrossSiteScripting_BODY", "BLOCK", 100, 90, "mixed"));
  auto c = BuildCandidates(f, {});
  auto out = JudgeCandidates(c, {Replayed(0, 0, 0), Replayed(80, 1, 78), Replayed(90, 9, 80)},
                             {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0].kept);
  EXPECT_EQ(out[0].exclusion.when[0].patterns[0], "^POST$");
  EXPECT_NEAR(out[0].coverage, 78.0 / 90.0, 1e-9);

  auto bad = JudgeCandidates(c, {Replayed(0, 0, 0), Replayed(80, 5, 75), Replayed(90, 9, 80)},
                             {});
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_FALSE(bad[0].kept);
  EXPECT_NE(bad[0].reason.find("suspicious"), std::string::npos);
}

TEST(SuggestTest, RejectionSplitsSuspiciousIntoSignatureAndClientEvidence) {
  Findings f;
  f.rules.push_back(Row("GenericRFI_QUERYARGUMENTS", "BLOCK", 40, 39, "mixed"));
  auto c = BuildCandidates(f, {});
  ReplayFinding r = Replayed(4, 3, 4);
  for (int i = 0; i < 4; ++i) {
    ReplayExample e;
    e.suspicious = i == 0;  // One request carries a signature itself.
    r.examples.push_back(e);
  }
  auto out = JudgeCandidates(c, {Replayed(0, 0, 0), r, Replayed(0, 0, 0)}, {});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].kept);
  EXPECT_NE(out[0].reason.find("3 of 4: 1 with an attack signature in the request, 2 only "
                               "from client evidence"),
            std::string::npos)
      << out[0].reason;
  // With capped examples the split is unknown and not guessed.
  r.examples.pop_back();
  out = JudgeCandidates(c, {Replayed(0, 0, 0), r, Replayed(0, 0, 0)}, {});
  EXPECT_EQ(out[0].reason.find("client evidence"), std::string::npos) << out[0].reason;
}

TEST(SuggestTest, ArgCandidateUsesUrlPrefixSeenOnlyInLegitimateExamples) {
  SuggestionFinding s;
  s.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  s.rule = "GenericRFI_QUERYARGUMENTS";
  s.exclusion.rule = s.rule;
  s.exclusion.when.push_back({ConditionField::kUri, "", {"^/oauth/callback$"}});
  s.replay = Replayed(40, 3, 37);
  ReplayExample good;
  good.args = "code=REDACTED&redirect_uri=https%3A%2F%2Fshop.example.com%2Faccount";
  ReplayExample evil;
  evil.args = "redirect_uri=http%3A%2F%2F203.0.113.9%2Fx.txt";
  evil.suspicious = true;
  s.replay.examples = {good, good, evil};
  auto c = ArgCandidates({s}, 7);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].exclusion.id, "sg-7");
  ASSERT_EQ(c[0].exclusion.when.size(), 2u);
  EXPECT_EQ(ConditionKey(c[0].exclusion.when[1]), "arg:redirect_uri");
  EXPECT_EQ(c[0].exclusion.when[1].patterns[0], "^https://shop\\.example\\.com/");
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

TEST(SuggestAddressRulesTest, IpListRuleGetsNetworkCandidatesNotPaths) {
  // Excluding a path from an IP reputation rule would admit every listed
  // address to that path: address rules get address-range candidates.
  auto catalog = LoadManagedCatalog(std::string(WAFTUNE_SOURCE_DIR) + "/rules/aws-managed");
  ASSERT_TRUE(catalog.ok());
  Findings f;
  RuleFinding r;
  r.rule_group = "AWS#AWSManagedRulesAmazonIpReputationList";
  r.rule = "AWSManagedIPDDoSList";
  r.action = "COUNT";
  r.requests = 100;
  r.top_uris = {{"/api/cart", 60, 0}};
  r.top_clients = {{"198.51.100.77", 90, 0}, {"203.0.113.5", 10, 0}};
  LegitimacyFinding l;
  l.requests = 90;
  l.verdict = "likely-false-positives";
  r.legitimate = l;
  f.rules.push_back(r);
  SuggestOptions o;
  o.catalog = &*catalog;
  std::vector<SuggestionFinding> c = BuildCandidates(f, o);
  ASSERT_EQ(c.size(), 2u);
  for (const SuggestionFinding& s : c) {
    ASSERT_EQ(s.exclusion.when.size(), 1u);
    EXPECT_EQ(s.exclusion.when[0].field, ConditionField::kClientIp);
  }
  EXPECT_EQ(c[0].exclusion.when[0].patterns[0], "198.51.100.0/24");
}

}  // namespace
}  // namespace waftune
