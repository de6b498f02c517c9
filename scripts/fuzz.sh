#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (tests/fuzz/, docs/security.md "Fuzzing").
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#   scripts/fuzz.sh --build-only [TARGET...]
#
# SECONDS per target (default 30); TARGETs by short name (robots, jsonld, ...) or
# fuzz_<name>; default: every target. Builds in build-fuzz/ (or $CECAT_FUZZ_BUILD_DIR)
# with clang. Each target starts from a scratch copy of tests/fuzz/corpus/<name>/
# (new inputs never land in the repo; $CECAT_FUZZ_WORK keeps them, default a temp
# dir removed at exit) and its dictionary tests/fuzz/<name>.dict when present.
# Crash inputs are saved in the work dir's artifacts/ and the summary names them.
# Exits 1 when any target crashed, leaked, timed out or ran out of memory.
# A per-target log with libFuzzer's final figures (execs, cov, ft) is in
# <work>/<name>.log; the summary prints them.
# $CECAT_FUZZ_JOBS targets run at once (default 1; each is one process on one core,
# and still runs its SECONDS). --build-only builds the targets and runs none.
# CECAT_FUZZ_CONFIGURE=0 builds in $CECAT_FUZZ_BUILD_DIR as it is configured: a
# tree configured with -DCECAT_FUZZ=ON by the caller (scripts/test.sh's sanitizer
# build, which has the targets already).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_only=0
if [[ ${1:-} == --build-only ]]; then
  build_only=1
  shift
  set -- 1 "$@"
fi
seconds="${1:-30}"
[[ $# -gt 0 ]] && shift
jobs="${CECAT_FUZZ_JOBS:-1}"
if ! [[ $jobs =~ ^[0-9]+$ ]] || ((jobs < 1)); then
  echo "fuzz.sh: CECAT_FUZZ_JOBS must be a positive integer, got '$jobs'" >&2
  exit 2
fi
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "fuzz.sh: SECONDS must be a positive integer, got '$seconds'" >&2
  exit 2
fi

build="${CECAT_FUZZ_BUILD_DIR:-$root/build-fuzz}"
all_targets=()
for f in "$root"/tests/fuzz/fuzz_*.cc; do
  n="$(basename "$f" .cc)"
  all_targets+=("${n#fuzz_}")
done
targets=()
if (($#)); then
  for t in "$@"; do
    t="${t#fuzz_}"
    if [[ ! -f "$root/tests/fuzz/fuzz_$t.cc" ]]; then
      echo "fuzz.sh: no target '$t' (have: ${all_targets[*]})" >&2
      exit 2
    fi
    targets+=("$t")
  done
else
  targets=("${all_targets[@]}")
fi

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz.sh: clang++ not found; run scripts/setup.sh --fuzz" >&2
  exit 2
fi
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
if [[ ${CECAT_FUZZ_CONFIGURE:-1} == 0 ]]; then
  if ! grep -q '^CECAT_FUZZ:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
    echo "fuzz.sh: CECAT_FUZZ_CONFIGURE=0 but $build is not configured with -DCECAT_FUZZ=ON" >&2
    exit 2
  fi
else
  # -O1 and line tables only, as OSS-Fuzz builds its targets: 16-23% less to compile
  # than -O2 -g, and every sanitizer report and crash stack still has file:line.
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
    -DCMAKE_CXX_COMPILER=clang++ -DCECAT_FUZZ=ON -DCECAT_BUILD_TESTS=OFF -DCECAT_BUILD_BENCH=OFF \
    "${launcher[@]}" >/dev/null
fi
build_targets=()
for t in "${targets[@]}"; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$build" --parallel "${CECAT_JOBS:-$(nproc)}" "${build_targets[@]}"
if [[ $build_only == 1 ]]; then
  echo "fuzz.sh: built ${#targets[@]} targets in $build" >&2
  exit 0
fi

if [[ -n ${CECAT_FUZZ_WORK:-} ]]; then
  work="$CECAT_FUZZ_WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/cecat-fuzz.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

# ASan/UBSan: stop at the first error, with a stack; libFuzzer's own leak check stays on.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Runs one target; its status (ok or FAILED) goes to <work>/<name>.status.
run_target() {
  local t=$1 corpus="$work/corpus/$1" artifacts="$work/artifacts/$1" log="$work/$1.log"
  mkdir -p "$corpus" "$artifacts"
  if [[ -d "$root/tests/fuzz/corpus/$t" ]]; then cp -n "$root/tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null || true; fi
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536
              -print_final_stats=1 -artifact_prefix="$artifacts/")
  if [[ -f "$root/tests/fuzz/$t.dict" ]]; then args+=(-dict="$root/tests/fuzz/$t.dict"); fi
  # A fixed seed (CI sets one) makes a short run explore the same inputs first on
  # every machine, so a red CI run can be replayed; unset, libFuzzer picks one.
  if [[ -n ${CECAT_FUZZ_SEED:-} ]]; then args+=(-seed="$CECAT_FUZZ_SEED"); fi
  if "$build/tests/fuzz/fuzz_$t" "${args[@]}" "$corpus" >"$log" 2>&1; then
    echo ok >"$work/$t.status"
  else
    echo FAILED >"$work/$t.status"
  fi
}

# Prints a finished target's summary line (and its errors when it failed).
report_target() {
  local t=$1 log="$work/$1.log" status summary execs
  status="$(cat "$work/$t.status" 2>/dev/null || echo FAILED)"
  # The last status line ("#N DONE cov: C ft: F corp: ...") and the final stats.
  summary="$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 || true)"
  execs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)"
  echo "fuzz.sh: fuzz_$t $status: execs=${execs:-?} ${summary#\#* }" >&2
  if [[ $status == FAILED ]]; then
    failed+=("$t")
    grep -E 'ERROR|runtime error|SUMMARY|Test unit written|deadly signal' "$log" | head -20 >&2 || true
    echo "fuzz.sh: full log: $log (kept: set CECAT_FUZZ_WORK to keep the work dir)" >&2
  fi
}

# At most $jobs targets at once; summaries are printed in target order, each as soon
# as it and every target before it have finished.
failed=()
reported=0
report_finished() {  # with "all": every target left (one without a status failed)
  while ((reported < ${#targets[@]})) &&
        [[ ${1:-} == all || -f "$work/${targets[reported]}.status" ]]; do
    report_target "${targets[reported]}"
    reported=$((reported + 1))
  done
}
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs)); do
    wait -n || true
    report_finished
  done
  echo "fuzz.sh: fuzz_$t for ${seconds}s" >&2
  run_target "$t" &
done
wait
report_finished all

if ((${#failed[@]})); then
  echo "fuzz.sh: FAILED: ${failed[*]}" >&2
  if [[ -z ${CECAT_FUZZ_WORK:-} ]]; then
    # Keep the crash inputs where the developer can reach them.
    keep="${TMPDIR:-/tmp}/cecat-fuzz-artifacts.$$"
    cp -r "$work/artifacts" "$keep"
    for t in "${failed[@]}"; do cp "$work/$t.log" "$keep/" 2>/dev/null || true; done
    echo "fuzz.sh: crash inputs and logs copied to $keep" >&2
  fi
  exit 1
fi
echo "fuzz.sh: all ${#targets[@]} targets clean" >&2
