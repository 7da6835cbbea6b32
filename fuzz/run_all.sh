#!/usr/bin/env bash
# Builds every libFuzzer target in build-fuzz/ (clang, ASan+UBSan) and runs
# each for DURATION seconds (default 30). Exits non-zero if a target
# crashes, leaks, times out or fails to build. Crash inputs are kept in
# build-fuzz/artifacts/; the grown corpora in build-fuzz/corpus/ (the
# committed seeds in fuzz/corpus/ are never modified).
#   usage: fuzz/run_all.sh [DURATION] [TARGET...]
set -uo pipefail

DURATION="${1:-30}"
shift || true
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${WAFTUNE_FUZZ_BUILD:-$ROOT/build-fuzz}"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(waf_reader alb_reader cloudfront_reader input exclusions request_matcher
           waf_parser_paths)
fi

if ! command -v clang++ >/dev/null; then
  echo "run_all.sh: clang++ not found (apt-get install clang)" >&2
  exit 2
fi
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWAFTUNE_FUZZ=ON -DWAFTUNE_TESTS=OFF \
    || exit 2
fi
ninja -C "$BUILD" "${TARGETS[@]/%/_fuzz}" || exit 2

mkdir -p "$BUILD/artifacts"
failed=()
for t in "${TARGETS[@]}"; do
  work="$BUILD/corpus/$t"
  mkdir -p "$work"
  dict=()
  [ -f "$ROOT/fuzz/$t.dict" ] && dict=(-dict="$ROOT/fuzz/$t.dict")
  # Same input language as waf_reader: share its dictionary.
  [ "$t" = waf_parser_paths ] && dict=(-dict="$ROOT/fuzz/waf_reader.dict")
  echo "=== $t: ${DURATION}s"
  # The first corpus dir receives new inputs; the seeds are read only.
  "$BUILD/fuzz/${t}_fuzz" "$work" "$ROOT/fuzz/corpus/$t" "${dict[@]}" \
    -max_total_time="$DURATION" -timeout=30 -rss_limit_mb=4096 \
    -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$BUILD/artifacts/$t-" >"$BUILD/artifacts/$t.log" 2>&1
  rc=$?
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" \
    "$BUILD/artifacts/$t.log" | tr '\n' ' '
  echo
  if [ $rc -ne 0 ]; then
    echo "!!! $t failed (exit $rc); log: $BUILD/artifacts/$t.log" >&2
    grep -A30 -m1 -E "ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error" \
      "$BUILD/artifacts/$t.log" >&2
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzzing failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzzing passed: ${TARGETS[*]} (${DURATION}s each)"
