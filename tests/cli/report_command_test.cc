#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/cli/cli_test_util.h"

namespace waftune {
namespace {

using testing::RunWaftune;

const std::string kSrc = WAFTUNE_SOURCE_DIR;
const std::string kInputs = "--alb " + kSrc + "/examples/alb -x " + kSrc +
                            "/examples/exclusions.json " + kSrc + "/examples/waf";

std::string TempPath(const std::string& ext) {
  return ::testing::TempDir() + "waftune_report_" + std::to_string(getpid()) + ext;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ReportCommandTest, HtmlOnExamplesIsSelfContained) {
  std::string out = TempPath(".html");
  auto r = RunWaftune("report --format html -o " + out + " " + kInputs);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string html = ReadAll(out);
  std::remove(out.c_str());
  ASSERT_FALSE(html.empty());
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Log text may mention URLs (escaped); markup must not load anything.
  for (const char* attr : {"src=\"", "href=\"", "src='", "href='"}) {
    EXPECT_EQ(html.find(attr), std::string::npos) << attr;
  }
  for (const char* s : {"<h2>Rules</h2>", "<h2>Replay of candidate exclusions</h2>",
                        "<h2>Layer diagnosis</h2>", "<svg", "Promotion"}) {
    EXPECT_NE(html.find(s), std::string::npos) << s;
  }
}

TEST(ReportCommandTest, DefaultFormatIsHtml) {
  auto r = RunWaftune("report " + kSrc + "/examples/waf");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("<!DOCTYPE html>", 0), 0u);
}

TEST(ReportCommandTest, MarkdownHasSameSections) {
  auto r = RunWaftune("report --format md " + kInputs);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* s : {"# waftune report", "## Scope", "## Rules", "## Replay",
                        "## Layer diagnosis", "## Method notes"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  }
}

TEST(ReportCommandTest, JsonIsContractWithReplayAndDiagnosis) {
  auto r = RunWaftune("report --format json " + kInputs);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  EXPECT_EQ(std::string_view(doc["waftune"]["command"]), "report");
  EXPECT_TRUE(doc["replay"].is_array());
  EXPECT_TRUE(doc["diagnosis"].is_object());
  EXPECT_TRUE(doc["rules"].is_array());
}

TEST(ReportCommandTest, InvalidExclusionsFileIsUsageError) {
  std::string bad = TempPath(".json");
  std::ofstream(bad) << "{\"exclusions\": [ {\"id\": 1, \"bogus\": true} ]";
  auto r = RunWaftune("report -x " + bad + " " + kSrc + "/examples/waf 2>/dev/null");
  std::remove(bad.c_str());
  EXPECT_EQ(r.exit_code, 2);
}

// Renders the report in headless Chromium (tests/browser/check_html.sh).
// Opt-in: CI machines may not have a browser.
TEST(ReportCommandTest, RendersInHeadlessChromium) {
  const char* on = std::getenv("WAFTUNE_BROWSER_TESTS");
  if (on == nullptr || std::string(on) != "1") GTEST_SKIP() << "WAFTUNE_BROWSER_TESTS!=1";
  std::string out = TempPath("_browser.html");
  auto r = RunWaftune("report -o " + out + " " + kInputs);
  ASSERT_EQ(r.exit_code, 0);
  std::string png = TempPath(".png");
  int rc = std::system(("sh " + kSrc + "/tests/browser/check_html.sh " + out + " " + png +
                        " >/dev/null 2>&1").c_str());
  std::remove(out.c_str());
  std::remove(png.c_str());
  EXPECT_EQ(rc, 0);
}

}  // namespace
}  // namespace waftune
