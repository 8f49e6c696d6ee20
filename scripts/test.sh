#!/usr/bin/env bash
# The whole test suite: installs what is needed, checks the formatting of the C++ sources,
# builds the programs optimised (g++, warnings as errors) and runs the planning engine's
# tests there at full size; runs the web app's end-to-end tests in headless Chromium against
# that server; builds every test and fuzzer with AddressSanitizer + UBSan (clang, warnings
# as errors), runs every test there, then each fuzzer briefly. Stops at the first failure. Prints how long each stage took,
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

# configure_and_build PRESET [TARGET...]: everything, or only the targets named.
configure_and_build() {
  local preset="$1"
  shift
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j"$jobs" ${1:+--target "$@"}
}

stage "install what is needed" scripts/install-deps.sh
stage "formatting (scripts/check-format.sh)" scripts/check-format.sh
# Each target is built once where it serves: the programs and benchmarks optimised (the
# end-to-end tests drive that server), every test and fuzzer with the sanitizers. The one
# exception is the planning engine's tests, whose full-size real tables are too slow
# without optimisation: they are built and run in both.
stage "optimised build (programs, plan_test)" \
  configure_and_build ci app/all bench/all plan_test
stage "the engine's tests at full size, optimised" build/ci/src/plan/plan_test --gtest_brief=1
stage "end-to-end tests in headless Chromium" \
  env COLLEGIUM_BIN=build/ci/app/collegium scripts/test-e2e.sh
stage "sanitizer build (clang, ASan + UBSan)" configure_and_build debug-asan
stage "tests, sanitizer build" \
  env ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --preset debug-asan -j"$jobs"
stage "every parser's fuzzer, briefly" scripts/fuzz.sh "${COLLEGIUM_FUZZ_SECONDS:-10}"
