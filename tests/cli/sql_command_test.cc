// `waftune sql --engine duckdb summary` run in DuckDB equals `waftune summary`.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <string>
#include <tuple>

#include "tests/cli/cli_test_util.h"
#include "tests/sql/duckdb_runner.h"

namespace waftune {
namespace {

using Rows = std::map<std::tuple<std::string, std::string, std::string, std::string>,
                      std::pair<uint64_t, uint64_t>>;

std::string Text(simdjson::dom::element e) {
  std::string_view s;
  return e.get_string().get(s) ? std::string("<null>") : std::string(s);
}

// Rows of a JSON array of rule objects (summary's "rules" or DuckDB rows).
Rows ToRows(simdjson::dom::array arr) {
  Rows rows;
  for (simdjson::dom::element r : arr) {
    uint64_t requests = 0, clients = 0;
    EXPECT_FALSE(r["requests"].get_uint64().get(requests));
    EXPECT_FALSE(r["clients"].get_uint64().get(clients));
    rows[{Text(r["web_acl_rule"].value_unsafe()), Text(r["rule_group"].value_unsafe()),
          Text(r["rule"].value_unsafe()), Text(r["action"].value_unsafe())}] = {requests, clients};
  }
  return rows;
}

TEST(SqlCommandTest, DuckDbScriptRowsEqualSummaryJson) {
  WAFTUNE_REQUIRE_DUCKDB();
  const std::string waf = testing::TestData("generated/waf");
  auto sql = testing::RunWaftune("sql --engine duckdb --waf-glob '" + waf + "/**/*.gz' summary");
  ASSERT_EQ(sql.exit_code, 0);
  testing::DuckDbResult duck = testing::RunDuckDb(sql.out);
  ASSERT_EQ(duck.exit_code, 0) << duck.output;
  auto summary = testing::RunWaftune("summary --format json '" + waf + "'");
  ASSERT_EQ(summary.exit_code, 0);
  simdjson::dom::parser p1, p2;
  simdjson::dom::array duck_rows, summary_rows;
  ASSERT_FALSE(p1.parse(simdjson::padded_string(duck.output)).get_array().get(duck_rows));
  ASSERT_FALSE(p2.parse(simdjson::padded_string(summary.out))["rules"].get_array().get(summary_rows));
  Rows expected = ToRows(summary_rows);
  ASSERT_GT(expected.size(), 10u);
  EXPECT_EQ(ToRows(duck_rows), expected);
}

TEST(SqlCommandTest, AthenaWithoutBucketIsAUsageError) {
  EXPECT_EQ(testing::RunWaftune("sql --engine athena summary 2>/dev/null").exit_code, 2);
}

TEST(SqlCommandTest, AthenaPrintsBothTablesForFeatures) {
  auto r = testing::RunWaftune(
      "sql --engine athena --bucket b --account 111122223333 --web-acl shop-prod features");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("CREATE EXTERNAL TABLE IF NOT EXISTS waftune.waf_logs"), std::string::npos);
  EXPECT_NE(r.out.find("CREATE EXTERNAL TABLE IF NOT EXISTS waftune.alb_logs"), std::string::npos);
  EXPECT_NE(r.out.find("trace_root = f.request_id"), std::string::npos);
}

}  // namespace
}  // namespace waftune
