#!/usr/bin/env bash
# Opens the HTML API reference (docs/api/index.html, built by tools/build-api-docs.sh) in headless
# Chromium, as a reader would, and checks that every operation of spec/openapi.yaml is rendered.
# Leaves a screenshot in OUTPUT_DIR (default artifacts/docs-check) for a look.
# Usage: tools/ci/docs-check.sh [OUTPUT_DIR]
set -uo pipefail
cd "$(dirname "$0")/../.."

out=$(realpath -m "${1:-artifacts/docs-check}")
mkdir -p "$out"
page=$PWD/docs/api/index.html
passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
if [ ! -f "$page" ] || [ spec/openapi.yaml -nt "$page" ]; then
  tools/build-api-docs.sh >/dev/null
fi

if [ -s "$page" ]; then pass "docs/api/index.html built"; else fail "docs/api/index.html built"; fi
# GPU hosts are often offline: the page must not need a CDN to render.
if grep -Eq '<script[^>]+src="https?:' "$page"; then fail "page loads no remote script"; else pass "page loads no remote script"; fi

# Redoc renders operations as the window scrolls to them: a tall window renders them all. A tag
# lists at most 8 operations before a "Show more" link, so no tag of the contract has more.
chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=15000)
"${chrome[@]}" --window-size=1400,4000 --dump-dom "file://$page" 2>/dev/null > "$out/dom.html"
# Only what the browser rendered counts, not the contract embedded in the page's scripts.
perl -0777 -pe 's{<script\b.*?</script>}{}gs; s{<style\b.*?</style>}{}gs' "$out/dom.html" > "$out/rendered.html"

if grep -q 'NvContract REST API' "$out/rendered.html"; then pass "title rendered"; else fail "title rendered"; fi

# Every "path method" pair of the contract, e.g. "/v1.0/gpu/info get".
operations=$(awk '
  /^paths:/ { inpaths = 1; next }
  /^[^ ]/ { inpaths = 0 }
  inpaths && /^  \/[^ ]*:$/ { path = $1; sub(/:$/, "", path) }
  inpaths && /^    (get|put|post|delete|patch|head|options):/ { method = $1; sub(/:$/, "", method); print path, method }
' spec/openapi.yaml)
count=$(echo "$operations" | grep -c .)
if [ "$count" -gt 0 ]; then pass "spec/openapi.yaml has $count operations"; else fail "no operation found in spec/openapi.yaml"; fi

while read -r path method; do
  # Redoc's operation entry: the method tag, then the path.
  if grep -Eq ">$method</div></div><span[^>]*>${path//./\\.}</span>" "$out/rendered.html"; then
    pass "rendered: ${method^^} $path"
  else
    fail "rendered: ${method^^} $path"
  fi
done <<< "$operations"

rendered=$(grep -Eo '>(get|put|post|delete|patch|head|options)</div></div><span[^>]*>/[^<]*</span>' "$out/rendered.html" | sort -u | wc -l)
if [ "$rendered" -eq "$count" ]; then pass "no other operation rendered ($rendered)"; else fail "$rendered operations rendered, $count in the contract"; fi

"${chrome[@]}" --window-size=1400,1800 --screenshot="$out/api-reference.png" "file://$page" >/dev/null 2>&1
if [ "$(stat -c %s "$out/api-reference.png" 2>/dev/null || echo 0)" -gt 20000 ]; then
  pass "screenshot $out/api-reference.png"
else
  fail "screenshot $out/api-reference.png"
fi

echo
echo "docs-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
