#!/usr/bin/env bash
# Builds every parser's libFuzzer target with clang in build/fuzz (the whole code base
# instrumented with ASan and UBSan) and runs each for N seconds (default 10). Exits
# non-zero if any fuzzer finds a crash or a sanitizer report.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
seconds="${1:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCOLLEGIUM_FUZZ=ON -DCOLLEGIUM_BENCH=OFF -DCOLLEGIUM_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzzers
ctest --test-dir "$build" -R '^fuzz_' --output-on-failure
