// `waftune sql`: prints the SQL that computes summary / crossref / features
// where the logs live (Athena, Trino) or over local files (DuckDB).
#include <cstdio>
#include <memory>

#include "analysis/sql_generator.h"
#include "cli/commands.h"
#include "cli/common_options.h"
#include "util/time_format.h"

namespace waftune {
namespace {

struct SqlCommandOptions {
  std::string engine = "athena";
  std::string what = "summary";
  std::string since, until;
  CommonOptions common;  // Only output is used.
  SqlOptions sql;
};

int RunSql(SqlCommandOptions o) {
  // 1. Options -> generator settings.
  auto engine = ParseSqlEngine(o.engine);
  if (!engine.ok()) {
    std::fprintf(stderr, "waftune: %s\n", engine.status().message().c_str());
    return kExitUsage;
  }
  o.sql.engine = *engine;
  for (auto [text, out, name] : {std::tuple{&o.since, &o.sql.since_ms, "--since"},
                                 std::tuple{&o.until, &o.sql.until_ms, "--until"}}) {
    if (text->empty()) continue;
    auto t = ParseIsoTime(*text);
    if (!t) {
      std::fprintf(stderr, "waftune: %s: not an ISO 8601 time: %s\n", name, text->c_str());
      return kExitUsage;
    }
    *out = *t;
  }
  // 2. The script.
  auto sql = GenerateSql(o.sql, o.what);
  if (!sql.ok()) {
    std::fprintf(stderr, "waftune: %s\n", sql.status().message().c_str());
    return kExitUsage;
  }
  // 3. Output.
  return WriteOutput(*sql, o.common) ? kExitOk : kExitRuntimeError;
}

}  // namespace

CommandRunner RegisterSql(CLI::App* app) {
  auto o = std::make_shared<SqlCommandOptions>();
  CLI::App* cmd = app->add_subcommand(
      "sql", "Print Athena/Trino/DuckDB SQL computing summary, crossref or features");
  cmd->add_option("--engine", o->engine, "athena, trino or duckdb")
      ->check(CLI::IsMember({"athena", "trino", "duckdb"}))
      ->capture_default_str();
  cmd->add_option("what", o->what, "summary, crossref or features")
      ->check(CLI::IsMember({"summary", "crossref", "features"}))
      ->capture_default_str();
  cmd->add_option("--bucket", o->sql.bucket, "S3 bucket of the logs (athena)");
  cmd->add_option("--prefix", o->sql.prefix, "S3 prefix before AWSLogs/ (athena)");
  cmd->add_option("--account", o->sql.account, "AWS account id in the S3 layout (athena)");
  cmd->add_option("--region", o->sql.region, "Region folder (cloudfront for CloudFront web ACLs)")
      ->capture_default_str();
  cmd->add_option("--web-acl", o->sql.web_acl, "Web ACL name (S3 folder and row filter)");
  cmd->add_option("--database", o->sql.database, "Athena database for the tables")
      ->capture_default_str();
  cmd->add_option("--since", o->since, "Only records at or after this ISO 8601 time");
  cmd->add_option("--until", o->until, "Only records before this ISO 8601 time");
  cmd->add_option("--waf-glob", o->sql.waf_glob, "Local WAF log files (duckdb), e.g. 'waf/**/*.gz'");
  cmd->add_option("--alb-glob", o->sql.alb_glob, "Local ALB log files (duckdb)");
  cmd->add_option("-o,--output", o->common.output, "Write to FILE instead of stdout");
  return [o] { return RunSql(*o); };
}

}  // namespace waftune
