#!/usr/bin/python3
"""Charges the CPU samples of a JFR recording to components, for benchmarks/README.md ("HTTP client").

    java ... -XX:FlightRecorderOptions=stackdepth=256 \
        -XX:StartFlightRecording=delay=8s,duration=30s,settings=profile,filename=reactio.jfr \
        -cp benchmarks/target/benchmarks.jar dev.reactio.benchmarks.http.HttpLoad reactio URL 64 30 8
    jfr print --json --stack-depth 256 --events jdk.ExecutionSample reactio.jfr > reactio.json
    (the same for reactor-netty)
    /usr/bin/python3 benchmarks/python/jfr_components.py reactio.json COMPLETED_A raw.json COMPLETED_B Reactio raw

Each jdk.ExecutionSample is charged to the innermost frame (closest to the leaf) that belongs to
a known component; so work that HttpLoad's completion callback nests (the next request starts
inside the previous completion) is counted once, where it runs. COMPLETED_* are the requests
completed during the recording (HttpLoad's completed=, for a window equal to the recording), to
print samples per 1 000 requests; compare those only within one run on a quiet machine.
Prints a Markdown table.
"""

import collections
import json
import sys
CATS = [
 ("java.net.URI parsing", lambda s: s.startswith("java.net.URI")),
 ("Reactio Exchange.read/Accumulator", lambda s: "dev.reactio.http.Exchange$Accumulator" in s or "dev.reactio.http.Exchange.read" in s),
 ("Reactio CookieJar", lambda s: "dev.reactio.http.CookieJar" in s),
 ("Reactio http, other", lambda s: s.startswith("dev.reactio.http.")),
 ("AsyncSemaphore (dev.reactio.sync)", lambda s: s.startswith("dev.reactio.sync")),
 ("Mono.timeout + timers", lambda s: "MonoTimeout" in s or "FluxTimeout" in s or "reactor.core.scheduler" in s or "ScheduledThreadPoolExecutor" in s or "DelayedWorkQueue" in s),
 ("HttpContentDecompressor", lambda s: "HttpContentDecompressor" in s or "HttpContentDecoder" in s),
 ("ChannelOperations.terminate", lambda s: "ChannelOperations.terminate" in s or "ChannelOperations$Disposed" in s),
 ("reactor-netty pool", lambda s: "reactor.pool" in s or "PooledConnectionProvider" in s),
 ("Netty HTTP codec", lambda s: "HttpObjectDecoder" in s or "HttpObjectEncoder" in s or "HttpClientCodec" in s or "HttpUtil" in s),
 ("Netty headers", lambda s: "Headers" in s and s.startswith("io.netty")),
 ("reactor-netty http client", lambda s: s.startswith("reactor.netty.http")),
 ("reactor-netty core", lambda s: s.startswith("reactor.netty")),
 ("Reactor operators", lambda s: s.startswith("reactor.core")),
 ("Netty epoll transport", lambda s: s.startswith("io.netty.channel.epoll") or s.startswith("io.netty.channel.unix")),
 ("Netty other", lambda s: s.startswith("io.netty")),
 ("benchmark driver", lambda s: s.startswith("dev.reactio.benchmarks")),
]


def load(path):
    data = json.load(open(path))
    c = collections.Counter(); n = 0
    for e in data["recording"]["events"]:
        st = e["values"].get("stackTrace")
        if not st: continue
        n += 1
        fr = [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in st["frames"]]
        for f in fr:
            hit = next((name for name, p in CATS if p(f)), None)
            if hit: c[hit] += 1; break
        else:
            c["JDK only / GC / other"] += 1
    return c, n


a, na = load(sys.argv[1])
b, nb = load(sys.argv[3])
ra, rb = float(sys.argv[2]), float(sys.argv[4])
print(f"| Where (innermost frame of a known component) | {sys.argv[5]} samples | per 1 000 req | {sys.argv[6]} samples | per 1 000 req |")
print("|---|---:|---:|---:|---:|")
for name in [x[0] for x in CATS] + ["JDK only / GC / other"]:
    if a[name] or b[name]:
        print(f"| {name} | {a[name]} | {1000*a[name]/ra:.2f} | {b[name]} | {1000*b[name]/rb:.2f} |")
print(f"| **total** | {na} | {1000*na/ra:.2f} | {nb} | {1000*nb/rb:.2f} |")
