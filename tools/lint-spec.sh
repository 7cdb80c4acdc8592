#!/usr/bin/env bash
# Lints every contract in spec/ with Redocly (pinned in tools/api-docs/package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/api-docs"
[ -x node_modules/.bin/redocly ] || npm ci --no-audit --no-fund
for spec in ../../spec/*.yaml; do
  ./node_modules/.bin/redocly lint --config redocly.yaml "$spec"
done
