#include "analysis/rule_stats.h"

#include <gtest/gtest.h>

#include <string>

#include "io/byte_source.h"
#include "io/line_reader.h"
#include "logs/waf_reader.h"

namespace waftune {
namespace {

std::string Rec(int64_t ts, const std::string& ip, const std::string& uri,
                const std::string& action, const std::string& rule) {
  return R"({"timestamp":)" + std::to_string(ts) + R"(,"action":")" + action +
         R"(","terminatingRuleId":")" + rule +
         R"(","webaclId":"arn:aws:wafv2:us-east-1:1:regional/webacl/shop/abc",)"
         R"("httpRequest":{"clientIp":")" + ip + R"(","country":"DE","uri":")" + uri +
         R"("},"labels":[{"name":"awswaf:x"}]})" "\n";
}

void Feed(const std::string& text, RuleStats* stats) {
  Diagnostics diag;
  LineReader lines(OpenMemory(text, "t", &diag), "t", &diag);
  WafReader reader(&diag);
  reader.ReadAll(&lines, [&](const WafRecord& r) { stats->Add(r); });
}

const int64_t kT0 = 1763625600000;  // 2025-11-20T08:00:00Z

TEST(RuleStatsTest, CountsRequestsClientsAndTops) {
  RuleStats stats;
  Feed(Rec(kT0, "1.1.1.1", "/a", "BLOCK", "R") + Rec(kT0 + 1000, "1.1.1.1", "/a", "BLOCK", "R") +
           Rec(kT0 + 2000, "2.2.2.2", "/b", "BLOCK", "R") +
           Rec(kT0 + 3000, "3.3.3.3", "/", "ALLOW", "Default_Action"),
       &stats);
  Findings f;
  stats.Finish({}, &f);
  ASSERT_EQ(f.rules.size(), 2u);
  const RuleFinding& r = f.rules[0];
  EXPECT_EQ(r.action, "BLOCK");
  EXPECT_EQ(r.requests, 3u);
  EXPECT_EQ(r.clients, 2u);
  EXPECT_EQ(r.top_uris[0].value, "/a");
  EXPECT_EQ(r.top_uris[0].count, 2u);
  EXPECT_EQ(r.top_labels[0].value, "awswaf:x");
  EXPECT_FALSE(r.rule_group.has_value());
  EXPECT_EQ(f.web_acls, std::vector<std::string>{"shop"});
  EXPECT_EQ(f.window_start_ms, kT0);
  EXPECT_EQ(f.window_end_ms, kT0 + 3000);
}

// Rules with the same length and suffix share a row-cache slot: the cache
// must verify the whole key and keep their counts apart.
TEST(RuleStatsTest, RulesSharingACacheSlotKeepSeparateRows) {
  RuleStats stats;
  std::string text;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 40; ++i) {
      std::string rule = "R" + std::to_string(100 + i) + "_QUERYARGUMENTS";
      for (int k = 0; k <= i % 4; ++k) text += Rec(kT0 + k, "1.1.1.1", "/", "BLOCK", rule);
    }
    text += Rec(kT0, "1.1.1.1", "/", "COUNT_IS_NOT_AN_ACTION", "R100_QUERYARGUMENTS");
  }
  Feed(text, &stats);
  Findings f;
  stats.Finish({}, &f);
  ASSERT_EQ(f.rules.size(), 40u);
  for (const RuleFinding& r : f.rules) {
    int i = std::stoi(r.rule.substr(1, 3)) - 100;
    EXPECT_EQ(r.requests, 3u * static_cast<uint64_t>(i % 4 + 1)) << r.rule;
  }
}

// The row cache points at rows: after a move it must not let the emptied
// source count into the rows it handed over.
TEST(RuleStatsTest, MovedFromStatsDoNotCountIntoTheMovedRows) {
  RuleStats a;
  Feed(Rec(kT0, "1.1.1.1", "/a", "BLOCK", "R"), &a);
  RuleStats b = std::move(a);
  // Reusing a moved-from accumulator (its map is left empty by libstdc++).
  Feed(Rec(kT0 + 1, "2.2.2.2", "/a", "BLOCK", "R"), &a);
  Findings fa, fb;
  a.Finish({}, &fa);
  b.Finish({}, &fb);
  ASSERT_EQ(fb.rules.size(), 1u);
  EXPECT_EQ(fb.rules[0].requests, 1u);
  ASSERT_EQ(fa.rules.size(), 1u);
  EXPECT_EQ(fa.rules[0].requests, 1u);
}

TEST(RuleStatsTest, SeriesCoversWindowInFixedBuckets) {
  RuleStats stats;
  std::string text;
  for (int m = 0; m < 120; ++m) text += Rec(kT0 + m * 60000LL, "1.1.1.1", "/a", "BLOCK", "R");
  Feed(text, &stats);
  Findings f;
  stats.Finish({10, 48}, &f);
  ASSERT_EQ(f.rules.size(), 1u);
  EXPECT_EQ(f.bucket_ms, 5 * 60000);
  uint64_t sum = 0;
  for (const TimeBucket& b : f.rules[0].series) sum += b.count;
  EXPECT_EQ(sum, 120u);
  EXPECT_EQ(f.rules[0].series.size(), 24u);
  EXPECT_EQ(f.rules[0].series[0].count, 5u);
}

TEST(RuleStatsTest, ActionFilterDropsOtherRows) {
  RuleStatsOptions o;
  o.actions = {WafAction::kBlock};
  RuleStats stats(o);
  Feed(Rec(kT0, "1.1.1.1", "/a", "BLOCK", "R") + Rec(kT0, "1.1.1.1", "/", "ALLOW", "Default_Action"),
       &stats);
  Findings f;
  stats.Finish({}, &f);
  ASSERT_EQ(f.rules.size(), 1u);
  EXPECT_EQ(f.rules[0].action, "BLOCK");
}

TEST(RuleStatsTest, MergeEqualsSingleAccumulator) {
  std::string a = Rec(kT0, "1.1.1.1", "/a", "BLOCK", "R") + Rec(kT0 + 5, "2.2.2.2", "/b", "BLOCK", "R");
  std::string b = Rec(kT0 + 9, "1.1.1.1", "/c", "BLOCK", "R") + Rec(kT0 + 10, "4.4.4.4", "/", "ALLOW", "Default_Action");
  RuleStats whole, left, right;
  Feed(a + b, &whole);
  Feed(a, &left);
  Feed(b, &right);
  left.Merge(right);
  Findings f1, f2;
  whole.Finish({}, &f1);
  left.Finish({}, &f2);
  ASSERT_EQ(f1.rules.size(), f2.rules.size());
  for (size_t i = 0; i < f1.rules.size(); ++i) {
    EXPECT_EQ(f1.rules[i].requests, f2.rules[i].requests);
    EXPECT_EQ(f1.rules[i].clients, f2.rules[i].clients);
    EXPECT_EQ(f1.rules[i].top_uris.size(), f2.rules[i].top_uris.size());
  }
}

}  // namespace
}  // namespace waftune
