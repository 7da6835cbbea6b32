// Baseline for `waftune summary` with DuckDB (via @duckdb/node-api, installed by run.sh into
// bench/summary/node_modules). Same rule rows as DESIGN.md "Rule identity (contract)":
// read_ndjson + UNNEST + GROUP BY, requests and distinct client IPs.
//
// usage: node duckdb_summary.mjs THREADS GLOB [GLOB...]   (prints {"records":n,"rules":[...]})
import { DuckDBInstance } from '@duckdb/node-api';

const [threads, ...globs] = process.argv.slice(2);
const files = '[' + globs.map((g) => `'${g.replace(/'/g, "''")}'`).join(',') + ']';

// Only the fields the rows need; DuckDB ignores the other keys of each record.
const columns = `{
  terminatingRuleId: 'VARCHAR', terminatingRuleType: 'VARCHAR', action: 'VARCHAR',
  ruleGroupList: 'STRUCT(ruleGroupId VARCHAR, terminatingRule STRUCT(ruleId VARCHAR, action VARCHAR),
                         nonTerminatingMatchingRules STRUCT(ruleId VARCHAR, action VARCHAR)[],
                         excludedRules STRUCT(exclusionType VARCHAR, ruleId VARCHAR)[])[]',
  nonTerminatingMatchingRules: 'STRUCT(ruleId VARCHAR, action VARCHAR)[]',
  httpRequest: 'STRUCT(clientIp VARCHAR)'
}`;

const sql = `
WITH r AS (
  SELECT row_number() OVER () AS rid, terminatingRuleId AS tid, terminatingRuleType AS ttype, action,
         ruleGroupList AS rgl, nonTerminatingMatchingRules AS ntm, httpRequest.clientIp AS ip,
         CASE WHEN terminatingRuleType IN ('MANAGED_RULE_GROUP', 'GROUP') AND action <> 'ALLOW'
              THEN list_max(list_transform(ruleGroupList,
                     (g, i) -> CASE WHEN g.terminatingRule IS NOT NULL THEN i END)) END AS term_idx
  FROM read_ndjson(${files}, columns = ${columns}, compression = 'auto_detect')
),
g AS (
  SELECT rid, tid, action, ip, term_idx, UNNEST(rgl) AS e, generate_subscripts(rgl, 1) AS gi
  FROM r WHERE len(rgl) > 0
),
gg AS (
  SELECT rid, tid, action, ip, term_idx, gi, e,
         regexp_replace(e.ruleGroupId, '#Version_[^#]*$', '') AS gid FROM g
),
rows AS (
  SELECT rid, ip, tid AS war, gid AS grp, e.terminatingRule.ruleId AS rule, action AS act
    FROM gg WHERE e.terminatingRule IS NOT NULL AND gi = term_idx
  UNION ALL
  SELECT rid, ip, NULL, gid, e.terminatingRule.ruleId, 'COUNT'
    FROM gg WHERE e.terminatingRule IS NOT NULL AND gi IS DISTINCT FROM term_idx
  UNION ALL
  SELECT rid, ip, NULL, gid, n.ruleId, n.action
    FROM (SELECT rid, ip, gid, UNNEST(e.nonTerminatingMatchingRules) AS n FROM gg)
  UNION ALL
  SELECT rid, ip, NULL, gid, x.ruleId, 'COUNT'
    FROM (SELECT rid, ip, gid, UNNEST(e.excludedRules) AS x FROM gg) WHERE x.exclusionType = 'EXCLUDED_AS_COUNT'
  UNION ALL
  SELECT rid, ip, n.ruleId, NULL, n.ruleId, n.action
    FROM (SELECT rid, ip, UNNEST(ntm) AS n FROM r)
  UNION ALL
  SELECT rid, ip, tid, NULL, tid, action FROM r WHERE term_idx IS NULL
)
SELECT war AS web_acl_rule, grp AS rule_group, rule, act AS action,
       count(*)::BIGINT AS requests, count(DISTINCT ip)::BIGINT AS clients
FROM rows GROUP BY ALL ORDER BY requests DESC, web_acl_rule, rule_group, rule, action`;

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await instance.connect();
const reader = await conn.runAndReadAll(sql);
const rules = reader.getRowObjectsJson().map((r) => ({
  web_acl_rule: r.web_acl_rule, rule_group: r.rule_group, rule: r.rule, action: r.action,
  requests: Number(r.requests), clients: Number(r.clients),
}));
process.stdout.write(JSON.stringify({ rules }, null, 1) + '\n');
