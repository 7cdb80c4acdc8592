#!/usr/bin/env bash
# Puts each results/<part>.md of this run into bench/README.md, between the markers
# <!-- bench:<part> --> and <!-- /bench:<part> -->; parts not run this time keep their figures.
set -euo pipefail
. "$(dirname "$0")/common.sh"
readme="$BENCH_DIR/README.md"
for fragment in "$RESULTS"/*.md; do
  [ -e "$fragment" ] || continue
  part=$(basename "$fragment" .md)
  grep -q "<!-- bench:$part -->" "$readme" || { echo "README has no marker for $part" >&2; exit 1; }
  awk -v part="$part" -v fragment="$fragment" '
    $0 == "<!-- bench:" part " -->" { print; while ((getline line < fragment) > 0) print line; skip = 1; next }
    $0 == "<!-- /bench:" part " -->" { skip = 0 }
    !skip { print }' "$readme" >"$readme.new"
  mv "$readme.new" "$readme"
done
