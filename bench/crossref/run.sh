#!/usr/bin/env bash
# End-to-end benchmark of `waftune crossref --alb` (WAF pass + ALB pass + estimate) on
# >= 1.5 GB of WAF NDJSON and >= 0.6 GB of ALB lines, with `waftune summary` on the same WAF
# files as the same-run baseline.
#
# Data: the plain set of bench/summary (tools/waftune-gen --seed 11 --bytes 1.6G --no-cloudfront
# --plain in $BENCH_DIR/plain: waf/ and alb/), reused; generated when missing. Times, best of
# $BENCH_REPS: cat of all inputs (page-cache floor), summary --threads 1|2, crossref --threads
# 1|2, and each pass alone (with one small file of the other kind). Reports GB/s of
# uncompressed input (WAF + ALB bytes for crossref), user+sys seconds, peak RSS
# (/usr/bin/time -v) and the ratio to summary. Each full output is checked: record counts
# equal the generator's truth, nothing skipped. See bench/README.md.
#
# Environment: WAFTUNE (binary, default build/waftune), BENCH_DIR (default /tmp/waftune-bench),
# BENCH_REPS (default 2), BENCH_SKIP (names to skip), LOAD_MAX (default 2.5) and LOAD_WAIT
# (default 900 s): wait for the 1-minute load average to drop before measuring.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WAFTUNE="${WAFTUNE:-$ROOT/build/waftune}"
source "$HERE/lib.sh"

bench_data
OUT="$BENCH_DIR/out-crossref"; mkdir -p "$OUT"
RES="$OUT/results.tsv"; : > "$RES"
TOTAL=$((WAF_BYTES + ALB_BYTES))

# check OUTPUT: the JSON's input counts equal the truth, no record skipped.
check_waf() { python3 "$HERE/check.py" "$1" waf "$WAF_RECORDS"; }
check_both() { python3 "$HERE/check.py" "$1" waf "$WAF_RECORDS" alb "$ALB_LINES"; }

find "$WAF_DIR" "${ALB_PATHS[@]}" -type f -exec cat {} + > /dev/null   # warm the page cache
wait_for_idle
date -u +"date: %Y-%m-%dT%H:%M:%SZ" >&2
log "waftune: $WAFTUNE ($(stat -c %y "$WAFTUNE" | cut -d. -f1))"

timed cat "$TOTAL" - sh -c 'find "$@" -type f -exec cat {} + > /dev/null' _ "$WAF_DIR" "${ALB_PATHS[@]}"
for t in 1 2; do
  timed "summary-t$t" "$WAF_BYTES" check_waf \
    "$WAFTUNE" summary --format json --threads "$t" "$WAF_DIR"
  timed "crossref-t$t" "$TOTAL" check_both \
    "$WAFTUNE" crossref --format json --threads "$t" --rules "$ROOT/rules" \
    --alb "${ALB_PATHS[@]}" "$WAF_DIR"
done
# Split of the cost (crossref needs access logs): the WAF pass with one small ALB file, and
# the ALB pass with one WAF file.
ALB1=$(find "${ALB_PATHS[@]}" -type f -printf '%s %p\n' | sort -n | sed -n '1s/^[0-9]* //p')
WAF1=$(find "$WAF_DIR" -type f -printf '%s %p\n' | sort -n | sed -n '1s/^[0-9]* //p')
timed crossref-wafpass-t2 $((WAF_BYTES + $(stat -c %s "$ALB1"))) - \
  "$WAFTUNE" crossref --format json --threads 2 --rules "$ROOT/rules" --alb "$ALB1" "$WAF_DIR"
timed crossref-albpass-t2 $((ALB_BYTES + $(stat -c %s "$WAF1"))) - \
  "$WAFTUNE" crossref --format json --threads 2 --rules "$ROOT/rules" --alb "${ALB_PATHS[@]}" "$WAF1"

log "load average at end: $(load1)"
printf 'input: WAF %.3f GB NDJSON (%d records) + ALB %.3f GB (%d lines) = %.3f GB\n' \
  "$(echo "$WAF_BYTES / 1000000000" | bc -l)" "$WAF_RECORDS" \
  "$(echo "$ALB_BYTES / 1000000000" | bc -l)" "$ALB_LINES" "$(echo "$TOTAL / 1000000000" | bc -l)"
report
