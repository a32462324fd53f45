package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The defaults and argument checks that {@link ServerOptions} and {@link ClientOptions} share,
 * so that both records reject a bad value with the same message.
 */
final class Options {

    static final int DEFAULT_LIMIT = StreamReader.DEFAULT_LIMIT;
    static final int DEFAULT_HIGH_WATER = StreamWriter.DEFAULT_HIGH_WATER;

    private Options() {}

    static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 byte, but was " + limit);
        }
    }

    static void checkHighWater(int highWater) {
        if (highWater < 0) {
            throw new IllegalArgumentException("highWater must be 0 or more bytes, but was " + highWater);
        }
    }

    static void checkIdleTimeout(Duration idleTimeout) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "idleTimeout must be zero (no timeout) or positive, but was " + idleTimeout);
        }
    }

    /**
     * Checks that {@code ssl}, if any, is for the side that uses it: a client context on a
     * server (or the reverse) would fail every handshake, and only at the first connection.
     */
    static void checkSsl(@Nullable SslContext ssl, boolean server) {
        if (ssl == null || ssl.isServer() == server) {
            return;
        }
        throw new IllegalArgumentException(
                server
                        ? "ssl must be a server SslContext (SslContextBuilder.forServer), but is a client one"
                        : "ssl must be a client SslContext (SslContextBuilder.forClient), but is a server one");
    }
}
