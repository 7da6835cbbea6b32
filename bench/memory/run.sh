#!/usr/bin/env bash
# Flat-memory check: streams generated WAF logs through `waftune summary -`
# on stdin, once (~200 MB) and five times (>= 1 GB, every pass with its own
# request ids and client addresses, so distinct keys keep growing), and
# reports the peak RSS of each run (/usr/bin/time -v). Memory must not grow
# with input size: the 1 GB run may use at most MAX_RATIO times the peak of
# the 200 MB run (default 1.5), else the script exits 1.
#   usage: bench/memory/run.sh [WAFTUNE_BINARY]
# Env: WORK (scratch dir, default /tmp/waftune-mem), MB (size of one pass,
# default 210), PASSES (default 5), MAX_RATIO (default 1.5).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BIN="${1:-$ROOT/build/waftune}"
WORK="${WORK:-/tmp/waftune-mem}"
MB="${MB:-210}"
PASSES="${PASSES:-5}"
MAX_RATIO="${MAX_RATIO:-1.5}"

if [ ! -x "$BIN" ]; then
  echo "run.sh: waftune binary not found: $BIN (pass its path)" >&2
  exit 2
fi
if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time missing; installing (apt-get install time)" >&2
  apt-get install -y time >/dev/null
fi

# 1. One pass of plain WAF logs from the generator (kept between runs).
GEN="$WORK/gen-${MB}M"
if [ ! -f "$GEN/.done" ]; then
  rm -rf "$GEN"
  python3 "$ROOT/tools/waftune-gen" --out "$GEN" --plain --no-cloudfront \
    --bytes "${MB}M" >/dev/null
  find "$GEN/waf" -type f -name '*.log' | sort >"$GEN/files.txt"
  touch "$GEN/.done"
fi

one_pass() {
  xargs cat <"$GEN/files.txt"
}
# Pass i rewrites request ids and turns each client into an IPv6 address
# (2001:db8:i::a.b.c.d) so that every pass brings new distinct keys.
many_passes() {
  for i in $(seq 1 "$PASSES"); do
    one_pass | sed -e "s/\"requestId\":\"/\"requestId\":\"p$i-/" \
                   -e "s/\"clientIp\":\"\([0-9.]*\)\"/\"clientIp\":\"2001:db8:$i::\1\"/"
  done
}

# 2. Runs waftune on a stream; prints "bytes records peak_kb seconds".
measure() {
  local name="$1" producer="$2"
  "$producer" | tee >(wc -c >"$WORK/$name.bytes") |
    /usr/bin/time -v -o "$WORK/$name.time" \
      "$BIN" summary --format json --quiet - >"$WORK/$name.json"
  sleep 1  # Let the wc in the process substitution finish writing.
  local bytes records peak secs
  bytes=$(cat "$WORK/$name.bytes")
  records=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["inputs"]["waf"]["records"])' "$WORK/$name.json")
  peak=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.time")
  echo "$bytes $records $peak $secs"
}

read -r b1 r1 p1 s1 < <(measure single one_pass)
read -r b2 r2 p2 s2 < <(measure multi many_passes)

printf '%-8s %12s %12s %14s %10s\n' run input_MB records peak_RSS_MB wall
printf '%-8s %12d %12d %14d %10s\n' single $((b1 / 1000000)) "$r1" $((p1 / 1024)) "$s1"
printf '%-8s %12d %12d %14d %10s\n' multi $((b2 / 1000000)) "$r2" $((p2 / 1024)) "$s2"

if [ "$b2" -lt 1000000000 ]; then
  echo "run.sh: the large run streamed only $b2 bytes (< 1 GB)" >&2
  exit 1
fi
if awk -v a="$p1" -v b="$p2" -v r="$MAX_RATIO" 'BEGIN { exit !(b > a * r) }'; then
  echo "run.sh: peak RSS grew from ${p1} kB to ${p2} kB (> ${MAX_RATIO}x): not flat" >&2
  exit 1
fi
awk -v a="$p1" -v b="$p2" -v x="$b1" -v y="$b2" \
  'BEGIN { printf "flat: peak RSS ratio %.2f for %.1fx the input\n", b / a, y / x }'
