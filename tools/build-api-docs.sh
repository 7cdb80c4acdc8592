#!/usr/bin/env bash
# Builds the static HTML API reference from spec/openapi.yaml into docs/api/index.html.
set -euo pipefail
cd "$(dirname "$0")/api-docs"
[ -x node_modules/.bin/redocly ] || npm ci --no-audit --no-fund
./node_modules/.bin/redocly build-docs ../../spec/openapi.yaml --output ../../docs/api/index.html --inlineBundle
echo "API reference: docs/api/index.html"
