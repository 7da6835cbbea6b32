# Shared helpers of bench/crossref/run.sh and bench/replay/run.sh (sourced, not run).
#
# - bench_data: finds (or generates once) the plain WAF + ALB data set of bench/summary in
#   $BENCH_DIR/plain, and more ALB lines when its ALB part is below $ALB_MIN bytes.
# - wait_for_idle: the team VM is shared with compiling engineers; waits (60 s steps, up to
#   $LOAD_WAIT seconds) until the 1-minute load average is at most $LOAD_MAX.
# - timed: runs a command $BENCH_REPS times under /usr/bin/time -v, keeps the fastest run
#   (wall seconds, user+sys seconds, peak RSS) as one row of $RES.
# - report: prints the table; GB/s counts uncompressed input bytes.

BENCH_DIR="${BENCH_DIR:-/tmp/waftune-bench}"
BENCH_REPS="${BENCH_REPS:-2}"
LOAD_MAX="${LOAD_MAX:-2.5}"
LOAD_WAIT="${LOAD_WAIT:-900}"
WAF_MIN="${WAF_MIN:-1500000000}"
ALB_MIN="${ALB_MIN:-600000000}"
GEN="$ROOT/tools/waftune-gen"

log() { printf '%s\n' "$*" >&2; }
sum_bytes() { find "$@" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Sets WAF_DIR, ALB_PATHS (array), WAF_BYTES, ALB_BYTES, TRUTH, WAF_RECORDS, ALB_LINES.
bench_data() {
  local plain="$BENCH_DIR/plain"
  if [ ! -d "$plain/waf" ] || [ "$(sum_bytes "$plain/waf")" -lt "$WAF_MIN" ]; then
    # Same options as bench/summary/run.sh, so both benchmarks share the files.
    log "generating WAF + ALB data in $plain (1.6G of WAF NDJSON, a few minutes)..."
    rm -rf "$plain"
    "$GEN" --out "$plain" --seed 11 --bytes 1.6G --no-cloudfront --plain
    echo "--seed 11 --bytes 1.6G --no-cloudfront --plain $(sha1sum "$GEN" | cut -c1-12)" \
      > "$plain/.stamp"
  fi
  WAF_DIR="$plain/waf"
  TRUTH="$plain/truth/expected_summary.json"
  WAF_BYTES=$(sum_bytes "$WAF_DIR")
  ALB_PATHS=("$plain/alb")
  ALB_BYTES=$(sum_bytes "$plain/alb")
  WAF_RECORDS=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['inputs']['waf']['records'])" "$TRUTH")
  ALB_LINES=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['inputs']['alb']['lines'])" "$TRUTH")
  if [ "$ALB_BYTES" -lt "$ALB_MIN" ]; then
    # Another seed: its ALB lines do not join the WAF records, they only add parsing work.
    local extra="$BENCH_DIR/alb-extra"
    if [ ! -d "$extra/alb" ]; then
      local need=$(( (ALB_MIN - ALB_BYTES) * 3 / 1000000 + 50 ))   # WAF:ALB bytes is ~2.7:1
      log "ALB part is $ALB_BYTES bytes < $ALB_MIN: generating more in $extra (${need}M of WAF)..."
      "$GEN" --out "$extra" --seed 12 --bytes "${need}M" --no-cloudfront --plain
    fi
    ALB_PATHS+=("$extra/alb")
    ALB_BYTES=$(( ALB_BYTES + $(sum_bytes "$extra/alb") ))
    ALB_LINES=$(( ALB_LINES + $(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['inputs']['alb']['lines'])" "$extra/truth/expected_summary.json") ))
  fi
  log "data: WAF $WAF_BYTES bytes ($WAF_RECORDS records), ALB $ALB_BYTES bytes ($ALB_LINES lines)"
}

wait_for_idle() {
  local waited=0
  while awk -v l="$(load1)" -v m="$LOAD_MAX" 'BEGIN{exit !(l > m)}' && [ "$waited" -lt "$LOAD_WAIT" ]; do
    log "load average $(load1) > $LOAD_MAX: waiting 60 s (${waited} s so far)"
    sleep 60
    waited=$((waited + 60))
  done
  LOAD_START="$(load1)"
  log "load average at start: $LOAD_START (waited ${waited} s)"
}

# timed NAME BYTES CHECK CMD...   CHECK: a command given the output file, or "-" for none.
timed() {
  local name="$1" bytes="$2" check="$3"; shift 3
  case " ${BENCH_SKIP:-} " in *" $name "*) log "skip $name"; return;; esac
  local best="" rep
  for rep in $(seq "$BENCH_REPS"); do
    log "run  $name ($rep/$BENCH_REPS, load $(load1))"
    local l0 t0 t1 status=ok tv="$OUT/$name.time"
    l0=$(load1)
    t0=$(date +%s.%N)
    if ! /usr/bin/time -v -o "$tv" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; then
      status="failed(see $OUT/$name.err)"
    fi
    t1=$(date +%s.%N)
    local wall cpu rss
    wall=$(echo "$t1 - $t0" | bc)
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$tv")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
    if [ "$status" = ok ] && [ "$check" != "-" ]; then
      status=$($check "$OUT/$name.out" 2>&1) || status="CHECK FAILED: $status"
    fi
    local row
    row=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s' "$name" "$bytes" "$wall" "$cpu" "$rss" "$l0" "$status")
    if [ -z "$best" ] || [ "$(echo "$wall < $(cut -f3 <<< "$best")" | bc)" = 1 ]; then best="$row"; fi
  done
  printf '%s\n' "$best" >> "$RES"
}

# report: "x summary" = row GB/s / GB/s of the summary row with the same
# thread suffix (-t1, -t2); rows are name, bytes, wall, cpu, rss KB, load, status.
report() {
  python3 - "$RES" <<'EOF'
import re, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
def gbs(r): return int(r[1]) / 1e9 / float(r[2])
base = {re.sub(r"^summary", "", r[0]): gbs(r) for r in rows if r[0].startswith("summary-t")}
print("%-19s %6s %7s %6s %7s %9s %7s %9s %5s  %s" % ("run", "GB in", "wall s", "GB/s", "cpu s",
      "GB/cpu-s", "RSS MB", "x summary", "load", "check"))
for r in rows:
    name, nbytes, wall, cpu, rss, load, status = r
    m = re.search(r"(-t\d+)$", name)
    ref = base.get(m.group(1)) if m and not name.startswith(("summary", "cat")) else None
    ratio = "%.2f" % (gbs(r) / ref) if ref else "-"
    cpu_gbs = "%.3f" % (int(nbytes) / 1e9 / float(cpu)) if float(cpu) > 0 else "-"
    print("%-19s %6.3f %7.2f %6.3f %7.2f %9s %7.0f %9s %5s  %s" % (name, int(nbytes) / 1e9,
          float(wall), gbs(r), float(cpu), cpu_gbs, int(rss) / 1024, ratio, load, status))
print("GB/s = uncompressed input bytes / wall seconds (best of the reps); GB/cpu-s = bytes / "
      "(user+sys) seconds; x summary = GB/s / GB/s of `waftune summary` with the same --threads")
EOF
}
