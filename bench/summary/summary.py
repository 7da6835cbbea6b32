#!/usr/bin/env python3
"""Baseline for `waftune summary`: rule rows from AWS WAF logs with the json module.

Implements DESIGN.md "Rule identity (contract)" from the records alone (no generator
knowledge): key (web_acl_rule, rule_group, rule, action), requests, distinct client IPs.
Reads files or directories (recursively), gzip or plain NDJSON. Prints JSON:
{"records": n, "rules": [{web_acl_rule, rule_group, rule, action, requests, clients}, ...]}
Stdlib only; used by bench/summary/run.sh and to cross-check tools/waftune-gen's truth.
"""

import gzip
import json
import os
import sys


def strip_version(gid):
    # "AWS#AWSManagedRulesSQLiRuleSet#Version_2.0" -> "AWS#AWSManagedRulesSQLiRuleSet"
    head, sep, tail = gid.rpartition("#")
    return head if sep and tail.startswith("Version_") else gid


def record_rows(rec):
    """The set of rule rows one record produces."""
    rows = set()
    action = rec.get("action")
    tid = rec.get("terminatingRuleId")
    rgl = rec.get("ruleGroupList") or []
    term_idx = None
    if rec.get("terminatingRuleType") in ("MANAGED_RULE_GROUP", "GROUP") and action != "ALLOW":
        for i, g in enumerate(rgl):
            if g.get("terminatingRule"):
                term_idx = i          # the last entry with a terminatingRule ended the request
    for i, g in enumerate(rgl):
        gid = strip_version(g.get("ruleGroupId") or "")
        tr = g.get("terminatingRule")
        if tr:
            if i == term_idx:
                rows.add((tid, gid, tr.get("ruleId"), action))
            else:
                rows.add((None, gid, tr.get("ruleId"), "COUNT"))
        for n in g.get("nonTerminatingMatchingRules") or []:
            rows.add((None, gid, n.get("ruleId"), n.get("action")))
        for e in g.get("excludedRules") or []:
            if e.get("exclusionType") == "EXCLUDED_AS_COUNT":
                rows.add((None, gid, e.get("ruleId"), "COUNT"))
    for n in rec.get("nonTerminatingMatchingRules") or []:
        rows.add((n.get("ruleId"), None, n.get("ruleId"), n.get("action")))
    if term_idx is None:
        rows.add((tid, None, tid, action))
    return rows


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs.sort()
                for n in sorted(names):
                    if not n.startswith("."):
                        yield os.path.join(root, n)
        else:
            yield p


def open_any(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    return gzip.open(f) if magic == b"\x1f\x8b" else f


def main(argv):
    table = {}
    records = bad = 0
    for path in files(argv):
        with open_any(path) as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    bad += 1
                    continue
                records += 1
                ip = (rec.get("httpRequest") or {}).get("clientIp")
                for key in record_rows(rec):
                    e = table.get(key)
                    if e is None:
                        e = table[key] = [0, set()]
                    e[0] += 1
                    e[1].add(ip)
    rules = [{"web_acl_rule": k[0], "rule_group": k[1], "rule": k[2], "action": k[3], "requests": v[0],
              "clients": len(v[1])} for k, v in table.items()]
    rules.sort(key=lambda x: (-x["requests"], x["web_acl_rule"] or "", x["rule_group"] or "", x["rule"], x["action"]))
    json.dump({"records": records, "skipped": bad, "rules": rules}, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
