package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * How {@link Streams#openConnection(String, int, ClientOptions)} connects: asyncio's
 * {@code open_connection} keyword arguments. Immutable; every wither returns a copy.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.defaults().ssl(SslContextBuilder.forClient().build());
 * }</pre>
 */
public final class ClientOptions {

    private static final ClientOptions DEFAULTS = new ClientOptions(Options.DEFAULTS, Duration.ofSeconds(30));

    private final Options common;
    private final Duration connectTimeout;

    private ClientOptions(Options common, Duration connectTimeout) {
        this.common = common;
        this.connectTimeout = connectTimeout;
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
     * Sets the reader's buffer limit (see {@link ServerOptions#limit(int)}).
     *
     * @param limit bytes, at least 1
     * @return a copy with the limit
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public ClientOptions limit(int limit) {
        return new ClientOptions(common.withLimit(limit), connectTimeout);
    }

    /**
     * Sets the writer's high-water mark (see {@link ServerOptions#highWater(int)}).
     *
     * @param highWater bytes, 0 or more
     * @return a copy with the mark
     * @throws IllegalArgumentException if {@code highWater} is negative
     */
    public ClientOptions highWater(int highWater) {
        return new ClientOptions(common.withHighWater(highWater), connectTimeout);
    }

    /**
     * Connects with TLS using this client-side context ({@code SslContextBuilder.forClient()}).
     *
     * @param ssl the client context
     * @return a copy that uses TLS
     */
    public ClientOptions ssl(SslContext ssl) {
        Objects.requireNonNull(ssl, "ssl");
        if (!ssl.isClient()) {
            throw new IllegalArgumentException("ssl must be a client SslContext (SslContextBuilder.forClient), but is a server one");
        }
        return new ClientOptions(common.withSsl(ssl), connectTimeout);
    }

    /**
     * Sets how long connecting may take.
     *
     * @param connectTimeout a positive duration
     * @return a copy with the timeout
     * @throws IllegalArgumentException if it is zero or negative
     */
    public ClientOptions connectTimeout(Duration connectTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must be positive, but was " + connectTimeout);
        }
        return new ClientOptions(common, connectTimeout);
    }

    /**
     * Closes the connection once it goes {@code idleTimeout} without a byte read from it or
     * written to it, as {@link ServerOptions#idleTimeout(Duration)} does for a server's
     * connections: a server that stops answering then fails the waiting read with
     * {@link java.util.concurrent.TimeoutException} instead of leaving it waiting forever. Off
     * by default. It does not bound connecting: see {@link #connectTimeout(Duration)}.
     *
     * @param idleTimeout a positive duration, or {@link Duration#ZERO} for no timeout
     * @return a copy with the timeout
     * @throws IllegalArgumentException if {@code idleTimeout} is negative
     */
    public ClientOptions idleTimeout(Duration idleTimeout) {
        return new ClientOptions(common.withIdleTimeout(idleTimeout), connectTimeout);
    }

    /**
     * Runs the connection on these event loops instead of reactor-netty's shared ones.
     *
     * @param loops the loops
     * @return a copy that uses them
     */
    public ClientOptions loopResources(LoopResources loops) {
        return new ClientOptions(common.withLoops(loops), connectTimeout);
    }

    /** @return the reader's buffer limit in bytes */
    public int limit() {
        return common.limit();
    }

    /** @return the writer's high-water mark in bytes */
    public int highWater() {
        return common.highWater();
    }

    /** @return the TLS context, or {@code null} for plain TCP */
    public @Nullable SslContext ssl() {
        return common.ssl();
    }

    /** @return the connect timeout */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the idle timeout, {@link Duration#ZERO} if there is none */
    public Duration idleTimeout() {
        return common.idleTimeout();
    }

    /** @return the event loops, or {@code null} for reactor-netty's shared ones */
    public @Nullable LoopResources loopResources() {
        return common.loops();
    }

    @Override
    public String toString() {
        return "ClientOptions[" + common.describe() + ", connectTimeout=" + connectTimeout + ", " + common.describeLoops() + "]";
    }
}
