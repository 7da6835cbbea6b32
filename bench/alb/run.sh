#!/usr/bin/env bash
# ALB parsing benchmark: waftune's AlbReader vs awk status counting vs GoAccess.
#
# Usage: bench/alb/run.sh [SIZE_MB] [WORK_DIR]     (default 1024 MB, /tmp/waftune-alb-bench)
# Needs g++, python3, awk; GoAccess is optional (apt-get install -y goaccess).
# The driver is compiled straight from the sources it needs (util, io, the ALB
# reader) with -O2, so it does not depend on the state of a CMake build dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
size=${1:-1024}
work=${2:-/tmp/waftune-alb-bench}
mkdir -p "$work"
log="$work/alb-${size}mb.log"

[ -f "$log" ] || python3 "$here/gen_alb.py" "$log" "$size"
bytes=$(stat -c %s "$log")

echo "== build driver"
g++ -std=c++20 -O2 -DNDEBUG -I"$root/src" -o "$work/alb_parse_bench" \
  "$here/alb_parse_bench.cc" "$root"/src/util/*.cc "$root"/src/io/*.cc \
  "$root/src/logs/alb_reader.cc" "$root/src/logs/request_id.cc" \
  -lisal -ldeflate -lz -lpthread

cat "$log" > /dev/null  # Warm the page cache for every contender.
# Prints "cpu wall" seconds of a command (user+sys, so a busy shared machine
# inflates the wall time less than the per-core figure).
timeit() {
  local TIMEFORMAT='%3U %3S %3R' t
  t=$( { time "$@" > "$work/out.txt" 2>&1; } 2>&1 )
  python3 -c "u, s, r = map(float, '$t'.split()); print(u + s, r)"
}
report() {  # name "cpu wall"
  python3 -c "c, w = map(float, '$2'.split()); b = $bytes / 1e6
print('%-9s cpu %.3f s (%.0f MB/s per core)  wall %.3f s (%.0f MB/s)' % ('$1', c, b / c, w, b / w))"
}

echo "== waftune AlbReader (full parse, best of 3)"
"$work/alb_parse_bench" "$log" 3

echo "== awk '{c[\$9]++}' (status count only)"
report "$(readlink -f "$(command -v awk)" | xargs basename)" \
  "$(timeit awk '{c[$9]++} END {for (s in c) print s, c[s]}' "$log")"

if command -v goaccess > /dev/null; then
  echo "== GoAccess --log-format=AWSALB (1 thread, JSON output)"
  report goaccess "$(timeit goaccess "$log" --log-format=AWSALB \
    -o "$work/goaccess.json" --no-progress --no-global-config)"
  grep -o '"total_requests": [0-9]*' "$work/goaccess.json" | head -1 || true
fi
