#!/usr/bin/env bash
# Installs what cecat needs to build and test from Debian's packages, and nothing
# else. Idempotent; quiet when nothing is missing. Run as root (or with sudo).
#
#   scripts/setup.sh          build and run dependencies
#   scripts/setup.sh --test   also what the test suite needs (JSON Schema validator,
#                             headless Chromium for the report's browser test,
#                             and clang with libFuzzer for the short fuzz run)
#   scripts/setup.sh --fuzz   also clang and libFuzzer (scripts/fuzz.sh)
#   scripts/setup.sh --bench  also what bench/ needs (Scrapy and Crawlee for
#                             bench/compare-scrapy, valgrind for profiling)
set -euo pipefail

want_test=0
want_bench=0
want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 want_fuzz=1 ;;
    --fuzz) want_fuzz=1 ;;
    --bench) want_bench=1 ;;
    *) echo "setup.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config ca-certificates
  libcurl4-openssl-dev libgumbo-dev libsqlite3-dev sqlite3 nlohmann-json3-dev libspdlog-dev
  libre2-dev libexpat1-dev zlib1g-dev libxxhash-dev libicu-dev
  catch2 libcpp-httplib-dev libbrotli-dev
)
# The tests' JSON Schema validator runs on Node.js. A machine whose Node.js came with
# its own npm (e.g. a nodesource build, which conflicts with Debian's npm package)
# needs nothing; otherwise Debian's nodejs and npm are installed.
if [[ $want_test == 1 ]]; then
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  # ccache: scripts/build.sh and scripts/fuzz.sh use it when present, so a build
  # from scratch (a deleted build dir, a new clone at the same path) on the same
  # machine takes its objects from the cache instead of compiling them again.
  packages+=(ccache)
  # The report's browser test (tests/browser/) drives Debian's headless Chromium
  # with playwright-core from npm, which downloads no browser of its own.
  packages+=(chromium)
fi
# bench/compare-scrapy runs Debian's Scrapy (with /usr/bin/python3, not a pyenv one).
# Crawlee (bench/crawlee) runs on Node.js, with npm to install it.
if [[ $want_bench == 1 ]]; then
  packages+=(python3 python3-scrapy valgrind)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

# The fuzz targets (tests/fuzz/) need clang and its runtime libraries (libFuzzer,
# ASan, UBSan); Debian 12 ships them as clang and libclang-rt-14-dev.
if [[ $want_fuzz == 1 ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup.sh: installing ${missing[*]}" >&2
  sudo=""
  if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The feed's JSON Schema is checked by a real validator (ajv) in the tests. It is
# installed into tests/node_modules from tests/package.json, pinned by its lock file.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $want_test == 1 && -f "$root/tests/package.json" ]]; then
  if [[ ! -x "$root/tests/node_modules/.bin/ajv" || ! -d "$root/tests/node_modules/playwright-core" ]]; then
    echo "setup.sh: installing the test's npm packages: ajv, playwright-core (npm ci in tests/)" >&2
    (cd "$root/tests" && npm ci --silent --no-audit --no-fund >/dev/null)
  fi
fi

# Crawlee, bench/compare-scrapy's second peer, from bench/crawlee/package.json, pinned
# by its lock file. No package of it runs an install script (none is needed:
# CheerioCrawler downloads no browser). A failure here is not fatal: the bench
# says Crawlee is missing and goes on with Scrapy.
if [[ $want_bench == 1 && -f "$root/bench/crawlee/package.json" ]]; then
  if [[ ! -d "$root/bench/crawlee/node_modules/@crawlee/cheerio" ]]; then
    echo "setup.sh: installing Crawlee for the bench (npm ci in bench/crawlee)" >&2
    (cd "$root/bench/crawlee" && npm ci --silent --no-audit --no-fund --ignore-scripts >/dev/null) ||
      echo "setup.sh: npm ci in bench/crawlee failed; bench/compare-scrapy will run without Crawlee" >&2
  fi
fi
