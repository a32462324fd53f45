package dev.reactio.http;

import dev.reactio.sync.AsyncSemaphore;
import io.netty.channel.ChannelOption;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * A session's connection pool and reactor-netty client: aiohttp's {@code TCPConnector}.
 *
 * <p>reactor-netty pools per remote address, so {@code limitPerHost} is the pool's
 * {@code maxConnections}; the session-wide {@code limit} is a semaphore held by each exchange
 * from before its first connection is acquired until its body is read (or it is cancelled).
 * Requests over either limit wait, without a deadline of their own (only the request's
 * {@code total} timeout applies), as in aiohttp.
 */
final class Transport {

    /** Never give up waiting for a pooled connection: the request's total timeout decides. */
    private static final Duration NO_ACQUIRE_TIMEOUT = Duration.ofDays(365);
    /** aiohttp's {@code keepalive_timeout}. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** Context key of a request's own connect timeout, in milliseconds. */
    private static final String CONNECT_TIMEOUT_KEY = "reactio.http.connectTimeoutMillis";
    /** Netty's connect timeout when none is set. */
    private static final int NETTY_DEFAULT_CONNECT_MS = 30_000;

    final HttpClient client;
    private final ConnectionProvider provider;
    private final @Nullable AsyncSemaphore total;
    private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();
    /** The WebSockets opened by this session and not closed yet. */
    private final java.util.Set<WebSocketSession> webSockets = ConcurrentHashMap.newKeySet();
    /** Exchanges waiting for one of the session's {@code limit} permits (not yet in a pool's queue). */
    private final AtomicInteger waiting = new AtomicInteger();

    Transport(String name, SessionConfig config) {
        int perHost = config.limitPerHost > 0 ? Math.min(config.limitPerHost, config.limit) : config.limit;
        this.provider = ConnectionProvider.builder(name)
                .maxConnections(perHost)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(NO_ACQUIRE_TIMEOUT)
                .maxIdleTime(KEEP_ALIVE)
                .metrics(true, () -> new Registrar(pools))
                .build();
        // One host can never exceed the session limit on its own when perHost == limit; with
        // several hosts the semaphore keeps the sum within it.
        this.total = new AsyncSemaphore(config.limit);
        HttpClient c = HttpClient.create(provider)
                .compress(true)
                .followRedirect(false)
                .keepAlive(true);
        Duration connect = config.timeout.connect();
        if (connect != null) {
            c = c.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
        }
        c = c.doOnChannelInit((observer, channel, remote) -> {
            Integer ms = observer.currentContext().getOrDefault(CONNECT_TIMEOUT_KEY, null);
            if (ms != null) {
                channel.config().setConnectTimeoutMillis(ms);
            }
        });
        if (config.ssl != null) {
            var ssl = config.ssl;
            c = c.secure(spec -> spec.sslContext(ssl));
        }
        this.client = c;
    }

    /**
     * Makes the connections opened for {@code exchange} use a request's own connect timeout.
     * Changing the client's option per request would not do: reactor-netty keys its pools by the
     * client's options too, so such a request would get a pool of its own and escape
     * {@code limitPerHost}. The timeout travels in the Reactor context instead and is applied by
     * the session-wide channel initializer, which runs before the connect.
     */
    static reactor.util.context.Context connectTimeout(
            @Nullable Duration connect) {
        int ms = connect == null ? NETTY_DEFAULT_CONNECT_MS : (int) Math.min(Integer.MAX_VALUE, connect.toMillis());
        return reactor.util.context.Context.of(CONNECT_TIMEOUT_KEY, ms);
    }

    /** Holds one of the session's {@code limit} permits around {@code exchange}. */
    <T> Mono<T> limited(Mono<T> exchange) {
        AsyncSemaphore sem = total;
        if (sem == null) {
            return exchange;
        }
        // AsyncSemaphore.withPermit acquires at subscription (one CAS when a permit is free) and
        // releases exactly once when the exchange completes, fails or is cancelled, including a
        // cancel that races the grant. Waiting only counts the exchange for connectionStats().
        return Mono.defer(() -> {
            Waiting w = new Waiting(waiting);
            return sem.withPermit(exchange.doOnSubscribe(w::granted)).doFinally(w::ended);
        });
    }

    /** Like {@link #limited(Mono)} for a {@code Flux}. */
    <T> reactor.core.publisher.Flux<T> limited(reactor.core.publisher.Flux<T> exchange) {
        AsyncSemaphore sem = total;
        if (sem == null) {
            return exchange;
        }
        return reactor.core.publisher.Flux.defer(() -> {
            Permit permit = new Permit(sem, waiting);
            return sem.acquire().doOnSuccess(permit::acquired).thenMany(exchange).doFinally(permit::release);
        });
    }

    ClientSession.ConnectionStats stats() {
        int active = 0;
        int idle = 0;
        int pending = 0;
        for (ConnectionPoolMetrics m : pools.values()) {
            active += m.acquiredSize();
            idle += m.idleSize();
            pending += m.pendingAcquireSize();
        }
        return new ClientSession.ConnectionStats(active, idle, pending + waiting.get());
    }

    /** Remembers an open WebSocket until it closes, so that closing the session closes it. */
    Mono<WebSocketSession> track(Mono<WebSocketSession> opening) {
        return opening.doOnNext(ws -> {
            webSockets.add(ws);
            ws.terminated().subscribe(null, e -> webSockets.remove(ws), () -> webSockets.remove(ws));
        });
    }

    /**
     * Closes the WebSockets still open (code 1001, "going away", as a browser leaving the page),
     * then the pool. aiohttp's {@code session.close()} closes its WebSockets too.
     */
    Mono<Void> disposeLater() {
        return Mono.defer(() -> Mono.when(webSockets.stream().map(ws -> ws.close(1001, "session closed")).toList()))
                .then(provider.disposeLater());
    }

    /** Counts one exchange in {@code waiting} from its creation until it gets its permit or ends. */
    private static final class Waiting extends java.util.concurrent.atomic.AtomicBoolean {
        private static final long serialVersionUID = 1L;
        private final transient AtomicInteger waiting;

        Waiting(AtomicInteger waiting) {
            this.waiting = waiting;
            waiting.incrementAndGet();
        }

        void granted(Object ignored) {
            ended(null);
        }

        void ended(@Nullable Object ignored) {
            if (compareAndSet(false, true)) {
                waiting.decrementAndGet();
            }
        }
    }

    /**
     * One exchange's claim on a {@code limit} permit: counted in {@code waiting} until the permit
     * is granted or the exchange ends, and the permit released exactly once if it was granted.
     * States: {@code WAITING -> HELD -> DONE}, or {@code WAITING -> DONE} when the exchange ends
     * first. The grant can race with a cancel on another thread (the cancel reaching the
     * semaphore just after it delivered the permit); a grant that finds {@code DONE} gives the
     * permit straight back, so it cannot leak.
     */
    private static final class Permit extends AtomicInteger {
        private static final long serialVersionUID = 1L;
        private static final int WAITING = 0;
        private static final int HELD = 1;
        private static final int DONE = 2;
        private final transient AsyncSemaphore sem;
        private final transient AtomicInteger waiting;

        Permit(AsyncSemaphore sem, AtomicInteger waiting) {
            this.sem = sem;
            this.waiting = waiting;
            waiting.incrementAndGet();
        }

        void acquired(@Nullable Void ignored) {
            if (compareAndSet(WAITING, HELD)) {
                waiting.decrementAndGet();
            } else {
                sem.release(); // the exchange already ended: nobody will release this permit
            }
        }

        void release(reactor.core.publisher.SignalType ignored) {
            int before = getAndSet(DONE);
            if (before == WAITING) {
                waiting.decrementAndGet();
            } else if (before == HELD) {
                sem.release();
            }
        }
    }

    /** Collects reactor-netty's per-address pool gauges for {@link #stats()}. */
    private static final class Registrar implements ConnectionProvider.MeterRegistrar {
        private final Map<String, ConnectionPoolMetrics> pools;

        Registrar(Map<String, ConnectionPoolMetrics> pools) {
            this.pools = pools;
        }

        @Override
        public void registerMetrics(String poolName, String id, SocketAddress remoteAddress, ConnectionPoolMetrics metrics) {
            pools.put(id + "|" + remoteAddress, metrics);
        }

        @Override
        public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
            pools.remove(id + "|" + remoteAddress);
        }
    }
}
