#!/usr/bin/env bash
# Configures and builds cecat into build/ (or $CECAT_BUILD_DIR). Extra arguments go
# to CMake's configure step, e.g. scripts/build.sh -DCECAT_SANITIZE=ON.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CECAT_BUILD_DIR:-$root/build}"
generator=()
if command -v ninja >/dev/null 2>&1 && [[ ! -f "$build/Makefile" ]]; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE="${CECAT_BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)" ${CECAT_BUILD_TARGET:+--target "$CECAT_BUILD_TARGET"}
