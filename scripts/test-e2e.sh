#!/usr/bin/env bash
# End-to-end tests of the web app: builds web/ into web/dist, starts `collegium serve
# --demo` on 127.0.0.1 (a free port, a fresh data directory), runs tests/e2e in headless
# Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and always stops the
# server. Exits non-zero when anything fails. Works as root without a display (CI).
#
# Environment:
#   COLLEGIUM_BIN        the collegium binary (default: build/release/app/collegium,
#                        built with the release preset when missing)
#   CHROMIUM             the browser (default: /usr/bin/chromium, installed with apt when missing)
#   E2E_SKIP_INSTALL=1   skip apt and `npm ci` (use what is installed)
#   E2E_KEEP_DATA=1      keep the server's data directory and log
#   E2E_TESTS="a b"      run only these files of tests/e2e (names such as
#                        shop-committee.test.mjs), in that order; all of them by default
# Screenshots (and the HTML) of failed tests land in build/e2e-failures/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
PASSWORD="e2e-$(date +%s)-$RANDOM"
FAILURES="$ROOT/build/e2e-failures"
started=$(date +%s)

say() { printf '== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2
    return 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update -q
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

# ---- what the tests need ---------------------------------------------------------------
if [ "${E2E_SKIP_INSTALL:-0}" != 1 ]; then
  if [ ! -x "$CHROMIUM" ]; then
    say "installing chromium (Debian)"
    apt_install chromium fonts-dejavu-core
  fi
  # Node and npm only when they are missing: a Node from elsewhere (with its own npm) is
  # kept, and Debian's npm is never put beside it.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing node and npm (Debian)"
    pkgs=()
    command -v node >/dev/null || pkgs+=(nodejs)
    command -v npm >/dev/null || pkgs+=(npm)
    apt_install "${pkgs[@]}"
  fi
fi
[ -x "$CHROMIUM" ] || { echo "no browser at $CHROMIUM" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node $(node --version) is too old: the web build and the tests need Node 20.19 or later" >&2
  exit 1
fi

if [ "${E2E_SKIP_INSTALL:-0}" != 1 ]; then
  say "npm ci (web, tests/e2e)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
say "building the web app"
(cd web && npm run --silent build)

BIN="${COLLEGIUM_BIN:-$ROOT/build/release/app/collegium}"
if [ ! -x "$BIN" ]; then
  say "building collegium (release preset)"
  cmake --preset release >/dev/null
  cmake --build --preset release -j2 --target collegium
fi

# ---- the server ------------------------------------------------------------------------
DATA="$(mktemp -d "${TMPDIR:-/tmp}/collegium-e2e-XXXXXX")"
LOG="$DATA.log"
SERVER_PID=""
stop_server() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -f "$LOG" ]; then
    echo "-- server output (last 40 lines) --" >&2
    tail -n 40 "$LOG" >&2 || true
  fi
  if [ "${E2E_KEEP_DATA:-0}" = 1 ]; then
    echo "data: $DATA, server log: $LOG" >&2
  else
    rm -rf "$DATA" "$LOG" "$DATA.constitution.json"
  fi
  exit "$rc"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "starting the server"
# Short periods, so that an election runs its course within a test: nominations close after
# 20 s (and stay open 20 s more at a time while there are too few candidates), votes after
# a minute or as soon as every elector has voted.
CONSTITUTION="$DATA.constitution.json"
printf '{"nomination_period": "PT20S", "voting_period": "PT1M"}\n' >"$CONSTITUTION"
# The demo's open planning round: discussion 20 s, amendment 40 s, vote 40 s from the start.
"$BIN" --data-dir "$DATA" serve --demo --demo-password "$PASSWORD" --host 127.0.0.1 --port 0 \
  --constitution "$CONSTITUTION" --demo-round 20 40 40 --rate-limit 0 --quiet \
  --web-root "$ROOT/web/dist" >"$LOG" 2>&1 &
SERVER_PID=$!

URL=""
for _ in $(seq 1 600); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the server stopped before it was ready" >&2
    exit 1
  fi
  URL=$(sed -n 's|.*serving \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$LOG" | head -n 1)
  if [ -n "$URL" ] && curl -fsS -o /dev/null "$URL/api/health" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$URL" ] || ! curl -fsS -o /dev/null "$URL/api/health"; then
  echo "the server did not answer /api/health within 60 s" >&2
  exit 1
fi
MEMBER=$(sed -n 's/^ *\(m-[^ ]*\) .*/\1/p' "$LOG" | head -n 1)
[ -n "$MEMBER" ] || { echo "the demo printed no member login" >&2; exit 1; }
# Every member of the first production member's shop (same password): the tests log in as
# them through the API to nominate, sign and vote beside the member in the browser.
SHOP_MEMBERS=$(sed -n '/^and every member of the/{n;p;}' "$LOG" | head -n 1 | xargs)
[ -n "$SHOP_MEMBERS" ] || { echo "the demo printed no shop members" >&2; exit 1; }
# The seat holders of an elected workplace committee, who amend their workplace's plan, and
# a seat holder of the council.
COMMITTEE_MEMBERS=$(sed -n '/^Seat holders of the/{n;p;}' "$LOG" | head -n 1 | xargs)
COUNCIL_MEMBER=$(sed -n '/^A seat holder of the Central Economic Council/{n;p;}' "$LOG" | head -n 1 | xargs)
# A seat holder of the congress, who proposes amendments of the constitution.
CONGRESS_MEMBER=$(sed -n '/^A seat holder of the Congress of Producers/{n;p;}' "$LOG" | head -n 1 | xargs)
[ -n "$COMMITTEE_MEMBERS" ] && [ -n "$COUNCIL_MEMBER" ] && [ -n "$CONGRESS_MEMBER" ] ||
  { echo "the demo printed no committee, council or congress seat holders" >&2; exit 1; }
say "server at $URL (demo member $MEMBER)"

# ---- the tests -------------------------------------------------------------------------
rm -rf "$FAILURES"
export COLLEGIUM_URL="$URL" COLLEGIUM_MEMBER="$MEMBER" COLLEGIUM_PASSWORD="$PASSWORD"
export COLLEGIUM_SHOP_MEMBERS="$SHOP_MEMBERS"
export COLLEGIUM_COMMITTEE_MEMBERS="$COMMITTEE_MEMBERS" COLLEGIUM_COUNCIL_MEMBER="$COUNCIL_MEMBER"
export COLLEGIUM_COMMITTEE_MEMBER="${COMMITTEE_MEMBERS%% *}" COLLEGIUM_CONGRESS_MEMBER="$CONGRESS_MEMBER"
export E2E_FAILURES_DIR="$FAILURES"
export HOME="${HOME:-$DATA}"
set +e
TAP="$DATA/results.tap"
read -r -a tests <<<"${E2E_TESTS:-}"
(
  cd tests/e2e
  if [ "${#tests[@]}" -eq 0 ]; then tests=(./*.test.mjs); fi
  node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$TAP" "${tests[@]}"
)
rc=$?
set -e
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$TAP" 2>/dev/null | tail -n 1)
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$TAP" 2>/dev/null | tail -n 1)
if [ -n "$passed" ] && [ -n "$failed" ]; then
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # the run itself failed
  echo "e2e: $passed passed, $failed failed"
fi
if [ "$rc" -ne 0 ] && [ -d "$FAILURES" ]; then
  echo "screenshots of the failures: $FAILURES" >&2
fi
say "end-to-end tests took $(( $(date +%s) - started )) s in all"
exit "$rc"
