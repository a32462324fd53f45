package dev.reactio.streams;

import io.netty.handler.ssl.SslContext;
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
 */
record Options(int limit, int highWater, @Nullable SslContext ssl, @Nullable LoopResources loops) {

    static final Options DEFAULTS = new Options(StreamReader.DEFAULT_LIMIT, StreamWriter.DEFAULT_HIGH_WATER, null, null);

    Options withLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 byte, but was " + limit);
        }
        return new Options(limit, highWater, ssl, loops);
    }

    Options withHighWater(int highWater) {
        if (highWater < 0) {
            throw new IllegalArgumentException("highWater must be 0 or more bytes, but was " + highWater);
        }
        return new Options(limit, highWater, ssl, loops);
    }

    Options withSsl(SslContext ssl) {
        return new Options(limit, highWater, java.util.Objects.requireNonNull(ssl, "ssl"), loops);
    }

    Options withLoops(LoopResources loops) {
        return new Options(limit, highWater, ssl, java.util.Objects.requireNonNull(loops, "loops"));
    }

    /** The shared part of the public types' {@code toString}. */
    String describe() {
        return "limit=" + limit + ", highWater=" + highWater + ", ssl=" + (ssl != null);
    }

    String describeLoops() {
        return "loops=" + (loops == null ? "shared" : loops);
    }
}
