#!/usr/bin/env bash
# Installs every Debian package that collegium's build, tests and benchmarks need.
# Idempotent: packages already installed are left alone and apt is not touched at all
# when nothing is missing. Works as root on a fresh Debian 12 machine (or via sudo).
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git clang libclang-rt-14-dev clang-format
  # libraries
  libsodium-dev libsqlite3-dev nlohmann-json3-dev libfmt-dev libcli11-dev libsimdjson-dev
  libgmp-dev libeigen3-dev coinor-libclp-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev librapidcheck-dev sqlite3 time bc wrk hyperfine
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The web app is built with Node.js and npm. A Node from elsewhere (with its own npm) is
# kept as it is; Debian's packages come in only when node or npm is missing.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "install-deps: run as root (or install sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
