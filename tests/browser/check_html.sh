#!/bin/sh
# Renders a waftune HTML report in headless Chromium and checks that it is
# self-contained: no script elements, no external URLs in attributes, a CSP
# that forbids scripts and fetches, and a non-trivial screenshot.
# Usage: check_html.sh REPORT.html [OUT.png]   (default OUT: docs/report-screenshot.png)
set -eu
html=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
png=${2:-$here/docs/report-screenshot.png}
fail() { echo "check_html: $*" >&2; exit 1; }

[ -s "$html" ] || fail "no report at $html"
grep -qi '<script' "$html" && fail "report contains a script element"
# Log text may mention URLs (escaped, inert); only markup may not load them.
# Escaped log text has &quot;, never a raw quote, so a quoted src/href is markup.
grep -Eqi '(src|href)=["'"'"']' "$html" && fail "report has a resource attribute"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$html" || fail "CSP meta missing"

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || fail "chromium not installed (apt-get install -y chromium)"
abs=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
log=$(mktemp)
# Every host name resolves to nothing, so any fetch attempt fails and shows
# up in the log.
"$browser" --headless --disable-gpu --no-sandbox --hide-scrollbars \
  --host-resolver-rules="MAP * ~NOTFOUND" --enable-logging=stderr --v=0 \
  --screenshot="$png" --window-size=1280,2400 "file://$abs" 2>"$log" >/dev/null \
  || { cat "$log" >&2; rm -f "$log"; fail "chromium failed"; }
if grep -Eq 'ERR_NAME_NOT_RESOLVED|Refused to load|Content Security Policy' "$log"; then
  grep -E 'ERR_NAME_NOT_RESOLVED|Refused to load|Content Security Policy' "$log" >&2
  rm -f "$log"
  fail "report tried to load something"
fi
rm -f "$log"
size=$(wc -c <"$png")
[ "$size" -gt 20000 ] || fail "screenshot too small ($size bytes)"
echo "check_html: ok ($png, $size bytes)"
