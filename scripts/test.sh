#!/usr/bin/env bash
# The whole test suite: installs what is needed, builds, and runs every test twice, in the
# optimised build with warnings as errors and in the AddressSanitizer + UBSan build; runs
# the web app's end-to-end tests in headless Chromium, then each fuzzer briefly. Exits
# non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs="$(nproc)"

echo "== optimised build (warnings are errors)"
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$jobs"
ctest --preset ci -j"$jobs"

echo "== end-to-end tests in headless Chromium"
COLLEGIUM_BIN=build/ci/app/collegium scripts/test-e2e.sh

echo "== debug build with AddressSanitizer and UBSan"
cmake --preset debug-asan >/dev/null
cmake --build --preset debug-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset debug-asan -j"$jobs"

echo "== every parser's fuzzer, briefly"
scripts/fuzz.sh "${COLLEGIUM_FUZZ_SECONDS:-10}"
