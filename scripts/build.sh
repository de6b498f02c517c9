#!/usr/bin/env bash
# Configures and builds cecat into build/ (or $CECAT_BUILD_DIR). Extra arguments go
# to CMake's configure step, e.g. scripts/build.sh -DCECAT_SANITIZE=ON.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${CECAT_BUILD_DIR:-$root/build}"
generator=()
if command -v ninja >/dev/null 2>&1 && [[ ! -f "$build/Makefile" ]]; then generator=(-G Ninja); fi
# ccache (scripts/setup.sh --test installs it) makes a rebuild from scratch on the same
# machine cheap; a first build costs the same. The test executables' precompiled
# header is cached only with these sloppiness settings (ccache manual, "Precompiled
# headers").
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
fi
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE="${CECAT_BUILD_TYPE:-RelWithDebInfo}" \
  "${launcher[@]}" "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)" ${CECAT_BUILD_TARGET:+--target "$CECAT_BUILD_TARGET"}
