#!/usr/bin/python3
"""Prints the results of one `benchmarks/echo.sh` run as Markdown tables.

    /usr/bin/python3 benchmarks/python/echo_table.py benchmarks/results/<timestamp>

Reads <dir>/echo-<size>.txt (one tagged echoload RESULT line per server and round) and
<dir>/echo-idle.txt (IdleConnectionHeap). For each message size: the median over the rounds of
each server's messages/s and latency percentiles; then, round by round, the ratios
Reactio/raw reactor-netty (messages/s and p99), Reactio/uvloop and Reactio/asyncio (messages/s),
each taken between servers measured in the same round, and their medians. "other CPU s" is the
largest other_cpu_s of the round's servers: CPU seconds that neither the server nor the load
generator used, i.e. other jobs on the machine (approximate). A messages/s ratio
above 1 means Reactio is faster; a p99 ratio above 1 means Reactio's p99 is higher (worse).
"""

import glob
import os
import re
import statistics
import sys

SERVERS = ["reactio", "reactio-base", "netty", "uvloop", "asyncio"]
LABELS = {"reactio": "Reactio streams", "reactio-base": "Reactio streams (BASE_JAR, before the change)", "netty": "raw reactor-netty", "uvloop": "uvloop streams",
          "asyncio": "asyncio streams"}


def parse(path):
    rows = []
    for line in open(path):
        if "RESULT" not in line:
            continue
        fields = dict(kv.split("=", 1) for kv in line.replace("RESULT ", "").split() if "=" in kv)
        rows.append(fields)
    return rows


def fmt_rate(x):
    return f"{x / 1000:.1f} k" if x < 1e6 else f"{x / 1e6:.2f} M"


def med(values):
    return statistics.median(values) if values else None


def size_label(size):
    size = int(size)
    return f"{size // 1024} KiB" if size >= 1024 else f"{size} B"


def table(size, rows):
    by = {}
    for r in rows:
        by.setdefault(r["server"], {})[int(r["round"])] = r
    servers = [s for s in SERVERS if s in by]
    rounds = sorted(set().union(*[set(v) for v in by.values()]))
    print(f"#### {size_label(size)} messages, {rows[0]['conns']} connections, {len(rounds)} rounds\n")
    print("| Server | msgs/s (median) | range | MiB/s | p50 µs | p99 µs | p99.9 µs | server CPU s / round | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in servers:
        rs = list(by[s].values())
        mps = [float(r["msgs_per_s"]) for r in rs]
        errors = sum(int(r["errors"]) + int(r.get("verify_fail", 0)) for r in rs)
        print(f"| {LABELS[s]} | {fmt_rate(med(mps))} | {fmt_rate(min(mps))}–{fmt_rate(max(mps))} "
              f"| {med([float(r['mib_per_s']) for r in rs]):.1f} "
              f"| {med([int(r['p50_us']) for r in rs]):.0f} | {med([int(r['p99_us']) for r in rs]):.0f} "
              f"| {med([int(r['p999_us']) for r in rs]):.0f} | {med([float(r['server_cpu_s']) for r in rs]):.2f} "
              f"| {errors} |")
    print()
    ratios = [("reactio-base", "msgs_per_s", "Reactio / before msgs/s"), ("reactio-base", "p99_us", "Reactio / before p99"),
              ("netty", "msgs_per_s", "Reactio / netty msgs/s"), ("netty", "p99_us", "Reactio / netty p99"),
              ("uvloop", "msgs_per_s", "Reactio / uvloop msgs/s"), ("asyncio", "msgs_per_s", "Reactio / asyncio msgs/s")]
    ratios = [x for x in ratios if x[0] in by and "reactio" in by]
    if not ratios:
        return
    print("| Round | load1 | other CPU s | " + " | ".join(x[2] for x in ratios) + " |")
    print("|---|---:|---:|" + "---:|" * len(ratios))
    per_ratio = {x[2]: [] for x in ratios}
    for rnd in rounds:
        cells = []
        for other, key, name in ratios:
            a, b = by["reactio"].get(rnd), by[other].get(rnd)
            if a is None or b is None or float(b[key]) == 0:
                cells.append("–")
                continue
            value = float(a[key]) / float(b[key])
            per_ratio[name].append(value)
            cells.append(f"{value:.2f}")
        load = by["reactio"].get(rnd, {}).get("load1", "?")
        other = max((float(by[s][rnd].get("other_cpu_s", 0)) for s in servers if rnd in by[s]), default=0)
        print(f"| {rnd} | {load} | {other:.1f} | " + " | ".join(cells) + " |")
    print("| **median** | | | " + " | ".join(
        f"**{med(per_ratio[x[2]]):.2f}**" if per_ratio[x[2]] else "–" for x in ratios) + " |")
    print()


def idle(path):
    rows = parse(path)
    if not rows:
        return
    print("#### Heap per idle connection\n")
    print("| Server | connections | talked first | heap per connection | VmRSS per connection |")
    print("|---|---:|---|---:|---:|")
    for r in rows:
        print(f"| {LABELS.get(r['impl'], r['impl'])} | {int(r['conns']):,} | {'1 KiB echo' if r['talked'] == '1' else 'no'} "
              f"| {int(r['heap_per_conn_b']) / 1024:.2f} KiB | {int(r['rss_per_conn_b']) / 1024:.2f} KiB |")
    print()


def main(directory):
    env = os.path.join(directory, "echo-env.txt")
    if os.path.exists(env):
        print("```\n" + open(env).read().strip() + "\n```\n")
    paths = {int(re.search(r"echo-(\d+)\.txt$", p).group(1)): p for p in glob.glob(os.path.join(directory, "echo-*.txt"))
             if re.search(r"echo-(\d+)\.txt$", p)}
    for size in sorted(paths, key=lambda s: (s != 1024, s)):
        rows = parse(paths[size])
        if rows:
            table(size, rows)
    idle_path = os.path.join(directory, "echo-idle.txt")
    if os.path.exists(idle_path):
        idle(idle_path)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
