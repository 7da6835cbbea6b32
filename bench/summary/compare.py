#!/usr/bin/env python3
"""Compares the rule rows of a baseline (or waftune) JSON output with the generator's truth.

usage: compare.py EXPECTED_SUMMARY.json ACTUAL.json [LABEL]
ACTUAL is any JSON with a "rules" list of {web_acl_rule, rule_group, rule, action, requests,
clients} (waftune --format json, summary.py, duckdb_summary.mjs, jq output). Exit 0 when the
rows (keys, requests, clients) are equal; else prints the differences and exits 1.
"""

import json
import sys


def rows(doc):
    out = {}
    for r in doc["rules"]:
        key = (r.get("web_acl_rule"), r.get("rule_group"), r.get("rule"), r.get("action"))
        out[key] = (int(r["requests"]), int(r["clients"]))
    return out


def main(argv):
    expected = rows(json.load(open(argv[0])))
    actual = rows(json.load(open(argv[1])))
    label = argv[2] if len(argv) > 2 else argv[1]
    diffs = []
    for key in sorted(set(expected) | set(actual), key=lambda k: tuple(x or "" for x in k)):
        e, a = expected.get(key), actual.get(key)
        if e != a:
            diffs.append("  %s: expected %s, got %s" % (key, e, a))
    if diffs:
        print("%s: %d rule rows differ from the truth" % (label, len(diffs)))
        print("\n".join(diffs[:40]))
        return 1
    print("%s: %d rule rows equal the truth" % (label, len(expected)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
