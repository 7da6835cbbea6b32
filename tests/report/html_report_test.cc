#include "report/html_report.h"

#include <gtest/gtest.h>

#include <string>

#include "report/markdown_report.h"

namespace waftune {
namespace {

constexpr const char* kScript = "<script>alert(1)</script>";
constexpr const char* kImg = "\"><img src=x onerror=alert(1)>";

Findings HostileFindings() {
  Findings f;
  f.command = "report";
  f.window_start_ms = 1700000000000;
  f.window_end_ms = 1700003600000;
  f.bucket_ms = 600000;
  f.web_acls = {kScript};
  InputSummary waf;
  waf.files = 1;
  waf.records = 10;
  waf.skipped = 1;
  waf.errors.push_back({std::string("logs/") + kImg, 7, kScript});
  f.inputs["waf"] = waf;
  RuleFinding block;
  block.rule = kScript;
  block.action = "BLOCK";
  block.requests = 6;
  block.top_uris = {{std::string("/x") + kImg, 6, 0}};
  block.series = {{1700000000000, 2}, {1700000600000, 4}};
  f.rules.push_back(block);
  RuleFinding count;
  count.rule_group = std::string("AWS#AWSManagedRulesCommonRuleSet");
  count.rule = kImg;
  count.action = "COUNT";
  count.requests = 4;
  count.legitimate = LegitimacyFinding{3, 2, 4, 2, "likely-false-positives", {}, "strong"};
  f.rules.push_back(count);
  f.has_replay = true;
  ReplayFinding rep;
  rep.id = kScript;
  rep.rule = kImg;
  rep.examples.push_back({1700000000000, "r", "1.2.3.4", "US", "GET", kImg, kScript, kScript,
                          "COUNT", {}, true, "", ""});
  f.replay.push_back(rep);
  f.notes.push_back(kScript);
  return f;
}

TEST(HtmlReportTest, HostileStringsNeverAppearRaw) {
  std::string html = FindingsToHtml(HostileFindings(), {});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(HtmlReportTest, HasCspAndNoExternalResources) {
  std::string html = FindingsToHtml(HostileFindings(), {});
  EXPECT_NE(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                      "'none'; style-src 'unsafe-inline'; img-src data:\">"),
            std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  // Escaping turns quotes into &quot;, so a quoted src/href is markup.
  for (const char* attr : {"src=\"", "href=\"", "src='", "href='", "url("}) {
    EXPECT_EQ(html.find(attr), std::string::npos) << attr;
  }
}

TEST(HtmlReportTest, ShowsSectionsChartsAndPromotionReadiness) {
  std::string html = FindingsToHtml(HostileFindings(), {});
  for (const char* s : {"<h2>Scope</h2>", "<h2>Rules</h2>", "<h2>Charts</h2>",
                        "<h2>Replay of candidate exclusions</h2>", "<h2>Skipped input</h2>",
                        "<h2>Method notes</h2>", "<polyline", "needs exclusion",
                        "3 (2–4)", "10-minute buckets", ":7</code>"}) {
    EXPECT_NE(html.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(html.find("<h2>Layer diagnosis</h2>"), std::string::npos);
}

TEST(HtmlReportTest, PromotionReadinessFollowsVerdictAndEvidence) {
  RuleFinding r;
  r.action = "COUNT";
  EXPECT_EQ(PromotionReadiness(r), "no access logs");
  r.legitimate = LegitimacyFinding{0, 0, 0, 0, "likely-attacks", {}, "strong"};
  EXPECT_EQ(PromotionReadiness(r), "ready to block");
  r.legitimate->verdict = "mixed";
  r.legitimate->requests = 5;
  EXPECT_EQ(PromotionReadiness(r), "needs exclusion");
  r.legitimate->evidence_level = "thin";
  EXPECT_EQ(PromotionReadiness(r), "insufficient evidence");
  r.action = "BLOCK";
  EXPECT_EQ(PromotionReadiness(r), "");
}

TEST(MarkdownReportTest, SameSectionsAndEscapedCells) {
  std::string md = FindingsToMarkdownReport(HostileFindings(), {});
  for (const char* s : {"## Scope", "## Rules", "## Replay", "## Skipped input",
                        "## Method notes", "needs exclusion"}) {
    EXPECT_NE(md.find(s), std::string::npos) << s;
  }
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
}

}  // namespace
}  // namespace waftune
