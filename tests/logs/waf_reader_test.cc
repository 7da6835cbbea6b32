#include "logs/waf_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/line_reader.h"

namespace waftune {
namespace {

struct Seen {
  std::string action, rule, uri, client, request_id;
  size_t groups = 0, labels = 0, headers = 0;
  int64_t response_code = 0;
};

struct ReadResult {
  std::vector<Seen> records;
  Diagnostics diag;
};

ReadResult ReadString(std::string text) {
  ReadResult out;
  LineReader lines(OpenMemory(std::move(text), "mem.log", &out.diag), "mem.log",
                   &out.diag);
  WafReader reader(&out.diag);
  reader.ReadAll(&lines, [&](const WafRecord& r) {
    out.records.push_back({std::string(WafActionName(r.action)),
                           std::string(r.terminating_rule_id),
                           std::string(r.request.uri),
                           std::string(r.request.client_ip),
                           std::string(r.request.request_id), r.rule_groups.size(),
                           r.labels.size(), r.request.headers.size(),
                           r.response_code_sent});
  });
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const char* kMinimal =
    R"({"timestamp":1700000000000,"action":"BLOCK","terminatingRuleId":"R1",)"
    R"("terminatingRuleType":"REGULAR","httpRequest":{"clientIp":"192.0.2.1",)"
    R"("uri":"/a","headers":[{"name":"Host","value":"x"}]}})";


// Strings are taken straight from the input only when the line has no
// backslash; an escape anywhere must still be decoded, and a plain line
// next to it must not be affected.
TEST(WafReaderTest, EscapedStringsAreDecodedNextToPlainLines) {
  std::string plain =
      R"({"timestamp":1,"action":"BLOCK","terminatingRuleId":"R","httpRequest":{"clientIp":"1.1.1.1","uri":"/plain"}})";
  std::string escaped =
      R"({"timestamp":2,"action":"BLOCK","terminatingRuleId":"R\u0031","httpRequest":{"clientIp":"1.1.1.1","uri":"/a\"b\/c"}})";
  ReadResult r = ReadString(plain + "\n" + escaped + "\n" + plain + "\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].uri, "/plain");
  EXPECT_EQ(r.records[1].uri, "/a\"b/c");
  EXPECT_EQ(r.records[1].rule, "R1");
  EXPECT_EQ(r.records[2].uri, "/plain");
}

TEST(WafReaderTest, ReadsEveryRealExampleRecord) {
  ReadResult r = ReadString(ReadFile(std::string(WAFTUNE_TEST_DATA) +
                                     "/waf/waf-all-examples.ndjson"));
  EXPECT_EQ(r.diag.skipped(), 0u) << (r.diag.examples().empty() ? "" : r.diag.examples()[0].reason);
  ASSERT_EQ(r.records.size(), 11u);
  int blocks = 0;
  for (const Seen& s : r.records) blocks += s.action == "BLOCK";
  EXPECT_EQ(blocks, 6);
}

TEST(WafReaderTest, KeepsHeaderWithMisspeltValueKey) {
  // The AWS doc example uses "myValue": the record must not be lost.
  std::string line = R"({"timestamp":1,"action":"ALLOW","terminatingRuleId":"Default_Action",)"
                     R"("httpRequest":{"clientIp":"1.2.3.4","headers":[{"name":"a","myValue":"b"}]}})";
  ReadResult r = ReadString(line + "\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].headers, 1u);
}

TEST(WafReaderTest, ReadsRecordsConcatenatedWithoutNewline) {
  ReadResult r = ReadString(std::string(kMinimal) + kMinimal + "  " + kMinimal);
  EXPECT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.diag.skipped(), 0u);
}

TEST(WafReaderTest, SkipsMalformedLineAndKeepsNeighbours) {
  std::string text = std::string(kMinimal) + "\n{\"timestamp\": 12, \"act\n" +
                     "garbage\n" + kMinimal + "\n";
  ReadResult r = ReadString(text);
  EXPECT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.diag.skipped(), 2u);
  ASSERT_GE(r.diag.examples().size(), 2u);
  EXPECT_EQ(r.diag.examples()[0].file, "mem.log");
  EXPECT_EQ(r.diag.examples()[0].line, 2u);
  EXPECT_EQ(r.diag.examples()[1].line, 3u);
}

TEST(WafReaderTest, WrongFieldTypeSkipsRecordNamingTheField) {
  std::string bad = R"({"timestamp":"soon","action":"BLOCK","httpRequest":{}})";
  ReadResult r = ReadString(bad + "\n" + kMinimal + "\n");
  EXPECT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.diag.skipped(), 1u);
  EXPECT_NE(r.diag.examples()[0].reason.find("timestamp"), std::string::npos);
}

TEST(WafReaderTest, MissingRequiredFieldSkipsRecord) {
  ReadResult r = ReadString(R"({"timestamp":1,"httpRequest":{}})" "\n");
  EXPECT_EQ(r.records.size(), 0u);
  ASSERT_EQ(r.diag.skipped(), 1u);
  EXPECT_NE(r.diag.examples()[0].reason.find("action"), std::string::npos);
}

TEST(WafReaderTest, WrongTypeDeepInsideSkipsRecord) {
  std::string bad = R"({"timestamp":1,"action":"BLOCK","httpRequest":{},)"
                    R"("ruleGroupList":[{"ruleGroupId":7}]})";
  ReadResult r = ReadString(bad + "\n");
  EXPECT_EQ(r.records.size(), 0u);
  ASSERT_EQ(r.diag.skipped(), 1u);
  EXPECT_NE(r.diag.examples()[0].reason.find("ruleGroupId"), std::string::npos);
}

TEST(WafReaderTest, AcceptsResponseCodeAsStringOrNumber) {
  std::string a = R"({"timestamp":1,"action":"BLOCK","httpRequest":{},"responseCodeSent":"403"})";
  std::string b = R"({"timestamp":1,"action":"BLOCK","httpRequest":{},"responseCodeSent":405})";
  ReadResult r = ReadString(a + "\n" + b + "\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].response_code, 403);
  EXPECT_EQ(r.records[1].response_code, 405);
}

TEST(WafReaderTest, UnwrapsCloudWatchExportShapes) {
  std::string escaped;
  for (char c : std::string(kMinimal)) {
    if (c == '"') escaped += '\\';
    escaped += c;
  }
  std::string prefixed = std::string("2026-11-20T08:00:00.000Z ") + kMinimal;
  std::string event = R"({"id":"1","timestamp":1,"message":")" + escaped + "\"}";
  std::string envelope = R"({"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":")" +
                         escaped + R"("},{"id":"2","message":")" + escaped + "\"}]}";
  ReadResult r = ReadString(prefixed + "\n" + event + "\n" + envelope + "\n");
  EXPECT_EQ(r.diag.skipped(), 0u);
  ASSERT_EQ(r.records.size(), 4u);
  for (const Seen& s : r.records) EXPECT_EQ(s.uri, "/a");
}

TEST(WafReaderTest, IgnoresUnknownFieldsAndNulls) {
  std::string line = R"({"timestamp":1,"newField":{"x":[1,2]},"action":"ALLOW",)"
                     R"("labels":null,"ruleGroupList":null,"httpRequest":{"clientIp":"::1","future":1}})";
  ReadResult r = ReadString(line + "\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].client, "::1");
}

TEST(WafReaderTest, HostileBytesDoNotCrash) {
  std::string text = std::string("\x00\x01\xff{\"a\":", 7) + "\n" +
                     std::string(10000, '[') + "\n" + kMinimal + "\n";
  ReadResult r = ReadString(text);
  EXPECT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.diag.skipped(), 2u);
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

TEST(WafReaderTest, WithoutHeadersRecordsAreAcceptedAndSkippedAlike) {
  // Summary reads without headers; a record must count the same either way.
  const std::string good =
      R"({"timestamp":1,"action":"BLOCK","httpRequest":{"headers":[{"name":"a","value":"b"}]}})";
  const std::string bad =
      R"({"timestamp":1,"action":"BLOCK","httpRequest":{"headers":[{"name":7,"value":"b"}]}})";
  for (bool headers : {true, false}) {
    Diagnostics diag;
    std::string text = good + "\n" + bad + "\n";
    LineReader lines(OpenMemory(text, "m", &diag), "m", &diag);
    WafReader reader(&diag);
    reader.set_header_policy(headers ? HeaderPolicy::kAll : HeaderPolicy::kNone);
    size_t seen_headers = 0;
    reader.ReadAll(&lines, [&](const WafRecord& r) { seen_headers += r.request.headers.size(); });
    EXPECT_EQ(reader.records(), 1u) << headers;
    EXPECT_EQ(diag.skipped(), 1u) << headers;
    EXPECT_EQ(seen_headers, headers ? 1u : 0u);
  }
}

}  // namespace
}  // namespace waftune

namespace waftune {
namespace {

// Header counts of every record read from `text` under `policy`.
std::vector<size_t> HeadersUnder(HeaderPolicy policy, const std::string& text,
                                 uint64_t* skipped = nullptr) {
  Diagnostics diag;
  LineReader lines(OpenMemory(text, "p.log", &diag), "p.log", &diag);
  WafReader reader(&diag);
  reader.set_header_policy(policy);
  std::vector<size_t> out;
  reader.ReadAll(&lines, [&](const WafRecord& r) { out.push_back(r.request.headers.size()); });
  if (skipped != nullptr) *skipped = diag.skipped();
  return out;
}

constexpr char kHeaders[] =
    R"("httpRequest":{"clientIp":"1.2.3.4","uri":"/","headers":[{"name":"Host","value":"a"},)"
    R"({"name":"User-Agent","value":"b"}]})";

TEST(WafReaderHeaderPolicyTest, RuleMatchedRecordsGetHeadersAllowedOnesDoNot) {
  const std::string text =
      // Allowed, nothing matched.
      std::string(R"({"timestamp":1,"action":"ALLOW","ruleGroupList":[{"ruleGroupId":"g",)"
                  R"("terminatingRule":null,"nonTerminatingMatchingRules":[],"excludedRules":null}],)") +
      kHeaders + "}\n" +
      // Blocked.
      R"({"timestamp":1,"action":"BLOCK","terminatingRuleId":"r",)" + kHeaders + "}\n" +
      // Allowed but counted inside a group.
      R"({"timestamp":1,"action":"ALLOW","ruleGroupList":[{"ruleGroupId":"g","terminatingRule":null,)"
      R"("nonTerminatingMatchingRules":[{"ruleId":"x","action":"COUNT"}]}],)" + kHeaders + "}\n" +
      // Allowed but counted at the top level.
      R"({"timestamp":1,"action":"ALLOW","nonTerminatingMatchingRules":[{"ruleId":"y","action":"COUNT"}],)" +
      kHeaders + "}\n" +
      // Allowed, a rule excluded as count.
      R"({"timestamp":1,"action":"ALLOW","ruleGroupList":[{"ruleGroupId":"g","terminatingRule":null,)"
      R"("excludedRules":[{"exclusionType":"EXCLUDED_AS_COUNT","ruleId":"z"}]}],)" + kHeaders + "}\n";
  EXPECT_EQ(HeadersUnder(HeaderPolicy::kRuleMatched, text), (std::vector<size_t>{0, 2, 2, 2, 2}));
  EXPECT_EQ(HeadersUnder(HeaderPolicy::kAll, text), (std::vector<size_t>{2, 2, 2, 2, 2}));
  EXPECT_EQ(HeadersUnder(HeaderPolicy::kNone, text), (std::vector<size_t>{0, 0, 0, 0, 0}));
}

TEST(WafReaderHeaderPolicyTest, MatchLoggedAfterTheRequestStillGetsHeaders) {
  // Fields out of AWS's order: the request comes before what matched, so the
  // headers were skipped when reached; the record is parsed again.
  const std::string text =
      std::string(R"({"timestamp":1,"action":"ALLOW",)") + kHeaders +
      R"(,"nonTerminatingMatchingRules":[{"ruleId":"y","action":"COUNT"}]})" +
      R"({"timestamp":2,"action":"ALLOW",)" + kHeaders + "}" +
      // The action not seen yet when the headers come: kept (conservative).
      R"({"timestamp":2,)" + kHeaders + R"(,"action":"ALLOW"})" + "\n" +
      R"({"message":"{\"timestamp\":3,\"action\":\"ALLOW\",\"httpRequest\":{\"headers\":[{\"name\":\"a\",\"value\":\"b\"}]},\"nonTerminatingMatchingRules\":[{\"ruleId\":\"y\",\"action\":\"COUNT\"}]}"})" +
      "\n";
  uint64_t skipped = 0;
  // Three records concatenated on one line, then a wrapped one.
  EXPECT_EQ(HeadersUnder(HeaderPolicy::kRuleMatched, text, &skipped),
            (std::vector<size_t>{2, 0, 2, 1}));
  EXPECT_EQ(skipped, 0u);
}

TEST(WafReaderHeaderPolicyTest, BadHeadersSkipTheRecordUnderEveryPolicy) {
  const std::string text =
      R"({"timestamp":1,"action":"ALLOW","httpRequest":{"headers":[{"name":7,"value":"b"}]}})"
      "\n"
      R"({"timestamp":1,"action":"BLOCK","httpRequest":{"headers":[{"name":"a","value":[]}]}})"
      "\n"
      // Regression (found by fuzzing the policies against each other): an
      // invalid escape in a header was accepted when headers were only
      // type-checked, and skipped when they were read.
      R"({"timestamp":1,"action":"ALLOW","httpRequest":{"headers":[{"name":"Ac\ept","value":"b"}]}})"
      "\n";
  for (HeaderPolicy p : {HeaderPolicy::kAll, HeaderPolicy::kNone, HeaderPolicy::kRuleMatched}) {
    uint64_t skipped = 0;
    EXPECT_TRUE(HeadersUnder(p, text, &skipped).empty()) << static_cast<int>(p);
    EXPECT_EQ(skipped, 3u) << static_cast<int>(p);
  }
}

// Plain lines may take the whole-record fast path (compact_record.h): the
// records delivered, the count and every message must be the same as with
// the full parser alone.
TEST(WafReaderFastPathTest, PlainLinesGiveTheSameRecordsAndMessages) {
  const std::string lines[] = {
      kMinimal,
      std::string(kMinimal) + kMinimal,                          // Two records.
      std::string(kMinimal) + " x",                              // Garbage after.
      R"({"timestamp":null,"action":"BLOCK","httpRequest":{}})",  // Skipped.
      R"({"timestamp":1,"action":"COUNT","httpRequest":{}})",
      R"({"message":"{}"})",                                       // Wrapper.
      R"({"timestamp":1,"action":"ALLOW","httpRequest":{"uri":5}})",
      R"({"timestamp":1, "action":"ALLOW","httpRequest":{}})",    // Whitespace.
      R"({"timestamp":1,"action":"ALLOW","httpRequest":{"headers":[{"name":}]}})",
      "2026-11-20T08:00:01.123Z " + std::string(kMinimal),         // Export prefix.
      "not json",
  };
  for (HeaderPolicy policy : {HeaderPolicy::kAll, HeaderPolicy::kNone,
                              HeaderPolicy::kRuleMatched}) {
    for (const std::string& text : lines) {
      SCOPED_TRACE(text);
      std::string padded = text + std::string(kLinePadding, '\0');
      std::string_view line(padded.data(), text.size());
      std::string outcome[2];
      for (bool plain : {false, true}) {
        Diagnostics diag;
        WafReader reader(&diag);
        reader.set_header_policy(policy);
        std::string& out = outcome[plain];
        uint64_t good = reader.ParseLine(line, "f.log", 7, [&](const WafRecord& r) {
          out += std::string(r.request.uri) + "|" + std::to_string(r.request.headers.size()) +
                 "|" + std::string(WafActionName(r.action)) + ";";
        }, /*has_backslash=*/false, plain);
        out += " good=" + std::to_string(good) + " skipped=" + std::to_string(reader.skipped()) +
               " records=" + std::to_string(reader.records());
        for (const DiagnosticEntry& e : diag.examples()) {
          out += " " + e.file + ":" + std::to_string(e.line) + ":" + e.reason;
        }
      }
      EXPECT_EQ(outcome[true], outcome[false]);
    }
  }
}

}  // namespace
}  // namespace waftune
