#!/usr/bin/env bash
# Benchmark of `waftune summary` against the decoder alone and other tools on the same data.
#
# Generates (once, reused) >= 1.5 GB of WAF NDJSON with tools/waftune-gen, plain and gzip, then
# times in one run: cat, zcat, igzip (if installed), waftune summary --threads 1/2, DuckDB
# (node, 2 threads), Python json (bench/summary/summary.py) and jq. Every tool's rule rows are
# checked against the generator's truth (truth/expected_summary.json). See bench/README.md.
#
# Environment: WAFTUNE (binary, default build/waftune), BENCH_DIR (default /tmp/waftune-bench),
# BENCH_SIZE (default 1.6G of NDJSON), BENCH_SKIP (space-separated names to skip, e.g. "jq python";
# jq alone takes ~20 minutes on 1.6 GB), BENCH_REPS (default 3: every tool but python and jq runs
# that many times and its fastest run counts; single runs on a shared VM swing by +-20%).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WAFTUNE="${WAFTUNE:-$ROOT/build/waftune}"
DIR="${BENCH_DIR:-/tmp/waftune-bench}"
SIZE="${BENCH_SIZE:-1.6G}"
SEED=11
SKIP=" ${BENCH_SKIP:-} "
REPS="${BENCH_REPS:-3}"
GEN="$ROOT/tools/waftune-gen"

log() { printf '%s\n' "$*" >&2; }

# --- data (reused when the stamp matches) ----------------------------------------------------
gen_args="--seed $SEED --bytes $SIZE --no-cloudfront"
for kind in plain gz; do
  out="$DIR/$kind"
  extra=""; [ "$kind" = plain ] && extra="--plain"
  stamp="$gen_args $extra $(sha1sum "$GEN" | cut -c1-12)"
  if [ "$(cat "$out/.stamp" 2>/dev/null)" != "$stamp" ]; then
    log "generating $kind data in $out ($SIZE of WAF NDJSON)..."
    rm -rf "$out"
    "$GEN" --out "$out" $gen_args $extra
    echo "$stamp" > "$out/.stamp"
  fi
done
mapfile -t PLAIN < <(find "$DIR/plain/waf" -type f -name '*.log' | sort)
mapfile -t GZ < <(find "$DIR/gz/waf" -type f -name '*.log.gz' | sort)
TRUTH="$DIR/plain/truth/expected_summary.json"
BYTES=$(cat "${PLAIN[@]}" | wc -c)
GZBYTES=$(cat "${GZ[@]}" | wc -c)
RECORDS=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['inputs']['waf']['records'])" "$TRUTH")
log "data: ${#PLAIN[@]} files, $RECORDS records, $BYTES bytes NDJSON, $GZBYTES bytes gzip"

# --- timing ------------------------------------------------------------------------------------
RES="$DIR/results.tsv"
: > "$RES"
OUT="$DIR/out"; mkdir -p "$OUT"

# bench NAME INPUT(plain|gzip) CHECK(yes|no) CMD...  (stdout of CMD goes to $OUT/NAME.json)
# Runs CMD $REPS times (once for python and jq) and records the fastest run.
bench() {
  local name="$1" input="$2" check="$3"; shift 3
  case "$SKIP" in *" $name "*) log "skip $name"; return;; esac
  local reps="$REPS" best="" status=ok
  case "$name" in python|jq) reps=1;; esac
  local dest="$OUT/$name.json"
  [ "$check" = no ] && dest=/dev/null      # decoder floor: discard the bytes
  for ((rep = 1; rep <= reps; rep++)); do
    log "run  $name ($rep/$reps)"
    local t0 t1 secs
    t0=$(date +%s.%N)
    if ! "$@" > "$dest" 2> "$OUT/$name.err"; then status="failed(see $OUT/$name.err)"; fi
    t1=$(date +%s.%N)
    secs=$(echo "$t1 - $t0" | bc)
    if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then best="$secs"; fi
  done
  if [ "$check" = yes ] && [ "$status" = ok ]; then
    if python3 "$HERE/compare.py" "$TRUTH" "$OUT/$name.json" "$name" > "$OUT/$name.cmp"; then
      status="rows=truth"
    else
      status="ROWS DIFFER($OUT/$name.cmp)"
    fi
  fi
  printf '%s\t%s\t%s\t%s\n' "$name" "$input" "$best" "$status" >> "$RES"
}

bench cat plain no cat "${PLAIN[@]}"
bench zcat gzip no zcat "${GZ[@]}"
if command -v igzip > /dev/null; then
  bench igzip gzip no igzip -dc "${GZ[@]}"
fi

if [ -x "$WAFTUNE" ] && "$WAFTUNE" summary --help > /dev/null 2>&1; then
  for t in 1 2; do
    bench "waftune-t$t" plain yes "$WAFTUNE" summary --format json --threads "$t" "$DIR/plain/waf"
    bench "waftune-t$t-gz" gzip yes "$WAFTUNE" summary --format json --threads "$t" "$DIR/gz/waf"
  done
else
  log "no usable $WAFTUNE (summary): waftune rows skipped"
fi

if [ ! -d "$HERE/node_modules/@duckdb/node-api" ]; then
  (cd "$HERE" && npm install --no-audit --no-fund > /dev/null)
fi
bench duckdb-t2 plain yes node "$HERE/duckdb_summary.mjs" 2 "$DIR/plain/waf/**/*.log"
bench duckdb-t2-gz gzip yes node "$HERE/duckdb_summary.mjs" 2 "$DIR/gz/waf/**/*.log.gz"
bench python plain yes python3 "$HERE/summary.py" "$DIR/plain/waf"
if command -v jq > /dev/null; then
  bench jq plain yes jq -n -f "$HERE/summary.jq" "${PLAIN[@]}"
fi

# --- report --------------------------------------------------------------------------------------
python3 - "$RES" "$BYTES" "$RECORDS" "$GZBYTES" <<'EOF'
import sys
res, nbytes, records, gzbytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = [l.rstrip("\n").split("\t") for l in open(res) if l.strip()]
base = {r[1]: float(r[2]) for r in rows if r[0] in ("waftune-t2", "waftune-t2-gz")}
print("input: %.2f GB NDJSON (%.2f GB gzip), %d records; MB/s counts uncompressed NDJSON bytes"
      % (nbytes / 1e9, gzbytes / 1e9, records))
print("%-16s %-6s %9s %9s %12s %10s  %s" % ("tool", "input", "seconds", "MB/s", "records/s", "x waftune", "check"))
for name, inp, sec, status in rows:
    s = float(sec)
    ref = base.get("plain" if inp == "plain" else "gzip") if not name.startswith("waftune-t2") else None
    ratio = "%.2f" % (s / ref) if ref else "-"
    print("%-16s %-6s %9.2f %9.1f %12.0f %10s  %s" % (name, inp, s, nbytes / 1e6 / s, records / s, ratio, status))
print("x waftune = seconds / seconds of waftune --threads 2 on the same input (higher = waftune faster)")
EOF
