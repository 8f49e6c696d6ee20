#!/usr/bin/env bash
# Runs every parser's libFuzzer target for N seconds (default 10). The fuzzers come from the
# sanitizer build (the `debug-asan` preset, in build/sanitize: clang, the whole code base
# instrumented with ASan, UBSan and libFuzzer's coverage), which the unit tests use too; a
# build already made there is reused, and only the fuzzers and what they need are built
# otherwise. Exits non-zero if any fuzzer finds a crash or a sanitizer report.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
seconds="${1:-10}"
cd "$(dirname "$0")/.."
cmake --preset debug-asan -DCOLLEGIUM_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build --preset debug-asan -j"$(nproc)" --target fuzzers
ctest --preset fuzz
