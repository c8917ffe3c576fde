#!/usr/bin/env bash
# Venue pool-bet benchmark (issue 5): bench/venue_http_bench.sh in MODE=bets — POOL markets,
# betting_fee 0.02, wrk placing pool bets (bench/venue_bets.lua), beside the JSON-echo baseline.
#   bench/venue_bets_bench.sh [BUILD_DIR]   (default: build)
set -euo pipefail
MODE=bets exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/venue_http_bench.sh" "$@"
