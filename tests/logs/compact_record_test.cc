// The whole-record fast path (logs/compact_record.h) must give exactly the
// record the full parser gives, refuse whatever it is unsure of, and never
// read past the end of its text.
#include "logs/compact_record.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fuzz/waf_record_describe.h"
#include "io/byte_source.h"
#include "io/line_reader.h"
#include "io/path_walker.h"
#include "logs/waf_record_parser.h"
#include "tests/logs/record_parse_for_test.h"
#include "util/diagnostics.h"

namespace waftune {
namespace {

constexpr HeaderPolicy kPolicies[] = {HeaderPolicy::kAll, HeaderPolicy::kNone,
                                      HeaderPolicy::kRuleMatched};

// The full parser's outcome, as WafReader gets it.
std::string FullParse(const std::string& json, HeaderPolicy policy) {
  ParsedRecord parsed(json, policy, /*fast_paths=*/false);
  if (!parsed.error().empty()) return "error: " + parsed.error();
  if (!parsed.wrapped().empty()) return "wrapped";
  return fuzz::DescribeRecord(parsed.record());
}

// The fast path's outcome; "refused" when it leaves the text to the full
// parser or stops before its end.
std::string CompactParse(const std::string& json, HeaderPolicy policy) {
  WafRecord rec;
  const char* end = json.data() + json.size();
  if (ParseCompactRecord(json.data(), end, policy, &rec) != end) return "refused";
  return fuzz::DescribeRecord(rec);
}

// Accepted: the same record as the full parser, under every policy.
void ExpectAcceptedAlike(const std::string& json) {
  for (HeaderPolicy policy : kPolicies) {
    SCOPED_TRACE(static_cast<int>(policy));
    std::string fast = CompactParse(json, policy);
    EXPECT_NE(fast, "refused") << json;
    EXPECT_EQ(fast, FullParse(json, policy)) << json;
  }
}

void ExpectRefused(const std::string& json) {
  for (HeaderPolicy policy : kPolicies) {
    EXPECT_EQ(CompactParse(json, policy), "refused") << json << " " << static_cast<int>(policy);
  }
}

std::vector<std::string> Lines(const std::string& path) {
  Diagnostics diag;
  std::vector<std::string> out;
  auto source = OpenInput(InputFile{path}, &diag);
  EXPECT_TRUE(source.ok()) << path;
  if (!source.ok()) return out;
  LineReader lines(std::move(*source), path, &diag);
  std::string_view line;
  while (lines.Next(&line)) {
    if (lines.line_is_plain()) out.emplace_back(line);
  }
  return out;
}

const std::string kRequest =
    R"("httpRequest":{"clientIp":"192.0.2.1","country":"GB","headers":[{"name":"host",)"
    R"("value":"shop.example.com"},{"name":"cookie","value":"s=1"}],"uri":"/a","args":"q=1",)"
    R"("httpVersion":"HTTP/2.0","httpMethod":"GET","requestId":"1-abc"})";

std::string Record(const std::string& fields) {
  return R"({"timestamp":1795161600019,"formatVersion":1,"action":"BLOCK",)" + fields +
         "," + kRequest + "}";
}

TEST(CompactRecordTest, AgreesWithTheFullParserOnRealRecordShapes) {
  std::vector<std::string> lines =
      Lines(std::string(WAFTUNE_TEST_DATA) + "/waf/waf-all-examples.ndjson");
  size_t accepted = 0, total = 0;
  Diagnostics diag;
  auto files = ExpandPaths({std::string(WAFTUNE_TEST_DATA) + "/generated/waf"}, &diag);
  ASSERT_TRUE(files.ok());
  for (const InputFile& f : *files) {
    for (std::string& line : Lines(f.path)) lines.push_back(std::move(line));
  }
  ASSERT_GT(lines.size(), 1000u);
  for (const std::string& line : lines) {
    for (HeaderPolicy policy : kPolicies) {
      std::string fast = CompactParse(line, policy);
      ++total;
      if (fast == "refused") continue;
      ++accepted;
      ASSERT_EQ(fast, FullParse(line, policy)) << line;
    }
  }
  // The generated logs are AWS's compact form: nearly all must take the
  // fast path, or it is dead code.
  EXPECT_GT(accepted, total * 95 / 100) << accepted << " of " << total;
}

TEST(CompactRecordTest, ReadsEveryFieldKindLikeTheFullParser) {
  ExpectAcceptedAlike(Record(
      R"("webaclId":"arn:aws:wafv2:us-east-1:1:regional/webacl/shop/x","terminatingRuleId":"AWS-AWSManagedRulesCommonRuleSet",)"
      R"("terminatingRuleType":"MANAGED_RULE_GROUP","terminatingRuleMatchDetails":[{"conditionType":"XSS",)"
      R"("location":"QUERY_STRING","matchedData":["<script",null],"matchedFieldName":"q","sensitivityLevel":"HIGH"}],)"
      R"("httpSourceName":"ALB","httpSourceId":"1-app/x","ruleGroupList":[{"ruleGroupId":"AWS#AWSManagedRulesCommonRuleSet",)"
      R"("terminatingRule":{"ruleId":"CrossSiteScripting_QUERYARGUMENTS","action":"BLOCK","ruleMatchDetails":null},)"
      R"("nonTerminatingMatchingRules":[{"ruleId":"SizeRestrictions_BODY","action":"COUNT","overriddenAction":"BLOCK"}],)"
      R"("excludedRules":[{"exclusionType":"EXCLUDED_AS_COUNT","ruleId":"NoUserAgent_HEADER"},{"exclusionType":"OTHER","ruleId":"X"}],)"
      R"("customerConfig":null}],"rateBasedRuleList":[{"rateBasedRuleId":"r1","rateBasedRuleName":"Limit",)"
      R"("limitKey":"IP","maxRateAllowed":"2000","limitValue":"192.0.2.1","evaluationWindowSec":300}],)"
      R"("nonTerminatingMatchingRules":[{"ruleId":"CountAll","action":"COUNT"}],"requestHeadersInserted":null,)"
      R"("responseCodeSent":"403","requestBodySize":-1,"requestBodySizeInspectedByWAF":0,)"
      R"("labels":[{"name":"awswaf:managed:aws:core-rule-set:CrossSiteScripting_QueryArguments"},{"name":""}],)"
      R"("oversizeFields":"REQUEST_BODY","captchaResponse":{"responseCode":405,"solveTimestamp":1795161600,)"
      R"("failureReason":"TOKEN_MISSING"},"challengeResponse":null,"ja3Fingerprint":"e936","ja4Fingerprint":"t13d",)"
      R"("unknownNested":{"a":[1,-2.5e+3,true,false,null,{"b":"c"}],"d":{}})"));
  // Field order of newer logs, unknown request keys, null values.
  ExpectAcceptedAlike(
      R"({"httpRequest":{"clientIp":"2001:db8::1","country":null,"headers":null,"uri":"/","args":"",)"
      R"("httpVersion":"HTTP/1.1","httpMethod":"POST","requestId":null,"fragment":"f","scheme":"https",)"
      R"("host":"h","extra":"x"},"action":"ALLOW","timestamp":0,"oversizeFields":["a",null],"labels":null})");
}

TEST(CompactRecordTest, RefusesWhatItDoesNotKnowOrTheFullParserSkips) {
  const std::string refused[] = {
      Record(R"("terminatingRuleId": "R")"),               // Whitespace.
      Record(R"("timestamp":null)"),                       // No time.
      Record(R"("timestamp":1.5)"),                        // Not an integer.
      Record(R"("timestamp":1e3)"),
      Record(R"("timestamp":012)"),
      Record(R"("timestamp":1234567890123456789)"),        // 19 digits.
      Record(R"("timestamp":"12a")"),
      Record(R"("responseCodeSent":true)"),
      Record(R"("terminatingRuleId":5)"),                   // Wrong type.
      Record(R"("ruleGroupList":{})"),
      Record(R"("labels":[{"name":"a"},])"),               // Trailing comma.
      Record(R"("x":[1,2)"),                               // Unbalanced.
      Record(R"("x":01)"),                                 // Invalid number.
      Record(R"("message":"{}")"),                         // CloudWatch wrapper.
      Record(R"("action":"COUNT")"),                       // Not a final action.
      Record(R"("action":"NOPE")"),
      Record(R"("httpRequest":null)"),
      R"({"timestamp":1,"action":"BLOCK"})",               // No request.
      R"({"timestamp":1,)" + kRequest + "}",              // No action.
      "[]",
      "null",
      "",
  };
  for (const std::string& json : refused) ExpectRefused(json);
  // A record followed by more text stops at its end: the caller sees that.
  std::string two = Record(R"("a":1)") + " {}";
  WafRecord rec;
  const char* after = ParseCompactRecord(two.data(), two.data() + two.size(), HeaderPolicy::kAll, &rec);
  EXPECT_EQ(after, two.data() + two.size() - 3);
}

TEST(CompactRecordTest, NeverReadsPastTheEnd) {
  const std::string json = Record(R"("labels":[{"name":"a"}],"responseCodeSent":403)");
  for (size_t cut = 0; cut < json.size(); ++cut) {
    WafRecord rec;
    EXPECT_EQ(ParseCompactRecord(json.data(), json.data() + cut, HeaderPolicy::kAll, &rec), nullptr)
        << cut;
  }
}

TEST(CompactRecordTest, HeadersFollowThePolicyAndALateMatchIsRefused) {
  WafRecord rec;
  std::string blocked = Record(R"("terminatingRuleId":"R")");
  const char* end = blocked.data() + blocked.size();
  ASSERT_EQ(ParseCompactRecord(blocked.data(), end, HeaderPolicy::kRuleMatched, &rec), end);
  EXPECT_EQ(rec.request.headers.size(), 2u);
  ASSERT_EQ(ParseCompactRecord(blocked.data(), end, HeaderPolicy::kNone, &rec), end);
  EXPECT_TRUE(rec.request.headers.empty());
  // An ALLOW record whose rule match comes after the headers: the full
  // parser reads it twice to get them; the fast path leaves that to it.
  std::string late = R"({"timestamp":1,"action":"ALLOW",)" + kRequest +
                     R"(,"nonTerminatingMatchingRules":[{"ruleId":"C","action":"COUNT"}]})";
  EXPECT_EQ(CompactParse(late, HeaderPolicy::kRuleMatched), "refused");
  EXPECT_EQ(CompactParse(late, HeaderPolicy::kAll), FullParse(late, HeaderPolicy::kAll));
  EXPECT_NE(FullParse(late, HeaderPolicy::kRuleMatched).find("headers#2"), std::string::npos);
  // Before its action is known a record counts as matched: headers kept.
  ExpectAcceptedAlike("{" + kRequest + R"(,"timestamp":1,"action":"BLOCK"})");
}

}  // namespace
}  // namespace waftune
