#include "analysis/crossref.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "analysis/flat_u64_map.h"
#include "io/byte_source.h"
#include "io/line_reader.h"
#include "logs/waf_reader.h"

namespace waftune {
namespace {

const char kChrome[] =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36";

// One WAF record (shape of the AWS log): a managed-group rule that BLOCKs
// (terminating) or COUNTs (non-terminating, request allowed), or a plain
// ALLOW.
std::string Rec(const std::string& ip, const std::string& ua, const std::string& request_id,
                const std::string& action, const std::string& rule = "CrossSiteScripting_BODY") {
  std::string group = R"([{"ruleGroupId":"AWS#AWSManagedRulesCommonRuleSet#Version_1.2",)";
  std::string groups =
      action == "ALLOW"   ? "[]"
      : action == "COUNT" ? group + R"("terminatingRule":null,"nonTerminatingMatchingRules":)"
                                    R"([{"ruleId":")" + rule + R"(","action":"COUNT"}]}])"
                          : group + R"("terminatingRule":{"ruleId":")" + rule +
                                R"(","action":")" + action + R"("}}])";
  bool blocked = action == "BLOCK";
  return std::string(R"({"timestamp":1763625600000,"action":")") + (blocked ? "BLOCK" : "ALLOW") +
         R"(","terminatingRuleId":")" + (blocked ? "AWS-CRS" : "Default_Action") +
         R"(","terminatingRuleType":"MANAGED_RULE_GROUP",)"
         R"("webaclId":"arn:aws:wafv2:us-east-1:1:regional/webacl/shop/abc",)"
         R"("ruleGroupList":)" + groups + R"(,"httpRequest":{"clientIp":")" + ip +
         R"(","country":"DE","uri":"/cart","args":"","httpMethod":"POST",)"
         R"("headers":[{"name":"Host","value":"shop.example.com"},)"
         R"({"name":"User-Agent","value":")" + ua + R"("}],"requestId":")" + request_id +
         R"("}})" "\n";
}

FlaggedCollector Collect(const std::string& text) {
  FlaggedCollector c(nullptr);
  Diagnostics diag;
  LineReader lines(OpenMemory(text, "t", &diag), "t", &diag);
  WafReader reader(&diag);
  reader.ReadAll(&lines, [&](const WafRecord& r) { c.Add(r); });
  EXPECT_EQ(diag.skipped(), 0u);
  return c;
}

AlbEntry Line(std::string_view ip, std::string_view ua, std::string_view trace_root,
              int target_status = 200) {
  AlbEntry e;
  e.client_ip = ip;
  e.user_agent = ua;
  e.trace_root = trace_root;
  e.path = "/cart";
  e.url = "https://shop.example.com:443/cart";
  e.elb_status_code = target_status;
  e.target_status_code = target_status;
  e.time_ms = 1763625600000;
  return e;
}

TEST(FlatU64MapTest, FindsEveryKeyAfterGrowingAndLastPutWins) {
  FlatU64Map m;
  for (uint64_t k = 0; k < 5000; ++k) m.Put(k * 0x9E3779B97F4A7C15ULL, k);
  m.Put(0, 77);  // Key 0 is an ordinary key; overwriting keeps the size.
  EXPECT_EQ(m.size(), 5000u);
  for (uint64_t k = 1; k < 5000; ++k) {
    const uint64_t* v = m.Find(k * 0x9E3779B97F4A7C15ULL);
    ASSERT_NE(v, nullptr) << k;
    EXPECT_EQ(*v, k);
  }
  ASSERT_NE(m.Find(0), nullptr);
  EXPECT_EQ(*m.Find(0), 77u);
  EXPECT_FALSE(m.Contains(12345));
}

TEST(FlaggedCollectorTest, SameRowGetsOneIdAndFullKey) {
  FlaggedCollector c = Collect(Rec("1.1.1.1", kChrome, "1-a", "BLOCK") +
                               Rec("2.2.2.2", kChrome, "1-b", "BLOCK") +
                               Rec("2.2.2.2", kChrome, "1-c", "COUNT") +
                               Rec("3.3.3.3", kChrome, "1-d", "ALLOW"));
  ASSERT_EQ(c.row_keys().size(), 2u);
  const std::string& block = c.row_keys()[0];
  EXPECT_NE(block.find("\x1f" "AWS#AWSManagedRulesCommonRuleSet\x1f"
                       "CrossSiteScripting_BODY\x1f" "BLOCK"),
            std::string::npos)
      << block;
  EXPECT_EQ(c.row_keys()[1].substr(c.row_keys()[1].rfind('\x1f') + 1), "COUNT");
  EXPECT_EQ(c.flagged_requests(), 3u);
  uint64_t blocks = 0;
  for (const auto& [key, n] : c.groups()) blocks += key.row == 0 ? n : 0;
  EXPECT_EQ(blocks, 2u);
  const auto& two = c.clients().at(ClientHash("2.2.2.2", kChrome));
  EXPECT_EQ(two.profile.distinct_rules, 2u);
  EXPECT_EQ(two.profile.distinct_blocking_rules, 1u);
}

TEST(FlaggedCollectorTest, RowIdsTranslateAcrossMerge) {
  FlaggedCollector a = Collect(Rec("1.1.1.1", kChrome, "1-a", "BLOCK", "RuleA"));
  FlaggedCollector b = Collect(Rec("1.1.1.1", kChrome, "1-b", "BLOCK", "RuleB") +
                               Rec("1.1.1.1", kChrome, "1-c", "BLOCK", "RuleA"));
  a.Merge(b);
  ASSERT_EQ(a.row_keys().size(), 2u);
  uint64_t rule_a = 0;
  for (const auto& [key, n] : a.groups()) {
    if (a.row_keys()[key.row].find("RuleA") != std::string::npos) rule_a += n;
  }
  EXPECT_EQ(rule_a, 2u);
  EXPECT_EQ(a.clients().at(ClientHash("1.1.1.1", kChrome)).profile.distinct_rules, 2u);
}

TEST(FlaggedIndexTest, LaterRequestIdWinsAcrossMerge) {
  FlaggedCollector a = Collect(Rec("1.1.1.1", kChrome, "1-same", "BLOCK"));
  FlaggedCollector b = Collect(Rec("2.2.2.2", kChrome, "1-same", "BLOCK"));
  a.Merge(b);
  FlaggedIndex index = FlaggedIndex::Build(a);
  EXPECT_EQ(index.clients.size(), 2u);
  AccessProfiler p(&index, nullptr);
  p.Add(Line("9.9.9.9", "curl/8", "1-same"));
  EXPECT_EQ(p.joined(), 1u);
  EXPECT_EQ(p.clients().at(ClientHash("2.2.2.2", kChrome)).joined, 1u);
  EXPECT_EQ(p.clients().count(ClientHash("1.1.1.1", kChrome)), 0u);
}

TEST(AccessProfilerTest, ProfilesOnlyFlaggedIpAndUserAgentPairs) {
  FlaggedCollector c = Collect(Rec("1.1.1.1", kChrome, "1-a", "BLOCK") +
                               Rec("4.4.4.4", kChrome, "1-b", "ALLOW"));
  FlaggedIndex index = FlaggedIndex::Build(c);
  AccessProfiler p(&index, nullptr);
  p.Add(Line("1.1.1.1", kChrome, "1-x"));
  p.Add(Line("1.1.1.1", kChrome, "1-y", 404));
  p.Add(Line("1.1.1.1", "curl/8.4.0", "1-z"));  // Same IP, other client.
  p.Add(Line("4.4.4.4", kChrome, "1-b"));       // Never flagged.
  EXPECT_EQ(p.joined(), 0u);
  ASSERT_EQ(p.clients().size(), 1u);
  const AccessProfile& a = p.clients().at(ClientHash("1.1.1.1", kChrome)).profile;
  EXPECT_EQ(a.requests, 2u);
  EXPECT_EQ(a.target_success, 1u);
  EXPECT_EQ(a.client_errors, 1u);
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

// A COUNTed request of one client, with a Cookie header.
WafRecord WithCookie(std::string_view cookie) {
  WafRecord r;
  r.timestamp_ms = 1763625600000;
  r.action = WafAction::kAllow;
  r.terminating_rule_id = "Default_Action";
  r.terminating_rule_type = "REGULAR";
  RuleMatch m;
  m.rule_id = "SizeRestrictions_BODY";
  m.action = WafAction::kCount;
  RuleGroupEntry& g = r.rule_groups.emplace_back();
  g.group_id = "AWS#AWSManagedRulesCommonRuleSet";
  g.non_terminating.push_back(m);
  r.request.client_ip = "198.51.100.20";
  r.request.uri = "/upload";
  r.request.headers = {{"User-Agent", "Mozilla/5.0"}, {"Cookie", cookie}};
  return r;
}

TEST(FlaggedCollectorSessionTest, SessionCookieNamesMatchInAnyCase) {
  FlaggedCollector c(nullptr);
  c.Add(WithCookie("SESSIONID=1; theme=dark"));
  c.Add(WithCookie("sessionid=2"));
  c.Add(WithCookie("theme=dark; lang=de"));
  // Same client and row: the groups differ only by the session fact.
  std::vector<uint64_t> counts;
  for (const auto& [key, n] : c.groups()) counts.push_back(n);
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, (std::vector<uint64_t>{1, 2}));
}

TEST(FlaggedCollectorSessionTest, WithoutJoinStateClientProfilesAreTheSame) {
  FlaggedCollector full(nullptr), lean(nullptr, /*join_state=*/false);
  for (FlaggedCollector* c : {&full, &lean}) {
    WafRecord a = WithCookie("session=1");
    a.request.request_id = "1-aaa";
    c->Add(a);
    c->Add(WithCookie("theme=dark"));
  }
  EXPECT_EQ(full.groups().size(), 2u);
  EXPECT_EQ(full.request_ids().size(), 1u);
  EXPECT_TRUE(lean.groups().empty());
  EXPECT_TRUE(lean.request_ids().empty());
  EXPECT_EQ(lean.flagged_requests(), full.flagged_requests());
  ASSERT_EQ(lean.clients().size(), 1u);
  const WafClientProfile& a = full.clients().begin()->second.profile;
  const WafClientProfile& b = lean.clients().begin()->second.profile;
  EXPECT_EQ(b.flagged, a.flagged);
  EXPECT_EQ(b.distinct_rules, a.distinct_rules);
  EXPECT_EQ(b.distinct_uris, a.distinct_uris);
  EXPECT_EQ(b.writes, a.writes);
}

}  // namespace
}  // namespace waftune
