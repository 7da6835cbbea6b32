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
mbps() { python3 -c "print('%.0f MB/s' % ($bytes / 1e6 / $1))"; }
timeit() { local s e; s=$(date +%s.%N); "$@" > "$work/out.txt"; e=$(date +%s.%N);
           python3 -c "print($e - $s)"; }

echo "== waftune AlbReader (full parse, best of 3)"
"$work/alb_parse_bench" "$log" 3

echo "== awk '{c[\$9]++}' (status count only)"
t=$(timeit awk '{c[$9]++} END {for (s in c) print s, c[s]}' "$log")
echo "awk: ${t}s  $(mbps "$t")"
if command -v mawk > /dev/null; then
  t=$(timeit mawk '{c[$9]++} END {for (s in c) print s, c[s]}' "$log")
  echo "mawk: ${t}s  $(mbps "$t")"
fi

if command -v goaccess > /dev/null; then
  echo "== GoAccess --log-format=AWSALB (1 thread, JSON output)"
  t=$(timeit goaccess "$log" --log-format=AWSALB -o "$work/goaccess.json" \
        --no-progress --no-global-config)
  echo "goaccess: ${t}s  $(mbps "$t")"
fi
