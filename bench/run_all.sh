#!/usr/bin/env bash
# Runs every benchmark in turn against the build in $1 (default: build). Results go to stdout;
# docs/BENCHMARKS.md says where each area's recorded figures live.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
status=0
for bin in "$build"/bench/*_bench; do
  [ -x "$bin" ] || continue
  echo "=== $(basename "$bin")"
  "$bin" || status=1
done
for script in bench/*_bench.sh; do
  [ -x "$script" ] || continue
  echo "=== $(basename "$script")"
  "$script" "$build" || status=1
done
exit $status
