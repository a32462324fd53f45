package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * How {@link Streams#startServer(ClientHandler, String, int, ServerOptions)} listens: asyncio's
 * {@code start_server} keyword arguments. Immutable; every wither returns a copy.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults().limit(1 << 20).ssl(sslContext);
 * }</pre>
 */
public final class ServerOptions {

    private static final ServerOptions DEFAULTS = new ServerOptions(Options.DEFAULTS, 100);

    private final Options common;
    private final int backlog;

    private ServerOptions(Options common, int backlog) {
        this.common = common;
        this.backlog = backlog;
    }

    /**
     * The defaults: limit 64 KiB, high-water mark 64 KiB, no TLS, backlog 100 (as asyncio), no
     * idle timeout (as asyncio), reactor-netty's shared event loops.
     *
     * @return the default options
     */
    public static ServerOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Sets the reader's buffer limit: the longest line or {@code readuntil} chunk, and how much
     * each connection buffers before it stops reading from the socket.
     *
     * @param limit bytes, at least 1
     * @return a copy with the limit
     * @throws IllegalArgumentException if {@code limit} is less than 1
     */
    public ServerOptions limit(int limit) {
        return new ServerOptions(common.withLimit(limit), backlog);
    }

    /**
     * Sets the writer's high-water mark: {@link StreamWriter#drain()} waits while more unsent
     * bytes than this are buffered (and resumes below a quarter of it).
     *
     * @param highWater bytes, 0 or more
     * @return a copy with the mark
     * @throws IllegalArgumentException if {@code highWater} is negative
     */
    public ServerOptions highWater(int highWater) {
        return new ServerOptions(common.withHighWater(highWater), backlog);
    }

    /**
     * Serves TLS with this server-side context ({@code SslContextBuilder.forServer(...)}).
     *
     * @param ssl the server context
     * @return a copy that serves TLS
     */
    public ServerOptions ssl(SslContext ssl) {
        Objects.requireNonNull(ssl, "ssl");
        if (!ssl.isServer()) {
            throw new IllegalArgumentException("ssl must be a server SslContext (SslContextBuilder.forServer), but is a client one");
        }
        return new ServerOptions(common.withSsl(ssl), backlog);
    }

    /**
     * Sets the listen backlog.
     *
     * @param backlog pending connections the kernel may queue, at least 1
     * @return a copy with the backlog
     * @throws IllegalArgumentException if {@code backlog} is less than 1
     */
    public ServerOptions backlog(int backlog) {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, but was " + backlog);
        }
        return new ServerOptions(common, backlog);
    }

    /**
     * Closes a connection that goes {@code idleTimeout} without a byte read from it or written
     * to it. asyncio has no such option; a server that faces the internet needs one, or a peer
     * that connects and says nothing, or stops reading what it is sent, holds its connection
     * (and its handler) forever. Off by default.
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
    public ServerOptions idleTimeout(Duration idleTimeout) {
        return new ServerOptions(common.withIdleTimeout(idleTimeout), backlog);
    }

    /**
     * Runs the server on these event loops instead of reactor-netty's shared ones (which start
     * {@code max(4, cores)} threads).
     *
     * @param loops the loops, for example {@code LoopResources.create("echo", 1, true)}
     * @return a copy that uses them
     */
    public ServerOptions loopResources(LoopResources loops) {
        return new ServerOptions(common.withLoops(loops), backlog);
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

    /** @return the idle timeout, {@link Duration#ZERO} if there is none */
    public Duration idleTimeout() {
        return common.idleTimeout();
    }

    /** @return the listen backlog */
    public int backlog() {
        return backlog;
    }

    /** @return the event loops, or {@code null} for reactor-netty's shared ones */
    public @Nullable LoopResources loopResources() {
        return common.loops();
    }

    @Override
    public String toString() {
        return "ServerOptions[" + common.describe() + ", backlog=" + backlog + ", " + common.describeLoops() + "]";
    }
}
