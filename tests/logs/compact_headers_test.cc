// The raw fast path for request headers (logs/compact_headers.h) must accept
// exactly AWS's compact form, and a record parsed with it must equal the
// record parsed field by field, under every header policy.
#include "logs/compact_headers.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "logs/waf_record_parser.h"
#include "tests/logs/record_parse_for_test.h"

namespace waftune {
namespace {

constexpr char kHeaders[] =
    R"([{"name":"host","value":"shop.example.com"},)"
    R"({"name":"user-agent","value":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"},)"
    R"({"name":"x-empty","value":""}])";

const char* MatchAt(const std::string& text, bool may_have_escapes, std::vector<HttpHeader>* out) {
  return MatchCompactHeaders(text.data(), text.data() + text.size(), may_have_escapes, out);
}

// A match that consumed the whole text.
bool Match(const std::string& text, bool may_have_escapes, std::vector<HttpHeader>* out) {
  return MatchAt(text, may_have_escapes, out) == text.data() + text.size();
}

TEST(CompactHeadersTest, AcceptsTheCompactFormAndViewsTheText) {
  const std::string text = kHeaders;  // Outlives the views.
  std::vector<HttpHeader> out;
  ASSERT_TRUE(Match(text, true, &out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].name, "host");
  EXPECT_EQ(out[0].value, "shop.example.com");
  EXPECT_EQ(out[1].value, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36");
  EXPECT_EQ(out[2].name, "x-empty");
  EXPECT_EQ(out[2].value, "");
  EXPECT_TRUE(Match(text, false, nullptr));  // Shape check only.
  out.clear();
  EXPECT_TRUE(Match("[]", true, &out));
  EXPECT_TRUE(out.empty());
  // It stops after the array: the caller goes on from there.
  const std::string more = std::string(kHeaders) + R"(,"uri":"/"})";
  EXPECT_EQ(MatchAt(more, true, nullptr), more.data() + text.size());
}

TEST(CompactHeadersTest, RejectsAnythingElseAndLeavesOutputAlone) {
  const std::string bad[] = {
      R"([{"name":"a","value":"b"}, {"name":"c","value":"d"}])",  // Whitespace.
      R"([{"value":"b","name":"a"}])",                              // Key order.
      R"([{"name":"a"}])",                                          // No value.
      R"([{"name":"a","value":"b","extra":1}])",                    // Extra key.
      R"([{"name":"a","value":null}])",                             // Null value.
      R"([{"name":"a","value":7}])",                                // Number.
      R"([{"name":"a\"b","value":"c"}])",                           // Escape.
      R"([{"name":"a","value":"b\\"}])",                            // Escape at end.
      R"([{"name":"a","value":"b"})",                               // No ']'.
      R"([{"name":"a","value":"b"},])",                             // Trailing ','.
      R"(["host"])",
      "null",
      "[",
      "",
  };
  for (const std::string& text : bad) {
    SCOPED_TRACE(text);
    std::vector<HttpHeader> out(1);
    EXPECT_EQ(MatchAt(text, true, &out), nullptr);
    EXPECT_EQ(out.size(), 1u);
    EXPECT_EQ(MatchAt(text, true, nullptr), nullptr);
  }
}

TEST(CompactHeadersTest, NeverReadsPastTheEnd) {
  // Long enough for the vector quote search to run, with the closing quote
  // of the long value just past each cut.
  const std::string text = std::string(R"([{"name":"a","value":")") + std::string(100, 'v') + R"("}])";
  for (size_t cut = 0; cut < text.size(); ++cut) {
    std::vector<HttpHeader> out;
    EXPECT_EQ(MatchCompactHeaders(text.data(), text.data() + cut, false, &out), nullptr) << cut;
    EXPECT_TRUE(out.empty());
  }
  std::vector<HttpHeader> out;
  EXPECT_EQ(MatchCompactHeaders(text.data(), text.data() + text.size(), false, &out),
            text.data() + text.size());
  EXPECT_EQ(out.at(0).value.size(), 100u);
}

// The record a parse yields, flattened to compare fast and slow paths.
std::string Describe(const std::string& headers, bool fast, HeaderPolicy policy) {
  std::string json =
      R"({"timestamp":1,"action":"BLOCK","terminatingRuleId":"R","terminatingRuleType":"REGULAR",)"
      R"("httpRequest":{"clientIp":"192.0.2.1","headers":)" + headers +
      R"(,"uri":"/a"}})";
  ParsedRecord parsed(json, policy, fast);
  std::string out = parsed.error() + "|" + std::string(parsed.record().request.uri) + "|";
  for (const HttpHeader& h : parsed.record().request.headers) {
    out += std::string(h.name) + "=" + std::string(h.value) + ";";
  }
  return out;
}

TEST(CompactHeadersTest, ParserGivesTheSameRecordWithAndWithoutFastPath) {
  const std::string cases[] = {
      kHeaders,
      "[]",
      "null",
      R"([{"name":"a","value":"b"}, {"name":"c","value":"d"}])",
      R"([{"name":"a\u0041","value":"b\"c"}])",  // Escapes: decoded the slow way.
      R"([{"name":"a","value":7}])",             // Wrong type: same error.
      R"([{"name":"a\e","value":"b"}])",         // Invalid escape: same error.
      R"([{"value":"b"}])",
      R"({"name":"a"})",
      R"([{"name":}])",  // No value: the same message (found by fuzzing).
  };
  for (HeaderPolicy policy : {HeaderPolicy::kAll, HeaderPolicy::kNone, HeaderPolicy::kRuleMatched}) {
    for (const std::string& headers : cases) {
      SCOPED_TRACE(headers);
      EXPECT_EQ(Describe(headers, true, policy), Describe(headers, false, policy));
    }
  }
  EXPECT_EQ(Describe(kHeaders, true, HeaderPolicy::kAll),
            "|/a|host=shop.example.com;user-agent=Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
            "AppleWebKit/537.36;x-empty=;");
  EXPECT_EQ(Describe(kHeaders, true, HeaderPolicy::kNone), "|/a|");
  EXPECT_NE(Describe(R"([{"name":"a","value":7}])", true, HeaderPolicy::kNone).substr(0, 1), "|");
}

}  // namespace
}  // namespace waftune
