#!/usr/bin/env bash
# Builds the count parsers' libFuzzer targets with clang in build/fuzz and runs each for
# N seconds (default 10). Exit status is non-zero if any fuzzer finds a crash.
# Usage: scripts/fuzz-count.sh [SECONDS]
set -euo pipefail
seconds="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
jobs="${COLLEGIUM_JOBS:-2}"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOLLEGIUM_FUZZ=ON -DCOLLEGIUM_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$build" -j"$jobs" --target fuzz_count_blt fuzz_count_csv fuzz_count_preflib
cd "$build"
ctest -R '^fuzz_count_' --output-on-failure
