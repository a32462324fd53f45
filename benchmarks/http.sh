#!/usr/bin/env bash
# HTTP client load benchmark: Reactio ClientSession vs raw reactor-netty HttpClient vs
# java.net.http.HttpClient vs aiohttp (uvloop and asyncio), 64 requests in flight over keep-alive
# against one local nginx serving a ~300-byte JSON file; plus one wrk run for the server's limit.
# What it measures and why: benchmarks/README.md, section "HTTP client"; the Javadoc of
# dev.reactio.benchmarks.http.HttpLoad and benchmarks/python/http_load.py.
#
#   benchmarks/http.sh                  # about 9 minutes
#   ROUNDS=5 SECS=10 JIT_WARMUP=15 INFLIGHT=64 benchmarks/http.sh   (the defaults)
#   CLIENTS="reactio reactor-netty" ROUNDS=2 SECS=3 JIT_WARMUP=5 benchmarks/http.sh   # a quick check
#
# Writes an nginx config into a temporary directory and starts nginx there (no root needed:
# nginx -p DIR -c DIR/nginx.conf, one worker, access log off, keep-alive without a request limit),
# pinned to core 0 on a free 127.0.0.1 port. Every client runs pinned to core 1, one process per
# client and round: each JVM client gets JIT_WARMUP unmeasured seconds first (JIT, connections),
# each aiohttp client WARM seconds; then SECS measured seconds. Rounds alternate the clients
# A B C D E A B C D E ...; raw RESULT lines go to $OUT/http-rounds.txt, the wrk output to
# $OUT/http-wrk.txt, and benchmarks/python/http_table.py $OUT prints the tables.
#
# Clients (CLIENTS): reactio, reactor-netty, jdk, aiohttp-uvloop, aiohttp; also reactio-nio and
# reactor-netty-nio (the same with -Dreactor.netty.native=false, i.e. Java NIO instead of the
# native epoll transport), and reactio-base (impl reactio from the jar in $BASE_JAR, to compare a
# change to the http module with the code before it in the same run).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
PYTHON=/usr/bin/python3
NGINX=${NGINX:-/usr/sbin/nginx}
WRK=${WRK:-/usr/bin/wrk}
ROUNDS=${ROUNDS:-5}            # measured rounds, clients alternating
SECS=${SECS:-10}               # measured seconds per client and round
WARM=${WARM:-2}                # unmeasured seconds per aiohttp run
JIT_WARMUP=${JIT_WARMUP:-15}   # unmeasured seconds per JVM run (JIT compilation, connections)
INFLIGHT=${INFLIGHT:-64}
CLIENTS=${CLIENTS:-"reactio reactor-netty jdk aiohttp-uvloop aiohttp"}
BASE_JAR=${BASE_JAR:-}
JVM_OPTS=(-Xms1g -Xmx1g -XX:+UseG1GC)
OUT=${OUT:-benchmarks/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

log() { echo "$*" | tee -a "$OUT/http.log"; }

# ---------------------------------------------------------------- build
for tool in "$NGINX" "$WRK"; do
  [[ -x $tool ]] || { echo "$tool is missing (apt-get install -y nginx wrk)" >&2; exit 1; }
done
"$PYTHON" -c 'import aiohttp' 2>/dev/null || { echo "aiohttp is missing (apt-get install -y python3-aiohttp)" >&2; exit 1; }
if ! unzip -l "$JAR" dev/reactio/benchmarks/http/HttpLoad.class >/dev/null 2>&1; then
  log "\$ mvn -B -q -pl benchmarks -am package -DskipTests"
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
if [[ " $CLIENTS " == *" aiohttp-uvloop "* ]] && ! "$PYTHON" -c 'import uvloop' 2>/dev/null; then
  log "# uvloop is not importable (apt-get install -y python3-uvloop): the aiohttp-uvloop rows are left out"
  CLIENTS=${CLIENTS//aiohttp-uvloop/}
fi
if [[ " $CLIENTS " == *" reactio-base "* && ! -f $BASE_JAR ]]; then
  echo "reactio-base needs BASE_JAR=<a benchmarks.jar built before the change>" >&2; exit 2
fi
read -r -a CLIENT_LIST <<<"$CLIENTS"

# ---------------------------------------------------------------- environment
{
  echo "# $(date -Is) $(uname -srm), $(nproc) CPUs, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -2
  "$PYTHON" --version
  "$PYTHON" -c 'import aiohttp; print("aiohttp", aiohttp.__version__)'
  "$PYTHON" -c 'import uvloop; print("uvloop", uvloop.__version__)' 2>/dev/null || echo "uvloop not importable"
  "$NGINX" -v 2>&1
  "$WRK" -v 2>&1 | head -1 || true
  git log -1 --format='# commit %h %s' 2>/dev/null || true
  echo "# clients=${CLIENT_LIST[*]} rounds=$ROUNDS secs=$SECS jit_warmup=$JIT_WARMUP warm=$WARM inflight=$INFLIGHT"
  echo "# top CPU users at start:"
  ps aux --sort=-%cpu | head -6 | cut -c1-200
} | tee "$OUT/http-env.txt"

# ---------------------------------------------------------------- nginx
DIR=$(mktemp -d -t reactio-http-bench.XXXXXX) # in $TMPDIR
chmod 755 "$DIR" # nginx started as root serves as an unprivileged worker user
mkdir -p "$DIR/www" "$DIR/tmp" "$DIR/logs"
# A fixed 300-byte JSON document (the issue's "300-byte JSON").
"$PYTHON" - "$DIR/www/data.json" <<'EOF'
import json, sys
doc = {"id": 12345, "name": "reactio-http-benchmark", "active": True, "score": 98.6,
       "tags": ["asyncio", "aiohttp", "reactor", "netty", "nginx"],
       "owner": {"login": "reactio", "url": "https://example.org/users/reactio"},
       "description": "A fixed JSON document served by nginx for the HTTP client benchmark."}
text = json.dumps(doc, separators=(",", ":"))
text += " " * (299 - len(text)) + "\n"
assert len(text) == 300, len(text)
open(sys.argv[1], "w").write(text)
EOF
chmod -R a+rX "$DIR/www"
PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$DIR/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    sendfile on;
    tcp_nopush off;
    tcp_nodelay on;
    keepalive_requests 4000000000;
    keepalive_timeout 300s;
    default_type application/json;
    client_body_temp_path $DIR/tmp/body;
    proxy_temp_path $DIR/tmp/proxy;
    fastcgi_temp_path $DIR/tmp/fastcgi;
    uwsgi_temp_path $DIR/tmp/uwsgi;
    scgi_temp_path $DIR/tmp/scgi;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            root $DIR/www;
        }
    }
}
EOF
URL=http://127.0.0.1:$PORT/data.json
NGINX_PID=
cleanup() {
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
log "\$ taskset -c 0 $NGINX -e $DIR/logs/error.log -p $DIR -c $DIR/nginx.conf   # nginx.conf: $OUT/nginx.conf"
cp "$DIR/nginx.conf" "$OUT/nginx.conf"
taskset -c 0 "$NGINX" -e "$DIR/logs/error.log" -p "$DIR" -c "$DIR/nginx.conf" >"$OUT/nginx.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$URL" 2>/dev/null && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$OUT/nginx.log" "$DIR/logs/error.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o "$OUT/data.json" -D "$OUT/response-headers.txt" "$URL"
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)
log "# nginx $NGINX_PID (worker $NGINX_WORKER) serving $URL: $(wc -c <"$OUT/data.json") bytes"

# ---------------------------------------------------------------- clients
cpu_ticks() { # user+system clock ticks of a process so far
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
machine_ticks() { # user+nice+system clock ticks of the whole machine so far
  awk '/^cpu / {print $2 + $3 + $4}' /proc/stat
}
HZ=$(getconf CLK_TCK)

command_for() { # command_for <client> <warmup secs>: sets CMD to the client's command line
  local c=$1 warm=$2
  case $c in
    reactio|reactor-netty|jdk)
      CMD=(java "${JVM_OPTS[@]}" -cp "$JAR" dev.reactio.benchmarks.http.HttpLoad "$c" "$URL" "$INFLIGHT" "$SECS" "$warm") ;;
    reactio-nio|reactor-netty-nio)
      CMD=(java "${JVM_OPTS[@]}" -Dreactor.netty.native=false -cp "$JAR" dev.reactio.benchmarks.http.HttpLoad
        "${c%-nio}" "$URL" "$INFLIGHT" "$SECS" "$warm") ;;
    reactio-base)
      CMD=(java "${JVM_OPTS[@]}" -cp "$BASE_JAR" dev.reactio.benchmarks.http.HttpLoad reactio "$URL" "$INFLIGHT" "$SECS" "$warm") ;;
    aiohttp-uvloop)
      CMD=("$PYTHON" benchmarks/python/http_load.py --loop uvloop "$URL" "$INFLIGHT" "$SECS" "$warm") ;;
    aiohttp)
      CMD=("$PYTHON" benchmarks/python/http_load.py --loop asyncio "$URL" "$INFLIGHT" "$SECS" "$warm") ;;
    *) echo "unknown client $c" >&2; exit 2 ;;
  esac
}

run_client() { # run_client <client> <round>: one run pinned to core 1; prints the tagged RESULT line
  # nginx_cpu_s: CPU of the nginx worker during the whole run (warm-up included);
  # client_cpu_s: the client process's CPU over its whole run (JVM start and warm-up included);
  # other_cpu_s: the machine's CPU that neither used, i.e. other jobs (approximate).
  local c=$1 r=$2 warm n0 n1 m0 m1 result times
  case $c in aiohttp*) warm=$WARM ;; *) warm=$JIT_WARMUP ;; esac
  command_for "$c" "$warm"
  [[ $r == 1 ]] && log "\$ taskset -c 1 ${CMD[*]}"
  n0=$(cpu_ticks "$NGINX_WORKER"); m0=$(machine_ticks)
  result=$(taskset -c 1 /usr/bin/time -f 'TIME %U %S' -o "$OUT/time.tmp" "${CMD[@]}" 2>"$OUT/client-$c-$r.err" \
    | tee "$OUT/client-$c-$r.log" | grep '^RESULT' || true)
  n1=$(cpu_ticks "$NGINX_WORKER"); m1=$(machine_ticks)
  times=$(awk '/^TIME/ {print $2 + $3}' "$OUT/time.tmp")
  if [[ -z $result ]]; then
    result="RESULT impl=$c reqs_per_s=0 p50_us=0 p99_us=0 errors=-1 failed=1"
    cat "$OUT/client-$c-$r.err" >&2
  fi
  echo "client=$c round=$r load1=$(cut -d' ' -f1 /proc/loadavg)" \
    "nginx_cpu_s=$(awk -v t=$((n1 - n0)) -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz}')" \
    "client_cpu_s=${times:-0}" \
    "other_cpu_s=$(awk -v m=$((m1 - m0)) -v n=$((n1 - n0)) -v c="${times:-0}" -v hz="$HZ" \
      'BEGIN {o = (m - n) / hz - c; printf "%.2f", o < 0 ? 0 : o}')" \
    "$result"
}

log "# $ROUNDS rounds of: ${CLIENT_LIST[*]}; JVM clients warm up $JIT_WARMUP s, aiohttp $WARM s, then $SECS s measured"
for r in $(seq "$ROUNDS"); do
  for c in "${CLIENT_LIST[@]}"; do
    run_client "$c" "$r"
  done
done | tee "$OUT/http-rounds.txt"

# ---------------------------------------------------------------- the server's limit
log "\$ taskset -c 1 $WRK -t1 -c$INFLIGHT -d${SECS}s --latency $URL"
n0=$(cpu_ticks "$NGINX_WORKER")
taskset -c 1 "$WRK" -t1 -c"$INFLIGHT" -d"${SECS}s" --latency "$URL" | tee "$OUT/http-wrk.txt"
n1=$(cpu_ticks "$NGINX_WORKER")
echo "# load1=$(cut -d' ' -f1 /proc/loadavg) nginx_cpu_s=$(awk -v t=$((n1 - n0)) -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz}')" \
  | tee -a "$OUT/http-wrk.txt"
grep -v '^\[' "$DIR/logs/error.log" >"$OUT/nginx-error.log" 2>/dev/null || true

log "# done $(date -Is), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" benchmarks/python/http_table.py "$OUT" | tee "$OUT/http-table.md"
echo "results in $OUT"
