#!/usr/bin/env bash
# Runs the README's test command on fresh clones of this repository, several times in a row,
# and stops at the first failure: "a flaky test is a bug", and this is how we look for one.
#
#   scripts/verify-loop.sh            # 10 x `mvn -B verify`, each in a new clone of HEAD
#   scripts/verify-loop.sh 3 -Pstress # 3 x `mvn -B verify -Pstress` (stress tests at 10x)
#
# Each run's Maven output is kept in target/verify-loop/<timestamp>/run-N.log (git-ignored);
# the script prints one line per run (result and seconds) and the total time.
set -euo pipefail
top=$(git rev-parse --show-toplevel)
runs=${1:-10}
shift || true
extra=("$@")
stamp=$(date +%Y%m%d-%H%M%S)
logs="$top/target/verify-loop/$stamp"
mkdir -p "$logs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
echo "verify-loop: $runs x mvn -B verify ${extra[*]:-} on fresh clones of $(git -C "$top" rev-parse --short HEAD); logs in $logs"
for ((i = 1; i <= runs; i++)); do
  clone="$work/run-$i"
  git clone -q "$top" "$clone"
  t0=$SECONDS
  if (cd "$clone" && mvn -B verify "${extra[@]}" >"$logs/run-$i.log" 2>&1); then
    echo "run $i: passed in $((SECONDS - t0)) s ($(grep -c 'Tests run:.*Fail' "$logs/run-$i.log" || true) test summaries)"
  else
    echo "run $i: FAILED after $((SECONDS - t0)) s; see $logs/run-$i.log:"
    grep -E '<<< FAIL|\[ERROR\] +[A-Za-z].*:[0-9]+' "$logs/run-$i.log" | head -20 || true
    exit 1
  fi
  rm -rf "$clone"
done
echo "verify-loop: $runs of $runs passed in $((SECONDS - start)) s"
