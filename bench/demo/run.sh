#!/usr/bin/env bash
# The demo at scale: generates and loads WORKPLACES workplaces and MEMBERS members into a
# fresh data directory, then verifies the whole record, reporting wall time and peak
# memory (GNU time) for each, and the ratio of the load rate to the store's bare append
# rate measured in the same run (record_bench's batched appends).
# Usage: bench/demo/run.sh [WORKPLACES] [MEMBERS] [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
workplaces="${1:-20000}"
members="${2:-7000000}"
data="${3:-$(mktemp -d /tmp/collegium-demo-bench.XXXXXX)}"
bin=build/release/app/collegium
[ -x "$bin" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
rm -rf "$data"

measure() {  # label, command...
  local label="$1"; shift
  local log; log="$(mktemp)"
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null
  read -r secs kb <"$log"
  rm -f "$log"
  printf '%-34s %8.1f s   peak %7.0f MiB\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
  last_secs="$secs"
}

echo "== demo: $workplaces workplaces, $members members, into $data"
measure "generate+load" "$bin" --data-dir "$data" demo --workplaces "$workplaces" --members "$members"
load_secs="$last_secs"
measure "verify the record" "$bin" --data-dir "$data" record verify
events=$(sqlite3 "$data/collegium.db" 'SELECT MAX(seq) FROM events')
size=$(du -sm "$data" | cut -f1)
rate=$(echo "$events / $load_secs" | bc -l)
printf '%-34s %8d events, %d MiB on disk\n' "record" "$events" "$size"
printf '%-34s %8.0f events/s\n' "load rate" "$rate"
if [ -x build/release/bench/record/record_bench ]; then
  bare=$(build/release/bench/record/record_bench --events 1000 --repeats 1 | awk '/batches of 1000/ {print $4}')
  printf '%-34s %8.0f events/s   ratio %.2f\n' "bare batched append (same run)" "$bare" "$(echo "$rate / $bare" | bc -l)"
fi
rm -rf "$data"
