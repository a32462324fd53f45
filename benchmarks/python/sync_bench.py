#!/usr/bin/python3
"""asyncio (and uvloop) side of Reactio's sync benchmarks: the shapes of the Java classes in
benchmarks/src/main/java/dev/reactio/benchmarks/sync/, with the same sizes.

Run with Debian's interpreter, from the repository root:

    /usr/bin/python3 benchmarks/python/sync_bench.py all
    /usr/bin/python3 benchmarks/python/sync_bench.py lock --loop uvloop --runs 9

Benchmarks (each prints RESULT lines, key=value separated by spaces; the score is the median of
--runs runs, after one unmeasured run, in one event loop):

  lock       asyncio.Lock; one operation = `async with lock: counter += 1`; 20 000 operations per
             run, and ops/s:
               uncontended      one task does all 20 000                 (Java: LockBenchmark)
               contended        10 tasks x 2 000, started together; the lock's fast path never
                                yields, so they run one after the other
               contended-yield  the same with `await asyncio.sleep(0)` inside the lock: the
                                other nine queue up on it, real contention
  semaphore  asyncio.Semaphore(3), 10 tasks x 2 000, `async with sem: counter += 1`, without
             (pass) and with (yield) `await asyncio.sleep(0)` inside; ops/s
             (Java: SemaphoreBenchmark)
  queue      one producer task puts 20 000 ints (`await q.put(i)`), one consumer task gets as
             many (`await q.get()`) and sums them; asyncio.Queue(3) and asyncio.Queue()
             (unbounded); items/s (Java: QueueBenchmark)
  event      10 000 tasks `await event.wait(); resumed += 1`; after one loop iteration all of
             them wait; then time from event.set() until the last one has resumed (it completes
             a future the timing task awaits); ms (Java: EventBenchmark)
  all        everything, for asyncio and, if importable, uvloop.

--loop asyncio|uvloop|both chooses the event loop (default both: asyncio, then uvloop).
"""

import argparse
import asyncio
import platform
import statistics
import sys
import time

try:
    import uvloop
except ImportError:  # the results then say uvloop=unavailable
    uvloop = None

OPS = 20_000
WORKERS = 10
PERMITS = 3
WAITERS = 10_000


def new_loop(name):
    if name == "uvloop":
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def run(loop_name, coro):
    with asyncio.Runner(loop_factory=lambda: new_loop(loop_name)) as runner:
        return runner.run(coro)


def emit(**fields):
    print("RESULT " + " ".join(f"{k}={v}" for k, v in fields.items()), flush=True)


def emit_rates(bench, shape, loop_name, rates, runs):
    emit(bench=bench, shape=shape, loop=loop_name, n=OPS, runs=runs,
         median_ops_per_s=f"{statistics.median(rates):.0f}",
         min_ops_per_s=f"{min(rates):.0f}", max_ops_per_s=f"{max(rates):.0f}")


# --------------------------------------------------------------------------------------------
# lock and semaphore: WORKERS tasks (or one) doing `async with prim: counter += 1` in a loop


async def guarded_once(prim, workers, yield_inside):
    per_worker = OPS // workers
    counter = 0
    sleep = asyncio.sleep

    async def worker():
        nonlocal counter
        for _ in range(per_worker):
            async with prim:
                counter += 1

    async def worker_yield():
        nonlocal counter
        for _ in range(per_worker):
            async with prim:
                counter += 1
                await sleep(0)

    body = worker_yield if yield_inside else worker
    t0 = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(body()) for _ in range(workers)])
    elapsed = time.perf_counter() - t0
    assert counter == OPS, counter
    return OPS / elapsed


async def guarded_runs(make, workers, yield_inside, runs):
    await guarded_once(make(), workers, yield_inside)  # unmeasured
    return [await guarded_once(make(), workers, yield_inside) for _ in range(runs)]


def bench_lock(loop_name, runs):
    for shape, workers, yield_inside in (("uncontended", 1, False), ("contended", WORKERS, False),
                                         ("contended-yield", WORKERS, True)):
        rates = run(loop_name, guarded_runs(asyncio.Lock, workers, yield_inside, runs))
        emit_rates("lock", shape, loop_name, rates, runs)


def bench_semaphore(loop_name, runs):
    for shape, yield_inside in (("pass", False), ("yield", True)):
        rates = run(loop_name, guarded_runs(lambda: asyncio.Semaphore(PERMITS), WORKERS, yield_inside, runs))
        emit_rates("semaphore", shape, loop_name, rates, runs)


# --------------------------------------------------------------------------------------------
# queue: one producer, one consumer


async def queue_once(maxsize):
    q = asyncio.Queue(maxsize)
    total = 0

    async def producer():
        put = q.put
        for i in range(OPS):
            await put(i)

    async def consumer():
        nonlocal total
        get = q.get
        for _ in range(OPS):
            total += await get()

    t0 = time.perf_counter()
    await asyncio.gather(asyncio.create_task(producer()), asyncio.create_task(consumer()))
    elapsed = time.perf_counter() - t0
    assert total == OPS * (OPS - 1) // 2, total
    return OPS / elapsed


async def queue_runs(maxsize, runs):
    await queue_once(maxsize)  # unmeasured
    return [await queue_once(maxsize) for _ in range(runs)]


def bench_queue(loop_name, runs):
    for shape, maxsize in (("3", 3), ("unbounded", 0)):
        rates = run(loop_name, queue_runs(maxsize, runs))
        emit_rates("queue", shape, loop_name, rates, runs)


# --------------------------------------------------------------------------------------------
# event: WAITERS tasks released by one set()


async def event_once(n):
    event = asyncio.Event()
    all_resumed = asyncio.get_running_loop().create_future()
    resumed = 0

    async def waiter():
        nonlocal resumed
        await event.wait()
        resumed += 1
        if resumed == n:
            all_resumed.set_result(None)

    tasks = [asyncio.create_task(waiter()) for _ in range(n)]
    await asyncio.sleep(0)  # one loop iteration: every waiter starts and blocks in wait()
    assert resumed == 0
    t0 = time.perf_counter()
    event.set()
    await all_resumed
    elapsed = time.perf_counter() - t0
    await asyncio.gather(*tasks)
    return elapsed


async def event_runs(runs):
    await event_once(WAITERS)  # unmeasured
    return [await event_once(WAITERS) for _ in range(runs)]


def bench_event(loop_name, runs):
    times = run(loop_name, event_runs(runs))
    emit(bench="event", shape="10000-waiters", loop=loop_name, n=WAITERS, runs=runs,
         median_ms=f"{statistics.median(times) * 1e3:.2f}",
         min_ms=f"{min(times) * 1e3:.2f}", max_ms=f"{max(times) * 1e3:.2f}")


# --------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench", choices=["lock", "semaphore", "queue", "event", "all"])
    parser.add_argument("--loop", choices=["asyncio", "uvloop", "both"], default="both")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per shape (default 5)")
    args = parser.parse_args()

    if args.loop == "both":
        loops = ["asyncio"] + (["uvloop"] if uvloop is not None else [])
    elif args.loop == "uvloop" and uvloop is None:
        sys.exit("uvloop is not importable: apt-get install -y python3-uvloop")
    else:
        loops = [args.loop]

    print(f"# python={platform.python_version()} executable={sys.executable} "
          f"uvloop={uvloop.__version__ if uvloop else 'unavailable'} machine={platform.machine()}", flush=True)
    benches = ["lock", "semaphore", "queue", "event"] if args.bench == "all" else [args.bench]
    for bench in benches:
        for name in loops:
            {"lock": bench_lock, "semaphore": bench_semaphore, "queue": bench_queue,
             "event": lambda loop_name, runs: bench_event(loop_name, max(runs, 9))}[bench](name, args.runs)


if __name__ == "__main__":
    main()
