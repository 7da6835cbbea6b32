#include "analysis/suggest.h"
#include "analysis/value_shape.h"
#include "analysis/suggest_cookies.h"
#include "analysis/suggest_fields.h"
#include "analysis/suggest_merge.h"

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
  // The argument the suspicious example also carries is the one whose value
  // must separate them; narrowest shape first, at most 3 per scope.
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].exclusion.id, "sg-7");
  EXPECT_EQ(c[2].exclusion.id, "sg-9");
  for (const SuggestionFinding& x : c) {
    ASSERT_EQ(x.exclusion.when.size(), 2u);
    EXPECT_EQ(ConditionKey(x.exclusion.when[1]), "arg:redirect_uri");
    EXPECT_FALSE(x.kept);
    EXPECT_EQ(x.replay.released, 0u);  // To be replayed.
  }
  EXPECT_EQ(c[0].exclusion.when[1].patterns[0], "^https://shop\\.example\\.com/[a-z]{7}$");
  EXPECT_EQ(c[2].exclusion.when[1].patterns[0], "^https://shop\\.example\\.com/");
  EXPECT_NE(c[0].exclusion.note.find("prefix-class"), std::string::npos) << c[0].exclusion.note;
}

TEST(SuggestFieldTest, MatchDetailsNameArgumentsHeadersAndCookies) {
  std::vector<TopEntry> top = {{"QUERY_STRING q: <script>", 9, 0},
                               {"HEADER X-Forwarded-For: 1 OR 1", 5, 0},
                               {"BODY: <svg", 4, 0},
                               {"COOKIE session: ' OR", 3, 0},
                               {"QUERY_STRING q: onerror", 2, 0},
                               {"HEADER bad name: x", 1, 0},
                               {"URI: ../", 1, 0}};
  EXPECT_EQ(MatchDetailFields(top),
            (std::vector<std::string>{"arg:q", "header:x-forwarded-for", "cookie:session"}));
}

TEST(SuggestFieldTest, MatchDetailFieldIsNotedAndPreferredOverOtherArguments) {
  Findings f;
  RuleFinding r = Row("SQLi_QUERYARGUMENTS", "BLOCK", 100, 90, "likely-false-positives");
  r.top_matched = {{"QUERY_STRING filter: OR", 50, 0}};
  f.rules.push_back(r);
  auto c = BuildCandidates(f, {});
  ASSERT_FALSE(c.empty());
  EXPECT_NE(c[0].exclusion.note.find("; match details name arg:filter"), std::string::npos)
      << c[0].exclusion.note;
  SuggestionFinding s = c[0];
  s.replay = Replayed(3, 1, 2);
  ReplayExample a, b, evil;
  a.args = "page=1&filter=status%20or%20owner";
  b.args = "page=22&filter=name%20or%20tag";
  evil.args = "page=3&filter=1%27%20OR%201%3D1--";
  evil.suspicious = true;
  s.replay.examples = {a, b, evil};
  auto refined = ArgCandidates({s}, 1);
  ASSERT_FALSE(refined.empty());
  EXPECT_EQ(ConditionKey(refined[0].exclusion.when.back()), "arg:filter");
  EXPECT_EQ(refined[0].exclusion.when.back().patterns[0], "^[a-z ]{11,15}$");
}

TEST(SuggestFieldTest, UserAgentRuleGetsHeaderShapeAndBodyRuleGetsNone) {
  auto catalog = LoadManagedCatalog(std::string(WAFTUNE_SOURCE_DIR) + "/rules/aws-managed");
  ASSERT_TRUE(catalog.ok());
  SuggestionFinding s;
  s.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  s.rule = "UserAgent_BadBots_HEADER";
  s.exclusion.rule = s.rule;
  s.exclusion.when.push_back({ConditionField::kMethod, "", {"^GET$"}});
  s.exclusion.when.push_back({ConditionField::kUri, "", {"^/api/v1/stock$"}});
  s.replay = Replayed(3, 1, 2);
  ReplayExample a, b, evil;
  a.user_agent = "StockSync/2.4 (+https://partner.example/bot)";
  b.user_agent = "StockSync/2.10 (+https://partner.example/bot)";
  evil.user_agent = "sqlmap/1.8.11#stable (https://sqlmap.org)";
  evil.suspicious = true;
  s.replay.examples = {a, b, evil};
  auto c = ArgCandidates({s}, 1, &*catalog);
  ASSERT_FALSE(c.empty());
  ASSERT_EQ(c[0].exclusion.when.size(), 3u);
  EXPECT_EQ(ConditionKey(c[0].exclusion.when[2]), "header:user-agent");
  EXPECT_EQ(c[0].exclusion.when[2].patterns[0].rfind("^StockSync/", 0), 0u)
      << c[0].exclusion.when[2].patterns[0];
  // A kept scope is refined too (issue 5: a tighter shape releasing the
  // same legitimate requests is shown); a rule inspecting the body is not.
  SuggestionFinding kept = s;
  kept.kept = true;
  EXPECT_FALSE(ArgCandidates({kept}, 1, &*catalog).empty());
  SuggestionFinding body = s;
  body.rule = "CrossSiteScripting_BODY";
  EXPECT_TRUE(ArgCandidates({body}, 1, &*catalog).empty());
}

TEST(SuggestFieldTest, FieldScopesAreJudgedApartFromTheirPathScope) {
  Findings f;
  f.rules.push_back(Row("CrossSiteScripting_BODY", "BLOCK", 100, 90, "mixed"));
  auto c = BuildCandidates(f, {});
  ASSERT_EQ(c.size(), 3u);
  SuggestionFinding narrowed = c[0];
  narrowed.exclusion.when.push_back({ConditionField::kArg, "id", {"^[0-9]{1,4}$"}});
  c.push_back(narrowed);
  auto out = JudgeCandidates(c, {Replayed(60, 6, 50), Replayed(0, 0, 0), Replayed(70, 7, 60),
                                 Replayed(40, 0, 40)},
                             {});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[0].kept);
  EXPECT_TRUE(out[1].kept);
  EXPECT_NE(out[1].reason.find("single-field value shape"), std::string::npos) << out[1].reason;
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

namespace waftune {
namespace {

SuggestionFinding Scope(const std::string& id, const std::string& rule,
                        std::vector<Condition> when, ReplayFinding r, uint64_t rule_legit) {
  SuggestionFinding s;
  s.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  s.rule = rule;
  s.rule_legitimate = rule_legit;
  s.exclusion.id = id;
  s.exclusion.rule_group = s.rule_group;
  s.exclusion.rule = rule;
  s.exclusion.when = std::move(when);
  s.exclusion.note = "suggested by waftune: " + rule;
  JudgeCandidate(r, {}, &s);
  return s;
}

ReplayExample Sized(const std::string& length, bool suspicious, const std::string& id) {
  ReplayExample e;
  e.request_id = id;
  e.method = "POST";
  e.content_length = length;
  e.suspicious = suspicious;
  return e;
}

const Condition kPost{ConditionField::kMethod, "", {"^POST$"}};
const Condition kPhotos{ConditionField::kUri, "", {"^/api/photos$"}};

TEST(SuggestFieldTest, SizeRuleGetsAnExactContentLengthBound) {
  SuggestionFinding s = Scope("sg-1", "SizeRestrictions_BODY", {kPost, kPhotos},
                              Replayed(3, 1, 2), 2);
  s.replay.examples = {Sized("9295", false, "a"), Sized("63170", false, "b"),
                       Sized("120000", true, "c")};
  auto c = ArgCandidates({s}, 7);  // No catalog: the rule name decides.
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0].exclusion.id, "sg-7");
  ASSERT_EQ(c[0].exclusion.when.size(), 3u);
  EXPECT_EQ(ConditionKey(c[0].exclusion.when[2]), "header:content-length");
  EXPECT_EQ(c[0].exclusion.when[2].patterns[0], IntegerAtMostPattern(63170));
  EXPECT_TRUE(Refines(c[0], s));
}

TEST(SuggestFieldTest, MaskedSecretsNeverBecomeShapes) {
  // Secret-named cookies and query arguments arrive as REDACTED; only the
  // non-secret ones (role, page) may carry a shape.
  EXPECT_EQ(MaskCookieHeader("session=9f3c2a; role=editor;csrftoken=77ab; bad name=1; lang=de"),
            "session=REDACTED; role=editor; csrftoken=REDACTED; lang=de");
  EXPECT_EQ(MaskCookieHeader(std::string("a=") + std::string(200, 'x') + "; b=1"), "b=1");
  SuggestionFinding s = Scope("sg-1", "SQLi_COOKIE", {kPost, kPhotos}, Replayed(3, 1, 2), 2);
  ReplayExample a, b, evil;
  a.cookies = MaskCookieHeader("session=1111; role=editor");
  b.cookies = MaskCookieHeader("session=2222; role=editor");
  evil.cookies = MaskCookieHeader("session=3333; role=' OR 1=1--");
  evil.suspicious = true;
  s.replay.examples = {a, b, evil};
  auto c = ArgCandidates({s}, 1);
  ASSERT_FALSE(c.empty());
  for (const SuggestionFinding& x : c) {
    EXPECT_EQ(ConditionKey(x.exclusion.when.back()), "cookie:role");
    EXPECT_EQ(x.exclusion.when.back().patterns[0].find("REDACTED"), std::string::npos);
  }
  EXPECT_EQ(c[0].exclusion.when.back().patterns[0], "^[a-z]{6}$");
  SuggestionFinding q = Scope("sg-2", "SQLi_QUERYARGUMENTS", {kPost, kPhotos}, Replayed(2, 0, 2), 2);
  ReplayExample t1, t2;
  t1.args = "token=REDACTED";
  t2.args = "token=REDACTED";
  q.replay.examples = {t1, t2};
  EXPECT_TRUE(ArgCandidates({q}, 1).empty());
}

TEST(SuggestMergeTest, RefinementOfAPathOnlyScopeFindsItsParent) {
  SuggestionFinding parent = Scope("sg-3", "SizeRestrictions_BODY", {kPhotos}, Replayed(10, 0, 9), 10);
  SuggestionFinding child = parent;
  child.exclusion.id = "sg-1000";
  child.exclusion.when.push_back({ConditionField::kHeader, "content-length", {"^[0-9]{4}$"}});
  EXPECT_TRUE(Refines(child, parent));
  EXPECT_FALSE(Refines(parent, child));
  SuggestionFinding other = child;
  other.exclusion.when[0].patterns[0] = "^/api/other$";
  EXPECT_FALSE(Refines(other, parent));
}

TEST(SuggestMergeTest, EveryRefinementIsListedBeforeItsParentWithItsVerdict) {
  SuggestionFinding kept = Scope("sg-1", "SizeRestrictions_BODY", {kPost, kPhotos},
                                 Replayed(40, 0, 38), 40);
  SuggestionFinding rejected = Scope("sg-2", "SizeRestrictions_BODY", {kPhotos},
                                     Replayed(50, 10, 38), 40);
  auto narrow = [](const SuggestionFinding& p, const std::string& id, ReplayFinding r) {
    SuggestionFinding c = p;
    c.exclusion.id = id;
    c.exclusion.when.push_back({ConditionField::kHeader, "content-length", {"^[0-9]{1,5}$"}});
    JudgeCandidate(r, {}, &c);
    return c;
  };
  std::vector<SuggestionFinding> refined = {
      narrow(kept, "sg-10", Replayed(40, 0, 38)),  // Same releases: parent stays.
      narrow(rejected, "sg-11", Replayed(45, 0, 37)),  // Passes; parent rejected.
      narrow(rejected, "sg-12", Replayed(30, 5, 20))};  // Rejected.
  auto out = MergeRefinements({kept, rejected}, refined, {});
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].exclusion.id, "sg-10");
  EXPECT_FALSE(out[0].kept);
  EXPECT_NE(out[0].reason.find("passes, narrows sg-1"), std::string::npos) << out[0].reason;
  EXPECT_EQ(out[1].exclusion.id, "sg-1");
  EXPECT_TRUE(out[1].kept);
  EXPECT_EQ(out[2].exclusion.id, "sg-11");
  EXPECT_TRUE(out[2].kept) << out[2].reason;
  EXPECT_EQ(out[3].exclusion.id, "sg-12");
  EXPECT_FALSE(out[3].kept);
  EXPECT_EQ(out[3].reason.rfind("narrows sg-2: releases suspicious", 0), 0u) << out[3].reason;
  EXPECT_EQ(out[3].replay.released, 30u);
  EXPECT_EQ(out[4].exclusion.id, "sg-2");
  EXPECT_FALSE(out[4].kept);
}

TEST(SuggestMergeTest, NarrowerScopeWithNearlyTheSameLegitimateReleasesIsTheSuggestion) {
  SuggestionFinding parent = Scope("sg-1", "SizeRestrictions_BODY", {kPost, kPhotos},
                                   Replayed(100, 0, 90), 100);
  auto narrow = [&](const std::string& id, ReplayFinding r) {
    SuggestionFinding c = parent;
    c.exclusion.id = id;
    c.exclusion.when.push_back({ConditionField::kHeader, "content-length", {"^" + id + "$"}});
    JudgeCandidate(r, {}, &c);
    return c;
  };
  // sg-5 loses 3 points of the rule's legitimate: too much. sg-6 loses 1
  // with 9 fewer releases; sg-7 loses 2 with 10 fewer: the fewest wins.
  auto out = MergeRefinements({parent}, {narrow("sg-5", Replayed(87, 0, 87)),
                                         narrow("sg-6", Replayed(91, 0, 89)),
                                         narrow("sg-7", Replayed(90, 0, 88))}, {});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_FALSE(out[0].kept);
  EXPECT_NE(out[0].reason.find("releases less of the rule's legitimate"), std::string::npos)
      << out[0].reason;
  EXPECT_FALSE(out[1].kept);
  EXPECT_TRUE(out[2].kept) << out[2].reason;
  EXPECT_EQ(out[2].exclusion.id, "sg-7");
  EXPECT_FALSE(out[3].kept);
  EXPECT_NE(out[3].reason.find("narrower sg-7 is the suggestion"), std::string::npos)
      << out[3].reason;
}

TEST(SuggestFieldTest, FieldOnlyCandidateNeedsEvidenceOnSeveralPaths) {
  SuggestionFinding a = Scope("sg-1", "SizeRestrictions_BODY", {kPost, kPhotos},
                              Replayed(2, 0, 2), 4);
  a.replay.examples = {Sized("9000", false, "a1"), Sized("12000", false, "a2")};
  SuggestionFinding b = Scope("sg-2", "SizeRestrictions_BODY",
                              {kPost, {ConditionField::kUri, "", {"^/api/docs$"}}},
                              Replayed(3, 1, 2), 4);
  b.replay.examples = {Sized("20000", false, "b1"), Sized("30000", false, "b2"),
                       Sized("900000", true, "b3")};
  EXPECT_TRUE(FieldOnlyCandidates({a}, 1, nullptr).empty());  // One path only.
  auto c = FieldOnlyCandidates({a, b}, 1, nullptr);
  ASSERT_FALSE(c.empty());
  ASSERT_EQ(c[0].exclusion.when.size(), 2u);  // The shared method, the field.
  EXPECT_EQ(c[0].exclusion.when[0].patterns[0], "^POST$");
  EXPECT_EQ(c[0].exclusion.when[1].patterns[0], IntegerAtMostPattern(30000));
  EXPECT_NE(c[0].exclusion.note.find(kFieldOnlyNote), std::string::npos);
  // Merged after the rule's scopes; kept only when no path scope passes.
  JudgeCandidate(Replayed(4, 0, 4), {}, &c[0]);
  auto out = MergeRefinements({a, b}, {c[0]}, {});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].exclusion.id, c[0].exclusion.id);
  EXPECT_FALSE(out[2].kept) << out[2].reason;
}

}  // namespace
}  // namespace waftune
