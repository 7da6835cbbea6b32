#include "analysis/sql_generator.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "analysis/rule_stats.h"
#include "analysis/waf_scan.h"
#include "io/path_walker.h"
#include "tests/sql/duckdb_runner.h"
#include "util/time_format.h"

namespace waftune {
namespace {

// (web_acl_rule, rule_group, rule, action) -> (requests, clients).
using RowKey = std::tuple<std::string, std::string, std::string, std::string>;
using RowMap = std::map<RowKey, std::pair<uint64_t, uint64_t>>;

const std::string kWaf = std::string(WAFTUNE_TEST_DATA) + "/generated/waf";
const std::string kAlb = std::string(WAFTUNE_TEST_DATA) + "/generated/alb";

class StatsSink : public WafSink {
 public:
  void Add(const WafRecord& rec) override { stats.Add(rec); }
  void MergeFrom(WafSink& other) override { stats.Merge(static_cast<StatsSink&>(other).stats); }
  RuleStats stats;
};

// What `waftune summary` computes locally over the generated set.
RowMap LocalRows(const WafScanOptions& scan) {
  Diagnostics diag;
  auto files = ExpandPaths({kWaf}, &diag);
  EXPECT_TRUE(files.ok());
  WafScanResult r = ScanWaf(*files, scan, [] { return std::make_unique<StatsSink>(); });
  Findings f;
  static_cast<StatsSink&>(*r.sink).stats.Finish({}, &f);
  RowMap rows;
  for (const RuleFinding& rf : f.rules) {
    rows[{rf.web_acl_rule.value_or("<null>"), rf.rule_group.value_or("<null>"), rf.rule,
          rf.action}] = {rf.requests, rf.clients};
  }
  return rows;
}

std::string Field(simdjson::dom::object row, const char* key) {
  std::string_view s;
  if (row[key].get_string().get(s)) return "<null>";
  return std::string(s);
}

RowMap ParseDuckRows(const std::string& json) {
  RowMap rows;
  simdjson::dom::parser parser;
  simdjson::dom::array arr;
  EXPECT_EQ(parser.parse(simdjson::padded_string(json)).get_array().get(arr),
            simdjson::SUCCESS)
      << json.substr(0, 2000);
  for (simdjson::dom::element e : arr) {
    simdjson::dom::object row = e.get_object().value_unsafe();
    uint64_t requests = 0, clients = 0;
    EXPECT_EQ(row["requests"].get_uint64().get(requests), simdjson::SUCCESS);
    EXPECT_EQ(row["clients"].get_uint64().get(clients), simdjson::SUCCESS);
    rows[{Field(row, "web_acl_rule"), Field(row, "rule_group"), Field(row, "rule"),
          Field(row, "action")}] = {requests, clients};
  }
  return rows;
}

SqlOptions DuckOptions() {
  SqlOptions o;
  o.engine = SqlEngine::kDuckDb;
  o.waf_glob = kWaf + "/**/*.gz";
  o.alb_glob = kAlb + "/**/*.gz";
  return o;
}

TEST(SqlGeneratorTest, RejectsUnknownEngineAndScript) {
  EXPECT_FALSE(ParseSqlEngine("mysql").ok());
  EXPECT_EQ(*ParseSqlEngine("duckdb"), SqlEngine::kDuckDb);
  EXPECT_FALSE(GenerateSql(DuckOptions(), "everything").ok());
}

TEST(SqlGeneratorTest, AthenaNeedsBucketAccountAndWebAcl) {
  SqlOptions o;
  o.bucket = "logs";
  EXPECT_FALSE(GenerateSql(o, "summary").ok());
  o.account = "111122223333";
  o.web_acl = "shop-prod";
  EXPECT_TRUE(GenerateSql(o, "summary").ok());
}

TEST(SqlGeneratorTest, AthenaDdlProjectsTheS3Layout) {
  SqlOptions o;
  o.bucket = "aws-waf-logs-shop";
  o.prefix = "/team/";
  o.account = "111122223333";
  o.region = "eu-west-1";
  o.web_acl = "shop-prod";
  o.since_ms = *ParseIsoTime("2026-11-20T08:00:00Z");
  auto sql = GenerateSql(o, "features");
  ASSERT_TRUE(sql.ok());
  EXPECT_NE(sql->find("LOCATION 's3://aws-waf-logs-shop/team/AWSLogs/111122223333/WAFLogs/"
                      "eu-west-1/shop-prod/'"),
            std::string::npos);
  EXPECT_NE(sql->find("'projection.log_time.format' = 'yyyy/MM/dd/HH/mm'"), std::string::npos);
  EXPECT_NE(sql->find("'s3://aws-waf-logs-shop/team/AWSLogs/111122223333/elasticloadbalancing/"
                      "eu-west-1/${day}'"),
            std::string::npos);
  // Partition pruning with a margin before --since.
  EXPECT_NE(sql->find("log_time >= '2026/11/20/07/50'"), std::string::npos);
}

TEST(SqlGeneratorTest, QuotesWebAclNames) {
  SqlOptions o = DuckOptions();
  o.web_acl = "it's";
  auto sql = GenerateSql(o, "summary");
  ASSERT_TRUE(sql.ok());
  EXPECT_NE(sql->find("'it''s'"), std::string::npos);
  EXPECT_EQ(SqlQuote("a'b"), "'a''b'");
}

TEST(SqlGeneratorTest, DuckDbSummaryMatchesLocalSummary) {
  WAFTUNE_REQUIRE_DUCKDB();
  auto sql = GenerateSql(DuckOptions(), "summary");
  ASSERT_TRUE(sql.ok());
  testing::DuckDbResult r = testing::RunDuckDb(*sql);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  RowMap local = LocalRows({});
  ASSERT_GT(local.size(), 10u);
  EXPECT_EQ(ParseDuckRows(r.output), local);
}

TEST(SqlGeneratorTest, DuckDbSummaryAppliesTheWindowAndWebAcl) {
  WAFTUNE_REQUIRE_DUCKDB();
  SqlOptions o = DuckOptions();
  o.since_ms = *ParseIsoTime("2026-11-20T08:30:00Z");
  o.until_ms = *ParseIsoTime("2026-11-20T09:15:00Z");
  o.web_acl = "shop-prod";
  auto sql = GenerateSql(o, "summary");
  ASSERT_TRUE(sql.ok());
  testing::DuckDbResult r = testing::RunDuckDb(*sql);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  WafScanOptions scan;
  scan.since_ms = *o.since_ms;
  scan.until_ms = *o.until_ms;
  scan.web_acl = "shop-prod";
  RowMap local = LocalRows(scan);
  EXPECT_FALSE(local.empty());
  EXPECT_NE(local, LocalRows({}));
  EXPECT_EQ(ParseDuckRows(r.output), local);
}

TEST(SqlGeneratorTest, DuckDbFeaturesJoinWafToAlbByTraceId) {
  WAFTUNE_REQUIRE_DUCKDB();
  auto sql = GenerateSql(DuckOptions(), "crossref");
  ASSERT_TRUE(sql.ok());
  testing::DuckDbResult r = testing::RunDuckDb(*sql);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  simdjson::dom::parser parser;
  simdjson::dom::array rows;
  ASSERT_EQ(parser.parse(simdjson::padded_string(r.output)).get_array().get(rows),
            simdjson::SUCCESS);
  uint64_t joined = 0;
  for (simdjson::dom::element e : rows) {
    uint64_t n = 0;
    ASSERT_EQ(e["joined_requests"].get_uint64().get(n), simdjson::SUCCESS);
    joined += n;
  }
  EXPECT_GT(joined, 0u) << r.output.substr(0, 1000);
}

}  // namespace
}  // namespace waftune
