#!/usr/bin/env bash
# Venue HTTP benchmark: the real `probex venue` with its journal on (fdatasync group commit) in a
# temporary data directory; ACCOUNTS users with a key, a deposit and a high rate tier, MARKETS
# markets; then wrk -t2 -c64 keep-alive requests spread over them. In the same run, the JSON-echo
# rps of bench/http_echo_server (the foundation benchmark's POST /echo) for the ratio.
#   MODE=orders (issue 4, default): order-book markets; limit orders placed and cancelled
#     (bench/venue_orders.lua).
#   MODE=bets (issue 5, bench/venue_bets_bench.sh): POOL markets, betting_fee 0.02; pool bets
#     (bench/venue_bets.lua).
#   bench/venue_http_bench.sh [BUILD_DIR]   (default: build; needs BUILD_DIR/probex and
#                                            BUILD_DIR/bench/http_echo_server)
# Prints, beside wrk's figures, each server's CPU time per request (from /proc, all threads), which
# depends far less on the machine's other load than requests/s do.
# Env: MODE, DURATION (10s), CONNECTIONS (64), THREADS (2), SERVER_THREADS (2), ACCOUNTS (200),
#      MARKETS (20), PROBEX / ECHO_BIN (the binaries; default BUILD_DIR/probex and
#      BUILD_DIR/bench/http_echo_server), THREAD_CPU=1 (CPU per
#      request by server thread), PROFILE (a profiler command run beside the venue's wrk run,
#      {pid} = the server's pid; see run()).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
probex_bin="${PROBEX:-$build/probex}"
echo_bin="${ECHO_BIN:-$build/bench/http_echo_server}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
wrk_threads="${THREADS:-2}"
server_threads="${SERVER_THREADS:-2}"
accounts="${ACCOUNTS:-200}"
markets="${MARKETS:-20}"
mode="${MODE:-orders}"
case "$mode" in
  orders)
    venue_settings=""
    tier_rule='orders = "100000000/min"'
    market_type="ORDER_BOOK"
    scopes='["market:read", "balance:read", "order:place", "order:cancel", "order:read"]'
    lua="venue_orders.lua"
    target="venue_place_cancel"
    ;;
  bets)
    venue_settings=$'[venue]\nbetting_fee = "0.02"'
    tier_rule='bets_market = "100000000/min"'
    market_type="POOL"
    scopes='["market:read", "balance:read", "bet:place", "bet:read"]'
    lua="venue_bets.lua"
    target="venue_bets"
    ;;
  *) echo "MODE must be orders or bets" >&2; exit 1 ;;
esac

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
[ -x "$probex_bin" ] || { echo "missing $probex_bin (build the probex target)" >&2; exit 1; }
[ -x "$echo_bin" ] || { echo "missing $echo_bin (build the http_echo_server target)" >&2; exit 1; }

tmp="$(mktemp -d)"
venue_pid=""
echo_pid=""
cleanup() {
  [ -n "$venue_pid" ] && kill "$venue_pid" 2>/dev/null && wait "$venue_pid" 2>/dev/null || true
  [ -n "$echo_pid" ] && kill "$echo_pid" 2>/dev/null && wait "$echo_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
[ -n "${KEEP_TMP:-}" ] && trap - EXIT

operator_key="op_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cat >"$tmp/venue.toml" <<CONF
$venue_settings
[venue.rate_tiers.bench]
global = "100000000/min"
auth_reads = "100000000/min"
$tier_rule
CONF

"$probex_bin" venue --port 0 --data-dir "$tmp/data" --threads "$server_threads" \
  --operator-key "$operator_key" --config "$tmp/venue.toml" >"$tmp/venue.out" 2>"$tmp/venue.err" &
venue_pid=$!
for _ in $(seq 1 200); do
  grep -q 'listening on http://' "$tmp/venue.out" 2>/dev/null && break
  sleep 0.05
done
port="$(sed -n 's|.*listening on http://[^:]*:\([0-9]*\).*|\1|p' "$tmp/venue.out")"
[ -n "$port" ] || { echo "probex venue did not start" >&2; cat "$tmp/venue.err" >&2; exit 1; }

# Users, keys, deposits, tiers and markets through the operator API (one keep-alive connection).
python3 - "$port" "$operator_key" "$accounts" "$markets" "$tmp/accounts.txt" "$market_type" \
  "$scopes" <<'PY'
import http.client, json, sys, datetime
port, op, n_accounts, n_markets, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
market_type, scopes = sys.argv[6], json.loads(sys.argv[7])
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def call(method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body),
                 headers={"Authorization": "Bearer " + op, "Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        sys.exit(f"{method} {path}: {r.status} {data!r}")
    return json.loads(data)
end = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
markets = [call("POST", "/admin/v1/markets", {"type": market_type, "question": f"Bench market {i}?",
           "category": "Bench", "outcomes": ["YES", "NO"], "endTime": end, "feeRate": 0.02})["market"]["id"]
           for i in range(n_markets)]
with open(out, "w") as f:
    for i in range(n_accounts):
        uid = call("POST", "/admin/v1/users", {"username": f"bench{i}"})["user"]["id"]
        key = call("POST", f"/admin/v1/users/{uid}/api-keys",
                   {"kind": "ak", "scopes": scopes})["key"]
        call("POST", f"/admin/v1/users/{uid}/deposits", {"amount": "1000000"})
        call("PUT", f"/admin/v1/users/{uid}/rate-tier", {"tier": "bench"})
        f.write(f"{key} {markets[i % len(markets)]}\n")
PY

"$echo_bin" --port 0 --threads "$server_threads" >"$tmp/echo.out" 2>"$tmp/echo.err" &
echo_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$tmp/echo.out" 2>/dev/null && break
  sleep 0.05
done
echo_port="$(sed -n 's/^listening on //p' "$tmp/echo.out")"
[ -n "$echo_port" ] || { echo "echo server did not start" >&2; exit 1; }

cpu_ticks() {  # user + system clock ticks of a process, all its threads
  awk '{print $14 + $15}' "/proc/$1/stat"
}

thread_ticks() {  # "name ticks" per thread of a process (threads of one name summed)
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' '_' <"$task/comm" 2>/dev/null)" \
      "$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null)"
  done | awk 'NF == 2 { t[$1] += $2 } END { for (n in t) print n, t[n] }' | sort
}

run() {  # run <name> <server pid> <wrk args...>: prints name, requests/s, p50, p99, the server's
  # CPU time per request (all its threads, load-independent), errors
  local name="$1" pid="$2"; shift 2
  local out before after profiler_pid=""
  before="$(cpu_ticks "$pid")"
  thread_ticks "$pid" >"$tmp/threads_before_$name"
  if [ -n "${PROFILE:-}" ] && [ "$name" = "${PROFILE_TARGET:-$target}" ]; then
    # PROFILE: a command run beside wrk with {pid} replaced by the server's pid, e.g.
    # PROFILE='strace -c -f -o /tmp/venue.strace -p {pid}' or
    # PROFILE='perf record -F 999 -g -o /tmp/venue.perf -p {pid} -- sleep 6'.
    ${PROFILE//\{pid\}/$pid} >"$tmp/profile.out" 2>&1 &
    profiler_pid=$!
  fi
  out="$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$@" 2>"$tmp/wrk_$name.err")"
  after="$(cpu_ticks "$pid")"
  thread_ticks "$pid" >"$tmp/threads_after_$name"
  if [ -n "$profiler_pid" ]; then
    kill -INT "$profiler_pid" 2>/dev/null || true
    wait "$profiler_pid" 2>/dev/null || true
  fi
  echo "$out" >"$tmp/wrk_$name.txt"
  local rps p50 p99 errors requests cpu_us
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  cpu_us="$(awk -v t="$((after - before))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ';' - || true)"
  printf '%-22s %12s %9s %9s %12s %s\n' "$name" "$rps" "$p50" "$p99" "$cpu_us" "$errors"
  echo "$rps" >"$tmp/rps_$name"
  echo "$cpu_us" >"$tmp/cpu_$name"
  head -3 "$tmp/wrk_$name.err" >&2 || true
  if [ -n "${THREAD_CPU:-}" ]; then  # CPU µs per request by server thread name
    join -a2 -e0 -o '0,1.2,2.2' "$tmp/threads_before_$name" "$tmp/threads_after_$name" |
      awk -v n="$requests" -v hz="$(getconf CLK_TCK)" \
        '$3 > $2 { printf "    thread %-16s %6.1f us/req\n", $1, ($3 - $2) * 1e6 / hz / n }'
  fi
}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  cores: $(nproc)  $(uname -sr)"
echo "wrk -t$wrk_threads -c$connections -d$duration --latency; server io threads $server_threads;" \
  "$accounts accounts over $markets markets; journal on (group commit + fdatasync)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %12s %9s %9s %12s\n' target "requests/s" p50 p99 "server_cpu_us/req"
run "$target" "$venue_pid" -s "$here/$lua" "http://127.0.0.1:$port" -- "$tmp/accounts.txt"
run echo_post "$echo_pid" -s "$here/echo.lua" "http://127.0.0.1:$echo_port/echo"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$mode" = orders ]; then
  awk -v v="$(cat "$tmp/rps_$target")" -v e="$(cat "$tmp/rps_echo_post")" \
    'BEGIN { printf "order requests/s (place + cancel): %.0f; placements/s: %.0f\nvenue / echo: %.1f%% (target >= 50%%)\n", v, v / 2, 100 * v / e }'
  awk -v v="$(cat "$tmp/cpu_$target")" -v e="$(cat "$tmp/cpu_echo_post")" \
    'BEGIN { if (v > 0) printf "server CPU per request, echo / venue: %.1f%% (the load-independent form of the ratio)\n", 100 * e / v }'
else
  awk -v v="$(cat "$tmp/rps_$target")" -v e="$(cat "$tmp/rps_echo_post")" \
    'BEGIN { printf "bets/s: %.0f\nvenue bets / echo: %.1f%%\n", v, 100 * v / e }'
fi
curl -sf "http://127.0.0.1:$port/metrics" 2>/dev/null | grep -E '^probex_engine|journal' | head -5 || true
