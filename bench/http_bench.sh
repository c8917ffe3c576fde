#!/usr/bin/env bash
# HTTP benchmark of the net kit (issue 2): wrk -t2 -c64 -d10s --latency against our
# http_echo_server (GET /healthz, JSON POST /echo) and, in the same run, against nginx serving a
# static file the size of the echo response. Prints requests/s and p99 for each.
#   bench/http_bench.sh [BUILD_DIR]     (default: build; needs BUILD_DIR/bench/http_echo_server)
# Env: DURATION (10s), CONNECTIONS (64), THREADS (2), SERVER_THREADS (2), NGINX_WORKERS (2).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-$here/../build}"
server_bin="$build/bench/http_echo_server"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
wrk_threads="${THREADS:-2}"
server_threads="${SERVER_THREADS:-2}"
nginx_workers="${NGINX_WORKERS:-2}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need() {  # need <command> <debian package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$1" ]; then
    echo "installing $2 ..." >&2
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$2" >&2
  fi
}
need wrk wrk
need nginx nginx-light
need curl curl
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

[ -x "$server_bin" ] || { echo "missing $server_bin (build the http_echo_server target)" >&2; exit 1; }

tmp="$(mktemp -d)"
chmod 755 "$tmp"  # nginx workers may run as another user
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Our server.
"$server_bin" --port 0 --threads "$server_threads" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$tmp/server.out" 2>/dev/null && break
  sleep 0.1
done
port="$(sed -n 's/^listening on //p' "$tmp/server.out")"
[ -n "$port" ] || { echo "echo server did not start" >&2; cat "$tmp/server.err" >&2; exit 1; }

# The echo response, to size nginx's file like it.
body="$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$here/echo.lua")"
curl -sf -X POST -H 'Content-Type: application/json' --data "$body" \
  "http://127.0.0.1:$port/echo" >"$tmp/echo_response.json"
echo_bytes="$(wc -c <"$tmp/echo_response.json")"
mkdir -p "$tmp/www" "$tmp/logs"
cp "$tmp/echo_response.json" "$tmp/www/echo.json"

nginx_port="$(free_port)"
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes $nginx_workers;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $tmp/client_body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
  }
}
CONF
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$nginx_port/echo.json" >/dev/null 2>&1 && break
  sleep 0.1
done
nginx_bytes="$(curl -sf "http://127.0.0.1:$nginx_port/echo.json" | wc -c)"

run() {  # run <name> <wrk args...>; prints "name rps p99"
  local name="$1"; shift
  local out
  out="$(wrk -t"$wrk_threads" -c"$connections" -d"$duration" --latency "$@")"
  echo "$out" >"$tmp/wrk_$name.txt"
  local rps p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | paste -sd ';' - || true)"
  printf '%-28s %12s %10s %s\n' "$name" "$rps" "$p99" "$errors"
  echo "$rps" >"$tmp/rps_$name"
}

echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  cores: $(nproc)  $(uname -sr)"
echo "wrk -t$wrk_threads -c$connections -d$duration --latency; server threads $server_threads; nginx workers $nginx_workers"
echo "echo response: $echo_bytes bytes; nginx file: $nginx_bytes bytes"
printf '%-28s %12s %10s\n' target "requests/s" p99
run probex_healthz "http://127.0.0.1:$port/healthz"
run probex_echo_post -s "$here/echo.lua" "http://127.0.0.1:$port/echo"
run nginx_static_file "http://127.0.0.1:$nginx_port/echo.json"
awk -v e="$(cat "$tmp/rps_probex_echo_post")" -v n="$(cat "$tmp/rps_nginx_static_file")" \
  'BEGIN { printf "echo / nginx: %.1f%% (target >= 50%%)\n", 100 * e / n }'
