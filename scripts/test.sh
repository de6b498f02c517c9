#!/usr/bin/env bash
# Quick start 2 (and CI): installs what is missing, builds everything and runs every
# test with CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh" --test
"$root/scripts/build.sh" "$@"
cd "${CECAT_BUILD_DIR:-$root/build}"
ctest --output-on-failure --parallel "$(nproc)" --timeout 300
