#!/usr/bin/env bash
# Checks that every tracked C++ file under src/, app/, bench/ and tests/ is formatted as the
# committed .clang-format says, with Debian's clang-format (scripts/install-deps.sh installs
# it). Lists the files that differ and exits 1 when there are any.
# Usage: scripts/check-format.sh          check, change nothing
#        scripts/check-format.sh --fix    format those files in place
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
case "${1:-}" in
  "") ;;
  --fix) fix=1 ;;
  *)
    echo "usage: scripts/check-format.sh [--fix]" >&2
    exit 2
    ;;
esac

if ! command -v clang-format >/dev/null; then
  echo "check-format: clang-format is missing; scripts/install-deps.sh installs it" >&2
  exit 2
fi

# Tracked files only: build trees, node_modules and files not yet added are not checked.
mapfile -t files < <(git ls-files -- 'src/*' 'app/*' 'bench/*' 'tests/*' |
  grep -E '\.(cc|h|cpp|hpp)$')

if [ "$fix" -eq 1 ]; then
  printf '%s\0' "${files[@]}" | xargs -0 -r -n 50 clang-format -i --style=file
  echo "check-format: formatted ${#files[@]} files"
  exit 0
fi

# --dry-run -Werror exits non-zero when formatting would change the file; the files are
# checked on every core, and listed in order.
mapfile -t differ < <(printf '%s\0' "${files[@]}" |
  xargs -0 -r -n 8 -P "$(nproc)" sh -c \
    'for f; do clang-format --dry-run -Werror --style=file "$f" >/dev/null 2>&1 || echo "$f"; done' _ |
  sort)

if [ "${#differ[@]}" -eq 0 ]; then
  echo "check-format: all ${#files[@]} files match .clang-format"
  exit 0
fi
echo "check-format: ${#differ[@]} of ${#files[@]} files differ from .clang-format:" >&2
printf '  %s\n' "${differ[@]}" >&2
echo "check-format: to fix them, run scripts/check-format.sh --fix" >&2
exit 1
