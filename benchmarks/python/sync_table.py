#!/usr/bin/python3
"""Prints the sync results of one `benchmarks/run.sh sync` as a Markdown table with the ratios
Reactio/asyncio, Reactio/uvloop and Reactio/kotlinx, all taken from that one run.

    /usr/bin/python3 benchmarks/python/sync_table.py benchmarks/results/<timestamp>

Reads <dir>/sync.json (JMH) and <dir>/sync-python.txt (sync_bench.py). JMH figures are the
median of the measured iterations (robust to the load bursts of this 2-core machine; JMH's own
mean and 99.9 % error are in sync.txt), followed by the spread of the iterations as min-max in
% of the median. For the event shape (time, lower is better) the ratios are inverted, so that a
ratio above 1 always means Reactio is faster.
"""

import json
import os
import statistics
import sys

ROWS = [  # (JMH class, shape param, python bench, python shape, label)
    ("LockBenchmark", "uncontended", "lock", "uncontended", "Lock, uncontended"),
    ("LockBenchmark", "contended", "lock", "contended", "Lock, 10 workers"),
    ("LockBenchmark", "contended-yield", "lock", "contended-yield", "Lock, 10 workers, yield inside"),
    ("SemaphoreBenchmark", "pass", "semaphore", "pass", "Semaphore(3), 10 workers"),
    ("SemaphoreBenchmark", "yield", "semaphore", "yield", "Semaphore(3), 10 workers, yield inside"),
    ("QueueBenchmark", "3", "queue", "3", "Queue(3), 1 producer / 1 consumer"),
    ("QueueBenchmark", "unbounded", "queue", "unbounded", "Queue unbounded, 1 / 1"),
    ("EventBenchmark", None, "event", "10000-waiters", "Event, 10 000 waiters released (ms)"),
]


def load_jmh(path):
    out = {}
    for b in json.load(open(path)):
        cls = b["benchmark"].split(".")[-2]
        p = b["params"]
        shape = p.get("shape") or p.get("capacity")
        iters = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        out[(cls, shape, p["impl"])] = (statistics.median(iters), min(iters), max(iters), alloc)
    return out


def load_python(path):
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path):
        if line.startswith("RESULT "):
            f = dict(kv.split("=", 1) for kv in line.split()[1:])
            value = f.get("median_ops_per_s") or f.get("median_ms")
            out[(f["bench"], f["shape"], f["loop"])] = float(value)
    return out


def fmt(x, time=False):
    if x is None:
        return "–"
    if time:
        return f"{x:.2f}" if x < 100 else f"{x:.0f}"
    if x >= 1e6:
        return f"{x / 1e6:.2f} M"
    return f"{x / 1e3:.0f} k"


def cell(t, time=False):
    if t is None:
        return "–"
    med, lo, hi, _ = t
    return f"{fmt(med, time)} ({100 * (lo - med) / med:+.0f}/{100 * (hi - med) / med:+.0f} %)"


def ratio(r, other, time):
    if r is None or other is None:
        return "–"
    return f"{(other / r) if time else (r / other):.2f}"


def main():
    d = sys.argv[1]
    jmh = load_jmh(os.path.join(d, "sync.json"))
    py = load_python(os.path.join(d, "sync-python.txt"))
    print("| Shape | Reactio | Reactor floor (no lock) | j.u.c (blocks threads) | kotlinx | asyncio | uvloop "
          "| Reactio / asyncio | Reactio / uvloop | Reactio / kotlinx | floor / kotlinx | Reactio B/op |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for cls, shape, pb, ps, label in ROWS:
        time = cls == "EventBenchmark"
        r, f, j, k = (jmh.get((cls, shape, impl)) for impl in ("reactio", "reactor-floor", "juc", "kotlinx"))
        a, u = py.get((pb, ps, "asyncio")), py.get((pb, ps, "uvloop"))
        rm = r[0] if r else None
        alloc = f"{r[3]:.0f}" if r and r[3] is not None else "–"
        km = k[0] if k else None
        print(f"| {label} | {cell(r, time)} | {cell(f, time) if f else ''} | {cell(j, time)} | {cell(k, time)} "
              f"| {fmt(a, time)} | {fmt(u, time)} "
              f"| {ratio(rm, a, time)} | {ratio(rm, u, time)} | {ratio(rm, km, time)} "
              f"| {ratio(f[0], km, time) if f else ''} | {alloc} |")
    print()
    for impl, what in (("reactio-task", "Reactio, each waiter an Aio.createTask"),
                       ("cf", "CompletableFuture with 10 000 thenRun actions")):
        t = jmh.get(("EventBenchmark", None, impl))
        if t:
            print(f"Event, {what}: {cell(t, True)} ms")


if __name__ == "__main__":
    main()
