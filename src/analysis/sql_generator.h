// SqlGenerator: the SQL that computes waftune's results where the logs
// live (Athena or Trino over S3, DuckDB over local files), for
// `waftune sql`. See docs/athena.md.
//
// Three scripts: `summary` (the rule rows of DESIGN's "Rule identity
// (contract)", with requests and distinct clients, exactly as `waftune
// summary` counts them), `features` (per flagged rule row and client, the
// access-log evidence the legitimacy estimate uses, joined by WAF requestId
// = ALB trace_id Root) and `crossref` (the same features aggregated per
// rule row). For Athena each script starts with the CREATE TABLE statements
// (partition projection over the S3 layout AWS documents); for Trino it
// assumes those tables exist; for DuckDB it reads local files
// (read_ndjson / read_csv over --waf-glob / --alb-glob). Output is plain
// text; statements end with ";". Pure functions, thread-safe.
#ifndef WAFTUNE_ANALYSIS_SQL_GENERATOR_H_
#define WAFTUNE_ANALYSIS_SQL_GENERATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace waftune {

enum class SqlEngine { kAthena, kTrino, kDuckDb };

struct SqlOptions {
  SqlEngine engine = SqlEngine::kAthena;
  // S3 layout (Athena/Trino): s3://bucket/prefix/AWSLogs/account/...
  std::string bucket, prefix, account, region = "us-east-1";
  std::string web_acl;  // Web ACL name: the S3 folder and a row filter.
  std::string database = "waftune";  // Athena database (schema) of the tables.
  // Local globs (DuckDB): e.g. "waf/**/*.gz".
  std::string waf_glob, alb_glob;
  // Window in epoch milliseconds ([since, until)); nullopt = unbounded.
  std::optional<int64_t> since_ms, until_ms;
};

// "athena" | "trino" | "duckdb".
Result<SqlEngine> ParseSqlEngine(std::string_view name);

// The script for `what` ("summary", "features" or "crossref"). Invalid
// argument for an unknown script or missing options (bucket/account for
// Athena, globs for DuckDB).
Result<std::string> GenerateSql(const SqlOptions& options, std::string_view what);

// Single-quoted SQL string literal ('' doubles quotes).
std::string SqlQuote(std::string_view s);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SQL_GENERATOR_H_
