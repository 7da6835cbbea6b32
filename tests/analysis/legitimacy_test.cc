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

namespace waftune {
namespace {

// A partner integration: hundreds of served API calls over hours; its
// webhook registration carries a callback URL that hits the RFI signature on
// every one of the few flagged requests (examples: 8 of 300).
struct PartnerClient {
  WafClientProfile waf;
  AccessProfile access;
  PartnerClient() {
    waf.flagged = 8;
    waf.flagged_signature = 8;
    waf.distinct_rules = 1;
    waf.distinct_blocking_rules = 1;
    waf.writes = 8;
    waf.distinct_uris = 1;
    access.requests = 300;
    access.target_success = 292;
    access.distinct_pages = 64;
    access.distinct_paths = 64;
    access.signature_hits = 8;
    access.waf_blocked = 8;
  }
};

TEST(LegitimacyTest, PartnerWhoseRecurringCallbackLooksLikeRfiIsLegitimate) {
  LegitimacyWeights w;
  PartnerClient partner;
  // Payload share over all its requests (8/300), not over flagged ones (8/8).
  EXPECT_NEAR(AttackPayloadShare(partner.waf, &partner.access), 8.0 / 300, 1e-9);
  EXPECT_DOUBLE_EQ(AttackPayloadShare(partner.waf, nullptr), 1.0);
  std::vector<Contribution> why;
  double p = ScoreToProbability(
      LegitimacyScore({true, false, false}, partner.waf, &partner.access, w, &why));
  EXPECT_GT(p, 0.8);
  EXPECT_FALSE(ClientHasAttackEvidence(partner.waf, &partner.access, w));
  bool isolated = false;
  for (const auto& [name, v] : why) isolated = isolated || v == w.isolated_matches;
  EXPECT_TRUE(isolated);
}

TEST(LegitimacyTest, IsolatedMatchesNeedOneRuleAndASmallShare) {
  LegitimacyWeights w;
  PartnerClient two_rules;
  two_rules.waf.distinct_rules = 2;
  two_rules.waf.distinct_blocking_rules = 2;
  PartnerClient partner;
  double base = LegitimacyScore({true, false, false}, partner.waf, &partner.access, w, nullptr);
  EXPECT_DOUBLE_EQ(
      LegitimacyScore({true, false, false}, two_rules.waf, &two_rules.access, w, nullptr),
      base - w.isolated_matches);
  // A browsing client gets the browser session, not both: one probe hidden
  // in a browsing session gains no more than before.
  PartnerClient browsing = partner;
  browsing.access.static_assets = 40;
  double browse_score =
      LegitimacyScore({true, false, false}, browsing.waf, &browsing.access, w, nullptr);
  EXPECT_DOUBLE_EQ(browse_score, base - w.isolated_matches + w.browser_session);
  // A browser-UA attacker with a served session but most requests flagged
  // (examples: 69 flagged, 58 with payloads, of 84) stays an attacker.
  WafClientProfile attacker;
  attacker.flagged = 69;
  attacker.flagged_signature = 58;
  attacker.distinct_rules = 12;
  attacker.distinct_blocking_rules = 9;
  attacker.writes = 24;
  AccessProfile a;
  a.requests = 84;
  a.target_success = 33;
  a.distinct_pages = 17;
  a.signature_hits = 39;
  EXPECT_LT(ScoreToProbability(LegitimacyScore({true, false, false}, attacker, &a, w, nullptr)),
            0.01);
  EXPECT_TRUE(ClientHasAttackEvidence(attacker, &a, w));
}

TEST(LegitimacyTest, SmallPartnerWithAFewOddCallsStillHasIsolatedMatches) {
  // Seed 5, 2500 requests: the partner made 50 calls, 3 of them (6%) the
  // webhook registration GenericRFI_QUERYARGUMENTS blocks. The share of a
  // small client is noisy; the bound is one in ten.
  LegitimacyWeights w;
  PartnerClient small;
  small.waf.flagged = small.waf.flagged_signature = small.waf.writes = 3;
  small.access.requests = 50;
  small.access.target_success = 46;
  small.access.signature_hits = small.access.waf_blocked = 3;
  small.access.distinct_pages = small.access.distinct_paths = 20;
  EXPECT_GT(ScoreToProbability(
                LegitimacyScore({true, false, false}, small.waf, &small.access, w, nullptr)),
            0.8);
  // A quarter of its requests flagged is no longer isolated.
  PartnerClient frequent = small;
  frequent.waf.flagged = frequent.waf.flagged_signature = frequent.waf.writes = 13;
  frequent.access.signature_hits = frequent.access.waf_blocked = 13;
  EXPECT_DOUBLE_EQ(
      LegitimacyScore({true, false, false}, frequent.waf, &frequent.access, w, nullptr),
      LegitimacyScore({true, false, false}, small.waf, &small.access, w, nullptr) -
          w.isolated_matches);
}

TEST(LegitimacyTest, SignupBotPostingAFormItNeverLoadedIsAttack) {
  // Examples: 21 POST /signup in 130 s, all answered by the CAPTCHA, nothing
  // else; a person loads the form (and its assets) first.
  LegitimacyWeights w;
  WafClientProfile bot;
  bot.flagged = 21;
  bot.writes = 21;
  bot.distinct_rules = 1;
  bot.distinct_blocking_rules = 1;
  bot.distinct_uris = 1;
  AccessProfile a;
  a.requests = 21;
  a.waf_blocked = 21;
  a.distinct_paths = 1;
  a.first_ms = 1'000'000;
  a.last_ms = a.first_ms + 130'000;
  EXPECT_LT(ScoreToProbability(LegitimacyScore({}, bot, &a, w, nullptr)), 0.02);
  // The same writes spread over two hours (a webhook sender whose every
  // delivery is blocked) are not a burst: only "never served" applies.
  a.last_ms = a.first_ms + 2 * 3600 * 1000;
  EXPECT_DOUBLE_EQ(LegitimacyScore({}, bot, &a, w, nullptr), w.bias + w.never_served);
}

TEST(LegitimacyTest, ReputationLabelWeighsLessOnABrowsingClient) {
  // A carrier-grade NAT address on the DDoS list: its users browse.
  LegitimacyWeights w;
  WafClientProfile c;
  c.flagged = 368;
  c.reputation = true;
  c.distinct_rules = 3;
  c.distinct_blocking_rules = 1;
  AccessProfile browsing;
  browsing.requests = 554;
  browsing.target_success = 536;
  browsing.static_assets = 300;
  browsing.distinct_pages = 49;
  EXPECT_GT(ScoreToProbability(LegitimacyScore({false, true, false}, c, &browsing, w, nullptr)),
            0.95);
  AccessProfile idle;
  idle.requests = 20;
  std::vector<Contribution> why;
  LegitimacyScore({false, true, false}, c, &idle, w, &why);
  bool full_weight = false;
  for (const auto& [name, v] : why) full_weight = full_weight || v == w.request_reputation;
  EXPECT_TRUE(full_weight);
}

TEST(LegitimacyTest, ExplainPrintsTheNewEvidenceWeights) {
  std::string text = DescribeWeights(LegitimacyWeights{});
  EXPECT_NE(text.find("isolated matches"), std::string::npos);
  EXPECT_NE(text.find("blind writes"), std::string::npos);
  EXPECT_NE(text.find("on a browsing client"), std::string::npos);
}

}  // namespace
}  // namespace waftune
