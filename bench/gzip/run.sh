#!/bin/sh
# Builds and runs the gzip decoder benchmark (see docs/gzip.md).
# Usage: bench/gzip/run.sh [FILE.gz [MB [RUNS]]]
# The file is generated on first use (~200 MB of text by default).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/waftune_gzip_bench
g++ -std=c++20 -O2 -DNDEBUG -I"$root/src" -o "$out" \
  "$root/bench/gzip/gzip_bench.cc" \
  "$root/src/io/byte_source.cc" "$root/src/io/gzip_source.cc" \
  "$root/src/io/inflate_engine.cc" "$root/src/io/raw_input.cc" \
  "$root/src/io/line_reader.cc" "$root/src/util/diagnostics.cc" \
  "$root/src/util/status.cc" -lisal -ldeflate -lz
exec "$out" "$@"
