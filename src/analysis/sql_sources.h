// The engine-specific parts of the SQL that SqlGenerator (sql_generator.h)
// emits: where the logs are read from (Athena DDL with partition
// projection, DuckDB views over local files) and the first CTEs that turn
// raw columns into the names every query uses (req: one row per WAF
// record; alb: one row per ALB entry). Pure functions; internal to
// sql_generator.cc.
#ifndef WAFTUNE_ANALYSIS_SQL_SOURCES_H_
#define WAFTUNE_ANALYSIS_SQL_SOURCES_H_

#include <string>

#include "analysis/sql_generator.h"

namespace waftune {

struct SqlDialect {
  bool duckdb = false;  // Else Trino/Athena (engine version 3).
  const char* regexp_like = "regexp_like";
};

SqlDialect DialectFor(SqlEngine engine);
std::string Lower(std::string s);

// InvalidArgument naming the missing option(s) for the engine.
Status CheckSqlOptions(const SqlOptions& o, bool needs_alb);

// CREATE statements (Athena) or views (DuckDB); a comment for Trino.
std::string SourceStatements(const SqlOptions& o, bool needs_alb);

// `req AS (...)`: rid, ts, webacl_id, term_id, term_type, action,
// client_ip, request_id, rule_groups, top_nt; filtered by window/web ACL.
std::string RequestsCte(const SqlOptions& o, const SqlDialect& d);

// `alb AS (...)`: client_ip, user_agent, elb_status, target_status, path,
// trace_root, waf_blocked, is_static.
std::string AlbCte(const SqlOptions& o, const SqlDialect& d);

}  // namespace waftune

#endif  // WAFTUNE_ANALYSIS_SQL_SOURCES_H_
