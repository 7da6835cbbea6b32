#!/usr/bin/env bash
# README command 2 (and what CI runs): install dependencies, build with
# warnings as errors and ASan+UBSan, and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
# Headless Chromium renders the HTML report in a test (no script may run,
# nothing may be fetched): tests/browser/check_html.sh.
if ! command -v chromium >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export WAFTUNE_BROWSER_TESTS=1
npm ci --prefix tests/tools --no-audit --no-fund --loglevel=error
npm ci --prefix tests/sql --no-audit --no-fund --loglevel=error
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_COMPILE_WARNING_AS_ERROR=ON -DWAFTUNE_SANITIZE=ON >/dev/null
cmake --build build-test -j"$(nproc)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-test --output-on-failure -j"$(nproc)"
