package dev.reactio.http;

import dev.reactio.sync.AsyncSemaphore;
import io.netty.channel.ChannelOption;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    final HttpClient client;
    private final ConnectionProvider provider;
    private final @Nullable AsyncSemaphore total;
    private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

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
        if (config.ssl != null) {
            var ssl = config.ssl;
            c = c.secure(spec -> spec.sslContext(ssl));
        }
        this.client = c;
    }

    /** The client with another connect timeout (a request's own {@link ClientTimeout}). */
    HttpClient client(@Nullable Duration connect, @Nullable Duration sessionConnect) {
        if (java.util.Objects.equals(connect, sessionConnect)) {
            return client;
        }
        int ms = connect == null ? 30_000 : (int) Math.min(Integer.MAX_VALUE, connect.toMillis());
        return client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, ms);
    }

    /** Holds one of the session's {@code limit} permits around {@code exchange}. */
    <T> Mono<T> limited(Mono<T> exchange) {
        AsyncSemaphore sem = total;
        if (sem == null) {
            return exchange;
        }
        // One operator: acquires at subscription (a single CAS when a permit is free), releases
        // exactly once when the exchange completes, fails or is cancelled.
        return sem.withPermit(exchange);
    }

    /** Like {@link #limited(Mono)} for a {@code Flux}. */
    <T> reactor.core.publisher.Flux<T> limited(reactor.core.publisher.Flux<T> exchange) {
        AsyncSemaphore sem = total;
        if (sem == null) {
            return exchange;
        }
        return reactor.core.publisher.Flux.defer(() -> {
            Permit permit = new Permit(sem);
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
        return new ClientSession.ConnectionStats(active, idle, pending);
    }

    Mono<Void> disposeLater() {
        return provider.disposeLater();
    }

    /** Releases the permit once, if it was acquired. */
    private static final class Permit extends java.util.concurrent.atomic.AtomicBoolean {
        private static final long serialVersionUID = 1L;
        private final transient AsyncSemaphore sem;

        Permit(AsyncSemaphore sem) {
            this.sem = sem;
        }

        void acquired(@Nullable Void ignored) {
            set(true);
        }

        void release(reactor.core.publisher.SignalType ignored) {
            if (compareAndSet(true, false)) {
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
