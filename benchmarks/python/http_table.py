#!/usr/bin/python3
"""Prints the results of one `benchmarks/http.sh` run as Markdown tables.

    /usr/bin/python3 benchmarks/python/http_table.py benchmarks/results/<timestamp>

Reads <dir>/http-rounds.txt (one tagged RESULT line per client and round, from HttpLoad.java or
http_load.py) and <dir>/http-wrk.txt (wrk's output). Prints the median over the rounds of each
client's requests/s and latency percentiles; then, round by round, the ratios taken between
clients measured in the same round: Reactio/raw reactor-netty (requests/s and p99),
Reactio/aiohttp-uvloop and Reactio/aiohttp (requests/s), Reactio/wrk (the server's limit, one
wrk run, so the same figure for every round), and their medians. A requests/s ratio above 1 means
Reactio is faster; a p99 ratio above 1 means Reactio's p99 is higher (worse). "other CPU s" is the
largest other_cpu_s of the round's clients: CPU seconds neither the client nor nginx used, i.e.
other jobs on the machine (approximate).
"""

import os
import re
import statistics
import sys

ORDER = ["reactio", "reactio-base", "reactio-nio", "reactor-netty", "reactor-netty-nio", "jdk",
         "aiohttp-uvloop", "aiohttp"]
LABELS = {"reactio": "Reactio `ClientSession`", "reactio-base": "Reactio `ClientSession` (BASE_JAR)",
          "reactio-nio": "Reactio `ClientSession`, NIO", "reactor-netty": "raw reactor-netty `HttpClient`",
          "reactor-netty-nio": "raw reactor-netty `HttpClient`, NIO", "jdk": "`java.net.http.HttpClient`",
          "aiohttp-uvloop": "aiohttp + uvloop", "aiohttp": "aiohttp (asyncio)", "wrk": "`wrk -t1 -c64` (server limit)"}


def parse(path):
    rows = []
    for line in open(path):
        if "RESULT" not in line or not line.startswith("client="):
            continue
        rows.append(dict(kv.split("=", 1) for kv in line.replace("RESULT ", "").split() if "=" in kv))
    return rows


def to_us(text):
    m = re.match(r"([\d.]+)(us|ms|s)$", text)
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 1, "ms": 1000, "s": 1_000_000}[unit]


def parse_wrk(path):
    if not os.path.exists(path):
        return None
    text = open(path).read()
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not m:
        return None
    row = {"reqs_per_s": float(m.group(1))}
    for p, key in (("50", "p50_us"), ("90", "p90_us"), ("99", "p99_us")):
        pm = re.search(rf"^\s+{p}(?:\.000)?%\s+(\S+)", text, re.M)
        if pm:
            row[key] = to_us(pm.group(1))
    errors = re.search(r"Socket errors: (.*)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    row["errors"] = (errors.group(1) if errors else "0") + (f", non-2xx {non2xx.group(1)}" if non2xx else "")
    load = re.search(r"load1=(\S+) nginx_cpu_s=(\S+)", text)
    if load:
        row["load1"], row["nginx_cpu_s"] = load.group(1), load.group(2)
    return row


def rate(x):
    return f"{x / 1000:.1f} k" if x < 1e6 else f"{x / 1e6:.2f} M"


def med(values):
    return statistics.median(values) if values else None


def main(directory):
    env = os.path.join(directory, "http-env.txt")
    if os.path.exists(env):
        print("```\n" + open(env).read().strip() + "\n```\n")
    rows = parse(os.path.join(directory, "http-rounds.txt"))
    wrk = parse_wrk(os.path.join(directory, "http-wrk.txt"))
    by = {}
    for r in rows:
        by.setdefault(r["client"], {})[int(r["round"])] = r
    clients = [c for c in ORDER if c in by] + sorted(c for c in by if c not in ORDER)
    rounds = sorted(set().union(*[set(v) for v in by.values()])) if by else []
    inflight = next((r["inflight"] for r in rows if "inflight" in r), "?")
    print(f"#### {inflight} requests in flight, {len(rounds)} rounds (medians over the rounds)\n")
    print("| Client | req/s (median) | range | p50 µs | p90 µs | p99 µs | p99.9 µs | client CPU s / measured s | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for c in clients:
        rs = list(by[c].values())
        rps = [float(r["reqs_per_s"]) for r in rs]
        errors = sum(int(r.get("errors", 0)) for r in rs)

        def m(key):
            values = [float(r[key]) for r in rs if key in r]
            return f"{med(values):,.0f}" if values else "–"
        cpu = [float(r["cpu_s"]) / float(r["secs"]) for r in rs if "cpu_s" in r and "secs" in r]
        print(f"| {LABELS.get(c, c)} | {rate(med(rps))} | {rate(min(rps))}–{rate(max(rps))} | {m('p50_us')} "
              f"| {m('p90_us')} | {m('p99_us')} | {m('p999_us')} | {f'{med(cpu):.2f}' if cpu else '–'} | {errors} |")
    if wrk:
        print(f"| {LABELS['wrk']} | {rate(wrk['reqs_per_s'])} | one run | {wrk.get('p50_us', 0):,.0f} "
              f"| {wrk.get('p90_us', 0):,.0f} | {wrk.get('p99_us', 0):,.0f} | | | {wrk['errors']} |")
    print()

    ratios = [("reactor-netty", "reqs_per_s", "Reactio / raw req/s"),
              ("reactor-netty", "p99_us", "Reactio / raw p99"),
              ("aiohttp-uvloop", "reqs_per_s", "Reactio / aiohttp-uvloop req/s"),
              ("aiohttp", "reqs_per_s", "Reactio / aiohttp req/s"),
              ("jdk", "reqs_per_s", "Reactio / jdk req/s"),
              ("reactio-base", "reqs_per_s", "Reactio / BASE_JAR req/s"),
              ("reactio-base", "p99_us", "Reactio / BASE_JAR p99"),
              ("reactio-nio", "reqs_per_s", "epoll / NIO (Reactio) req/s"),
              ("reactor-netty-nio", "reqs_per_s", "epoll / NIO (raw) req/s")]
    ratios = [x for x in ratios if x[0] in by and "reactio" in by and not (x[0] == "reactor-netty-nio" and "reactor-netty" not in by)]
    if wrk and "reactio" in by:
        ratios.append(("wrk", "reqs_per_s", "Reactio / wrk req/s"))
    if not ratios:
        return
    print("| Round | load1 | other CPU s | " + " | ".join(x[2] for x in ratios) + " |")
    print("|---|---:|---:|" + "---:|" * len(ratios))
    per = {x[2]: [] for x in ratios}
    for rnd in rounds:
        cells = []
        for other, key, name in ratios:
            a = by["reactio"].get(rnd)
            if other == "reactor-netty-nio":
                a = by["reactor-netty"].get(rnd)
            b = wrk if other == "wrk" else by[other].get(rnd)
            if a is None or b is None or float(b.get(key, 0)) == 0:
                cells.append("–")
                continue
            value = float(a[key]) / float(b[key])
            per[name].append(value)
            cells.append(f"{value:.2f}")
        load = by["reactio"].get(rnd, {}).get("load1", "?")
        other = max((float(by[c][rnd].get("other_cpu_s", 0)) for c in clients if rnd in by[c]), default=0)
        print(f"| {rnd} | {load} | {other:.1f} | " + " | ".join(cells) + " |")
    print("| **median** | | | " + " | ".join(f"**{med(per[x[2]]):.2f}**" if per[x[2]] else "–" for x in ratios) + " |")
    print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
