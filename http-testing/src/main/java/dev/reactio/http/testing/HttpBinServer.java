package dev.reactio.http.testing;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.Objects;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * An embedded, httpbin.org-compatible HTTP server on reactor-netty's {@link HttpServer}, for tests
 * and samples that must not need the internet.
 *
 * <p>The JSON bodies have httpbin's shapes (field names and nesting: {@code args}, {@code headers},
 * {@code origin}, {@code url}, {@code data}, {@code files}, {@code form}, {@code json}), so code
 * written against httpbin.org runs against this server unchanged. Endpoints:
 * <ul>
 *   <li>{@code /get}, {@code /post}, {@code /put}, {@code /patch}, {@code /delete}: the request
 *       echoed back; {@code /anything} and {@code /anything/...} accept every method and add
 *       {@code method};</li>
 *   <li>{@code /headers}, {@code /ip}, {@code /user-agent}, {@code /json} (httpbin's slideshow);</li>
 *   <li>{@code /status/{code}} (or {@code /status/200,201}: one picked at random; 418 is
 *       httpbin's teapot),
 *       {@code /delay/{n}} (at most 10 seconds, on a timer: no thread is blocked),
 *       {@code /bytes/{n}} (random bytes, {@code ?seed=} makes them repeatable),
 *       {@code /stream/{n}} (n JSON lines, chunked), {@code /gzip};</li>
 *   <li>{@code /redirect/{n}}, {@code /relative-redirect/{n}}, {@code /absolute-redirect/{n}},
 *       {@code /redirect-to?url=&status_code=};</li>
 *   <li>{@code /cookies}, {@code /cookies/set?k=v}, {@code /cookies/delete?k};</li>
 *   <li>{@code /basic-auth/{user}/{passwd}};</li>
 *   <li>{@code /ws/echo}: a WebSocket that echoes text and binary frames back.</li>
 * </ul>
 *
 * <p>Request bodies: {@code application/x-www-form-urlencoded} and {@code multipart/form-data}
 * fill {@code form} (and {@code files}); any other body is echoed in {@code data}, and in
 * {@code json} when it parses as JSON. Bodies are held in memory: this server is for tests.
 * {@code HEAD} works on every {@code GET} endpoint (the headers of the {@code GET} answer, no body).
 *
 * <h2>Clients it does not control</h2>
 * The server may be reached by peers a test does not control, so what one request can cost is
 * bounded, and input that cannot be served gets a 4xx that says why, never a 500:
 * <ul>
 *   <li>a request body larger than {@link Builder#maxRequestSize(long) maxRequestSize} (default
 *       10 MiB) gets {@code 413} and the connection is closed: at once when its
 *       {@code Content-Length} says so (before any {@code 100 Continue}), else (chunked) as soon
 *       as the cap is passed, without buffering more; a form of more than 1,000 fields gets
 *       {@code 413} too;</li>
 *   <li>request headers over 8 KiB get {@code 431}, a request line over 4 KiB {@code 414}
 *       (reactor-netty's decoder limits), and the connection is closed;</li>
 *   <li>a connection waiting for its next request is closed after
 *       {@link Builder#idleTimeout(Duration) idleTimeout} (default 60 s); a request body that
 *       stops arriving for {@link Builder#readTimeout(Duration) readTimeout} (default 60 s) gets
 *       {@code 408} and the connection is closed;</li>
 *   <li>the server closes a connection in stages: it sends its answer, half-closes, and reads and
 *       drops what the client is still sending for up to 2 seconds, so that a client still
 *       uploading sees the 413 or 431 rather than a reset;</li>
 *   <li>a malformed percent-escape or request target, a cookie name that is not an HTTP token, a
 *       cookie value or redirect target with control characters, a negative or non-numeric count
 *       or delay get {@code 400}; larger counts are capped as httpbin caps them (100 KiB for
 *       {@code /bytes}, 100 lines for {@code /stream}, 10 s for {@code /delay});</li>
 *   <li>{@code /status/100} to {@code /status/199} get {@code 400}: an informational code cannot
 *       end an exchange (real httpbin sends it as if final and closes the connection, which a
 *       client takes for an interim response followed by a dropped connection).</li>
 * </ul>
 * Echoing a body takes a few times its size in heap, up to about 15 times for a body of control
 * characters (JSON escapes each to six bytes); for a small heap and many concurrent uploads, lower
 * {@code maxRequestSize}.
 *
 * <pre>{@code
 * try (HttpBinServer httpbin = HttpBinServer.start()) {
 *     String url = httpbin.baseUrl() + "/get?a=1";
 *     // ... point the client under test at url
 * }
 * }</pre>
 */
public final class HttpBinServer implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final DisposableServer server;
    private final LingeringClose.Switch closing;
    /** The open connections: reactor-netty's {@code disposeNow} alone leaves them open. */
    private final ChannelGroup connections;

    private HttpBinServer(DisposableServer server, LingeringClose.Switch closing, ChannelGroup connections) {
        this.server = server;
        this.closing = closing;
        this.connections = connections;
    }

    /**
     * Starts a server on an ephemeral port of {@code 127.0.0.1} with the default limits and
     * returns once it listens.
     *
     * @return the started server; close it when done
     */
    public static HttpBinServer start() {
        return builder().start();
    }

    /**
     * Starts a server on the given port of {@code 127.0.0.1} with the default limits and returns
     * once it listens.
     *
     * @param port the port, or {@code 0} for an ephemeral one
     * @return the started server; close it when done
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     * @throws RuntimeException if the port cannot be bound
     */
    public static HttpBinServer start(int port) {
        return builder().port(port).start();
    }

    /**
     * A builder for a server with other limits than the defaults of {@link #start()}.
     *
     * <pre>{@code
     * try (HttpBinServer httpbin = HttpBinServer.builder().maxRequestSize(1024).start()) {
     *     // a POST of more than 1 KiB to httpbin.baseUrl() + "/post" gets 413
     * }
     * }</pre>
     *
     * @return a new builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The URL the server answers on, without a trailing slash.
     *
     * @return for example {@code http://127.0.0.1:54321}
     */
    public String baseUrl() {
        return "http://" + server.host() + ":" + server.port();
    }

    /**
     * The port the server listens on.
     *
     * @return the bound port, never {@code 0}
     */
    public int port() {
        return server.port();
    }

    /**
     * Stops listening, closes the open connections (a request under way is cut off) and waits up
     * to 10 seconds until they are closed. Idempotent.
     */
    @Override
    public void close() {
        closing.turnOn();
        if (!server.isDisposed()) {
            server.disposeNow(CLOSE_TIMEOUT);
        }
        connections.close().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
    }

    @Override
    public String toString() {
        return "HttpBinServer[" + baseUrl() + "]";
    }

    /**
     * Options of an {@link HttpBinServer}; {@link #start()} starts one. This class is not
     * thread-safe; the server it starts does not change when the builder does.
     */
    public static final class Builder {

        private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

        private int port;
        private long maxRequestSize = 10L * 1024 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration readTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * @param port the port to listen on, on {@code 127.0.0.1}; default {@code 0}, an
         *     ephemeral port
         * @return this builder
         * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The largest request body the server reads (aiohttp's {@code client_max_size}); a larger
         * one gets {@code 413 Payload Too Large} and the connection is closed.
         *
         * @param bytes the most bytes of one request body; default 10 MiB
         * @return this builder
         * @throws IllegalArgumentException if negative, or more than {@code Integer.MAX_VALUE - 8}
         *     (bodies are held in one array)
         */
        public Builder maxRequestSize(long bytes) {
            if (bytes < 0 || bytes > MAX_ARRAY) {
                throw new IllegalArgumentException(
                        "maxRequestSize must be between 0 and " + MAX_ARRAY + " bytes, but was " + bytes);
            }
            this.maxRequestSize = bytes;
            return this;
        }

        /**
         * How long a connection may wait for its next request (reactor-netty's
         * {@code HttpServer.idleTimeout}); the server closes it then.
         *
         * @param timeout at least 1 ms; default 60 seconds
         * @return this builder
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * How long the server waits for the next bytes of a request body it is reading
         * (reactor-netty's {@code HttpServer.readTimeout}); the connection is closed then.
         *
         * @param timeout at least 1 ms; default 60 seconds
         * @return this builder
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Starts the server and returns once it listens.
         *
         * @return the started server; close it when done
         * @throws RuntimeException if the port cannot be bound
         */
        public HttpBinServer start() {
            LingeringClose.Switch closing = new LingeringClose.Switch();
            ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            HttpBinGuard guard = new HttpBinGuard(HttpBinRoutes.create(maxRequestSize), maxRequestSize);
            DisposableServer server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(port)
                    .idleTimeout(idleTimeout)
                    .readTimeout(readTimeout)
                    .doOnChannelInit((observer, channel, address) -> {
                        connections.add(channel); // removed again when it closes
                        channel.pipeline().addFirst(LingeringClose.NAME, new LingeringClose(closing));
                    })
                    .handle(guard)
                    .bindNow();
            return new HttpBinServer(server, closing, connections);
        }

        private static Duration positive(Duration timeout, String name) {
            Objects.requireNonNull(timeout, name);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException(name + " must be at least 1 ms, but was " + timeout);
            }
            return timeout;
        }
    }
}
