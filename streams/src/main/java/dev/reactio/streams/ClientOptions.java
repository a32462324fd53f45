package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * How {@link Streams#openConnection(String, int, ClientOptions)} connects: asyncio's
 * {@code open_connection} keyword arguments. Immutable; every {@code withX} method returns a
 * copy. Two options are equal when their values are, the {@code SslContext} and
 * {@code LoopResources} compared by identity. This class is threadsafe.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults().withSsl(SslContextBuilder.forClient().build());
 * }</pre>
 *
 * <p>The first, short withers ({@code limit(int)}, {@code ssl(SslContext)}…) still work,
 * deprecated: Reactio's options name every copy {@code withX}, as {@code RunOptions} and
 * {@code ClientTimeout} do.
 *
 * @param limit the reader's buffer limit (see {@link ServerOptions#limit()}); bytes, at least 1
 *     (default 64 KiB)
 * @param highWater the writer's high-water mark (see {@link ServerOptions#highWater()}); bytes,
 *     0 or more (default 64 KiB)
 * @param ssl the client-side TLS context ({@code SslContextBuilder.forClient()}), or {@code null}
 *     for plain TCP (the default)
 * @param connectTimeout how long connecting may take; positive (default 30 s)
 * @param idleTimeout how long the connection may go without a byte read from it or written to
 *     it before it is closed, or {@link Duration#ZERO} for no limit (the default); see
 *     {@link #withIdleTimeout(Duration)}
 * @param loopResources the event loops the connection runs on, or {@code null} for
 *     reactor-netty's shared ones (the default)
 * @see ServerOptions
 */
public record ClientOptions(
        int limit,
        int highWater,
        @Nullable SslContext ssl,
        Duration connectTimeout,
        Duration idleTimeout,
        @Nullable LoopResources loopResources) {

    private static final ClientOptions DEFAULTS = new ClientOptions(
            Options.DEFAULT_LIMIT, Options.DEFAULT_HIGH_WATER, null, Duration.ofSeconds(30), Duration.ZERO, null);

    /**
     * @throws IllegalArgumentException if {@code limit} is less than 1, {@code highWater} or
     *     {@code idleTimeout} negative, {@code connectTimeout} zero or negative, or {@code ssl} a
     *     server context
     * @throws NullPointerException if {@code connectTimeout} or {@code idleTimeout} is {@code null}
     */
    public ClientOptions {
        Options.checkLimit(limit);
        Options.checkHighWater(highWater);
        Options.checkSsl(ssl, false);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must be positive, but was " + connectTimeout);
        }
        Options.checkIdleTimeout(idleTimeout);
    }

    /**
     * The defaults: limit 64 KiB, high-water mark 64 KiB, no TLS, 30 s connect timeout, no idle
     * timeout, reactor-netty's shared event loops.
     *
     * @return the default options
     */
    public static ClientOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with another reader buffer limit (see {@link ServerOptions#withLimit(int)}).
     *
     * @param limit bytes, at least 1
     * @return a copy with the limit
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public ClientOptions withLimit(int limit) {
        return new ClientOptions(limit, highWater, ssl, connectTimeout, idleTimeout, loopResources);
    }

    /**
     * A copy with another writer high-water mark (see {@link ServerOptions#withHighWater(int)}).
     *
     * @param highWater bytes, 0 or more
     * @return a copy with the mark
     * @throws IllegalArgumentException if {@code highWater} is negative
     */
    public ClientOptions withHighWater(int highWater) {
        return new ClientOptions(limit, highWater, ssl, connectTimeout, idleTimeout, loopResources);
    }

    /**
     * A copy that connects with TLS using this client-side context
     * ({@code SslContextBuilder.forClient()}), or with plain TCP.
     *
     * @param ssl the client context, or {@code null} for plain TCP
     * @return a copy with that setting
     * @throws IllegalArgumentException if {@code ssl} is a server context
     */
    public ClientOptions withSsl(@Nullable SslContext ssl) {
        return new ClientOptions(limit, highWater, ssl, connectTimeout, idleTimeout, loopResources);
    }

    /**
     * A copy with another connect timeout.
     *
     * @param connectTimeout a positive duration
     * @return a copy with the timeout
     * @throws IllegalArgumentException if it is zero or negative
     */
    public ClientOptions withConnectTimeout(Duration connectTimeout) {
        return new ClientOptions(limit, highWater, ssl, connectTimeout, idleTimeout, loopResources);
    }

    /**
     * A copy that closes the connection once it goes {@code idleTimeout} without a byte read from
     * it or written to it, as {@link ServerOptions#withIdleTimeout(Duration)} does for a server's
     * connections: a server that stops answering then fails the waiting read with
     * {@link java.util.concurrent.TimeoutException} instead of leaving it waiting forever. Off
     * by default. It does not bound connecting: see {@link #withConnectTimeout(Duration)}.
     *
     * @param idleTimeout a positive duration, or {@link Duration#ZERO} for no timeout
     * @return a copy with the timeout
     * @throws IllegalArgumentException if {@code idleTimeout} is negative
     */
    public ClientOptions withIdleTimeout(Duration idleTimeout) {
        return new ClientOptions(limit, highWater, ssl, connectTimeout, idleTimeout, loopResources);
    }

    /**
     * A copy that runs the connection on these event loops instead of reactor-netty's shared ones.
     *
     * @param loopResources the loops, or {@code null} for the shared ones
     * @return a copy with that setting
     */
    public ClientOptions withLoopResources(@Nullable LoopResources loopResources) {
        return new ClientOptions(limit, highWater, ssl, connectTimeout, idleTimeout, loopResources);
    }

    // ------------------------------------------------------------------ the short withers, kept working

    /**
     * Sets the reader's buffer limit.
     *
     * @param limit bytes, at least 1
     * @return a copy with the limit
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @deprecated use {@link #withLimit(int)}, the same copy under Reactio's one wither name
     */
    @Deprecated(since = "0.1")
    public ClientOptions limit(int limit) {
        return withLimit(limit);
    }

    /**
     * Sets the writer's high-water mark.
     *
     * @param highWater bytes, 0 or more
     * @return a copy with the mark
     * @throws IllegalArgumentException if {@code highWater} is negative
     * @deprecated use {@link #withHighWater(int)}, the same copy under Reactio's one wither name
     */
    @Deprecated(since = "0.1")
    public ClientOptions highWater(int highWater) {
        return withHighWater(highWater);
    }

    /**
     * Connects with TLS using this client-side context.
     *
     * @param ssl the client context
     * @return a copy that uses TLS
     * @throws IllegalArgumentException if {@code ssl} is a server context
     * @deprecated use {@link #withSsl(SslContext)}, the same copy under Reactio's one wither name
     */
    @Deprecated(since = "0.1")
    public ClientOptions ssl(SslContext ssl) {
        return withSsl(Objects.requireNonNull(ssl, "ssl"));
    }

    /**
     * Sets how long connecting may take.
     *
     * @param connectTimeout a positive duration
     * @return a copy with the timeout
     * @throws IllegalArgumentException if it is zero or negative
     * @deprecated use {@link #withConnectTimeout(Duration)}, the same copy under Reactio's one
     *     wither name
     */
    @Deprecated(since = "0.1")
    public ClientOptions connectTimeout(Duration connectTimeout) {
        return withConnectTimeout(connectTimeout);
    }

    /**
     * Sets the idle timeout.
     *
     * @param idleTimeout a positive duration, or {@link Duration#ZERO} for no timeout
     * @return a copy with the timeout
     * @throws IllegalArgumentException if {@code idleTimeout} is negative
     * @deprecated use {@link #withIdleTimeout(Duration)}, the same copy under Reactio's one
     *     wither name
     */
    @Deprecated(since = "0.1")
    public ClientOptions idleTimeout(Duration idleTimeout) {
        return withIdleTimeout(idleTimeout);
    }

    /**
     * Runs the connection on these event loops.
     *
     * @param loops the loops
     * @return a copy that uses them
     * @deprecated use {@link #withLoopResources(LoopResources)}, the same copy under Reactio's
     *     one wither name
     */
    @Deprecated(since = "0.1")
    public ClientOptions loopResources(LoopResources loops) {
        return withLoopResources(Objects.requireNonNull(loops, "loops"));
    }
}
