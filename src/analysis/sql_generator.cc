#include "analysis/sql_generator.h"

#include "analysis/sql_sources.h"

namespace waftune {
namespace {

// Rows of an array of structs as columns m_a, m_b (fields fa, fb), keeping
// `keep` columns of `src`. DuckDB unnests in the select list; Trino/Athena
// CROSS JOIN UNNEST, which expands a ROW into columns.
std::string Explode(const SqlDialect& d, const std::string& src, const std::string& keep,
                    const std::string& arr, const std::string& fa, const std::string& fb) {
  if (d.duckdb) {
    return "(SELECT " + keep + ", m.\"" + fa + "\" AS m_a, m.\"" + fb +
           "\" AS m_b FROM (SELECT " + keep + ", unnest(" + arr + ") AS m FROM " + src +
           "))";
  }
  std::string prefixed;
  for (size_t start = 0; start <= keep.size();) {
    size_t end = keep.find(',', start);
    if (end == std::string::npos) end = keep.size();
    std::string col = keep.substr(start, end - start);
    while (!col.empty() && col.front() == ' ') col.erase(0, 1);
    prefixed += (prefixed.empty() ? "s." : ", s.") + col;
    start = end + 1;
  }
  return "(SELECT " + prefixed + ", x.m_a, x.m_b FROM " + src +
         " s CROSS JOIN UNNEST(transform(s." + arr + ", e -> ROW(e." + Lower(fa) + ", e." +
         Lower(fb) + "))) AS x(m_a, m_b))";
}

std::string GroupsCte(const SqlDialect& d) {
  if (d.duckdb) {
    return "grp AS (\n"
           "  SELECT rid, client_ip, gi, rg.ruleGroupId AS gid,\n"
           "         rg.terminatingRule.ruleId AS tr_rule, rg.terminatingRule.action AS tr_action,\n"
           "         rg.nonTerminatingMatchingRules AS gnt, rg.excludedRules AS gex\n"
           "  FROM (SELECT rid, client_ip, gi, rule_groups[gi] AS rg\n"
           "        FROM (SELECT rid, client_ip, rule_groups,\n"
           "                     generate_subscripts(rule_groups, 1) AS gi FROM req)))";
  }
  return "grp AS (\n"
         "  SELECT r.rid, r.client_ip, t.gi, t.gid, t.tr_rule, t.tr_action, t.gnt, t.gex\n"
         "  FROM req r CROSS JOIN UNNEST(transform(r.rule_groups, g -> ROW(\n"
         "      g.rulegroupid, g.terminatingrule.ruleid, g.terminatingrule.action,\n"
         "      g.nonterminatingmatchingrules, g.excludedrules)))\n"
         "    WITH ORDINALITY AS t(gid, tr_rule, tr_action, gnt, gex, gi))";
}

// Non-terminating matches are COUNT unless logged as CAPTCHA/CHALLENGE.
const char kMatchAction[] =
    "CASE WHEN m_b IN ('CAPTCHA', 'CHALLENGE') THEN m_b ELSE 'COUNT' END";

// The rule rows of every request: DESIGN "Rule identity (contract)", as
// src/analysis/rule_rows.cc computes them.
std::string RowsCtes(const SqlDialect& d) {
  const std::string strip = "nullif(regexp_replace(gid, '#Version_.*$', ''), '')";
  std::string sql = GroupsCte(d) + ",\n";
  // The group that terminated the request: the last entry with a
  // terminatingRule, only for group types and non-ALLOW actions.
  sql += "term AS (\n"
         "  SELECT g.rid, max(g.gi) AS gi FROM grp g JOIN req r ON r.rid = g.rid\n"
         "  WHERE r.term_type IN ('MANAGED_RULE_GROUP', 'GROUP') AND r.action <> 'ALLOW'\n"
         "    AND g.tr_rule <> ''\n"
         "  GROUP BY g.rid),\n";
  sql += "rule_rows AS (\n";
  // 1. The terminating row.
  sql += "  SELECT r.rid, r.client_ip, nullif(r.term_id, '') AS web_acl_rule,\n"
         "         CASE WHEN t.gi IS NULL THEN NULL ELSE " + strip + " END AS rule_group,\n"
         "         CASE WHEN t.gi IS NULL THEN r.term_id ELSE g.tr_rule END AS rule,\n"
         "         r.action\n"
         "  FROM req r LEFT JOIN term t ON t.rid = r.rid\n"
         "    LEFT JOIN grp g ON g.rid = t.rid AND g.gi = t.gi\n";
  // 2. Another group's terminatingRule: the group is overridden to Count.
  sql += "  UNION ALL\n"
         "  SELECT g.rid, g.client_ip, NULL, " + strip + ", g.tr_rule, 'COUNT'\n"
         "  FROM grp g LEFT JOIN term t ON t.rid = g.rid\n"
         "  WHERE g.tr_rule <> '' AND coalesce(g.tr_action, '') <> 'ALLOW'\n"
         "    AND (t.gi IS NULL OR t.gi <> g.gi)\n";
  // 3. Matches inside groups, with their logged action.
  sql += "  UNION ALL\n"
         "  SELECT rid, client_ip, NULL, " + strip + ", m_a, " + kMatchAction + "\n"
         "  FROM " + Explode(d, "grp", "rid, client_ip, gid", "gnt", "ruleId", "action") + "\n"
         "  WHERE m_a <> ''\n";
  // 4. Legacy ExcludedRules (EXCLUDED_AS_COUNT, or no type).
  sql += "  UNION ALL\n"
         "  SELECT rid, client_ip, NULL, " + strip + ", m_b, 'COUNT'\n"
         "  FROM " + Explode(d, "grp", "rid, client_ip, gid", "gex", "exclusionType", "ruleId") + "\n"
         "  WHERE m_b <> '' AND coalesce(m_a, 'EXCLUDED_AS_COUNT') IN ('EXCLUDED_AS_COUNT', '')\n";
  // 5. Top-level non-terminating matches.
  sql += "  UNION ALL\n"
         "  SELECT rid, client_ip, m_a, NULL, m_a, " + std::string(kMatchAction) + "\n"
         "  FROM " + Explode(d, "req", "rid, client_ip", "top_nt", "ruleId", "action") + "\n"
         "  WHERE m_a <> ''),\n";
  // A request counts once per row.
  sql += "request_rows AS (\n"
         "  SELECT DISTINCT rid, client_ip, web_acl_rule, rule_group, rule, action\n"
         "  FROM rule_rows)";
  return sql;
}

const char kOrderRows[] =
    "ORDER BY CASE action WHEN 'BLOCK' THEN 0 WHEN 'CAPTCHA' THEN 1 WHEN 'CHALLENGE' THEN 2\n"
    "  WHEN 'COUNT' THEN 3 WHEN 'ALLOW' THEN 4 ELSE 5 END, requests DESC,\n"
    "  rule_group, rule, web_acl_rule";

std::string SummaryQuery(const SqlOptions& o, const SqlDialect& d) {
  return "-- Rule rows (DESIGN \"Rule identity\"), as `waftune summary` counts them.\n"
         "-- Save the result as CSV for `waftune report --from-summary` (docs/athena.md).\n"
         "WITH " + RequestsCte(o, d) + ",\n" + RowsCtes(d) + "\n"
         "SELECT web_acl_rule, rule_group, rule, action,\n"
         "       count(*) AS requests, count(DISTINCT client_ip) AS clients\n"
         "FROM request_rows\n"
         "GROUP BY web_acl_rule, rule_group, rule, action\n" +
         std::string(kOrderRows) + ";\n";
}

// Per flagged row and ALB client (IP + user agent): what the client did on
// the load balancer, the evidence docs/legitimacy.md weighs.
std::string FeaturesBody(const SqlOptions& o, const SqlDialect& d) {
  return "WITH " + RequestsCte(o, d) + ",\n" + RowsCtes(d) + ",\n" + AlbCte(o, d) + ",\n"
         "flagged AS (\n"
         "  SELECT rr.web_acl_rule, rr.rule_group, rr.rule, rr.action, r.request_id\n"
         "  FROM request_rows rr JOIN req r ON r.rid = rr.rid\n"
         "  WHERE rr.action <> 'ALLOW'),\n"
         "flagged_clients AS (\n"
         "  SELECT f.web_acl_rule, f.rule_group, f.rule, f.action, a.client_ip, a.user_agent,\n"
         "         count(*) AS flagged_requests\n"
         "  FROM flagged f JOIN alb a ON a.trace_root = f.request_id\n"
         "  GROUP BY f.web_acl_rule, f.rule_group, f.rule, f.action, a.client_ip, a.user_agent),\n"
         "client_profile AS (\n"
         "  SELECT client_ip, user_agent, count(*) AS alb_requests,\n"
         "         sum(CASE WHEN target_status BETWEEN 200 AND 399 THEN 1 ELSE 0 END) AS target_ok,\n"
         "         sum(CASE WHEN elb_status BETWEEN 400 AND 499 THEN 1 ELSE 0 END) AS client_errors,\n"
         "         sum(CASE WHEN waf_blocked THEN 1 ELSE 0 END) AS waf_blocked,\n"
         "         count(DISTINCT path) AS distinct_paths,\n"
         "         sum(CASE WHEN is_static THEN 1 ELSE 0 END) AS static_requests\n"
         "  FROM alb GROUP BY client_ip, user_agent)\n";
}

std::string FeaturesQuery(const SqlOptions& o, const SqlDialect& d) {
  return "-- Per flagged rule row and client: access-log features for the legitimacy\n"
         "-- estimate (docs/athena.md). WAF requestId = ALB trace_id Root.\n" +
         FeaturesBody(o, d) +
         "SELECT fc.web_acl_rule, fc.rule_group, fc.rule, fc.action, fc.client_ip,\n"
         "       fc.user_agent, fc.flagged_requests, p.alb_requests, p.target_ok,\n"
         "       p.client_errors, p.waf_blocked, p.distinct_paths, p.static_requests\n"
         "FROM flagged_clients fc JOIN client_profile p\n"
         "  ON p.client_ip = fc.client_ip AND p.user_agent = fc.user_agent\n"
         "ORDER BY fc.rule_group, fc.rule, fc.action, fc.flagged_requests DESC, fc.client_ip;\n";
}

std::string CrossrefQuery(const SqlOptions& o, const SqlDialect& d) {
  return "-- Per flagged rule row: joined requests and the clients' access-log profile.\n" +
         FeaturesBody(o, d) +
         "SELECT fc.web_acl_rule, fc.rule_group, fc.rule, fc.action,\n"
         "       sum(fc.flagged_requests) AS joined_requests, count(*) AS clients,\n"
         "       sum(CASE WHEN p.target_ok > 0 THEN fc.flagged_requests ELSE 0 END)\n"
         "         AS requests_from_clients_with_success,\n"
         "       sum(CASE WHEN p.static_requests > 0 THEN 1 ELSE 0 END)\n"
         "         AS clients_loading_static_assets\n"
         "FROM flagged_clients fc JOIN client_profile p\n"
         "  ON p.client_ip = fc.client_ip AND p.user_agent = fc.user_agent\n"
         "GROUP BY fc.web_acl_rule, fc.rule_group, fc.rule, fc.action\n"
         "ORDER BY fc.rule_group, fc.rule, fc.action;\n";
}

}  // namespace

Result<SqlEngine> ParseSqlEngine(std::string_view name) {
  if (name == "athena") return SqlEngine::kAthena;
  if (name == "trino") return SqlEngine::kTrino;
  if (name == "duckdb") return SqlEngine::kDuckDb;
  return Status::InvalidArgument("--engine: expected athena, trino or duckdb, not '" +
                                 std::string(name) + "'");
}

std::string SqlQuote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

Result<std::string> GenerateSql(const SqlOptions& o, std::string_view what) {
  const bool needs_alb = what == "features" || what == "crossref";
  if (what != "summary" && !needs_alb) {
    return Status::InvalidArgument("sql: expected summary, crossref or features, not '" +
                                   std::string(what) + "'");
  }
  Status s = CheckSqlOptions(o, needs_alb);
  if (!s.ok()) return s;
  const SqlDialect d = DialectFor(o.engine);
  std::string sql = SourceStatements(o, needs_alb);
  if (what == "summary") return sql + SummaryQuery(o, d);
  if (what == "features") return sql + FeaturesQuery(o, d);
  return sql + CrossrefQuery(o, d);
}

}  // namespace waftune
