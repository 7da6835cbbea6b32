// From an engine's CSV results to waftune findings (issue 7): the DuckDB
// flavour of `waftune sql` stands in for Athena; its CSV (written as Athena
// writes results) goes back through `crossref --from-summary/--from-features`.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdlib>
#include <map>
#include <string>
#include <tuple>

#include "io/csv_line.h"
#include "tests/cli/cli_test_util.h"
#include "tests/sql/duckdb_runner.h"

namespace waftune {
namespace {

using testing::RunWaftune;
using testing::TestData;

TEST(CsvLineTest, SplitsQuotedAndEmptyFields) {
  std::vector<std::string> f;
  ASSERT_TRUE(SplitCsvLine(R"(,"a,b","say ""hi""",3,)", &f));
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0], "");
  EXPECT_EQ(f[1], "a,b");
  EXPECT_EQ(f[2], "say \"hi\"");
  EXPECT_EQ(f[3], "3");
  EXPECT_EQ(f[4], "");
  EXPECT_FALSE(SplitCsvLine(R"("unterminated)", &f));
  EXPECT_FALSE(SplitCsvLine(R"("a"b,c)", &f));
}

// Runs `waftune sql --engine duckdb WHAT` over the generated set and
// returns the CSV path.
std::string EngineCsv(const std::string& what) {
  std::string g = TestData("generated");
  // Named after the test: ctest runs tests in parallel (a shared name raced).
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string out = ::testing::TempDir() + "/engine_" + test + "_" + what + ".csv";
  std::string cmd = std::string(WAFTUNE_BINARY) + " sql --engine duckdb " + what +
                    " --waf-glob '" + g + "/waf/**/*.log.gz' --alb-glob '" + g +
                    "/alb/**/*.log.gz' | node '" + testing::SqlToolsDir() +
                    "/run_duckdb.js' --csv > '" + out + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return out;
}

using Key = std::tuple<std::string, std::string, std::string, std::string>;

std::map<Key, std::pair<uint64_t, uint64_t>> Rows(const std::string& json, bool* has_estimates) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::map<Key, std::pair<uint64_t, uint64_t>> out;
  if (parser.parse(json).get(doc)) return out;
  auto str = [](simdjson::dom::element e) {
    return e.is_null() ? std::string() : std::string(std::string_view(e));
  };
  for (simdjson::dom::element r : doc["rules"].get_array()) {
    out[{str(r["web_acl_rule"]), str(r["rule_group"]), str(r["rule"]), str(r["action"])}] = {
        uint64_t(r["requests"]), uint64_t(r["clients"])};
    simdjson::dom::element l;
    if (!r["legitimate"].get(l) && has_estimates != nullptr) *has_estimates = true;
  }
  return out;
}

TEST(EngineIngestTest, CrossrefFromEngineCsvMatchesLocalRows) {
  if (!testing::DuckDbInstalled()) {
    if (std::getenv("CI") != nullptr) FAIL() << "npm ci --prefix tests/sql is required in CI";
    GTEST_SKIP() << "DuckDB (npm ci --prefix tests/sql) not installed";
  }
  std::string summary = EngineCsv("summary");
  std::string features = EngineCsv("features");
  auto engine = RunWaftune("crossref --format json --from-summary " + summary +
                           " --from-features " + features);
  ASSERT_EQ(engine.exit_code, 0) << engine.out;
  auto local = RunWaftune("summary --format json " + TestData("generated/waf"));
  ASSERT_EQ(local.exit_code, 0);
  bool estimates = false;
  auto got = Rows(engine.out, &estimates);
  auto want = Rows(local.out, nullptr);
  EXPECT_EQ(got, want);
  EXPECT_TRUE(estimates) << "no legitimacy estimate was attached from the features CSV";
}

TEST(EngineIngestTest, ReportFromEngineCsvWithoutRawLogs) {
  if (!testing::DuckDbInstalled()) {
    if (std::getenv("CI") != nullptr) FAIL() << "npm ci --prefix tests/sql is required in CI";
    GTEST_SKIP() << "DuckDB (npm ci --prefix tests/sql) not installed";
  }
  std::string summary = EngineCsv("summary");
  std::string features = EngineCsv("features");
  auto md = RunWaftune("report --format md --from-summary " + summary + " --from-features " +
                       features);
  ASSERT_EQ(md.exit_code, 0) << md.out;
  EXPECT_NE(md.out.find(R"(NoUserAgent\_HEADER)"), std::string::npos);  // Markdown-escaped.
  EXPECT_NE(md.out.find("likely-false-positives"), std::string::npos);
  auto html = RunWaftune("report --from-summary " + summary);
  ASSERT_EQ(html.exit_code, 0);
  EXPECT_NE(html.out.find("Content-Security-Policy"), std::string::npos);
}

TEST(EngineIngestTest, MissingColumnIsRuntimeErrorNamingIt) {
  std::string bad = ::testing::TempDir() + "/bad_summary.csv";
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs("\"rule\",\"action\"\n\"X\",\"BLOCK\"\n", f);
  std::fclose(f);
  auto r = RunWaftune("crossref --from-summary " + bad + " 2>&1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("requests"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace waftune
