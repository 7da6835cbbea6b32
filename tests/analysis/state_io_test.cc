#include "analysis/state_io.h"

#include <gtest/gtest.h>

#include <string>

namespace waftune {
namespace {

RuleStats::State SampleStats() {
  RuleStats::State st;
  st.top_capacity = 4;
  st.requests = 3;
  st.min_ms = 1000;
  st.max_ms = 900000;
  st.by_action = {{"BLOCK", 3}};
  st.web_acls = {{"shop-prod", 3}};
  RuleStats::RowState row;
  row.web_acl_rule = "AWS-AWSManagedRulesCommonRuleSet";
  row.rule_group = "AWS#AWSManagedRulesCommonRuleSet";
  row.rule = "SizeRestrictions_BODY";
  row.action = "BLOCK";
  row.requests = 3;
  row.clients.exact = {1, 0xffffffffffffffffULL};
  // Attacker-controlled bytes that are not UTF-8, quotes and control chars.
  row.uris = {4, 2, {{"/a\xff\xfe", 2, 0}, {"/q\"\\\n", 1, 2}}};
  row.clients_top = {4, 0, {{"203.0.113.9", 3, 0}}};
  row.series = {{-1, 1}, {3, 2}};
  st.rows.push_back(row);
  return st;
}

TEST(StateIoTest, RoundTripsEveryField) {
  SavedState s;
  s.command = "summary";
  s.version = "0.1.0";
  s.stats = SampleStats();
  s.waf.files = 2;
  s.waf.records = 5;
  s.waf.skipped = 1;
  s.waf.errors.push_back({"w.log.gz", 7, "bad \"json\""});
  s.filtered_out = 2;
  const std::string text = EncodeState(s);
  EXPECT_NE(text.find("\"waftune_state\":1"), std::string::npos);
  auto back = DecodeState(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(EncodeState(*back), text);
  const RuleStats::RowState& row = back->stats.rows.at(0);
  EXPECT_EQ(row.uris.entries.at(0).value, "/a\xff\xfe");
  EXPECT_EQ(row.uris.entries.at(1).value, "/q\"\\\n");
  EXPECT_EQ(row.uris.entries.at(1).error, 2u);
  EXPECT_EQ(row.clients.exact.at(1), 0xffffffffffffffffULL);
  EXPECT_EQ(row.series.at(0).first, -1);
  EXPECT_EQ(back->waf.errors.at(0).line, 7u);
  EXPECT_EQ(back->filtered_out, 2u);
}

TEST(StateIoTest, RuleStatsSurvivesSerializeAndMerge) {
  auto stats = RuleStats::Deserialize(SampleStats());
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  RuleStats::State again = stats->Serialize();
  EXPECT_EQ(again.rows.size(), 1u);
  EXPECT_EQ(again.rows[0].uris.floor, 2u);
  // Merging a copy doubles counts and keeps two distinct clients.
  auto copy = RuleStats::Deserialize(again);
  ASSERT_TRUE(copy.ok());
  stats->Merge(*copy);
  Findings f;
  stats->Finish({}, &f);
  ASSERT_EQ(f.rules.size(), 1u);
  EXPECT_EQ(f.rules[0].requests, 6u);
  EXPECT_EQ(f.rules[0].clients, 2u);
  EXPECT_EQ(f.waf_requests, 6u);
  EXPECT_EQ(f.rules[0].top_clients.at(0).count, 6u);
}

TEST(StateIoTest, KeepsHyperLogLogRegisters) {
  DistinctCounter big;
  for (uint64_t i = 0; i < DistinctCounter::kExactLimit + 10; ++i) big.AddHash(i * 0x9e3779b97f4a7c15ULL);
  ASSERT_TRUE(big.estimated());
  auto back = DistinctCounter::Deserialize(big.Serialize());
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->estimated());
  EXPECT_EQ(back->Count(), big.Count());
  DistinctCounter::State bad = big.Serialize();
  bad.registers.resize(10);
  EXPECT_FALSE(DistinctCounter::Deserialize(bad).ok());
  bad = big.Serialize();
  bad.registers[0] = 99;
  EXPECT_FALSE(DistinctCounter::Deserialize(bad).ok());
}

TEST(StateIoTest, RejectsOtherVersionsAndBrokenFiles) {
  auto newer = DecodeState("{\"waftune_state\": 2}");
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), Status::Code::kInvalidArgument);
  EXPECT_FALSE(DecodeState("{\"rules\": []}").ok());
  EXPECT_FALSE(DecodeState("not json").ok());
  SavedState s;
  s.stats = SampleStats();
  std::string text = EncodeState(s);
  text.replace(text.find("\"requests\":3"), 12, "\"requests\":-3");
  auto broken = DecodeState(text);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("requests"), std::string::npos);
}

TEST(StateIoTest, RuleStatsRejectsUnknownActions) {
  RuleStats::State st = SampleStats();
  st.rows[0].action = "DROP";
  EXPECT_FALSE(RuleStats::Deserialize(st).ok());
}

TEST(StateIoTest, TopKDeserializePrunesToCapacity) {
  TopK::State st{2, 0, {{"a", 5, 0}, {"b", 4, 0}, {"c", 1, 0}}};
  TopK top = TopK::Deserialize(st);
  EXPECT_LE(top.size(), 2u);
  EXPECT_EQ(top.Top(1).at(0).value, "a");
}

}  // namespace
}  // namespace waftune
