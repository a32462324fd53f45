package dev.reactio.http.testing;

import java.time.Duration;

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
 *   <li>{@code /status/{code}} (or {@code /status/200,201}: one picked at random),
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

    private HttpBinServer(DisposableServer server) {
        this.server = server;
    }

    /**
     * Starts a server on an ephemeral port of {@code 127.0.0.1} and returns once it listens.
     *
     * @return the started server; close it when done
     */
    public static HttpBinServer start() {
        return start(0);
    }

    /**
     * Starts a server on the given port of {@code 127.0.0.1} and returns once it listens.
     *
     * @param port the port, or {@code 0} for an ephemeral one
     * @return the started server; close it when done
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     * @throws RuntimeException if the port cannot be bound
     */
    public static HttpBinServer start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(HttpBinRoutes::register)
                .bindNow();
        return new HttpBinServer(server);
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
     * Stops the server and waits (up to 10 seconds) until its connections are closed. Idempotent.
     */
    @Override
    public void close() {
        if (!server.isDisposed()) {
            server.disposeNow(CLOSE_TIMEOUT);
        }
    }

    @Override
    public String toString() {
        return "HttpBinServer[" + baseUrl() + "]";
    }
}
