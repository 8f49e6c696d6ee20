#!/usr/bin/env bash
# The main job: installs what is needed, builds, and starts collegium with a demo federation.
# Until the server lands this generates the demo federation into ./collegium-data (once)
# and prints it; later runs print the federation already there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
bin=build/release/app/collegium
data="${COLLEGIUM_DATA_DIR:-./collegium-data}"
if [ -f "$data/collegium.db" ]; then
  "$bin" --data-dir "$data" federation show
else
  "$bin" --data-dir "$data" demo
fi
