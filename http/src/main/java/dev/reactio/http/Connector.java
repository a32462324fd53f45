package dev.reactio.http;

import dev.reactio.sync.AsyncSemaphore;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.netty.FutureMono;
import reactor.netty.NettyPipeline;
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
 *
 * <p>Closing: every exchange and WebSocket opening runs {@link #inFlight guarded}, so that
 * {@link #close()} can cancel it before the pool is disposed. What must stay true: after the
 * pool is disposed nothing acquires from it, because reactor-netty would quietly create a new
 * pool for that address, whose connections nobody closes. So {@code close()} first marks the
 * connector closed (under {@link #lock}, which every guard checks when it starts), then cancels
 * the guarded work, and only then disposes the pool.
 */
final class Connector {

    /** Never give up waiting for a pooled connection: the request's total timeout decides. */
    private static final Duration NO_ACQUIRE_TIMEOUT = Duration.ofDays(365);
    /** aiohttp's {@code keepalive_timeout}. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** Context key of a request's own connect timeout, in milliseconds. */
    private static final String CONNECT_TIMEOUT_KEY = "reactio.http.connectTimeoutMillis";
    /** Netty's connect timeout when none is set. */
    private static final int NETTY_DEFAULT_CONNECT_MS = 30_000;

    final HttpClient client;
    private final String name;
    private final ConnectionProvider provider;
    private final @Nullable AsyncSemaphore total;
    private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();
    /** Exchanges waiting for one of the session's {@code limit} permits (not yet in a pool's queue). */
    private final AtomicInteger waiting = new AtomicInteger();

    private final Object lock = new Object();
    /** close() or closeWhenIdle() was called: no new work. Guarded by {@link #lock}. */
    private boolean closed;
    /** close() was called: the work in flight is being cut short. Written under {@link #lock}, before any guard is killed. */
    private volatile boolean cutting;
    /** The guarded exchanges and WebSocket openings not ended yet, oldest first. Guarded by {@link #lock}. */
    private final Set<Guard> inFlight = new LinkedHashSet<>();
    /** The WebSockets opened by this session and not closed yet. Guarded by {@link #lock}. */
    private final Set<WebSocketSession> webSockets = new HashSet<>();
    /**
     * Every channel the client has created and not closed yet. Closing disposes the pool, then
     * closes whatever is left here: a connection can escape the pool's dispose (an acquire that
     * raced it makes reactor-netty create a new pool for that address). Guarded by {@link #lock}.
     */
    private final Set<Channel> channels = new HashSet<>();
    /** finishClose() is closing {@link #channels}: a channel created now is closed at once. Guarded by {@link #lock}. */
    private boolean closingChannels;
    /** closeWhenIdle() waits for {@link #inFlight} to empty. Guarded by {@link #lock}. */
    private boolean draining;
    /** Completes when closing is done: WebSockets closed, pool disposed. */
    private final Sinks.Empty<Void> closeDone = Sinks.empty();

    Connector(String name, SessionConfig config) {
        this.name = name;
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
        HttpClient c =
                HttpClient.create(provider).compress(true).followRedirect(false).keepAlive(true);
        Duration connect = config.timeout.connect();
        if (connect != null) {
            c = c.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
        }
        c = c.doOnChannelInit((observer, channel, remote) -> {
            opened(channel);
            // after the codec and the decompressor (reactor-netty added them already), before reactor-netty
            channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, ResponseGuard.NAME, new ResponseGuard());
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
    static reactor.util.context.Context connectTimeout(@Nullable Duration connect) {
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

    /**
     * Like {@link #limited(Mono)} for a {@code Flux}: the permit is held until the stream
     * completes, fails or is cancelled, through the same {@code withPermit}.
     */
    <T> Flux<T> limited(Flux<T> exchange) {
        AsyncSemaphore sem = total;
        if (sem == null) {
            return exchange;
        }
        return Flux.defer(() -> {
            Waiting w = new Waiting(waiting);
            return sem.withPermit(exchange.doOnSubscribe(w::granted)).doFinally(w::ended);
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

    /**
     * Remembers an open WebSocket until it closes, so that closing the session closes it. One
     * that opens once the session is closing (its handshake won the race with the close) is
     * closed here, and the opening fails with {@code closedError}.
     */
    Mono<WebSocketSession> track(Mono<WebSocketSession> opening, Supplier<? extends RuntimeException> closedError) {
        return opening.flatMap(ws -> {
            boolean added;
            synchronized (lock) {
                added = !closed && webSockets.add(ws);
            }
            if (!added) {
                return ws.close(1001, "session closed").then(Mono.error(closedError));
            }
            ws.terminated().subscribe(null, e -> forget(ws), () -> forget(ws));
            return Mono.just(ws);
        });
    }

    private void forget(WebSocketSession ws) {
        synchronized (lock) {
            webSockets.remove(ws);
        }
    }

    /**
     * Runs {@code exchange} as work in flight of the session: if the session closes before it
     * ends, it is cancelled (reactor-netty aborts the exchange and closes its connection) and
     * fails with {@code closedError}; subscribed once the session is closed, it fails at once.
     */
    <T> Mono<T> inFlight(Mono<T> exchange, Supplier<? extends RuntimeException> closedError) {
        return Mono.defer(() -> {
            Guard guard = new Guard();
            return exchange.doOnTerminate(guard::ended) // upstream of takeUntilOther: an end disarms the guard
                    .onErrorResume(e -> guard.failed(e, closedError))
                    .takeUntilOther(guard.killSwitch())
                    .switchIfEmpty(Mono.defer(() -> guard.killed() ? Mono.error(closedError) : Mono.empty()));
        });
    }

    /** Like {@link #inFlight(Mono, Supplier)} for a {@code Flux}: what it emitted before the close stays emitted. */
    <T> Flux<T> inFlight(Flux<T> exchange, Supplier<? extends RuntimeException> closedError) {
        return Flux.defer(() -> {
            Guard guard = new Guard();
            return exchange.doOnTerminate(guard::ended)
                    .onErrorResume(e -> guard.<T>failed(e, closedError).flux())
                    .takeUntilOther(guard.killSwitch())
                    .concatWith(Mono.defer(() -> guard.killed() ? Mono.error(closedError) : Mono.empty()));
        });
    }

    /** Whether {@link #close()} began: an exchange must not start a new hop. */
    boolean closing() {
        return cutting;
    }

    /** The error of an exchange the session's close cut short. */
    IllegalStateException closedWhileInFlight(String what) {
        return new IllegalStateException("Session is closed: " + name + " (closed while " + what
                + " was in flight); create a new ClientSession");
    }

    /**
     * Closes the connector, once; every call returns the same outcome. Starts at once (not when
     * subscribed): cancels the guarded work in flight, closes the WebSockets still open (code
     * 1001, "going away", as a browser leaving the page; aiohttp's {@code session.close()} closes
     * its WebSockets too), disposes the pool, then closes every connection still open.
     */
    Mono<Void> close() {
        List<Guard> cut;
        List<WebSocketSession> open;
        synchronized (lock) {
            if (closed) {
                return closeDone.asMono();
            }
            closed = true;
            cutting = true;
            cut = new ArrayList<>(inFlight);
            inFlight.clear();
            open = new ArrayList<>(webSockets);
        }
        cut.forEach(Guard::kill); // each cancels its exchange before the pool goes away
        finishClose(open);
        return closeDone.asMono();
    }

    /**
     * Closes the connector of a session that was garbage-collected unclosed: like
     * {@link #close()}, except that the work in flight is not cut short (a collection must not
     * change a request's outcome; an exchange does not keep its session reachable). New work is
     * refused, and the WebSockets and the pool are closed once the last exchange has ended.
     */
    void closeWhenIdle() {
        List<WebSocketSession> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            draining = true;
            if (!inFlight.isEmpty()) {
                return; // the last guard to leave calls finishClose
            }
            open = new ArrayList<>(webSockets);
        }
        finishClose(open);
    }

    /** A guard left {@link #inFlight}; the last one to leave while draining finishes the close. */
    private void left(Guard guard) {
        List<WebSocketSession> open;
        synchronized (lock) {
            if (!inFlight.remove(guard) || !draining || !inFlight.isEmpty()) {
                return;
            }
            open = new ArrayList<>(webSockets);
        }
        finishClose(open);
    }

    private void finishClose(List<WebSocketSession> open) {
        Mono.when(open.stream().map(ws -> ws.close(1001, "session closed")).toList())
                .then(provider.disposeLater())
                .then(Mono.defer(this::closeChannels))
                // Only this subscription emits, once: FAIL_NON_SERIALIZED and FAIL_TERMINATED cannot happen.
                .subscribe(null, closeDone::tryEmitError, closeDone::tryEmitEmpty);
    }

    /** A channel was created for a connection of this connector. */
    private void opened(Channel channel) {
        boolean now;
        synchronized (lock) {
            // Kept even while close() cuts the work short (it then comes from an acquire that
            // raced the close): closed by closeChannels() once its exchange has been cancelled,
            // not now, while the cancel may still be on its way and a connect error would meet
            // half-cancelled operators.
            now = closingChannels;
            if (!now) {
                channels.add(channel);
            }
        }
        if (now) {
            channel.close();
            return;
        }
        channel.closeFuture().addListener(f -> {
            synchronized (lock) {
                channels.remove(channel);
            }
        });
    }

    /** Closes the channels the pool's dispose did not; completes when all are closed. */
    private Mono<Void> closeChannels() {
        List<Channel> left;
        synchronized (lock) {
            closingChannels = true;
            left = new ArrayList<>(channels);
        }
        return Mono.when(left.stream().map(ch -> FutureMono.from(ch.close())).toList());
    }

    /**
     * One guarded exchange: {@code RUNNING -> ENDED} when it terminates, or
     * {@code RUNNING -> KILLED} when the session closes first. The kill switch is the companion
     * of {@code takeUntilOther}, which cancels the exchange when the switch completes (an error
     * from the companion would not cancel it); the error then comes from the state.
     */
    private final class Guard extends AtomicInteger {
        private static final long serialVersionUID = 1L;
        private static final int RUNNING = 0;
        private static final int ENDED = 1;
        private static final int KILLED = 2;
        /** Set under {@link #lock} when registered. */
        private transient @Nullable MonoSink<Void> sink;

        /** Registers the guard when subscribed (before the exchange: takeUntilOther subscribes it first). */
        Mono<Void> killSwitch() {
            return Mono.create(s -> {
                boolean now;
                synchronized (lock) {
                    now = closed;
                    if (!now) {
                        sink = s;
                        inFlight.add(this);
                    }
                }
                if (now) {
                    if (compareAndSet(RUNNING, KILLED)) {
                        s.success();
                    }
                    return;
                }
                s.onDispose(() -> left(this));
            });
        }

        void ended() {
            compareAndSet(RUNNING, ENDED);
        }

        /**
         * What the exchange's {@code error} becomes. After the kill, nothing: takeUntilOther has
         * completed already and would drop it loudly, and the kill's own error follows. While
         * close() is cutting the work short, the close's error: the exchange failed because the
         * close is closing its connection, before the kill reached it.
         */
        <T> Mono<T> failed(Throwable error, Supplier<? extends RuntimeException> closedError) {
            if (killed()) {
                return Mono.empty();
            }
            if (cutting) {
                RuntimeException closed = closedError.get();
                closed.addSuppressed(error);
                return Mono.error(closed);
            }
            return Mono.error(error);
        }

        boolean killed() {
            return get() == KILLED;
        }

        void kill() {
            MonoSink<Void> s;
            synchronized (lock) {
                s = sink;
            }
            if (s != null && compareAndSet(RUNNING, KILLED)) {
                s.success();
            }
        }
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

    /** Collects reactor-netty's per-address pool gauges for {@link #stats()}. */
    private static final class Registrar implements ConnectionProvider.MeterRegistrar {
        private final Map<String, ConnectionPoolMetrics> pools;

        Registrar(Map<String, ConnectionPoolMetrics> pools) {
            this.pools = pools;
        }

        @Override
        public void registerMetrics(
                String poolName, String id, SocketAddress remoteAddress, ConnectionPoolMetrics metrics) {
            pools.put(id + "|" + remoteAddress, metrics);
        }

        @Override
        public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
            pools.remove(id + "|" + remoteAddress);
        }
    }
}
