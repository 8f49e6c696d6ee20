#!/usr/bin/env bash
# What the HTTP layer costs: requests/s and p50/p99 latency on loopback (wrk) for a read
# route and for a durable write route, beside the bare store's durable append rate (one
# event per transaction, record_bench) measured in the same run.
# Usage: bench/server/run.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs="${1:-10}"
conns="${2:-16}"
bin=build/release/app/collegium
bench=build/release/bench/record/record_bench
[ -x "$bin" ] && [ -x "$bench" ] || { echo "build first: cmake --build --preset release" >&2; exit 1; }
data="$(mktemp -d /tmp/collegium-http-bench.XXXXXX)"
out="$(mktemp)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data" "$out"' EXIT

"$bin" --data-dir "$data" demo --workplaces 40 --members 3000 >/dev/null
echo "bench password" | "$bin" --data-dir "$data" account password operator >/dev/null
"$bin" --data-dir "$data" serve --port 0 --quiet --rate-limit 0 >"$out" &
pid=$!
for _ in $(seq 100); do grep -q serving "$out" && break; sleep 0.1; done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out" | head -1)
base="http://127.0.0.1:$port"

login=$(curl -s -D - -H 'Content-Type: application/json' \
  -d '{"member":"operator","password":"bench password"}' "$base/api/session")
export COLLEGIUM_COOKIE="collegium_session=$(echo "$login" | sed -n 's/^Set-Cookie: collegium_session=\([0-9a-f]*\).*/\1/p')"
export COLLEGIUM_CSRF=$(echo "$login" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')

report() {  # label, wrk output
  local rps p50 p99
  rps=$(echo "$2" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$2" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$2" | awk '$1 == "99%" {print $2}')
  printf '%-40s %10.0f req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  last_rps="$rps"
}

echo "== HTTP on loopback: wrk, 2 threads, $conns connections, ${secs}s each"
report "GET /api/bodies/congress (read)" "$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$base/api/bodies/congress")"
report "POST /api/commands (durable write)" "$(wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/server/write.lua "$base")"
http_write="$last_rps"
errors=$(curl -s "$base/api/record/verification" | sed -n 's/.*"valid":\([a-z]*\).*/\1/p')
kill "$pid"; wait "$pid" || true

bare=$("$bench" --repeats 3 --events 1000 | awk '/1 event per transaction/ {print $5}')
printf '%-40s %10.0f events/s\n' "bare store, 1 event per transaction" "$bare"
printf '%-40s %10.2f\n' "ratio HTTP write / bare append" "$(echo "$http_write / $bare" | bc -l)"
echo "record still verifies after the run: $errors"
