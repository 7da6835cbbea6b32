#!/usr/bin/env bash
# README command 1: install dependencies, build waftune, and run the main job
# (a summary of the bundled example WAF logs, then the cross-reference when
# the build has it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWAFTUNE_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target waftune
./build/waftune summary examples/waf
./build/waftune crossref --alb examples/alb --cloudfront examples/cloudfront -- examples/waf
./build/waftune report --alb examples/alb -x examples/exclusions.json -o waftune-report.html examples/waf
echo "Report written to waftune-report.html"
