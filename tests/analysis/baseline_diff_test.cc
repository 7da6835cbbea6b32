#include "analysis/baseline_diff.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

RuleFinding Row(const char* rule, const char* action, uint64_t requests, uint64_t clients) {
  RuleFinding r;
  r.web_acl_rule = "AWS-AWSManagedRulesCommonRuleSet";
  r.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  r.rule = rule;
  r.action = action;
  r.requests = requests;
  r.clients = clients;
  return r;
}

ReplayFinding Replayed(const std::string& id, uint64_t matched, uint64_t released,
                       uint64_t blocks, uint64_t suspicious) {
  ReplayFinding r;
  r.id = id;
  r.rule = "GenericRFI_QUERYARGUMENTS";
  r.matched = matched;
  r.released = released;
  r.released_blocks = blocks;
  r.released_suspicious = suspicious;
  return r;
}

Findings Window(int64_t start_ms, uint64_t scope_blocks, uint64_t rule_suspicious) {
  Findings f;
  f.window_start_ms = start_ms;
  f.window_end_ms = start_ms + 3600000;  // One hour each.
  f.replay.push_back(Replayed("x", 50, scope_blocks, scope_blocks, 1));
  f.replay.push_back(Replayed(std::string("x") + kRuleCompanionSuffix, 50, 50, 40,
                              rule_suspicious));
  return f;
}

TEST(BaselineDiffTest, RowDeltasCoverRowsOfEitherWindowBiggestChangeFirst) {
  Findings before, after;
  before.rules = {Row("A", "BLOCK", 10, 2), Row("B", "BLOCK", 5, 1)};
  after.rules = {Row("A", "BLOCK", 12, 3), Row("C", "COUNT", 30, 4)};
  BaselineDiff d = ComputeBaselineDiff(before, after);
  ASSERT_EQ(d.rules.size(), 3u);
  EXPECT_EQ(d.rules[0].rule, "C");
  EXPECT_EQ(d.rules[0].requests_delta, 30);
  EXPECT_EQ(d.rules[1].rule, "B");
  EXPECT_EQ(d.rules[1].requests_delta, -5);
  EXPECT_EQ(d.rules[1].clients_after, 0u);
  EXPECT_EQ(d.rules[2].requests_delta, 2);
  EXPECT_EQ(d.rules[2].clients_delta, 1);
}

TEST(BaselineDiffTest, ReleasedAsPredictedWhenInScopeBlocksStop) {
  BaselineDiff d = ComputeBaselineDiff(Window(0, 20, 6), Window(7200000, 0, 5));
  ASSERT_EQ(d.exclusions.size(), 1u);  // The companion is not an exclusion.
  const ExclusionDelta& x = d.exclusions[0];
  EXPECT_EQ(x.predicted_release, 20u);
  EXPECT_EQ(x.observed_release, 20);
  EXPECT_EQ(x.release_verdict, "released as predicted");
  EXPECT_EQ(x.before.rule_blocks, 40u);
  EXPECT_EQ(x.before.out_of_scope_suspicious, 5u);
  EXPECT_EQ(x.after.out_of_scope_suspicious, 4u);
  EXPECT_EQ(x.attack_verdict, "attacks still matched");
}

TEST(BaselineDiffTest, VerdictsForPartialAndMissingRelease) {
  EXPECT_EQ(ComputeBaselineDiff(Window(0, 20, 1), Window(0, 10, 1)).exclusions[0].release_verdict,
            "partly released");
  BaselineDiff same = ComputeBaselineDiff(Window(0, 20, 6), Window(0, 25, 1));
  EXPECT_EQ(same.exclusions[0].release_verdict, "not released");
  EXPECT_EQ(same.exclusions[0].observed_release, -5);
  EXPECT_EQ(same.exclusions[0].attack_verdict, "attack matches vanished");
  EXPECT_EQ(ComputeBaselineDiff(Window(0, 0, 1), Window(0, 0, 1)).exclusions[0].release_verdict,
            "nothing to release");
}

TEST(BaselineDiffTest, CompanionsAreAddedWithoutConditionsAndStripped) {
  Exclusion e;
  e.id = "oauth";
  e.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  e.rule = "GenericRFI_QUERYARGUMENTS";
  Condition uri;
  uri.field = ConditionField::kUri;
  uri.patterns = {"^/oauth/callback$"};
  e.when.push_back(uri);
  std::vector<RequestMatcher> matchers;
  auto m = RequestMatcher::Build(e);
  ASSERT_TRUE(m.ok());
  matchers.push_back(std::move(*m));
  ASSERT_TRUE(AddRuleCompanions(&matchers).ok());
  ASSERT_EQ(matchers.size(), 2u);
  EXPECT_EQ(matchers[1].exclusion().id, "oauth~rule");
  EXPECT_TRUE(matchers[1].exclusion().when.empty());
  EXPECT_EQ(matchers[1].exclusion().rule, e.rule);
  Findings f = Window(0, 1, 1);
  StripRuleCompanions(&f);
  ASSERT_EQ(f.replay.size(), 1u);
  EXPECT_EQ(f.replay[0].id, "x");
}

}  // namespace
}  // namespace waftune
