#include "analysis/legitimacy.h"

#include <gtest/gtest.h>

namespace waftune {
namespace {

TEST(LegitimacyTest, BrowserSessionIsLegitimate) {
  LegitimacyWeights w;
  AccessProfile a;
  a.requests = 60;
  a.target_success = 55;
  a.static_assets = 20;
  a.distinct_pages = 10;
  WafClientProfile c;
  c.flagged = 1;
  c.distinct_rules = 1;
  c.distinct_blocking_rules = 1;
  EXPECT_GT(ScoreToProbability(LegitimacyScore({}, c, &a, w, nullptr)), 0.9);
}

TEST(LegitimacyTest, ScannerWithToolAgentIsAttack) {
  LegitimacyWeights w;
  AccessProfile a;
  a.requests = 200;
  a.distinct_error_paths = 50;
  WafClientProfile c;
  c.flagged = 100;
  c.flagged_signature = 80;
  c.tool_user_agent = true;
  c.distinct_blocking_rules = 6;
  EXPECT_LT(ScoreToProbability(LegitimacyScore({true, false, false}, c, &a, w, nullptr)), 0.01);
  EXPECT_TRUE(ClientHasAttackEvidence(c, &a, w));
}

TEST(LegitimacyTest, MonitorBlockedOnEveryRequestIsNotAnAttacker) {
  // No user agent, blocked every time, one path, GET only.
  LegitimacyWeights w;
  AccessProfile a;
  a.requests = 120;
  a.waf_blocked = 120;
  a.distinct_paths = 1;
  WafClientProfile c;
  c.flagged = 120;
  c.distinct_rules = 1;
  c.distinct_blocking_rules = 1;
  c.distinct_uris = 1;
  c.empty_user_agent = true;
  EXPECT_GT(ScoreToProbability(LegitimacyScore({}, c, &a, w, nullptr)), 0.9);
}

TEST(LegitimacyTest, CredentialStuffingIsNotAutomationEvenOnOnePath) {
  LegitimacyWeights w;
  AccessProfile a;
  a.requests = 700;
  a.distinct_paths = 1;
  WafClientProfile c;
  c.flagged = 650;
  c.distinct_uris = 1;
  c.writes = 650;
  c.rate_limited = true;
  EXPECT_LT(ScoreToProbability(LegitimacyScore({}, c, &a, w, nullptr)), 0.1);
}

TEST(LegitimacyTest, ThinEvidenceIsNeverAVerdictOfSafety) {
  LegitimacyWeights w;
  EXPECT_EQ(LegitimacyVerdict(0.0, "thin", 1000, w), "mixed");
  EXPECT_EQ(LegitimacyVerdict(1.0, "thin", 1000, w), "mixed");
  EXPECT_EQ(LegitimacyVerdict(0.0, "strong", 2, w), "mixed");
  EXPECT_EQ(LegitimacyVerdict(0.05, "strong", 100, w), "likely-attacks");
  EXPECT_EQ(LegitimacyVerdict(0.9, "some", 100, w), "likely-false-positives");
  EXPECT_EQ(EvidenceLevel(0.1, w), "thin");
  EXPECT_EQ(EvidenceLevel(0.95, w), "strong");
}

TEST(LegitimacyTest, ExplainListsEveryContributionAndWeightsArePrinted) {
  LegitimacyWeights w;
  WafClientProfile c;
  c.tool_user_agent = true;
  std::vector<Contribution> why;
  double score = LegitimacyScore({true, false, false}, c, nullptr, w, &why);
  double sum = 0;
  for (const auto& [name, v] : why) sum += v;
  EXPECT_DOUBLE_EQ(sum, score);
  EXPECT_NE(DescribeWeights(w).find("tool user agent"), std::string::npos);
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

TEST(LegitimacyTest, ReputationLabelAloneIsNotAttackEvidenceForABrowsingClient) {
  // Regression: users behind a carrier-grade NAT on the DDoS list had their
  // OAuth callbacks called suspicious by replay.
  LegitimacyWeights w;
  WafClientProfile c;
  c.flagged = 20;
  c.reputation = true;
  AccessProfile browsing;
  browsing.requests = 300;
  browsing.target_success = 290;
  browsing.static_assets = 100;
  browsing.distinct_pages = 40;
  EXPECT_FALSE(ClientHasAttackEvidence(c, &browsing, w));
  EXPECT_TRUE(ClientHasAttackEvidence(c, nullptr, w));
  AccessProfile idle;
  idle.requests = 20;
  EXPECT_TRUE(ClientHasAttackEvidence(c, &idle, w));
}

}  // namespace
}  // namespace waftune
