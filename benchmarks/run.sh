#!/usr/bin/env bash
# Runs every Reactio benchmark with the exact commands quoted in benchmarks/README.md.
#
#   benchmarks/run.sh [all|gather|tasks|sleeping|python|sync|streams|http]...   (default: all)
#
# Builds benchmarks/target/benchmarks.jar first if it is missing (delete it to rebuild).
# Output goes to the terminal and to benchmarks/results/<timestamp>/ (git-ignored).
# A full run takes about 30 minutes on the 2-core reference machine (sync alone about 6,
# streams about 14, http about 9).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
JMH_OPTS=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
# The sync benchmarks have 25 parameter combinations: 1 s iterations keep them near 5 minutes;
# 8 of them, because sync_table.py reports their median (robust to load bursts).
SYNC_JMH_OPTS=(-f 1 -wi 2 -w 1s -i 8 -r 1s -prof gc)
PYTHON=/usr/bin/python3
OUT=benchmarks/results/$(date +%Y%m%d-%H%M%S)

if [[ ! -f "$JAR" ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$OUT"

run() { # run <name> <command...>: echo the command, run it, keep its output
  local name=$1; shift
  echo "\$ $*" | tee "$OUT/$name.txt"
  "$@" 2>&1 | tee -a "$OUT/$name.txt"
}

gather() {
  run gather java -jar "$JAR" GatherBenchmark "${JMH_OPTS[@]}" -rf json -rff "$OUT/gather.json"
}
tasks() {
  run tasks java -jar "$JAR" CreateTaskBenchmark "${JMH_OPTS[@]}" -rf json -rff "$OUT/tasks.json"
}
sleeping() {
  run sleeping java -Xms4g -Xmx4g -XX:+UseG1GC -cp "$JAR" \
      dev.reactio.benchmarks.tasks.MillionSleepingTasks 1000000 5
  # Same with a 2 GiB young generation: no collection falls inside the creation loop of
  # either implementation, which removes the young-GC threshold effect (see README).
  run sleeping-xmn2g java -Xms4g -Xmx4g -Xmn2g -XX:+UseG1GC -cp "$JAR" \
      dev.reactio.benchmarks.tasks.MillionSleepingTasks 1000000 5
}
python() {
  if ! "$PYTHON" -c 'import uvloop' 2>/dev/null; then
    echo "uvloop is not importable, only asyncio runs (apt-get install -y python3-uvloop)"
  fi
  run python "$PYTHON" benchmarks/python/asyncio_bench.py all --rounds 2
}
sync() {
  # Lock, Semaphore, Queue and Event: Reactio vs java.util.concurrent vs kotlinx.coroutines,
  # then the same shapes in asyncio and uvloop. FastPathCheck exits 1 if an uncontended
  # withLock allocates a waiter.
  run sync-fastpath java -cp "$JAR" dev.reactio.benchmarks.sync.FastPathCheck
  run sync java -jar "$JAR" 'dev.reactio.benchmarks.sync.' "${SYNC_JMH_OPTS[@]}" -rf json -rff "$OUT/sync.json"
  run sync-python "$PYTHON" benchmarks/python/sync_bench.py all --runs 9
}
streams() {
  # The echo server load benchmark and the heap per idle connection (see echo.sh): Reactio
  # streams vs raw reactor-netty vs asyncio vs uvloop, into the same results directory.
  OUT="$OUT" benchmarks/echo.sh
}
http() {
  # The HTTP client load benchmark (see http.sh): Reactio ClientSession vs raw reactor-netty
  # HttpClient vs java.net.http vs aiohttp (uvloop, asyncio), 64 in flight against a local nginx,
  # plus wrk for the server's limit, into the same results directory.
  OUT="$OUT" benchmarks/http.sh
}

{
  echo "# $(date -Is) $(uname -srm), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -version 2>&1 | head -2
  "$PYTHON" --version
  git log -1 --format='# commit %h %s' 2>/dev/null || true
} | tee "$OUT/env.txt"

targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(all)
for t in "${targets[@]}"; do
  case $t in
    all) gather; tasks; sleeping; python; sync; streams; http ;;
    gather|tasks|sleeping|python|sync|streams|http) "$t" ;;
    *) echo "unknown target '$t': use all, gather, tasks, sleeping, python, sync, streams or http" >&2; exit 2 ;;
  esac
done
echo "results in $OUT"
