package dev.reactio.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.util.Arrays;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Response bodies on a reactor-netty connection, for {@link Exchange}: how long one says it
 * is, read whole within {@code maxResponseSize}, copied chunk by chunk for {@code stream}, or
 * thrown away without downloading more than a little of it.
 */
final class ResponseBodies {

    /** The most of an unwanted body (a redirect's under {@code stream}) drained to keep its connection. */
    static final long DISCARD_LIMIT = 64 * 1024;

    private ResponseBodies() {}

    /** The body length a response announces; -1 if unknown. A HEAD, 204 or 304 response has no body. */
    static long declaredLength(String m, int status, HttpHeaders headers) {
        return m.equals("HEAD") || status == 204 || status == 304 ? -1 : contentLength(headers);
    }

    private static long contentLength(HttpHeaders headers) {
        String cl = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (cl == null) {
            return -1;
        }
        try {
            return Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the readable bytes of {@code buf}, copied; {@code buf} is left as it was */
    static byte[] copy(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    /**
     * Throws away the body of a response whose body nobody will read (a redirect followed by
     * {@code stream}, a status that {@code raiseForStatus} turns into an error). A small body is
     * drained, so that the connection can be reused; past {@link #DISCARD_LIMIT} bytes (or
     * {@code maxResponseSize}, if smaller), or a {@code Content-Length} announcing more, the
     * connection is closed instead: a server cannot make the client download an endless body
     * it will never look at.
     */
    static Mono<Void> discard(Connection conn, long declared, long maxResponseSize) {
        long limit = Math.min(DISCARD_LIMIT, maxResponseSize);
        if (declared > limit) {
            conn.dispose();
            return Mono.empty();
        }
        long[] seen = new long[1]; // only touched by the receive's serialized signals
        return conn.inbound()
                .receive()
                .takeWhile(buf -> {
                    seen[0] += buf.readableBytes();
                    if (seen[0] > limit) {
                        conn.dispose(); // before takeWhile cancels: the connection must not go back half-read
                        return false;
                    }
                    return true;
                })
                .onErrorResume(e -> Mono.empty()) // the body is not wanted: a broken one changes nothing
                .then();
    }

    /**
     * Copies the body as it arrives, failing past {@code maxResponseSize}. Not thread-safe: it
     * is fed by one {@code receive()}'s serialized signals.
     */
    static final class Accumulator implements Consumer<ByteBuf> {
        private final long max;
        private final URI url;
        private byte[] buf;
        private int size;

        Accumulator(long max, URI url, long declared) {
            this.max = max;
            this.url = url;
            this.buf = new byte[(int) Math.max(0, Math.min(declared, 1 << 20))];
        }

        @Override
        public void accept(ByteBuf chunk) {
            int n = chunk.readableBytes();
            if (size + (long) n > max) {
                throw new ResponseTooLargeException(max, url, -1);
            }
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, (int)
                        Math.min(Integer.MAX_VALUE - 8, Math.max(size + n, 2L * buf.length + 1024)));
            }
            chunk.getBytes(chunk.readerIndex(), buf, size, n);
            size += n;
        }

        byte[] bytes() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
