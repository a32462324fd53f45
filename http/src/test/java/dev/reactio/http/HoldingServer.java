package dev.reactio.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A test server that counts the requests in flight (overall and per {@code Host} header) and
 * holds every response to {@code /held} until {@link #release()}; {@code /ok} answers at once.
 */
final class HoldingServer implements AutoCloseable {

    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RELEASED = "released".getBytes(StandardCharsets.US_ASCII);

    private final DisposableServer server;
    private final Sinks.Empty<Void> gate = Sinks.empty();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger arrived = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByHost = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> peakByHost = new ConcurrentHashMap<>();

    HoldingServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((req, res) -> {
                    if (!req.fullPath().equals("/held")) {
                        return res.sendByteArray(Mono.just(OK));
                    }
                    String host = req.requestHeaders().get("Host", "?").replaceFirst(":\\d+$", "");
                    AtomicInteger hostNow = inFlightByHost.computeIfAbsent(host, h -> new AtomicInteger());
                    AtomicInteger hostPeak = peakByHost.computeIfAbsent(host, h -> new AtomicInteger());
                    int now = inFlight.incrementAndGet();
                    peak.accumulateAndGet(now, Math::max);
                    hostPeak.accumulateAndGet(hostNow.incrementAndGet(), Math::max);
                    arrived.incrementAndGet();
                    // A request stops counting when its answer starts, before a byte of it is written:
                    // counting until the write completes would overlap the next request the client
                    // sends once it has read this answer, and report one more than the client allows.
                    AtomicBoolean counted = new AtomicBoolean(true);
                    Runnable done = () -> {
                        if (counted.compareAndSet(true, false)) {
                            inFlight.decrementAndGet();
                            hostNow.decrementAndGet();
                        }
                    };
                    // The request is read to its end before the answer: answering a keep-alive GET
                    // before its last (empty) content arrived left reactor-netty's server taking that
                    // content for a pipelined request, and the next request on the connection was
                    // never handled (1 run in 10 hung).
                    return req.receive()
                            .then()
                            .then(gate.asMono())
                            .then(Mono.fromRunnable(done))
                            // deferred: reactor-netty checks the connection when send is called, so a
                            // client that gave up (sockRead) usually gets nothing written. Usually: when
                            // the client's close lands between that check and the write, reactor-netty's
                            // server drops the buffer unreleased (seen once by the leak detector in a
                            // fresh-clone run, a pooled buffer from sendString). A byte array is wrapped,
                            // not allocated from the pool: nothing to leak, whatever the timing.
                            .then(Mono.defer(
                                    () -> res.sendByteArray(Mono.just(RELEASED)).then()))
                            .doFinally(s -> done.run());
                })
                .bindNow();
    }

    /** Lets every held response (and every later one) go. */
    void release() {
        // Only the test thread emits, once: FAIL_NON_SERIALIZED cannot happen, and a second
        // release is a test bug worth seeing.
        gate.emitEmpty(Sinks.EmitFailureHandler.FAIL_FAST);
    }

    String url(String host, String path) {
        return "http://" + host + ":" + server.port() + path;
    }

    String held() {
        return url("127.0.0.1", "/held");
    }

    int inFlight() {
        return inFlight.get();
    }

    int peak() {
        return peak.get();
    }

    int arrived() {
        return arrived.get();
    }

    int peak(String host) {
        AtomicInteger p = peakByHost.get(host);
        return p == null ? 0 : p.get();
    }

    int inFlight(String host) {
        AtomicInteger n = inFlightByHost.get(host);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
