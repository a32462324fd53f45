package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * The settings {@link ServerOptions} and {@link ClientOptions} share, with their argument
 * checks: each of the two public types holds one of these plus its own settings.
 *
 * @param limit the reader's buffer limit in bytes
 * @param highWater the writer's high-water mark in bytes
 * @param ssl the TLS context, or {@code null} for plain TCP
 * @param loops the event loops, or {@code null} for reactor-netty's shared ones
 * @param idleTimeout how long a connection may go without a byte read or written before it is
 *     closed; {@link Duration#ZERO} for no limit
 */
record Options(int limit, int highWater, @Nullable SslContext ssl, @Nullable LoopResources loops, Duration idleTimeout) {

    static final Options DEFAULTS = new Options(StreamReader.DEFAULT_LIMIT, StreamWriter.DEFAULT_HIGH_WATER, null, null,
            Duration.ZERO);

    Options withLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 byte, but was " + limit);
        }
        return new Options(limit, highWater, ssl, loops, idleTimeout);
    }

    Options withHighWater(int highWater) {
        if (highWater < 0) {
            throw new IllegalArgumentException("highWater must be 0 or more bytes, but was " + highWater);
        }
        return new Options(limit, highWater, ssl, loops, idleTimeout);
    }

    Options withSsl(SslContext ssl) {
        return new Options(limit, highWater, Objects.requireNonNull(ssl, "ssl"), loops, idleTimeout);
    }

    Options withLoops(LoopResources loops) {
        return new Options(limit, highWater, ssl, Objects.requireNonNull(loops, "loops"), idleTimeout);
    }

    Options withIdleTimeout(Duration idleTimeout) {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be zero (no timeout) or positive, but was " + idleTimeout);
        }
        return new Options(limit, highWater, ssl, loops, idleTimeout);
    }

    /** The shared part of the public types' {@code toString}. */
    String describe() {
        return "limit=" + limit + ", highWater=" + highWater + ", ssl=" + (ssl != null) + ", idleTimeout=" + idleTimeout;
    }

    String describeLoops() {
        return "loops=" + (loops == null ? "shared" : loops);
    }
}
