#!/usr/bin/env bash
# The slow suite, kept out of CI: 1,000 SIGKILL crashes; the 7,000,000-member demo
# generated, loaded and verified with its time and peak memory; and every shop committee of
# a 7,000,000-member demo elected, with the time of the step that closes all their polls;
# the 7,000,000-member demo's economy of 100,000 products; a planning round on it (computed,
# recomputed after an amendment, 7,000,000 ballots closed), and the same round through the
# federation (7,000,000 members' ballots cast and closed, the pages read); a period of its
# 20,000 workplaces' reports through the HTTP API; and the planning
# engine's solves
# up to 10^7 products, with their peak memory.
# Needs about 10 GB of disk.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc)"
COLLEGIUM_CRASH_ITERATIONS=1000 ctest --preset release -R 'CrashTest' --output-on-failure
COLLEGIUM_SLOW_TESTS=1 ctest --preset release -R 'DemoEconomy|Round' --output-on-failure
bench/demo/run.sh 20000 7000000
build/release/bench/elections/ballot_bench shops --workplaces 20000 --members 7000000
build/release/bench/round/round_bench --large
build/release/bench/round/round_federation_bench --large
# One period of reports from all 20,000 workplaces through the HTTP API (issue #16; ~7 min).
build/release/bench/execution/execution_bench --large
build/release/bench/plan/plan_bench --no-scipy --skip-real --skip-lp --structure uniform --repeat 1
