#!/usr/bin/env bash
# bench/count/run.sh: count_bench and the npm peers of issue 3 on the same ballots.
#
#   bench/count/run.sh [--ballots N] [--repeat R] [--cap SECONDS] [--min-ballots N] [--seed S]
#                      [--methods meek-stv,schulze,irv] [--input-limit SECONDS]
#
# Builds nothing: it expects build/release/bench/count/count_bench, or the count_bench named
# by COUNT_BENCH (for a build directory of one's own). It installs the peers
# (meeks-prf-js for Meek, votes for Schulze and IRV) from the npm registry into a fresh
# temporary folder, which also holds the generated BLT, and removes the folder at the end
# (set KEEP=1 to keep it). bench/count/peers.mjs runs both sides and prints the ratios;
# see its header for how a peer that cannot finish within the cap is scaled down.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bench="${COUNT_BENCH:-$root/build/release/bench/count/count_bench}"
if [[ ! -x "$bench" ]]; then
  echo "missing $bench; build it first:" >&2
  echo "  cmake --preset release && cmake --build --preset release --target count_bench" >&2
  exit 1
fi
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "$tool is required (Node 18 or later)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/count_peers.XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
echo "peer folder: $work"
(
  cd "$work"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error meeks-prf-js votes >/dev/null
  node -e 'for (const p of ["meeks-prf-js", "votes"])
    console.log(`  ${p}@${require(`./node_modules/${p}/package.json`).version}`)'
)
echo "node $(node --version)"

node "$root/bench/count/peers.mjs" --bench "$bench" --modules "$work" "$@"
