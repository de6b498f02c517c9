#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, runs the nightly refresh on the
# bundled demo sources (examples/demo, offline: the catalogue is read through
# libcurl as file: URLs) twice, the second time with every page unchanged, shows
# both runs and a search result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
CECAT_BUILD_TARGET=cecat "$root/scripts/build.sh"
cecat="${CECAT_BUILD_DIR:-$root/build}/cli/cecat"
config="$root/examples/demo/sources.json"

echo "== cecat refresh (demo sources)"
"$cecat" refresh --config "$config" --force
echo
echo "== cecat refresh again: every page is unchanged (conditional fetches), nothing re-parsed"
"$cecat" refresh --config "$config" --force
echo
echo "== cecat runs --last 2"
"$cecat" runs --config "$config" --last 2
echo
echo "== cecat search ethics"
"$cecat" search ethics --config "$config"
echo
echo "== cecat search --json 'suicide risk' (first result)"
"$cecat" search "suicide risk" --config "$config" --json --limit 1
echo
# The demo site's course dates are fixed, so the plan is made as of a fixed day.
echo "== cecat plan --licence lpc --state TX (a Texas LPC's renewal, cheapest plan)"
"$cecat" plan --licence lpc --state TX --config "$config" --today 2026-12-06
