#include "analysis/replay.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace waftune {
namespace {

constexpr std::string_view kCrs = "AWS#AWSManagedRulesCommonRuleSet#Version_1.2";
constexpr std::string_view kSqli = "AWS#AWSManagedRulesSQLiRuleSet";

// A request blocked by `blocking` in `group`, also counted by `counted`
// (non-terminating, same group) when given.
WafRecord Blocked(std::string_view group, std::string_view blocking, std::string_view uri,
                  std::string_view counted = {}) {
  WafRecord r;
  r.timestamp_ms = 1763625600000;
  r.action = WafAction::kBlock;
  r.terminating_rule_id = "AWS-Managed";
  r.terminating_rule_type = "MANAGED_RULE_GROUP";
  RuleGroupEntry& g = r.rule_groups.emplace_back();
  g.group_id = group;
  g.has_terminating = true;
  g.terminating.rule_id = blocking;
  g.terminating.action = WafAction::kBlock;
  if (!counted.empty()) {
    RuleMatch& m = g.non_terminating.emplace_back();
    m.rule_id = counted;
    m.action = WafAction::kCount;
  }
  r.request.client_ip = "198.51.100.7";
  r.request.method = "POST";
  r.request.uri = uri;
  r.request.request_id = "1-abc";
  r.request.headers = {{"Host", "shop.example.com"}, {"User-Agent", "Mozilla/5.0"}};
  return r;
}

WafRecord Allowed() {
  WafRecord r;
  r.timestamp_ms = 1763625600000;
  r.action = WafAction::kAllow;
  r.terminating_rule_id = "Default_Action";
  r.terminating_rule_type = "REGULAR";
  r.request.client_ip = "198.51.100.8";
  r.request.uri = "/cms/articles/1";
  return r;
}

Exclusion OnUri(std::string id, std::string group, std::string rule, std::string uri) {
  Exclusion x;
  x.id = std::move(id);
  x.rule_group = std::move(group);
  x.rule = std::move(rule);
  x.when.push_back({ConditionField::kUri, "", {std::move(uri)}});
  return x;
}

std::vector<RequestMatcher> Build(const std::vector<Exclusion>& xs) {
  std::vector<RequestMatcher> out;
  for (const Exclusion& x : xs) {
    auto m = RequestMatcher::Build(x);
    EXPECT_TRUE(m.ok()) << x.id;
    if (m.ok()) out.push_back(std::move(*m));
  }
  return out;
}

std::vector<ReplayFinding> Finish(const Replay& replay) {
  FlaggedCollector none(nullptr);
  return replay.Finish(none, nullptr, LegitimacyWeights{});
}

std::vector<WafRecord> Mixed() {
  return {Blocked(kCrs, "CrossSiteScripting_BODY", "/cms/articles/1"),
          Blocked(kCrs, "CrossSiteScripting_BODY", "/search", "SizeRestrictions_BODY"),
          Blocked(kCrs, "SizeRestrictions_BODY", "/cms/articles/2", "CrossSiteScripting_BODY"),
          Blocked(kSqli, "SQLi_BODY", "/cms/articles/3"),
          Allowed(),
          Blocked("AWS#AWSManagedRulesCommonRuleSet#Version_2.0", "CrossSiteScripting_BODY",
                  "/cms/articles/4")};
}

TEST(ReplayTest, CountsEachRequestOncePerExclusionByItsFirstSelectedRow) {
  auto matchers = Build({OnUri("cms-xss", "AWS#AWSManagedRulesCommonRuleSet",
                               "CrossSiteScripting_BODY", "^/cms/"),
                         OnUri("crs-all", "AWS#AWSManagedRulesCommonRuleSet", "*", "^/cms/"),
                         OnUri("any-sqli", "", "SQLi_BODY", "^/nowhere")});
  Replay replay(&matchers, nullptr, {});
  for (const WafRecord& r : Mixed()) replay.Add(r);
  auto f = Finish(replay);
  ASSERT_EQ(f.size(), 3u);
  // cms-xss: the XSS row of records 1, 2, 3 (as COUNT) and 6 (other version).
  EXPECT_EQ(f[0].matched, 4u);
  EXPECT_EQ(f[0].released, 3u);  // Not /search.
  EXPECT_EQ(f[0].released_blocks, 2u);
  EXPECT_EQ(f[0].released_counts, 1u);  // Record 3: XSS only counted.
  EXPECT_EQ(f[0].remaining_by_rule.at("CrossSiteScripting_BODY|BLOCK"), 1u);
  EXPECT_EQ(f[0].remaining_by_rule.at("CrossSiteScripting_BODY|COUNT"), 0u);
  // crs-all: every CRS request once, by its first row (the blocking one).
  EXPECT_EQ(f[1].matched, 4u);
  EXPECT_EQ(f[1].released, 3u);
  EXPECT_EQ(f[1].remaining_by_rule.at("CrossSiteScripting_BODY|BLOCK"), 1u);
  EXPECT_EQ(f[1].remaining_by_rule.at("SizeRestrictions_BODY|BLOCK"), 0u);
  EXPECT_EQ(f[1].remaining_by_rule.count("CrossSiteScripting_BODY|COUNT"), 0u);
  // any-sqli: the rule in any group, released nowhere.
  EXPECT_EQ(f[2].matched, 1u);
  EXPECT_EQ(f[2].released, 0u);
  EXPECT_EQ(f[2].remaining_by_rule.at("SQLi_BODY|BLOCK"), 1u);
}

TEST(ReplayTest, MergedPartsEqualOneReplayWhateverOrderRulesWereSeenIn) {
  auto matchers = Build({OnUri("crs-all", "AWS#AWSManagedRulesCommonRuleSet", "*", "^/cms/"),
                         OnUri("cms-xss", "", "CrossSiteScripting_BODY", "articles")});
  std::vector<WafRecord> records = Mixed();
  Replay whole(&matchers, nullptr, {});
  for (const WafRecord& r : records) whole.Add(r);
  // The second part meets the rules in the opposite order, so its row
  // selections are numbered differently.
  Replay first(&matchers, nullptr, {}), second(&matchers, nullptr, {});
  for (size_t i = 0; i < 2; ++i) first.Add(records[i]);
  for (size_t i = records.size(); i-- > 2;) second.Add(records[i]);
  first.Merge(second);
  auto a = Finish(whole);
  auto b = Finish(first);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].matched, b[i].matched) << a[i].id;
    EXPECT_EQ(a[i].released, b[i].released) << a[i].id;
    EXPECT_EQ(a[i].remaining_by_rule, b[i].remaining_by_rule) << a[i].id;
  }
  EXPECT_EQ(a[0].remaining_by_rule.size(), 2u);
}

TEST(ReplayTest, HitsGivenByTheCallerDecideSuspiciousLikeItsOwnScan) {
  auto set = SignatureSet::Build({Signature{"xss-script", "xss", "high",
                                            {SignatureTarget::kUri}, "<script", "", false,
                                            {"<script>"}, {"script"}}});
  ASSERT_TRUE(set.ok());
  auto matchers = Build({OnUri("cms", "", "CrossSiteScripting_BODY", "^/cms/")});
  WafRecord attack = Blocked(kCrs, "CrossSiteScripting_BODY", "/cms/<script>");
  WafRecord plain = Blocked(kCrs, "CrossSiteScripting_BODY", "/cms/articles/1");
  Replay own(&matchers, &*set, {}), given(&matchers, &*set, {});
  own.Add(attack);
  own.Add(plain);
  for (const WafRecord* r : {&attack, &plain}) {
    SignatureHits hits;
    set->Scan(*r, &hits);
    RuleRows rows;
    ComputeRuleRows(*r, &rows);
    given.Add(*r, rows, &hits);
  }
  auto a = Finish(own);
  auto b = Finish(given);
  EXPECT_EQ(a[0].released, 2u);
  EXPECT_EQ(a[0].released_suspicious, 1u);
  EXPECT_EQ(b[0].released_suspicious, a[0].released_suspicious);
  ASSERT_EQ(b[0].examples.size(), 2u);
  EXPECT_EQ(a[0].examples[0].suspicious, b[0].examples[0].suspicious);
}

}  // namespace
}  // namespace waftune
