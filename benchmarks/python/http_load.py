#!/usr/bin/python3
"""aiohttp client load driver for benchmarks/http.sh: the Python side of HttpLoad.java.

    /usr/bin/python3 benchmarks/python/http_load.py --loop asyncio|uvloop URL INFLIGHT SECS WARMUP

One aiohttp.ClientSession() with its defaults (TCPConnector limit 100, keep-alive) and INFLIGHT
tasks, each looping on

    t0 = perf_counter_ns()
    async with session.get(url) as resp:
        body = await resp.read()
    # record perf_counter_ns() - t0

a closed loop like HttpLoad's: every completion starts the next request. The first WARMUP seconds
are not measured; then every request that completes within the next SECS seconds counts, with its
latency in µs (sorted at the end for exact percentiles). A request that fails, returns a status
other than 200 or an empty body is an error. Prints one line:

    RESULT impl=aiohttp-uvloop inflight=64 reqs_per_s=… p50_us=… p90_us=… p99_us=… p999_us=…
           max_us=… errors=… completed=… secs=… cpu_s=…

--loop uvloop runs the same code on uvloop's event loop (Debian: apt-get install -y python3-uvloop).
"""

import argparse
import asyncio
import math
import time

import aiohttp


def pct(sorted_values, p):
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, math.ceil(p * len(sorted_values)) - 1)]


async def main(url, inflight, secs, warmup, impl):
    latencies = []
    state = {"errors": 0, "running": True, "start": math.inf, "end": math.inf, "first_error": None}

    async def worker(session):
        while state["running"]:
            t0 = time.perf_counter_ns()
            ok = False
            try:
                async with session.get(url) as resp:
                    body = await resp.read()
                    ok = resp.status == 200 and len(body) > 0
            except Exception as e:  # noqa: BLE001 - every failure is counted, the first one printed
                if state["first_error"] is None:
                    state["first_error"] = repr(e)
            t1 = time.perf_counter_ns()
            if state["start"] <= t1 <= state["end"]:
                if ok:
                    latencies.append((t1 - t0) // 1000)
                else:
                    state["errors"] += 1

    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.create_task(worker(session)) for _ in range(inflight)]
        await asyncio.sleep(warmup)
        cpu0 = time.process_time()
        start = time.perf_counter_ns()
        state["start"], state["end"] = start, start + secs * 1_000_000_000
        await asyncio.sleep(secs)
        cpu1 = time.process_time()
        state["running"] = False
        await asyncio.wait(tasks, timeout=30)
        completed = len(latencies)
        latencies.sort()
        window = (state["end"] - state["start"]) / 1e9
        print(f"RESULT impl={impl} inflight={inflight} reqs_per_s={completed / window:.0f} "
              f"p50_us={pct(latencies, 0.50)} p90_us={pct(latencies, 0.90)} p99_us={pct(latencies, 0.99)} "
              f"p999_us={pct(latencies, 0.999)} max_us={latencies[-1] if latencies else 0} "
              f"errors={state['errors']} completed={completed} secs={secs} cpu_s={cpu1 - cpu0:.2f} "
              f"aiohttp={aiohttp.__version__}", flush=True)
        if state["first_error"]:
            print("first error:", state["first_error"], flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    parser.add_argument("url")
    parser.add_argument("inflight", type=int)
    parser.add_argument("secs", type=int)
    parser.add_argument("warmup", type=int)
    args = parser.parse_args()
    name = "aiohttp"
    if args.loop == "uvloop":
        import uvloop
        uvloop.install()
        name = "aiohttp-uvloop"
    asyncio.run(main(args.url, args.inflight, args.secs, args.warmup, name))
