// Hostile WAF log content, end to end through `waftune summary --format
// json`: every bad record must be skipped with a diagnostic naming the file
// and line, and every good record around it must still be counted.
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/hostile/hostile_util.h"

namespace waftune::hostile {
namespace {

// Writes good, BAD, good, good (the bad record on line 2) and runs summary.
InputsReport SummarizeBetweenGood(const ScratchDir& dir, std::string_view bad,
                                  const std::string& extra_args = "") {
  std::string text = WafLine(1) + "\n" + std::string(bad) + "\n" + WafLine(2) +
                     "\n" + WafLine(3) + "\n";
  std::string path = dir.Write("waf.log", text);
  return Summary(extra_args + " " + path);
}

void ExpectSkippedOnLine2(const InputsReport& r) {
  ASSERT_TRUE(r.parsed) << "summary output is not JSON";
  EXPECT_EQ(r.records, 3u) << r.Dump();
  EXPECT_EQ(r.skipped, 1u) << r.Dump();
  EXPECT_EQ(r.rule_requests, 3u) << r.Dump();
  EXPECT_TRUE(r.HasError("waf.log", 2)) << r.Dump();
}

// 200,000 levels inside a field the reader does not know: simdjson skips
// it by counting brackets, so the record may be read (it is valid JSON) or
// skipped; either way it costs at most itself.
TEST(HostileWafTest, DeeplyNestedUnknownFieldCostsAtMostItsRecord) {
  ScratchDir dir;
  std::string deep = WafLine(9);
  deep.insert(
      1, "\"x\":" + std::string(200000, '[') + std::string(200000, ']') + ",");
  InputsReport r = SummarizeBetweenGood(dir, deep);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records + r.skipped, 4u) << r.Dump();
  EXPECT_GE(r.records, 3u) << r.Dump();
  if (r.skipped == 1) {
    EXPECT_TRUE(r.HasError("waf.log", 2)) << r.Dump();
  }
}

// A known field nested deeply must be rejected as the wrong type.
TEST(HostileWafTest, DeeplyNestedKnownFieldIsSkipped) {
  ScratchDir dir;
  std::string deep = WafLine(9);
  std::string from = R"("labels":[{"name":"awswaf:test:ok"}])";
  deep.replace(
      deep.find(from), from.size(),
      "\"labels\":" + std::string(100000, '[') + std::string(100000, ']'));
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, deep));
}

TEST(HostileWafTest, LineOfOpenBracketsIsSkipped) {
  ScratchDir dir;
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, std::string(1 << 20, '[')));
}

TEST(HostileWafTest, DeeplyNestedObjectsAreSkipped) {
  ScratchDir dir;
  std::string s;
  for (int i = 0; i < 100000; ++i)
    s += "{\"a\":";
  s += "1" + std::string(100000, '}');
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, s));
}

TEST(HostileWafTest, NulBytesInsideRecordAreSkipped) {
  ScratchDir dir;
  std::string bad = WafLine(9);
  bad[bad.find("/ok")] = '\0';  // A raw NUL inside a JSON string is invalid.
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
}

TEST(HostileWafTest, LineOfNulBytesIsSkipped) {
  ScratchDir dir;
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, std::string(4096, '\0')));
}

TEST(HostileWafTest, RawInvalidUtf8IsSkipped) {
  ScratchDir dir;
  for (std::string_view junk : {"\xff\xfe", "\xc0\xaf", "\xed\xa0\x80",
                                "\xf4\x90\x80\x80", "\xe2\x82"}) {
    std::string bad = WafLine(9, "/ok" + std::string(junk));
    ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
  }
}

TEST(HostileWafTest, OverlongNumbersAreSkipped) {
  ScratchDir dir;
  for (std::string_view ts : {"99999999999999999999999999999", "1e400",
                              "-99999999999999999999", "1.5e308", "\"soon\""}) {
    std::string bad = WafLine(9);
    size_t at = bad.find("1763625609000");
    ASSERT_NE(at, std::string::npos);
    bad.replace(at, 13, ts);
    SCOPED_TRACE(std::string(ts));
    ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
  }
}

TEST(HostileWafTest, HugeDigitStringIsSkipped) {
  ScratchDir dir;
  std::string bad = WafLine(9);
  bad.replace(bad.find("1763625609000"), 13, std::string(1 << 20, '7'));
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
}

// One known field given a value of the wrong JSON type.
struct WrongType {
  const char* name;
  const char* from;  // Text of WafLine(9) to replace.
  const char* to;
};

class HostileWafWrongTypeTest : public ::testing::TestWithParam<WrongType> {};

TEST_P(HostileWafWrongTypeTest, RecordIsSkippedAndReported) {
  ScratchDir dir;
  std::string bad = WafLine(9);
  size_t at = bad.find(GetParam().from);
  ASSERT_NE(at, std::string::npos) << GetParam().from;
  bad.replace(at, std::string_view(GetParam().from).size(), GetParam().to);
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
}

INSTANTIATE_TEST_SUITE_P(
    EveryField, HostileWafWrongTypeTest,
    ::testing::Values(
        WrongType{"timestamp", R"("timestamp":1763625609000)",
                  R"("timestamp":true)"},
        WrongType{"timestamp_obj", R"("timestamp":1763625609000)",
                  R"("timestamp":{})"},
        WrongType{"webaclId", R"("webaclId":"arn:)",
                  R"("webaclId":7,"x":"arn:)"},
        WrongType{"terminatingRuleId",
                  R"("terminatingRuleId":"HostileTestRule")",
                  R"("terminatingRuleId":["HostileTestRule"])"},
        WrongType{"terminatingRuleType", R"("terminatingRuleType":"REGULAR")",
                  R"("terminatingRuleType":{})"},
        WrongType{"action", R"("action":"BLOCK")", R"("action":1)"},
        WrongType{"terminatingRuleMatchDetails",
                  R"("terminatingRuleMatchDetails":[])",
                  R"("terminatingRuleMatchDetails":"x")"},
        WrongType{"httpSourceName", R"("httpSourceName":"ALB")",
                  R"("httpSourceName":true)"},
        WrongType{"httpSourceId", R"("httpSourceId":"alb-1")",
                  R"("httpSourceId":[])"},
        WrongType{"ruleGroupList", R"("ruleGroupList":[])",
                  R"("ruleGroupList":{})"},
        WrongType{"ruleGroupList_entry", R"("ruleGroupList":[])",
                  R"("ruleGroupList":["AWS#X"])"},
        WrongType{"ruleGroupId", R"("ruleGroupList":[])",
                  R"("ruleGroupList":[{"ruleGroupId":5}])"},
        WrongType{
            "group_terminatingRule", R"("ruleGroupList":[])",
            R"("ruleGroupList":[{"ruleGroupId":"AWS#G","terminatingRule":"R"}])"},
        WrongType{
            "group_nonTerminating", R"("ruleGroupList":[])",
            R"("ruleGroupList":[{"ruleGroupId":"AWS#G","nonTerminatingMatchingRules":{}}])"},
        WrongType{
            "group_excludedRules", R"("ruleGroupList":[])",
            R"("ruleGroupList":[{"ruleGroupId":"AWS#G","excludedRules":"R"}])"},
        WrongType{"rateBasedRuleList", R"("rateBasedRuleList":[])",
                  R"("rateBasedRuleList":7)"},
        WrongType{
            "rateBased_maxRate", R"("rateBasedRuleList":[])",
            R"("rateBasedRuleList":[{"rateBasedRuleId":"1","maxRateAllowed":"lots"}])"},
        WrongType{"nonTerminatingMatchingRules",
                  R"("nonTerminatingMatchingRules":[])",
                  R"("nonTerminatingMatchingRules":"COUNT")"},
        WrongType{
            "nonTerminating_ruleId", R"("nonTerminatingMatchingRules":[])",
            R"("nonTerminatingMatchingRules":[{"ruleId":[],"action":"COUNT"}])"},
        WrongType{
            "matchedData", R"("terminatingRuleMatchDetails":[])",
            R"("terminatingRuleMatchDetails":[{"conditionType":"XSS","location":"URI","matchedData":"<x>"}])"},
        WrongType{"httpRequest", R"("httpRequest":{)",
                  R"("httpRequest":[],"h":{)"},
        WrongType{"clientIp", R"("clientIp":"198.51.100.7")",
                  R"("clientIp":198)"},
        WrongType{"country", R"("country":"US")", R"("country":["US"])"},
        WrongType{"headers",
                  R"("headers":[{"name":"Host","value":"shop.example"}])",
                  R"("headers":{"Host":"shop.example"})"},
        WrongType{"header_name", R"({"name":"Host","value":"shop.example"})",
                  R"({"name":1,"value":"shop.example"})"},
        WrongType{"header_value", R"({"name":"Host","value":"shop.example"})",
                  R"({"name":"Host","value":{}})"},
        WrongType{"uri", R"("uri":"/ok")", R"("uri":{"path":"/ok"})"},
        WrongType{"args", R"("args":"a=1")", R"("args":["a=1"])"},
        WrongType{"httpVersion", R"("httpVersion":"HTTP/1.1")",
                  R"("httpVersion":1.1)"},
        WrongType{"httpMethod", R"("httpMethod":"GET")",
                  R"("httpMethod":false)"},
        WrongType{"requestId", R"("requestId":"rid-9")", R"("requestId":9)"},
        WrongType{"labels", R"("labels":[{"name":"awswaf:test:ok"}])",
                  R"("labels":"awswaf:test:ok")"},
        WrongType{"label_name", R"("labels":[{"name":"awswaf:test:ok"}])",
                  R"("labels":[{"name":1}])"},
        WrongType{"requestBodySize", R"("formatVersion":1)",
                  R"("formatVersion":1,"requestBodySize":"big")"},
        WrongType{"oversizeFields", R"("formatVersion":1)",
                  R"("formatVersion":1,"oversizeFields":{"BODY":1})"},
        WrongType{"captchaResponse", R"("formatVersion":1)",
                  R"("formatVersion":1,"captchaResponse":"ok")"},
        WrongType{"ja3Fingerprint", R"("formatVersion":1)",
                  R"("formatVersion":1,"ja3Fingerprint":3)"}),
    [](const ::testing::TestParamInfo<WrongType>& param_info) {
      return std::string(param_info.param.name);
    });

// Duplicate keys: the reader may take either value, but the record must be
// counted exactly once, or skipped with a diagnostic; never both, never lost.
TEST(HostileWafTest, DuplicateKeysCountOnceOrReport) {
  ScratchDir dir;
  const char* dups[] = {
      R"("action":"BLOCK","action":"ALLOW")",
      R"("action":"BLOCK","action":7)",
      R"("action":"BLOCK","httpRequest":{"uri":"/a"},"action":"BLOCK")",
  };
  for (const char* d : dups) {
    SCOPED_TRACE(d);
    std::string bad = WafLine(9);
    bad.replace(bad.find(R"("action":"BLOCK")"), 16, d);
    InputsReport r = SummarizeBetweenGood(dir, bad);
    ASSERT_TRUE(r.parsed);
    EXPECT_EQ(r.records + r.skipped, 4u) << r.Dump();
    EXPECT_GE(r.records, 3u) << r.Dump();
    if (r.skipped == 1) {
      EXPECT_TRUE(r.HasError("waf.log", 2)) << r.Dump();
    }
  }
}

TEST(HostileWafTest, MissingRequiredFieldsAreSkipped) {
  ScratchDir dir;
  for (const char* field :
       {R"("timestamp":1763625609000,)", R"("action":"BLOCK",)"}) {
    SCOPED_TRACE(field);
    std::string bad = WafLine(9);
    bad.erase(bad.find(field), std::string_view(field).size());
    ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
  }
}

// KNOWN BUG (src/logs/waf_record_parser.cc, the "timestamp" key): null is
// taken as present, so the record is read with time 0 (1970) although the
// header promises that a record without a timestamp is skipped. Disabled
// until fixed; run with --gtest_also_run_disabled_tests to reproduce.
TEST(HostileWafTest, NullTimestampIsSkippedLikeAMissingOne) {
  ScratchDir dir;
  std::string bad = WafLine(9);
  bad.replace(bad.find("1763625609000"), 13, "null");
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, bad));
}

TEST(HostileWafTest, TruncatedRecordsAreSkipped) {
  ScratchDir dir;
  std::string full = WafLine(9);
  for (size_t cut : {size_t{1}, full.size() / 3, full.size() - 1}) {
    SCOPED_TRACE(cut);
    ExpectSkippedOnLine2(SummarizeBetweenGood(dir, full.substr(0, cut)));
  }
}

TEST(HostileWafTest, LastLineWithoutNewlineIsRead) {
  ScratchDir dir;
  std::string path = dir.Write("waf.log", WafLines(1, 4) + WafLine(5));
  InputsReport r = Summary(path);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 5u) << r.Dump();
  EXPECT_EQ(r.skipped, 0u) << r.Dump();
}

TEST(HostileWafTest, BadLastLineWithoutNewlineIsReportedWithItsLine) {
  ScratchDir dir;
  std::string path = dir.Write("waf.log", WafLines(1, 4) + "{\"timestamp\":");
  InputsReport r = Summary(path);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 4u) << r.Dump();
  EXPECT_EQ(r.skipped, 1u) << r.Dump();
  EXPECT_TRUE(r.HasError("waf.log", 5)) << r.Dump();
}

// Accepted on purpose: WAF writes some integers as strings
// (responseCodeSent), so the reader takes digit strings for every integer.
TEST(HostileWafTest, DigitStringTimestampIsAccepted) {
  ScratchDir dir;
  std::string s = WafLine(9);
  s.replace(s.find("1763625609000"), 13, "\"1763625609000\"");
  InputsReport r = SummarizeBetweenGood(dir, s);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 4u) << r.Dump();
}

// Tens of MiB on one line, generated here (never committed).
TEST(HostileWafTest, HugeValidRecordUnderTheLimitIsRead) {
  ScratchDir dir;
  std::string uri = "/" + std::string(24u << 20, 'a');
  InputsReport r = SummarizeBetweenGood(dir, WafLine(9, uri));
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 4u) << r.Dump();
  EXPECT_EQ(r.skipped, 0u) << r.Dump();
}

TEST(HostileWafTest, RecordOverMaxRecordBytesIsSkippedAndReported) {
  ScratchDir dir;
  std::string uri = "/" + std::string(24u << 20, 'a');
  ExpectSkippedOnLine2(
      SummarizeBetweenGood(dir, WafLine(9, uri), "--max-record-bytes 1048576"));
}

TEST(HostileWafTest, GarbageLineOverDefaultLimitIsSkippedAndReported) {
  ScratchDir dir;
  ExpectSkippedOnLine2(SummarizeBetweenGood(dir, std::string(80u << 20, 'x')));
}

TEST(HostileWafTest, HugeFinalLineWithoutNewlineIsReported) {
  ScratchDir dir;
  std::string path =
      dir.Write("waf.log", WafLines(1, 3) + std::string(70u << 20, '{'));
  InputsReport r = Summary(path);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 3u) << r.Dump();
  EXPECT_EQ(r.skipped, 1u) << r.Dump();
  EXPECT_TRUE(r.HasError("waf.log", 4)) << r.Dump();
}

TEST(HostileWafTest, ManyBadLinesAreAllCountedAndFirstOnesNamed) {
  ScratchDir dir;
  std::string text;
  for (int i = 0; i < 500; ++i)
    text += WafLine(i) + "\n" + "{bad " + std::to_string(i) + "\n";
  std::string path = dir.Write("waf.log", text);
  InputsReport r = Summary(path);
  ASSERT_TRUE(r.parsed);
  EXPECT_EQ(r.records, 500u);
  EXPECT_EQ(r.skipped, 500u);
  EXPECT_TRUE(r.HasError("waf.log", 2)) << r.Dump();
  EXPECT_LE(r.errors.size(), 20u);  // Examples are capped, counts are not.
}

}  // namespace
}  // namespace waftune::hostile
