#!/usr/bin/env bash
# The whole test suite: installs what is needed, checks the formatting of the C++ sources,
# builds, and runs every test twice, in the optimised build with warnings as errors and in
# the AddressSanitizer + UBSan build; runs the web app's end-to-end tests in headless
# Chromium, then each fuzzer briefly (the fuzzers come from the sanitizer build, which is
# made with clang for them). Stops at the first failure. Prints how long each stage took,
# in a table at the end, also when a stage failed.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"

stages=()   # "name<TAB>seconds<TAB>result", in the order they ran
started_all=$SECONDS

summary() {
  local rc=$?
  echo
  echo "== time per stage"
  printf '%-44s %9s  %s\n' "stage" "seconds" "result"
  local line name secs result
  for line in "${stages[@]}"; do
    IFS=$'\t' read -r name secs result <<<"$line"
    printf '%-44s %9s  %s\n' "$name" "$secs" "$result"
  done
  printf '%-44s %9s  %s\n' "total" "$((SECONDS - started_all))" "$([ "$rc" -eq 0 ] && echo ok || echo "failed ($rc)")"
}
trap summary EXIT

# stage NAME COMMAND...: runs COMMAND, records its time and result; a failure ends the run.
stage() {
  local name="$1"
  shift
  echo "== $name"
  local start=$SECONDS rc=0
  "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then
    stages+=("$name"$'\t'"$((SECONDS - start))"$'\t'"ok")
  else
    stages+=("$name"$'\t'"$((SECONDS - start))"$'\t'"FAILED ($rc)")
    exit "$rc"
  fi
}

configure_and_build() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j"$jobs"
}

stage "install what is needed" scripts/install-deps.sh
stage "formatting (scripts/check-format.sh)" scripts/check-format.sh
stage "optimised build (warnings are errors)" configure_and_build ci
stage "tests, optimised build" ctest --preset ci -j"$jobs"
stage "end-to-end tests in headless Chromium" \
  env COLLEGIUM_BIN=build/ci/app/collegium scripts/test-e2e.sh
stage "sanitizer build (clang, ASan + UBSan)" configure_and_build debug-asan
stage "tests, sanitizer build" \
  env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset debug-asan -j"$jobs"
stage "every parser's fuzzer, briefly" scripts/fuzz.sh "${COLLEGIUM_FUZZ_SECONDS:-10}"
