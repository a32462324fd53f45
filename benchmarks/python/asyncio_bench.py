#!/usr/bin/python3
"""asyncio (and uvloop) side of the Reactio benchmarks, same shapes as the Java ones.

Run with Debian's interpreter, from the repository root:

    /usr/bin/python3 benchmarks/python/asyncio_bench.py all
    /usr/bin/python3 benchmarks/python/asyncio_bench.py gather --loop uvloop

Benchmarks (each prints one or more RESULT lines, key=value separated by spaces):

  gather     await asyncio.gather(*[noop() for _ in range(n)]) for n = 10 000 and 100 000;
             median wall time of several runs after one unmeasured run (Java: GatherBenchmark).
  tasks      for _ in range(n): await asyncio.create_task(noop()); ops/s, median of runs
             (Java: CreateTaskBenchmark, completion=pending: create_task never runs the
             coroutine at once).
  sleeping   1 000 000 x asyncio.create_task(asyncio.sleep(300)); time to create them, time for
             one loop iteration that starts them all (each arms its timer, which the Java
             createTask does before it returns), and RSS growth per task (VmRSS from
             /proc/self/status, before vs after, after gc.collect()); then cancel them all.
             Each round runs in a fresh interpreter, because freed memory is not returned to
             the OS and a second round in the same process would look free
             (Java: MillionSleepingTasks). The sleep is 300 s, not Java's 10 s, because
             creating and starting a million tasks takes asyncio longer than 10 s here, and a
             task whose timer already fired is no longer sleeping; the length of the sleep
             does not change what a sleeping task costs.
             --gc-disabled runs it with gc.disable(), to show how much of the time is
             CPython's cyclic GC walking the growing set of live tasks.
  all        gather, tasks, sleeping for asyncio and, if importable, uvloop.

--loop asyncio|uvloop|both chooses the event loop (default both: asyncio, then uvloop if
importable). Rounds of different loops alternate for the sleeping benchmark.
"""

import argparse
import asyncio
import gc
import json
import platform
import statistics
import subprocess
import sys
import time

try:
    import uvloop
except ImportError:  # the results then say uvloop=unavailable
    uvloop = None


async def noop():
    return 1


def new_loop(name):
    if name == "uvloop":
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def run(loop_name, coro):
    with asyncio.Runner(loop_factory=lambda: new_loop(loop_name)) as runner:
        return runner.run(coro)


def emit(**fields):
    print("RESULT " + " ".join(f"{k}={v}" for k, v in fields.items()), flush=True)


# --------------------------------------------------------------------------------------------
# gather


async def gather_once(n):
    t0 = time.perf_counter()
    values = await asyncio.gather(*[noop() for _ in range(n)])
    elapsed = time.perf_counter() - t0
    assert len(values) == n
    return elapsed


async def gather_runs(n, runs):
    await gather_once(n)  # unmeasured
    return [await gather_once(n) for _ in range(runs)]


def bench_gather(loop_name):
    for n, runs in ((10_000, 20), (100_000, 5)):
        times = run(loop_name, gather_runs(n, runs))
        emit(bench="gather", loop=loop_name, n=n, runs=runs,
             median_ms=f"{statistics.median(times) * 1e3:.2f}",
             min_ms=f"{min(times) * 1e3:.2f}", max_ms=f"{max(times) * 1e3:.2f}")


# --------------------------------------------------------------------------------------------
# create_task + await


async def tasks_once(n):
    create_task = asyncio.create_task
    t0 = time.perf_counter()
    for _ in range(n):
        await create_task(noop())
    return n / (time.perf_counter() - t0)


async def tasks_runs(n, runs):
    await tasks_once(n // 2)  # unmeasured
    return [await tasks_once(n) for _ in range(runs)]


def bench_tasks(loop_name):
    n, runs = 200_000, 5
    rates = run(loop_name, tasks_runs(n, runs))
    emit(bench="create_task_await", loop=loop_name, n=n, runs=runs,
         median_ops_per_s=f"{statistics.median(rates):.0f}",
         min_ops_per_s=f"{min(rates):.0f}", max_ops_per_s=f"{max(rates):.0f}")


# --------------------------------------------------------------------------------------------
# one million sleeping tasks


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def sleeping_once(n, sleep_s, gc_disabled):
    if gc_disabled:
        gc.disable()
    tasks = [None] * n  # allocated before the baseline, like the Java array
    gc.collect()
    before = rss_bytes()
    create_task = asyncio.create_task
    sleep = asyncio.sleep
    t0 = time.perf_counter()
    for i in range(n):
        tasks[i] = create_task(sleep(sleep_s))
    t1 = time.perf_counter()
    await asyncio.sleep(0)  # one loop iteration: every task starts and arms its timer
    t2 = time.perf_counter()
    gc.collect()
    after = rss_bytes()
    valid = time.perf_counter() - t0 < sleep_s
    t3 = time.perf_counter()
    for t in tasks:
        t.cancel()
    await asyncio.sleep(0)  # the cancelled tasks run once to finish
    t4 = time.perf_counter()
    assert all(t.cancelled() for t in tasks)
    return {"create_s": t1 - t0, "start_s": t2 - t1, "bytes_per_task": (after - before) / n,
            "cancel_s": t4 - t3, "valid": valid}


SLEEP_S = 300.0


def bench_sleeping_once(loop_name, n, gc_disabled):
    print(json.dumps(run(loop_name, sleeping_once(n, SLEEP_S, gc_disabled))), flush=True)


def bench_sleeping(loop_names, n, rounds, gc_disabled):
    gc_flag = ["--gc-disabled"] if gc_disabled else []
    gc_state = "disabled" if gc_disabled else "enabled"
    results = {name: [] for name in loop_names}
    for r in range(rounds):
        order = loop_names if r % 2 == 0 else list(reversed(loop_names))
        for name in order:
            out = subprocess.run([sys.executable, __file__, "sleeping-once", "--loop", name, "--n", str(n)] + gc_flag,
                                 check=True, capture_output=True, text=True).stdout
            res = json.loads(out.strip().splitlines()[-1])
            print(f"ROUND bench=sleeping_tasks loop={name} gc={gc_state} round={r + 1} n={n} "
                  f"create_ms={res['create_s'] * 1e3:.0f} start_ms={res['start_s'] * 1e3:.0f} "
                  f"bytes_per_task={res['bytes_per_task']:.1f} cancel_ms={res['cancel_s'] * 1e3:.0f} sleep_s={SLEEP_S:.0f}"
                  f"{'' if res['valid'] else ' INVALID'}", flush=True)
            if res["valid"]:
                results[name].append(res)
    for name, rs in results.items():
        if not rs:
            emit(bench="sleeping_tasks", loop=name, gc=gc_state, n=n, rounds=0,
                 note="no_valid_round")
            continue
        create = statistics.median(x["create_s"] for x in rs)
        total = statistics.median(x["create_s"] + x["start_s"] for x in rs)
        emit(bench="sleeping_tasks", loop=name, gc=gc_state, n=n, rounds=len(rs),
             median_create_ms=f"{create * 1e3:.0f}",
             median_create_and_start_ms=f"{total * 1e3:.0f}",
             median_per_s=f"{n / total:.0f}",
             median_bytes_per_task=f"{statistics.median(x['bytes_per_task'] for x in rs):.1f}",
             median_cancel_ms=f"{statistics.median(x['cancel_s'] for x in rs) * 1e3:.0f}")


# --------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", choices=["gather", "tasks", "sleeping", "sleeping-once", "all"])
    parser.add_argument("--loop", choices=["asyncio", "uvloop", "both"], default="both")
    parser.add_argument("--n", type=int, default=1_000_000, help="tasks for sleeping (default 1000000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per loop for sleeping (default 3)")
    parser.add_argument("--gc-disabled", action="store_true", help="sleeping with gc.disable()")
    args = parser.parse_args()

    if args.loop == "both":
        loops = ["asyncio"] + (["uvloop"] if uvloop is not None else [])
    elif args.loop == "uvloop" and uvloop is None:
        sys.exit("uvloop is not importable: apt-get install -y python3-uvloop")
    else:
        loops = [args.loop]

    if args.bench == "sleeping-once":
        bench_sleeping_once(loops[0], args.n, args.gc_disabled)
        return
    print(f"# python={platform.python_version()} executable={sys.executable} "
          f"uvloop={uvloop.__version__ if uvloop else 'unavailable'} machine={platform.machine()}", flush=True)
    if args.bench in ("gather", "all"):
        for name in loops:
            bench_gather(name)
    if args.bench in ("tasks", "all"):
        for name in loops:
            bench_tasks(name)
    if args.bench in ("sleeping", "all"):
        bench_sleeping(loops, args.n, args.rounds, args.gc_disabled)


if __name__ == "__main__":
    main()
