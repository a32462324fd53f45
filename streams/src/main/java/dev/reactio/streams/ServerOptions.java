package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * How {@link Streams#startServer(ClientHandler, String, int, ServerOptions)} listens: asyncio's
 * {@code start_server} keyword arguments. Immutable; every {@code withX} method returns a copy.
 * Two options are equal when their values are, the {@code SslContext} and {@code LoopResources}
 * compared by identity. This class is threadsafe.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().withLimit(1 << 20).withSsl(sslContext);
 * }</pre>
 *
 * <p>The first, short withers ({@code limit(int)}, {@code ssl(SslContext)}…) still work,
 * deprecated: Reactio's options name every copy {@code withX}, as {@code RunOptions} and
 * {@code ClientTimeout} do.
 *
 * @param limit the reader's buffer limit: the longest line or {@code readuntil} chunk, and how
 *     much each connection buffers before it stops reading from the socket; bytes, at least 1
 *     (default 64 KiB)
 * @param highWater the writer's high-water mark: {@link StreamWriter#drain()} waits while more
 *     unsent bytes than this are buffered (and resumes below a quarter of it); bytes, 0 or more
 *     (default 64 KiB)
 * @param ssl the server-side TLS context ({@code SslContextBuilder.forServer(...)}), or
 *     {@code null} for plain TCP (the default)
 * @param idleTimeout how long a connection may go without a byte read from it or written to it
 *     before it is closed, or {@link Duration#ZERO} for no limit (the default); see
 *     {@link #withIdleTimeout(Duration)}
 * @param backlog pending connections the kernel may queue, at least 1 (default 100, as asyncio)
 * @param loopResources the event loops the server runs on, or {@code null} for reactor-netty's
 *     shared ones (the default)
 * @see ClientOptions
 */
public record ServerOptions(
        int limit,
        int highWater,
        @Nullable SslContext ssl,
        Duration idleTimeout,
        int backlog,
        @Nullable LoopResources loopResources) {

    private static final ServerOptions DEFAULTS =
            new ServerOptions(Options.DEFAULT_LIMIT, Options.DEFAULT_HIGH_WATER, null, Duration.ZERO, 100, null);

    /**
     * @throws IllegalArgumentException if {@code limit} is less than 1, {@code highWater} or
     *     {@code idleTimeout} negative, {@code backlog} less than 1, or {@code ssl} a client context
     * @throws NullPointerException if {@code idleTimeout} is {@code null}
     */
    public ServerOptions {
        Options.checkLimit(limit);
        Options.checkHighWater(highWater);
        Options.checkSsl(ssl, true);
        Options.checkIdleTimeout(idleTimeout);
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, but was " + backlog);
        }
    }

    /**
     * The defaults: limit 64 KiB, high-water mark 64 KiB, no TLS, no idle timeout (as asyncio),
     * backlog 100 (as asyncio), reactor-netty's shared event loops.
     *
     * @return the default options
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with another reader buffer limit: the longest line or {@code readuntil} chunk, and
     * how much each connection buffers before it stops reading from the socket.
     *
     * @param limit bytes, at least 1
     * @return a copy with the limit
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public ServerOptions withLimit(int limit) {
        return new ServerOptions(limit, highWater, ssl, idleTimeout, backlog, loopResources);
    }

    /**
     * A copy with another writer high-water mark: {@link StreamWriter#drain()} waits while more
     * unsent bytes than this are buffered (and resumes below a quarter of it).
     *
     * @param highWater bytes, 0 or more
     * @return a copy with the mark
     * @throws IllegalArgumentException if {@code highWater} is negative
     */
    public ServerOptions withHighWater(int highWater) {
        return new ServerOptions(limit, highWater, ssl, idleTimeout, backlog, loopResources);
    }

    /**
     * A copy that serves TLS with this server-side context ({@code SslContextBuilder.forServer(...)}),
     * or plain TCP.
     *
     * @param ssl the server context, or {@code null} for plain TCP
     * @return a copy with that setting
     * @throws IllegalArgumentException if {@code ssl} is a client context
     */
    public ServerOptions withSsl(@Nullable SslContext ssl) {
        return new ServerOptions(limit, highWater, ssl, idleTimeout, backlog, loopResources);
    }

    /**
     * A copy that closes a connection once it goes {@code idleTimeout} without a byte read from it
     * or written to it. asyncio has no such option; a server that faces the internet needs one,
     * or a peer that connects and says nothing, or stops reading what it is sent, holds its
     * connection (and its handler) forever. Off by default.
     * <p>Bytes count when they cross the socket, not when the handler reads or writes them: data
     * waiting unread in the {@link StreamReader} does not keep the connection alive, and neither
     * does data {@link StreamWriter#write written} but stuck unsent because the peer does not
     * read it. A handler that works on one request for longer than this without writing must be
     * given a longer timeout.
     * <p>When it expires, the connection is closed at once (unsent bytes are dropped, as by
     * {@code transport.abort()}); the handler's waiting read, and every later read, errors with
     * {@link java.util.concurrent.TimeoutException}, and {@link StreamWriter#drain()} with a
     * {@link java.net.SocketException} caused by it. The handler then ends as it would on any
     * lost connection.
     *
     * @param idleTimeout a positive duration, or {@link Duration#ZERO} for no timeout
     * @return a copy with the timeout
     * @throws IllegalArgumentException if {@code idleTimeout} is negative
     */
    public ServerOptions withIdleTimeout(Duration idleTimeout) {
        return new ServerOptions(limit, highWater, ssl, idleTimeout, backlog, loopResources);
    }

    /**
     * A copy with another listen backlog.
     *
     * @param backlog pending connections the kernel may queue, at least 1
     * @return a copy with the backlog
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     */
    public ServerOptions withBacklog(int backlog) {
        return new ServerOptions(limit, highWater, ssl, idleTimeout, backlog, loopResources);
    }

    /**
     * A copy that runs the server on these event loops instead of reactor-netty's shared ones
     * (which start {@code max(4, cores)} threads).
     *
     * @param loopResources the loops, for example {@code LoopResources.create("echo", 1, true)},
     *     or {@code null} for the shared ones
     * @return a copy with that setting
     */
    public ServerOptions withLoopResources(@Nullable LoopResources loopResources) {
        return new ServerOptions(limit, highWater, ssl, idleTimeout, backlog, loopResources);
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
    public ServerOptions limit(int limit) {
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
    public ServerOptions highWater(int highWater) {
        return withHighWater(highWater);
    }

    /**
     * Serves TLS with this server-side context.
     *
     * @param ssl the server context
     * @return a copy that serves TLS
     * @throws IllegalArgumentException if {@code ssl} is a client context
     * @deprecated use {@link #withSsl(SslContext)}, the same copy under Reactio's one wither name
     */
    @Deprecated(since = "0.1")
    public ServerOptions ssl(SslContext ssl) {
        return withSsl(Objects.requireNonNull(ssl, "ssl"));
    }

    /**
     * Sets the listen backlog.
     *
     * @param backlog pending connections the kernel may queue, at least 1
     * @return a copy with the backlog
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     * @deprecated use {@link #withBacklog(int)}, the same copy under Reactio's one wither name
     */
    @Deprecated(since = "0.1")
    public ServerOptions backlog(int backlog) {
        return withBacklog(backlog);
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
    public ServerOptions idleTimeout(Duration idleTimeout) {
        return withIdleTimeout(idleTimeout);
    }

    /**
     * Runs the server on these event loops.
     *
     * @param loops the loops
     * @return a copy that uses them
     * @deprecated use {@link #withLoopResources(LoopResources)}, the same copy under Reactio's
     *     one wither name
     */
    @Deprecated(since = "0.1")
    public ServerOptions loopResources(LoopResources loops) {
        return withLoopResources(Objects.requireNonNull(loops, "loops"));
    }
}
