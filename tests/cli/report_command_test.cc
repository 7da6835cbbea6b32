#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <fstream>
#include <map>
#include <vector>
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


// --- report --baseline: the generated set split at 09:00 into two windows.

const std::string kGen = kSrc + "/tests/data/generated";
constexpr const char* kSplit = "2026-11-20T09:00:00Z";
constexpr const char* kSplitPrefix = "2026-11-20T09:00:00";

// One truth row: the fields the baseline figures depend on.
struct TruthRow {
  std::string timestamp, method, uri, rule_rows;
  bool in_waf_log = false;
};

// Splits one CSV line (quoted fields may hold commas and "").
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// Reads truth/requests.csv.gz directly (an independent path from waftune's
// readers): columns by the header names.
std::vector<TruthRow> ReadTruth() {
  std::string cmd = "gzip -dc " + kGen + "/truth/requests.csv.gz";
  FILE* p = popen(cmd.c_str(), "r");
  std::string text;
  char buf[65536];
  size_t n;
  while (p != nullptr && (n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  if (p != nullptr) pclose(p);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> head = CsvFields(line);
  auto col = [&head](const char* name) {
    return static_cast<size_t>(std::find(head.begin(), head.end(), name) - head.begin());
  };
  const size_t ts = col("timestamp"), method = col("method"), uri = col("uri"),
               rows = col("rule_rows"), in_waf = col("in_waf_log");
  std::vector<TruthRow> out;
  while (std::getline(in, line)) {
    std::vector<std::string> f = CsvFields(line);
    if (f.size() != head.size()) continue;
    out.push_back({f[ts], f[method], f[uri], f[rows], f[in_waf] == "1"});
  }
  return out;
}

bool Before(const TruthRow& r) { return r.timestamp < kSplitPrefix; }

std::string TruthKey(simdjson::dom::element row) {
  auto part = [&row](const char* k) {
    simdjson::dom::element v = row[k];
    return v.is_null() ? std::string("-") : std::string(std::string_view(v));
  };
  return part("web_acl_rule") + "|" + part("rule_group") + "|" + part("rule") + "|" +
         part("action");
}

std::vector<std::string> RowsOf(const TruthRow& r) {
  std::vector<std::string> rows;
  std::istringstream in(r.rule_rows);
  std::string row;
  while (std::getline(in, row, ';')) {
    if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
  }
  return rows;
}

std::string BaselineExclusionsFile() {
  std::string path = TempPath("_baseline.json");
  std::ofstream(path)
      << R"({"exclusions":[
  {"id":"oauth-rfi","rule_group":"AWS#AWSManagedRulesCommonRuleSet",
   "rule":"GenericRFI_QUERYARGUMENTS","when":{"uri":"^/oauth/callback$"}},
  {"id":"cms-xss","rule_group":"AWS#AWSManagedRulesCommonRuleSet",
   "rule":"CrossSiteScripting_BODY",
   "when":{"method":"^POST$","uri":"^/admin/cms/articles/[0-9]+$"}}]})";
  return path;
}

std::string BaselineArgs(const std::string& exclusions) {
  return "--since " + std::string(kSplit) + " --baseline-until " + kSplit + " -x " +
         exclusions + " --baseline " + kGen + "/waf -- " + kGen + "/waf";
}

TEST(ReportBaselineTest, RuleRowDeltasEqualTheTruthSplitByTime) {
  std::string x = BaselineExclusionsFile();
  auto r = RunWaftune("report --format json " + BaselineArgs(x));
  std::remove(x.c_str());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::map<std::string, std::pair<uint64_t, uint64_t>> truth;  // before, after
  for (const TruthRow& t : ReadTruth()) {
    if (!t.in_waf_log) continue;
    for (const std::string& row : RowsOf(t)) (Before(t) ? truth[row].first : truth[row].second)++;
  }
  ASSERT_GT(truth.size(), 10u);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  simdjson::dom::array rules = doc["baseline"]["rules"];
  EXPECT_EQ(rules.size(), truth.size());
  for (simdjson::dom::element row : rules) {
    std::string key = TruthKey(row);
    ASSERT_TRUE(truth.count(key)) << key;
    uint64_t before = row["requests_before"], after = row["requests_after"];
    int64_t delta = row["requests_delta"];
    EXPECT_EQ(before, truth[key].first) << key;
    EXPECT_EQ(after, truth[key].second) << key;
    EXPECT_EQ(delta, static_cast<int64_t>(after) - static_cast<int64_t>(before)) << key;
  }
}

// Figures of one exclusion in one window, from `waftune replay` over that
// window alone (a separate run and command).
struct ReplayFigures {
  uint64_t released = 0, blocks = 0, suspicious = 0;
};

ReplayFigures ReplayWindow(const std::string& exclusions, const std::string& id,
                           const std::string& window) {
  auto r = RunWaftune("replay --format json " + window + " -x " + exclusions + " " + kGen +
                      "/waf");
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ReplayFigures f;
  if (parser.parse(r.out).get(doc) != simdjson::SUCCESS) return f;
  for (simdjson::dom::element e : doc["replay"].get_array()) {
    if (std::string_view(e["id"]) != id) continue;
    f.released = e["released"];
    f.blocks = e["released_blocks"];
    f.suspicious = e["released_suspicious"];
  }
  return f;
}

TEST(ReportBaselineTest, ExclusionFiguresEqualReplaysOfEachWindowAndTheTruth) {
  std::string x = BaselineExclusionsFile();
  auto r = RunWaftune("report --format json " + BaselineArgs(x));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  // Companion matchers never leak into the replay section.
  for (simdjson::dom::element e : doc["replay"].get_array()) {
    EXPECT_EQ(std::string_view(e["id"]).find("~rule"), std::string_view::npos);
  }
  // Truth: requests of GenericRFI_QUERYARGUMENTS, and those on the callback.
  uint64_t rule[2] = {0, 0}, scope[2] = {0, 0}, scope_blocks[2] = {0, 0};
  for (const TruthRow& t : ReadTruth()) {
    if (!t.in_waf_log) continue;
    const int w = Before(t) ? 0 : 1;
    bool any = false, block = false;
    for (const std::string& row : RowsOf(t)) {
      if (row.find("|GenericRFI_QUERYARGUMENTS|") == std::string::npos) continue;
      any = true;
      block = block || row.ends_with("|BLOCK");
    }
    rule[w] += any;
    scope[w] += any && t.uri == "/oauth/callback";
    scope_blocks[w] += block && t.uri == "/oauth/callback";
  }
  const std::string windows[2] = {"--until " + std::string(kSplit),
                                  "--since " + std::string(kSplit)};
  const char* sides[2] = {"before", "after"};
  simdjson::dom::element oauth;
  for (simdjson::dom::element e : doc["baseline"]["exclusions"].get_array()) {
    if (std::string_view(e["id"]) == "oauth-rfi") oauth = e;
  }
  ASSERT_TRUE(oauth.is_object());
  for (int w = 0; w < 2; ++w) {
    ReplayFigures rep = ReplayWindow(x, "oauth-rfi", windows[w]);
    simdjson::dom::element side = oauth[sides[w]];
    EXPECT_EQ(uint64_t(side["rule_requests"]), rule[w]) << sides[w];
    EXPECT_EQ(uint64_t(side["in_scope"]), scope[w]) << sides[w];
    EXPECT_EQ(uint64_t(side["in_scope_blocks"]), scope_blocks[w]) << sides[w];
    EXPECT_EQ(uint64_t(side["in_scope"]), rep.released) << sides[w];
    EXPECT_EQ(uint64_t(side["in_scope_blocks"]), rep.blocks) << sides[w];
    EXPECT_EQ(uint64_t(side["in_scope_suspicious"]), rep.suspicious) << sides[w];
  }
  // The split puts every callback request after 09:00 (generator scenario).
  EXPECT_EQ(scope_blocks[0], 0u);
  EXPECT_GT(scope_blocks[1], 0u);
  EXPECT_EQ(int64_t(oauth["observed_release"]),
            static_cast<int64_t>(scope_blocks[0]) - static_cast<int64_t>(scope_blocks[1]));
  EXPECT_EQ(uint64_t(oauth["predicted_release"]), scope_blocks[0]);
  // Rule-wide suspicious figures equal a rule-only replay of each window.
  std::string all = TempPath("_rule_only.json");
  std::ofstream(all) << R"({"exclusions":[{"id":"all","rule_group":)"
                        R"("AWS#AWSManagedRulesCommonRuleSet","rule":"GenericRFI_QUERYARGUMENTS"}]})";
  for (int w = 0; w < 2; ++w) {
    ReplayFigures rep = ReplayWindow(all, "all", windows[w]);
    simdjson::dom::element side = oauth[sides[w]];
    EXPECT_EQ(uint64_t(side["rule_suspicious"]), rep.suspicious) << sides[w];
    EXPECT_EQ(uint64_t(side["rule_blocks"]), rep.blocks) << sides[w];
    EXPECT_EQ(uint64_t(side["out_of_scope_suspicious"]),
              rep.suspicious - uint64_t(side["in_scope_suspicious"]))
        << sides[w];
  }
  std::remove(all.c_str());
  std::remove(x.c_str());
}

TEST(ReportBaselineTest, MarkdownAndHtmlShowTheComparison) {
  std::string x = BaselineExclusionsFile();
  auto md = RunWaftune("report --format md " + BaselineArgs(x));
  auto html = RunWaftune("report --format html " + BaselineArgs(x));
  auto plain = RunWaftune("report --format json -x " + x + " " + kGen + "/waf");
  std::remove(x.c_str());
  ASSERT_EQ(md.exit_code, 0);
  ASSERT_EQ(html.exit_code, 0);
  EXPECT_NE(md.out.find("## Baseline comparison"), std::string::npos);
  EXPECT_NE(md.out.find("| oauth-rfi |"), std::string::npos);
  EXPECT_NE(html.out.find("<h2>Baseline comparison</h2>"), std::string::npos);
  EXPECT_EQ(plain.out.find("\"baseline\""), std::string::npos);
}

}  // namespace
}  // namespace waftune
