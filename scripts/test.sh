#!/usr/bin/env bash
# Quick start 2 (and CI): installs what is missing, builds everything and runs every
# test with CTest; then the hardening stages (docs/security.md):
#   2. the same suite built with clang, AddressSanitizer + UBSan (-DCECAT_SANITIZE=ON)
#      in build-asan/ (or $CECAT_ASAN_BUILD_DIR); the same tree has the libFuzzer
#      targets (-DCECAT_FUZZ=ON), so the libraries are compiled twice in all, not
#      three times;
#   3. a short run of every libFuzzer target (scripts/fuzz.sh, $CECAT_FUZZ_SECONDS
#      per target, default 25) from that tree, one target per core at a time
#      ($CECAT_FUZZ_JOBS, default nproc).
# CECAT_QUICK=1 runs only the normal build and suite (for developers iterating).
# Extra arguments go to the normal build's CMake configure step.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick="${CECAT_QUICK:-0}"
stage() { echo "test.sh: == $* ($(date -u +%H:%M:%S))" >&2; }

"$root/scripts/setup.sh" --test
stage "build and test"
"$root/scripts/build.sh" "$@"
(cd "${CECAT_BUILD_DIR:-$root/build}" && ctest --output-on-failure --parallel "$(nproc)" --timeout 300)
if [[ $quick == 1 ]]; then
  echo "test.sh: CECAT_QUICK=1: sanitizer and fuzz stages skipped" >&2
  exit 0
fi

# The whole suite again under ASan + UBSan: any memory error, leak or undefined
# behaviour aborts the test that hit it. Built with clang, whose libFuzzer the fuzz
# stage needs: with -DCECAT_FUZZ=ON the module libraries also carry libFuzzer's
# coverage instrumentation and the fuzz targets are built in the same tree, so the
# fuzz stage compiles nothing (docs/security.md "Test time"). The normal build stays
# GCC, so both compilers still build everything. -O1 -g1 (what the ASan manual
# advises for speed; line tables keep file:line in every report) and no benchmarks,
# which CTest never runs.
stage "sanitizer build and test"
asan="${CECAT_ASAN_BUILD_DIR:-$root/build-asan}"
# A build-asan/ configured by GCC before this change: CMake cannot switch a tree's
# compiler in place.
if [[ -f "$asan/CMakeCache.txt" ]] && ! grep -q '^CECAT_FUZZ:BOOL=ON' "$asan/CMakeCache.txt"; then
  rm -rf "$asan/CMakeCache.txt" "$asan/CMakeFiles"
fi
CECAT_BUILD_DIR="$asan" "$root/scripts/build.sh" -DCMAKE_CXX_COMPILER=clang++ \
  -DCECAT_SANITIZE=ON -DCECAT_FUZZ=ON -DCECAT_WERROR=OFF -DCECAT_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
(
  cd "$asan"
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  # Tests that measure resident memory cannot hold under ASan (shadow memory and
  # the allocator's quarantine add tens of MB); the normal stage runs them.
  ctest --output-on-failure --parallel "$(nproc)" --timeout 600 -E "keeps memory flat"
)

# Each target is one single-threaded process that runs for its seconds whatever the
# other cores do, so one per core: the stage takes ceil(targets / cores) x 25 s.
stage "fuzz (${CECAT_FUZZ_SECONDS:-25} s per target)"
CECAT_FUZZ_SEED="${CECAT_FUZZ_SEED:-1}" CECAT_FUZZ_JOBS="${CECAT_FUZZ_JOBS:-$(nproc)}" \
  CECAT_FUZZ_BUILD_DIR="$asan" CECAT_FUZZ_CONFIGURE=0 "$root/scripts/fuzz.sh" "${CECAT_FUZZ_SECONDS:-25}"
stage "all stages passed"
