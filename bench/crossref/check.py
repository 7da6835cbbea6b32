#!/usr/bin/env python3
"""check.py OUTPUT.json KIND RECORDS [KIND RECORDS...]: waftune's JSON output read every record.

For each input kind (waf, alb), `inputs.KIND.records` must equal the generator's truth and
`skipped` + `unreadable` must be 0. Prints a short status ("ok ...") or the first mismatch
(exit 1). With KIND "replay" the number is the expected count of exclusions in the replay.
"""
import json
import sys


def main():
    out, pairs = sys.argv[1], sys.argv[2:]
    doc = json.load(open(out))
    inputs = doc.get("inputs", {})
    notes = []
    for kind, want in zip(pairs[::2], pairs[1::2]):
        want = int(want)
        if kind == "replay":
            rows = doc.get("replay", [])
            if len(rows) != want:
                print("replay has %d exclusions, expected %d" % (len(rows), want))
                return 1
            notes.append("%d exclusions matched=%d released=%d" % (
                len(rows), sum(r["matched"] for r in rows), sum(r["released"] for r in rows)))
            continue
        s = inputs.get(kind)
        if s is None:
            print("no inputs.%s in the output" % kind)
            return 1
        if s["records"] != want or s["skipped"] or s["unreadable"]:
            print("%s records=%d (truth %d) skipped=%d unreadable=%d"
                  % (kind, s["records"], want, s["skipped"], s["unreadable"]))
            return 1
        notes.append("%s=truth" % kind)
    print("ok " + ",".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
