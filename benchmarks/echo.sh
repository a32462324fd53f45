#!/usr/bin/env bash
# Echo server load benchmark: Reactio streams vs raw reactor-netty vs asyncio vs uvloop, plus the
# heap per idle Reactio connection. What it measures and why: benchmarks/README.md, section
# "Streams: echo server"; the servers' Javadoc (dev.reactio.benchmarks.streams) and
# benchmarks/python/echo_server.py.
#
#   benchmarks/echo.sh                 # everything, about 14 minutes
#   ROUNDS=5 SMALL_ROUNDS=3 SECS=10 benchmarks/echo.sh   (the defaults)
#   BASE_JAR=../old/benchmarks/target/benchmarks.jar benchmarks/echo.sh  # adds reactio-base: the Reactio server of
#                                      a jar built before a change, in the same alternating rounds
#
# Starts the four servers once, pinned to core 0, each on its own ephemeral port, and keeps them
# alive across rounds; the load generator (../shared/bench/echoload.c beside the checkout, compiled to
# benchmarks/target/echoload) runs pinned to core 1. The JVM servers get an unmeasured JIT
# warm-up round first, the Python ones a short one; then, for each message size, rounds that
# alternate the servers A B C D A B C D ... Raw RESULT lines go to $OUT/echo-<size>.txt, the
# table is printed by benchmarks/python/echo_table.py $OUT.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
ECHOLOAD=benchmarks/target/echoload
ECHOLOAD_SRC=${ECHOLOAD_SRC:-../shared/bench/echoload.c}  # the shared folder beside the checkout
PYTHON=/usr/bin/python3
ROUNDS=${ROUNDS:-5}              # rounds at 1 KiB
SMALL_ROUNDS=${SMALL_ROUNDS:-3}  # rounds at 16 B and 64 KiB
SECS=${SECS:-10}                 # measured seconds per round
WARM=${WARM:-2}                  # echoload's own warm-up seconds per round (not counted)
JIT_WARMUP=${JIT_WARMUP:-15}     # unmeasured seconds per JVM server before the first round
CONNS=${CONNS:-100}
LOOPS=${LOOPS:-1}                # event loops of both JVM servers (core 1 belongs to the load)
IDLE_CONNS=${IDLE_CONNS:-10000}
BASE_JAR=${BASE_JAR:-}           # a benchmarks.jar built before a change: adds the server reactio-base
JVM_OPTS=(-Xms1g -Xmx1g -XX:+UseG1GC)
OUT=${OUT:-benchmarks/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

log() { echo "$*" | tee -a "$OUT/echo.log"; }

# ---------------------------------------------------------------- build
if ! command -v gcc >/dev/null 2>&1; then
  echo "gcc is needed to build echoload (apt-get install -y gcc)" >&2; exit 1
fi
mkdir -p benchmarks/target
[[ -x $ECHOLOAD || -f $ECHOLOAD_SRC ]] || { echo "$ECHOLOAD_SRC is missing: set ECHOLOAD_SRC to shared/bench/echoload.c" >&2; exit 1; }
if [[ ! -x $ECHOLOAD || $ECHOLOAD_SRC -nt $ECHOLOAD ]]; then
  log "\$ gcc -O2 -o $ECHOLOAD $ECHOLOAD_SRC"
  gcc -O2 -o "$ECHOLOAD" "$ECHOLOAD_SRC"
fi
if ! unzip -l "$JAR" dev/reactio/benchmarks/streams/ReactioEchoServer.class >/dev/null 2>&1; then
  log "\$ mvn -B -q -pl benchmarks -am package -DskipTests"
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

# ---------------------------------------------------------------- environment
{
  echo "# $(date -Is) $(uname -srm), $(nproc) CPUs, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -2
  "$PYTHON" --version
  "$PYTHON" -c 'import uvloop; print("uvloop", uvloop.__version__)' 2>/dev/null || echo "uvloop not importable"
  git log -1 --format='# commit %h %s' 2>/dev/null || true
  echo "# rounds=$ROUNDS small_rounds=$SMALL_ROUNDS secs=$SECS warm=$WARM jit_warmup=$JIT_WARMUP conns=$CONNS loops=$LOOPS"
} | tee "$OUT/echo-env.txt"

# ---------------------------------------------------------------- servers
declare -A PID PORT
SERVERS=(reactio netty uvloop asyncio)
if [[ -n $BASE_JAR ]]; then # the Reactio server from a jar built before a change, in the same rounds
  [[ -f $BASE_JAR ]] || { echo "BASE_JAR=$BASE_JAR is not a file" >&2; exit 2; }
  SERVERS=(reactio reactio-base netty uvloop asyncio)
fi
cleanup() {
  for s in "${!PID[@]}"; do kill "${PID[$s]}" 2>/dev/null || true; done
}
trap cleanup EXIT

start() { # start <name> <command...>: runs it pinned to core 0, waits for its READY line
  local name=$1; shift
  log "\$ taskset -c 0 $*"
  taskset -c 0 "$@" >"$OUT/server-$name.log" 2>&1 &
  PID[$name]=$!
  for _ in $(seq 600); do # up to 60 s, only a hang guard
    if grep -qE '^READY [0-9]+ ' "$OUT/server-$name.log"; then # the whole port number is there
      PORT[$name]=$(awk '/^READY/ {print $2; exit}' "$OUT/server-$name.log")
      log "# $name listening on port ${PORT[$name]} (pid ${PID[$name]})"
      return
    fi
    kill -0 "${PID[$name]}" 2>/dev/null || { cat "$OUT/server-$name.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$name printed no READY line" >&2; exit 1
}

start reactio java "${JVM_OPTS[@]}" -cp "$JAR" dev.reactio.benchmarks.streams.ReactioEchoServer 0 "$LOOPS" chunks
[[ -n $BASE_JAR ]] && start reactio-base java "${JVM_OPTS[@]}" -cp "$BASE_JAR" dev.reactio.benchmarks.streams.ReactioEchoServer 0 "$LOOPS" chunks
start netty java "${JVM_OPTS[@]}" -cp "$JAR" dev.reactio.benchmarks.streams.NettyEchoServer 0 "$LOOPS"
if "$PYTHON" -c 'import uvloop' 2>/dev/null; then
  start uvloop "$PYTHON" benchmarks/python/echo_server.py --loop uvloop
else
  log "# uvloop is not importable (apt-get install -y python3-uvloop): the uvloop rows are left out"
  kept=(); for s in "${SERVERS[@]}"; do [[ $s == uvloop ]] || kept+=("$s"); done; SERVERS=("${kept[@]}")
fi
start asyncio "$PYTHON" benchmarks/python/echo_server.py --loop asyncio

cpu_ticks() { # user+system clock ticks of a process so far
  sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'
}
HZ=$(getconf CLK_TCK)

machine_ticks() { # user+nice+system clock ticks of the whole machine so far (softirq excluded)
  awk '/^cpu / {print $2 + $3 + $4}' /proc/stat
}

load() { # load <server> <size> <secs> <warm> <label>: one echoload run; prints the tagged RESULT line
  # server_cpu_s: CPU the server process used during the run (warm-up included);
  # other_cpu_s: CPU of everything else on the machine minus server and load generator, an
  # indicator of other jobs disturbing the round (approximate: kernel work is attributed loosely).
  local s=$1 size=$2 secs=$3 warm=$4 label=$5 before after m_before m_after result load_cpu
  before=$(cpu_ticks "${PID[$s]}"); m_before=$(machine_ticks)
  result=$(taskset -c 1 "$ECHOLOAD" -p "${PORT[$s]}" -c "$CONNS" -s "$size" -t "$secs" -w "$warm")
  after=$(cpu_ticks "${PID[$s]}"); m_after=$(machine_ticks)
  load_cpu=$(sed -n 's/.*load_cpu_s=\([0-9.]*\).*/\1/p' <<<"$result")
  echo "server=$s size=$size $label load1=$(cut -d' ' -f1 /proc/loadavg)" \
    "server_cpu_s=$(awk -v t=$((after - before)) -v hz="$HZ" 'BEGIN {printf "%.2f", t / hz}')" \
    "other_cpu_s=$(awk -v m=$((m_after - m_before)) -v t=$((after - before)) -v l="${load_cpu:-0}" -v hz="$HZ" \
      'BEGIN {o = (m - t) / hz - l; printf "%.2f", o < 0 ? 0 : o}')" \
    "$result"
}

# ---------------------------------------------------------------- warm-up (unmeasured)
log "# warm-up: $JIT_WARMUP s per JVM server, 5 s per Python server (1 KiB messages, not counted)"
log "\$ taskset -c 1 $ECHOLOAD -p PORT -c $CONNS -s 1024 -t $((JIT_WARMUP - 2)) -w 2"
for s in "${SERVERS[@]}"; do
  case $s in
    reactio|reactio-base|netty) load "$s" 1024 $((JIT_WARMUP - 2)) 2 warmup=1 ;;
    *) load "$s" 1024 3 2 warmup=1 ;;
  esac
done | tee -a "$OUT/echo-warmup.txt"

# ---------------------------------------------------------------- measured rounds
for spec in "1024:$ROUNDS" "16:$SMALL_ROUNDS" "65536:$SMALL_ROUNDS"; do
  size=${spec%%:*}; rounds=${spec##*:}
  if [[ $size != 1024 ]]; then # a short unmeasured round at the new size (new code paths)
    for s in "${SERVERS[@]}"; do load "$s" "$size" 3 2 warmup=1; done | tee -a "$OUT/echo-warmup.txt"
  fi
  log "\$ taskset -c 1 $ECHOLOAD -p PORT -c $CONNS -s $size -t $SECS -w $WARM   # x $rounds rounds: ${SERVERS[*]}"
  for r in $(seq "$rounds"); do
    for s in "${SERVERS[@]}"; do
      load "$s" "$size" "$SECS" "$WARM" "round=$r"
    done
  done | tee "$OUT/echo-$size.txt"
done

cleanup
PID=()

# ---------------------------------------------------------------- heap per idle connection
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
nofile=$(ulimit -n)
idle=$IDLE_CONNS
if [[ $nofile != unlimited && $((nofile - 1000)) -lt $idle ]]; then
  idle=$((nofile - 1000))
  log "# ulimit -n is $nofile: measuring $idle idle connections instead of $IDLE_CONNS"
fi
log "\$ java ${JVM_OPTS[*]} -cp $JAR dev.reactio.benchmarks.streams.IdleConnectionHeap $idle"
java "${JVM_OPTS[@]}" -cp "$JAR" dev.reactio.benchmarks.streams.IdleConnectionHeap "$idle" | tee "$OUT/echo-idle.txt"

log "# done $(date -Is), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PYTHON" benchmarks/python/echo_table.py "$OUT" | tee "$OUT/echo-table.md"
echo "results in $OUT"
