// `waftune report`'s "Suggested exclusions" section: the same suggestions
// as `waftune suggest` in every format, --no-suggest, the cases where none
// can be computed, and escaping of hostile suggestion text.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "report/html_report.h"
#include "report/markdown_report.h"
#include "report/suggestion_table.h"
#include "tests/cli/cli_test_util.h"

namespace waftune {
namespace {

using testing::RunWaftune;
using testing::TestData;

std::string Inputs() {
  return "--alb " + TestData("generated/alb") + " -- " + TestData("generated/waf");
}

// The minified "suggestions" array of a JSON document, or "" without one.
std::string SuggestionsOf(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc, s;
  if (parser.parse(json).get(doc) || doc["suggestions"].get(s)) return "";
  return simdjson::minify(s);
}

// (id, verdict word) of every suggestion in `waftune suggest --format json`.
std::vector<std::pair<std::string, std::string>> SuggestIdsAndWords() {
  auto r = RunWaftune("suggest --format json " + Inputs());
  std::vector<std::pair<std::string, std::string>> out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (r.exit_code != 0 || parser.parse(r.out).get(doc)) return out;
  for (simdjson::dom::element s : doc["suggestions"].get_array()) {
    std::string_view id = s["exclusion"]["id"], v = s["verdict"];
    SuggestionVerdict verdict = v == "suggested"     ? SuggestionVerdict::kSuggested
                                : v == "alternative" ? SuggestionVerdict::kAlternative
                                                     : SuggestionVerdict::kRejected;
    out.emplace_back(std::string(id), VerdictWord(verdict));
  }
  return out;
}

TEST(ReportSuggestionsTest, JsonSuggestionsEqualSuggestCommand) {
  auto suggest = RunWaftune("suggest --format json " + Inputs());
  auto report = RunWaftune("report --format json " + Inputs());
  ASSERT_EQ(suggest.exit_code, 0);
  ASSERT_EQ(report.exit_code, 0) << report.out;
  std::string want = SuggestionsOf(suggest.out);
  ASSERT_NE(want, "");
  ASSERT_NE(want, "[]") << "the generated set should yield suggestions";
  EXPECT_EQ(SuggestionsOf(report.out), want);
  EXPECT_NE(report.out.find("\"rules\""), std::string::npos);  // Existing fields stay.
}

TEST(ReportSuggestionsTest, HtmlListsSuggestIdsVerdictsAndArtefacts) {
  auto want = SuggestIdsAndWords();
  ASSERT_FALSE(want.empty());
  auto r = RunWaftune("report --format html " + Inputs());
  ASSERT_EQ(r.exit_code, 0);
  size_t section = r.out.find("<h2>Suggested exclusions</h2>");
  ASSERT_NE(section, std::string::npos);
  size_t kept = 0;
  for (const auto& [id, word] : want) {
    EXPECT_NE(r.out.find("<td>" + id + "</td><td>" + word + "</td>", section),
              std::string::npos) << id << " " << word;
    kept += word == "keep";
  }
  // WAFv2 JSON and Terraform of each kept suggestion, and nothing else.
  size_t pres = 0;
  for (size_t at = r.out.find("<pre>"); at != std::string::npos; at = r.out.find("<pre>", at + 1)) {
    ++pres;
  }
  EXPECT_EQ(pres, 2 * kept);
  EXPECT_NE(r.out.find("ManagedRuleGroupStatement", section), std::string::npos);
  EXPECT_NE(r.out.find("rule {", section), std::string::npos);
  EXPECT_EQ(r.out.find("<script"), std::string::npos);
}

TEST(ReportSuggestionsTest, MarkdownListsSuggestIdsAndVerdicts) {
  auto want = SuggestIdsAndWords();
  ASSERT_FALSE(want.empty());
  auto r = RunWaftune("report --format md " + Inputs());
  ASSERT_EQ(r.exit_code, 0);
  size_t section = r.out.find("## Suggested exclusions");
  ASSERT_NE(section, std::string::npos);
  for (const auto& [id, word] : want) {
    EXPECT_NE(r.out.find("| " + id + " | " + word + " |", section), std::string::npos) << id;
  }
  EXPECT_NE(r.out.find("```json\n", section), std::string::npos);
  EXPECT_NE(r.out.find("```hcl\n", section), std::string::npos);
}

TEST(ReportSuggestionsTest, NoSuggestOmitsTheSectionEverywhere) {
  auto html = RunWaftune("report --no-suggest " + Inputs());
  auto md = RunWaftune("report --format md --no-suggest " + Inputs());
  auto json = RunWaftune("report --format json --no-suggest " + Inputs());
  ASSERT_EQ(html.exit_code, 0);
  ASSERT_EQ(md.exit_code, 0);
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_EQ(html.out.find("Suggested exclusions"), std::string::npos);
  EXPECT_NE(html.out.find("<h2>Rules</h2>"), std::string::npos);
  EXPECT_EQ(md.out.find("Suggested exclusions"), std::string::npos);
  EXPECT_EQ(json.out.find("\"suggestions"), std::string::npos);
}

TEST(ReportSuggestionsTest, WithoutAccessLogsTheSectionSaysWhy) {
  auto md = RunWaftune("report --format md " + TestData("generated/waf"));
  ASSERT_EQ(md.exit_code, 0);
  size_t section = md.out.find("## Suggested exclusions");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(md.out.find("--alb", section), std::string::npos);
  auto json = RunWaftune("report --format json " + TestData("generated/waf"));
  ASSERT_EQ(json.exit_code, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json.out).get(doc), simdjson::SUCCESS) << json.out;
  std::string_view why;
  EXPECT_EQ(doc["suggestions_unavailable"].get(why), simdjson::SUCCESS);
  EXPECT_NE(why.find("access logs"), std::string_view::npos);
}

TEST(ReportSuggestionsTest, FromSummarySaysSuggestionsNeedRawLogs) {
  std::string csv = ::testing::TempDir() + "/report_suggestions_summary.csv";
  FILE* f = std::fopen(csv.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("web_acl_rule,rule_group,rule,action,requests,clients\n"
             "AWS-CRS,AWS#AWSManagedRulesCommonRuleSet,NoUserAgent_HEADER,BLOCK,12,3\n", f);
  std::fclose(f);
  auto html = RunWaftune("report --from-summary " + csv);
  auto json = RunWaftune("report --format json --from-summary " + csv);
  std::remove(csv.c_str());
  ASSERT_EQ(html.exit_code, 0) << html.out;
  size_t section = html.out.find("<h2>Suggested exclusions</h2>");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(html.out.find("not available with --from-summary", section), std::string::npos);
  EXPECT_NE(json.out.find("\"suggestions_unavailable\""), std::string::npos);
}

// A suggestion whose every field carries markup or a fence breaker.
Findings HostileSuggestionFindings() {
  Findings f;
  f.command = "report";
  SuggestionFinding s;
  s.rule_group = "AWS#<script>alert(1)</script>";
  s.rule = "R\"><img src=x onerror=alert(1)>";
  s.exclusion.id = "sg-<b>1</b>";
  Condition c;
  c.patterns = {"^/</td><script>x</script>$"};
  s.exclusion.when.push_back(c);
  s.reason = "because <iframe src=//evil>";
  s.Decide(SuggestionVerdict::kSuggested, s.reason);
  s.wafv2_json = "{\"x\":\"</pre><script>alert(2)</script>\"}\n````\n# heading";
  s.terraform = "rule {\n  name = \"</pre><img src=x>\"\n}\n```\n## out of the fence";
  f.suggestions.push_back(s);
  return f;
}

TEST(ReportSuggestionsTest, HostileSuggestionTextIsEscapedInHtml) {
  ReportOptions o;
  o.suggestions = true;
  std::string html = FindingsToHtml(HostileSuggestionFindings(), o);
  for (const char* raw : {"<script", "<img", "<iframe", "<b>", "</td><script"}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  // Only the two blocks' own closing tags: the artefacts' "</pre>" is text.
  size_t closes = 0;
  for (size_t at = html.find("</pre>"); at != std::string::npos; at = html.find("</pre>", at + 1)) {
    ++closes;
  }
  EXPECT_EQ(closes, 2u);
  EXPECT_NE(html.find("&lt;/pre&gt;&lt;script&gt;alert(2)"), std::string::npos);
  EXPECT_NE(html.find("&lt;iframe src=//evil&gt;"), std::string::npos);
}

TEST(ReportSuggestionsTest, HostileArtefactCannotCloseMarkdownFence) {
  ReportOptions o;
  o.suggestions = true;
  std::string md = FindingsToMarkdownReport(HostileSuggestionFindings(), o);
  // The JSON holds a run of 4 backticks, so its fence has 5; Terraform's 3 -> 4.
  // Each fence closes only after the text that tries to leave it.
  size_t json = md.find("`````json\n");
  ASSERT_NE(json, std::string::npos) << md;
  size_t json_end = md.find("\n`````\n", json);
  ASSERT_NE(json_end, std::string::npos);
  EXPECT_GT(json_end, md.find("# heading", json));
  size_t hcl = md.find("````hcl\n");
  ASSERT_NE(hcl, std::string::npos);
  size_t hcl_end = md.find("\n````\n", hcl);
  ASSERT_NE(hcl_end, std::string::npos);
  EXPECT_GT(hcl_end, md.find("## out of the fence", hcl));
  // Outside code blocks, markup is escaped (inside, it is shown as text).
  EXPECT_EQ(md.substr(0, json).find("<script"), std::string::npos);
  EXPECT_EQ(md.substr(0, json).find("<img"), std::string::npos);
}

}  // namespace
}  // namespace waftune
