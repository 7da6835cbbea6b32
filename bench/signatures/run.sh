#!/usr/bin/env bash
# Measures the attack signatures (rules/signatures/) on the FULL public
# corpora and rewrites the results table in docs/signatures.md.
#
#   bench/signatures/run.sh [BUILD_DIR] [CORPORA_DIR]
#
# BUILD_DIR must hold a built waftune_match_tests (default build-match);
# CORPORA_DIR defaults to ../shared/corpora next to the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build-match}"
corpora="${2:-$root/../shared/corpora}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 "$root/bench/signatures/extract_corpora.py" --corpora "$corpora" --out "$tmp/full.tsv"
WAFTUNE_QUALITY_TSV="$tmp/full.tsv" WAFTUNE_QUALITY_REPORT="$tmp/table.md" \
  "$build/waftune_match_tests" --gtest_filter='SignatureQualityTest.FullCorpora' >/dev/null
cat "$tmp/table.md"

# Replace the text between the two markers in docs/signatures.md.
python3 - "$root/docs/signatures.md" "$tmp/table.md" <<'PY'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
text = open(doc).read()
start, end = '<!-- quality:start -->', '<!-- quality:end -->'
a, b = text.index(start) + len(start), text.index(end)
open(doc, 'w').write(text[:a] + '\n' + table + text[b:])
PY
echo "updated $root/docs/signatures.md"
