#!/usr/bin/env bash
# Compares two builds of the benchmarks jar on the JMH benchmarks that a change to the core
# primitives can move, in alternating rounds (2 noisy cores: each round runs both builds back to
# back), and prints per round the ratio of Reactio to its same-JVM reference for each build.
#
#   benchmarks/before-after.sh OLD.jar NEW.jar [rounds]
#   ONLY="Gather CreateTask" benchmarks/before-after.sh OLD.jar NEW.jar 2   # a subset
#
# Build OLD.jar from the commit before the change (git worktree add ../old <rev>; mvn -B -q
# -pl benchmarks -am package -DskipTests in it) and NEW.jar from this checkout. Raw JMH JSON
# lands in benchmarks/results/before-after-<timestamp>/ (git-ignored).
set -euo pipefail
old=$1 new=$2 rounds=${3:-2}
only=${ONLY:-}   # e.g. ONLY="Gather CreateTask": just the benchmarks whose names start so
here=$(cd "$(dirname "$0")" && pwd)
out="$here/results/before-after-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
jmh=(-f 1 -wi 2 -w 1s -i 5 -r 1s -rf json)
benches=(
  "GatherBenchmark -p size=10000 -p impl=reactio,zip"
  "LockBenchmark -p impl=reactio,reactor-floor"
  "SemaphoreBenchmark -p impl=reactio,reactor-floor"
  "QueueBenchmark -p impl=reactio,kotlinx"
  "EventBenchmark -p impl=reactio,cf"
  "CreateTaskBenchmark -p impl=reactio,toFuture"
)
for ((r = 1; r <= rounds; r++)); do
  for build in old new; do
    jar=$old; [[ $build == new ]] && jar=$new
    for b in "${benches[@]}"; do
      name=${b%% *}
      if [[ -n $only ]]; then
        keep=0; for o in $only; do [[ $name == "$o"* ]] && keep=1; done
        ((keep)) || continue
      fi
      echo "round $r, $build: $b"
      # shellcheck disable=SC2086
      java -jar "$jar" $b "${jmh[@]}" -rff "$out/r$r-$build-$name.json" >"$out/r$r-$build-$name.txt" 2>&1
    done
  done
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys, glob, os, collections
out = sys.argv[1]
refs = {"GatherBenchmark": "zip", "LockBenchmark": "reactor-floor", "SemaphoreBenchmark": "reactor-floor",
        "QueueBenchmark": "kotlinx", "EventBenchmark": "cf", "CreateTaskBenchmark": "toFuture"}
rows = collections.defaultdict(dict)
for f in sorted(glob.glob(os.path.join(out, "r*-*-*.json"))):
    rnd, build, name = os.path.basename(f)[:-5].split("-", 2)
    scores = {}
    for b in json.load(open(f)):
        params = dict(b.get("params", {}))
        impl = params.pop("impl")
        key = " ".join(f"{k}={v}" for k, v in sorted(params.items()))
        scores[(key, impl)] = (b["primaryMetric"]["score"], b["primaryMetric"]["scoreUnit"])
    for (key, impl), (score, unit) in scores.items():
        if impl != "reactio":
            continue
        ref = scores.get((key, refs[name]))
        lower_is_better = "/op" in unit
        ratio = (ref[0] / score) if lower_is_better else (score / ref[0])
        rows[(name, key)][(rnd, build)] = ratio
print("Reactio / reference (higher is better for Reactio), per round")
for (name, key), cells in sorted(rows.items()):
    line = f"{name:22} {key:28}"
    for rnd in sorted({c[0] for c in cells}):
        line += f"  {rnd}: old {cells.get((rnd,'old'), float('nan')):.2f} new {cells.get((rnd,'new'), float('nan')):.2f}"
    print(line)
PY
