#!/usr/bin/env bash
# Benchmark of `waftune replay -x bench/replay/exclusions.json` (20 exclusions: method, uri,
# args, arg:, header:, cookie:, label, country and client_ip conditions on the generator's rules
# and paths; the full signature set of rules/signatures runs on every flagged request) over the
# >= 1.5 GB plain WAF set of bench/summary, with `waftune summary` on the same files as the
# same-run baseline (issue target: replay >= 70 % of summary's throughput).
#
# Times, best of $BENCH_REPS: summary --threads 1|2 and replay --threads 1|2. Reports GB/s of
# uncompressed WAF NDJSON, user+sys seconds, peak RSS (/usr/bin/time -v) and replay / summary.
# Outputs are checked: all truth records read, none skipped, 20 replay rows. See
# bench/README.md.
#
# Environment: WAFTUNE (binary, default build/waftune), BENCH_DIR (default /tmp/waftune-bench),
# BENCH_REPS (default 2), BENCH_SKIP, LOAD_MAX (default 2.5), LOAD_WAIT (default 900 s),
# EXCLUSIONS (default bench/replay/exclusions.json).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WAFTUNE="${WAFTUNE:-$ROOT/build/waftune}"
EXCLUSIONS="${EXCLUSIONS:-$HERE/exclusions.json}"
source "$ROOT/bench/crossref/lib.sh"
CHECK="$ROOT/bench/crossref/check.py"

bench_data
OUT="$BENCH_DIR/out-replay"; mkdir -p "$OUT"
RES="$OUT/results.tsv"; : > "$RES"
NX=$(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1]))['exclusions']))" "$EXCLUSIONS")

check_waf() { python3 "$CHECK" "$1" waf "$WAF_RECORDS"; }
check_replay() { python3 "$CHECK" "$1" waf "$WAF_RECORDS" replay "$NX"; }

find "$WAF_DIR" -type f -exec cat {} + > /dev/null   # warm the page cache
wait_for_idle
date -u +"date: %Y-%m-%dT%H:%M:%SZ" >&2
log "waftune: $WAFTUNE ($(stat -c %y "$WAFTUNE" | cut -d. -f1)), $NX exclusions"

for t in 1 2; do
  timed "summary-t$t" "$WAF_BYTES" check_waf \
    "$WAFTUNE" summary --format json --threads "$t" "$WAF_DIR"
  timed "replay-t$t" "$WAF_BYTES" check_replay \
    "$WAFTUNE" replay --format json --threads "$t" --rules "$ROOT/rules" -x "$EXCLUSIONS" "$WAF_DIR"
done

log "load average at end: $(load1)"
printf 'input: WAF %.3f GB NDJSON (%d records), %d exclusions + rules/signatures\n' \
  "$(echo "$WAF_BYTES / 1000000000" | bc -l)" "$WAF_RECORDS" "$NX"
report
