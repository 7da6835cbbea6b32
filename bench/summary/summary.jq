# Baseline for `waftune summary` with jq: rule rows of DESIGN.md "Rule identity (contract)".
# usage: jq -n -f summary.jq FILE...   (plain NDJSON; pipe gzip through zcat)
def strip: sub("#Version_[^#]*$"; "");
def rows:
  . as $r
  | ($r.ruleGroupList // []) as $rgl
  | (if (($r.terminatingRuleType == "MANAGED_RULE_GROUP" or $r.terminatingRuleType == "GROUP")
         and $r.action != "ALLOW")
     then ([range(0; $rgl | length) | select($rgl[.].terminatingRule != null)] | last)
     else null end) as $ti
  | ( ( range(0; $rgl | length) as $i | $rgl[$i] as $g | ($g.ruleGroupId | strip) as $gid
        | ( if $g.terminatingRule != null then
              (if $i == $ti then [$r.terminatingRuleId, $gid, $g.terminatingRule.ruleId, $r.action]
               else [null, $gid, $g.terminatingRule.ruleId, "COUNT"] end)
            else empty end ),
          ( ($g.nonTerminatingMatchingRules // [])[] | [null, $gid, .ruleId, .action] ),
          ( ($g.excludedRules // [])[] | select(.exclusionType == "EXCLUDED_AS_COUNT")
            | [null, $gid, .ruleId, "COUNT"] ) ),
      ( ($r.nonTerminatingMatchingRules // [])[] | [.ruleId, null, .ruleId, .action] ),
      ( if $ti == null then [$r.terminatingRuleId, null, $r.terminatingRuleId, $r.action] else empty end ) );

reduce (inputs | .httpRequest.clientIp as $ip | [rows] | unique[] | [tojson, $ip]) as [$k, $ip]
  ({}; .[$k].n += 1 | .[$k].ips[$ip] = true)
| {rules: (to_entries
    | map((.key | fromjson) as $k
          | {web_acl_rule: $k[0], rule_group: $k[1], rule: $k[2], action: $k[3],
             requests: .value.n, clients: (.value.ips | length)})
    | sort_by(-.requests, .web_acl_rule // "", .rule_group // "", .rule, .action))}
