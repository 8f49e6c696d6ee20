#!/usr/bin/env bash
# The main job: installs what is needed, builds the server and the web app, and serves
# collegium on http://127.0.0.1:8080 with the demo federation (generated into
# ./collegium-data on the first run) and demo logins printed at start. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)" --target collegium
(
  cd web
  [ -d node_modules ] || npm ci --no-audit --no-fund
  npm run build
) >/dev/null
exec build/release/app/collegium --data-dir "${COLLEGIUM_DATA_DIR:-./collegium-data}" \
  serve --demo --port "${COLLEGIUM_PORT:-8080}" --web-root web/dist
