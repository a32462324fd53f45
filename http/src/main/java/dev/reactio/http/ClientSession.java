package dev.reactio.http;

import dev.reactio.AsyncCloseable;
import dev.reactio.internal.SharedCleaner;
import io.netty.handler.ssl.SslContext;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An HTTP client session with a connection pool, cookies and defaults shared by its requests:
 * aiohttp's {@code ClientSession}, on reactor-netty's {@code HttpClient}.
 *
 * <pre>{@code
 * // async with aiohttp.ClientSession() as session:
 * //     async with session.get(url) as resp: print(await resp.json())
 * Mono<JsonNode> json = Mono.usingWhen(Mono.fromSupplier(ClientSession::create),
 *         session -> session.get(url).map(ClientResponse::json),
 *         ClientSession::aclose);
 * }</pre>
 *
 * <p>Every request method returns a cold {@code Mono}: nothing is sent until it is subscribed,
 * each subscription sends the request again, and cancelling the subscription aborts the
 * exchange and frees its connection. The {@link ClientResponse} it emits has its body read
 * already and its connection back in the pool, so, unlike aiohttp, there is no response to
 * release. For bodies that should not be held in memory use {@link #stream}.
 *
 * <p>Thread-safe: one session is meant to be shared by the whole application (aiohttp's advice
 * too). Close it with {@link #aclose()} (or {@link #close()}); a session that is garbage-collected
 * unclosed logs {@code "Unclosed client session"} at WARN, as aiohttp does, and frees its pool once
 * the requests it had in flight have ended.
 */
public final class ClientSession implements AsyncCloseable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final AtomicLong IDS = new AtomicLong();

    final SessionConfig config;
    private final Connector connector;
    private final State state;
    private final Cleaner.Cleanable cleanable;

    private ClientSession(Builder b) {
        String name = "reactio-session-" + IDS.incrementAndGet();
        this.config = new SessionConfig(b);
        this.connector = new Connector(name, config);
        this.state = new State(name, connector);
        this.cleanable = SharedCleaner.register(this, state); // the library's one Cleaner thread
    }

    /**
     * A session with aiohttp's defaults: {@code aiohttp.ClientSession()}.
     *
     * @return a new session; close it when done
     */
    public static ClientSession create() {
        return builder().build();
    }

    /** @return a builder with aiohttp's defaults */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ requests

    /**
     * {@code GET url}: {@code session.get(url)}.
     *
     * @param url an absolute URL, or one relative to the session's {@code baseUrl}
     * @return a cold {@code Mono} with the response, body read; see the class documentation for
     *     errors and cancellation
     */
    public Mono<ClientResponse> get(String url) {
        return request("GET", url, Body.empty(), RequestOptions.none());
    }

    /**
     * {@code GET url} with options: {@code session.get(url, params=..., headers=...)}.
     *
     * @param url an absolute URL, or one relative to the session's {@code baseUrl}
     * @param options per-request settings
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> get(String url, RequestOptions options) {
        return request("GET", url, Body.empty(), options);
    }

    /**
     * {@code HEAD url}; redirects are not followed unless the options allow them, as in aiohttp.
     *
     * @param url the URL
     * @return a cold {@code Mono} with the response (empty body)
     */
    public Mono<ClientResponse> head(String url) {
        return head(url, RequestOptions.none());
    }

    /**
     * {@code HEAD url} with options.
     *
     * @param url the URL
     * @param options per-request settings
     * @return a cold {@code Mono} with the response (empty body)
     */
    public Mono<ClientResponse> head(String url, RequestOptions options) {
        return request("HEAD", url, Body.empty(), options);
    }

    /**
     * {@code DELETE url}.
     *
     * @param url the URL
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> delete(String url) {
        return request("DELETE", url, Body.empty(), RequestOptions.none());
    }

    /**
     * {@code DELETE url} with options.
     *
     * @param url the URL
     * @param options per-request settings
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> delete(String url, RequestOptions options) {
        return request("DELETE", url, Body.empty(), options);
    }

    /**
     * {@code OPTIONS url}.
     *
     * @param url the URL
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> options(String url) {
        return request("OPTIONS", url, Body.empty(), RequestOptions.none());
    }

    /**
     * {@code OPTIONS url} with options.
     *
     * @param url the URL
     * @param options per-request settings
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> options(String url, RequestOptions options) {
        return request("OPTIONS", url, Body.empty(), options);
    }

    /**
     * {@code POST url} with a body: {@code session.post(url, json=...)}.
     *
     * @param url the URL
     * @param body what to send
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> post(String url, Body body) {
        return request("POST", url, body, RequestOptions.none());
    }

    /**
     * {@code POST url} with a body and options.
     *
     * @param url the URL
     * @param body what to send
     * @param options per-request settings
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> post(String url, Body body, RequestOptions options) {
        return request("POST", url, body, options);
    }

    /**
     * {@code PUT url} with a body.
     *
     * @param url the URL
     * @param body what to send
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> put(String url, Body body) {
        return request("PUT", url, body, RequestOptions.none());
    }

    /**
     * {@code PUT url} with a body and options.
     *
     * @param url the URL
     * @param body what to send
     * @param options per-request settings
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> put(String url, Body body, RequestOptions options) {
        return request("PUT", url, body, options);
    }

    /**
     * {@code PATCH url} with a body.
     *
     * @param url the URL
     * @param body what to send
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> patch(String url, Body body) {
        return request("PATCH", url, body, RequestOptions.none());
    }

    /**
     * {@code PATCH url} with a body and options.
     *
     * @param url the URL
     * @param body what to send
     * @param options per-request settings
     * @return a cold {@code Mono} with the response
     */
    public Mono<ClientResponse> patch(String url, Body body, RequestOptions options) {
        return request("PATCH", url, body, options);
    }

    /**
     * Sends a request and reads its whole response: {@code session.request(method, url, ...)}.
     *
     * <p>Nothing is sent until the {@code Mono} is subscribed. Redirects are followed (up to
     * {@code followRedirects}, default 10) unless the options say otherwise; cookies are kept
     * in the jar; the body is read into memory, at most {@code maxResponseSize} bytes.
     * Interim responses ({@code 1xx} other than {@code 101}) are skipped, as aiohttp does.
     * Cancelling aborts the exchange: the connection is closed, not returned half-read.
     *
     * <p>Credentials in the URL ({@code http://alice:s3cret@host/}) are sent as Basic auth,
     * as aiohttp does, and win over the session's {@code auth}; they are taken out of the URL,
     * so that {@link ClientResponse#url()}, the history and every message are without them.
     * Credentials in a redirect's {@code Location} are neither sent nor kept.
     *
     * <p>Whatever the server does, a failed exchange is a {@link ClientException} (or a
     * timeout), and a connection the server broke the protocol on is closed, never reused.
     *
     * @param method the HTTP method, e.g. {@code "GET"}
     * @param url an absolute URL, or one relative to the session's {@code baseUrl}
     * @param body what to send ({@link Body#empty()} for nothing)
     * @param options per-request settings
     * @return a cold {@code Mono} with the response. Errors: {@link InvalidUrlException} (also
     *     for a redirect to an unusable URL), {@link ClientConnectionException} (its subclass
     *     {@link ServerDisconnectedException} when the server closed the connection before it
     *     answered), {@link MalformedResponseException} for a status line or headers that are
     *     not HTTP, {@link ClientPayloadException} for a body cut short, badly chunked or not in
     *     its {@code Content-Encoding}, {@link java.util.concurrent.TimeoutException},
     *     {@link ResponseTooLargeException}, {@link TooManyRedirectsException},
     *     {@link ClientResponseException} (with {@code raiseForStatus}: the body of such a
     *     response is not read), {@link IllegalArgumentException} if the URL has credentials and
     *     the options an {@code auth} or the headers an {@code Authorization} too (aiohttp's
     *     {@code ValueError}), {@link IllegalStateException} if the session is closed, or closes
     *     before the response arrived (see {@link #aclose()})
     * @throws IllegalArgumentException if {@code method} is not an HTTP token
     */
    public Mono<ClientResponse> request(String method, String url, Body body, RequestOptions options) {
        String m = checkMethod(method);
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            if (state.closed.get()) {
                return Mono.error(closedError());
            }
            return new Exchange(this, connector, m, url, body, options).response();
        });
    }

    /**
     * Sends a request and hands the response, body unread, to {@code handler}:
     * {@code async with session.get(url) as resp: async for chunk in resp.content.iter_any()}.
     *
     * <p>The body flows with backpressure (the socket is read as fast as the handler's publisher
     * requests), so it is not limited by {@code maxResponseSize}. The connection is released
     * when the handler's publisher terminates or is cancelled; an unfinished body closes it.
     * Redirects are followed first, like {@link #request}; the body of a redirect is thrown
     * away, drained only while it is small (64 KiB, or {@code maxResponseSize} if less) and
     * its connection closed otherwise, so a redirect whose body never ends costs no more. A
     * body read through {@link StreamingResponse#content()} that is cut short or broken fails
     * that {@code Flux} with {@link ClientPayloadException}.
     *
     * @param method the HTTP method
     * @param url the URL
     * @param body what to send
     * @param options per-request settings
     * @param handler maps the response to what the returned {@code Flux} emits
     * @param <T> what the handler emits
     * @return a cold {@code Flux} of the handler's items; the same errors as {@link #request}
     */
    public <T> Flux<T> stream(
            String method,
            String url,
            Body body,
            RequestOptions options,
            Function<StreamingResponse, ? extends Publisher<T>> handler) {
        String m = checkMethod(method);
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        return Flux.defer(() -> {
            if (state.closed.get()) {
                return Flux.error(closedError());
            }
            return new Exchange(this, connector, m, url, body, options).stream(handler);
        });
    }

    /**
     * Opens a WebSocket: {@code session.ws_connect(url)}. The session's headers, cookies and
     * auth are sent with the handshake; an {@code http(s)} URL is opened as {@code ws(s)}.
     * <p>Nothing happens until subscribed. Cancelling before the WebSocket is open aborts the
     * handshake; once it was emitted, the {@link WebSocketSession} is yours to close, and
     * closing the session closes it too (code 1001). Redirects are not followed.
     * <pre>{@code
     * session.wsConnect(url).flatMap(ws -> ws.sendStr("hello").then(ws.receiveStr()).flatMap(s -> ws.close().thenReturn(s)))
     * }</pre>
     *
     * @param url a {@code ws://}, {@code wss://}, {@code http://} or {@code https://} URL
     * @return a cold {@code Mono} with the open WebSocket; close it when done. Errors with
     *     {@link WsServerHandshakeException} if the server refused the upgrade (e.g. 404),
     *     {@link ClientConnectionException} if it could not connect, {@code TimeoutException}
     *     when the total timeout elapses before the WebSocket is open,
     *     {@link InvalidUrlException} for a bad URL, {@code IllegalStateException} on a closed session
     */
    public Mono<WebSocketSession> wsConnect(String url) {
        return wsConnect(url, RequestOptions.none());
    }

    /**
     * Opens a WebSocket with per-request options (headers, auth, timeout).
     *
     * @param url a {@code ws://}, {@code wss://}, {@code http://} or {@code https://} URL
     * @param options per-request settings; a {@code Sec-WebSocket-Protocol} header offers
     *     subprotocols, as aiohttp's {@code protocols=}
     * @return a cold {@code Mono} with the open WebSocket; the same errors as {@link #wsConnect(String)}
     */
    public Mono<WebSocketSession> wsConnect(String url, RequestOptions options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(options, "options");
        return Mono.defer(() -> {
            if (state.closed.get()) {
                return Mono.error(closedError());
            }
            return new Exchange(this, connector, "GET", url, Body.empty(), options).webSocket();
        });
    }

    // ------------------------------------------------------------------ session

    /** @return the cookie jar, or {@code null} when the session keeps no cookies */
    public @Nullable CookieJar cookieJar() {
        return config.cookieJar;
    }

    /**
     * The state of the connection pool: how many connections are lent to requests, idle, and how
     * many requests wait for one.
     *
     * @return a snapshot
     */
    public ConnectionStats connectionStats() {
        return connector.stats();
    }

    /** @return whether {@link #aclose()} or {@link #close()} was called: {@code session.closed} */
    public boolean isClosed() {
        return state.closed.get();
    }

    /**
     * Closes the session: {@code await session.close()}.
     * <p>Nothing happens until subscribed ({@link #close()} is the eager form). Closing happens
     * once, however many times {@code aclose()} or {@code close()} is called and subscribed;
     * every subscriber completes when that close has:
     * <ul>
     * <li>requests, streams and WebSocket openings still in flight are cancelled, which closes
     *     their connections, and fail with {@link IllegalStateException}
     *     ({@code "Session is closed: … (closed while GET … was in flight); …"}), the error of a
     *     request made after the close; a stream keeps what it emitted before. A request whose
     *     response had arrived completes as usual;</li>
     * <li>open WebSockets are closed with code 1001 ("going away");</li>
     * <li>then the pool and its connections are closed.</li>
     * </ul>
     * Cancelling the returned {@code Mono} does not stop the closing. Unlike aiohttp, nothing
     * waits for a request in flight to finish: close the session when its work is done.
     *
     * @return a {@code Mono} that completes when the WebSockets, the pool and every connection
     *     the session opened are closed
     */
    @Override
    public Mono<Void> aclose() {
        return Mono.defer(() -> {
            state.markClosed();
            cleanable.clean(); // deregisters; State.run() sees closed and only disposes
            return connector.close(); // idempotent: a later call returns the first close's outcome
        });
    }

    /**
     * Starts closing the session at once, without waiting for the pool to close: the eager form
     * of {@link #aclose()}, for try-with-resources. An error while closing is logged at DEBUG.
     */
    @Override
    public void close() {
        aclose().subscribe(null, e -> LOG.debug("closing {} failed", state.name, e));
    }

    @Override
    public String toString() {
        return "ClientSession[" + state.name + (state.closed.get() ? ", closed" : "") + "]";
    }

    private IllegalStateException closedError() {
        return new IllegalStateException("Session is closed: " + state.name + " (create a new ClientSession)");
    }

    private static String checkMethod(String method) {
        Objects.requireNonNull(method, "method");
        if (method.isEmpty()) {
            throw new IllegalArgumentException("method must not be empty");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException(
                        "method \"" + method + "\" is not an HTTP token (character at index " + i + ")");
            }
        }
        return method;
    }

    /** Cleaner action and closed flag; must not refer to the session. */
    private static final class State implements Runnable {
        final String name;
        final Connector connector;
        final AtomicBoolean closed = new AtomicBoolean();

        State(String name, Connector connector) {
            this.name = name;
            this.connector = connector;
        }

        void markClosed() {
            closed.set(true);
        }

        @Override
        public void run() {
            if (closed.compareAndSet(false, true)) {
                LOG.warn(
                        "Unclosed client session {}: close a ClientSession with aclose() or close() when done "
                                + "(its connections are closed once its requests in flight end)",
                        name);
                connector.closeWhenIdle();
            }
        }
    }

    /**
     * Builds a {@link ClientSession}: the keyword arguments of aiohttp's
     * {@code ClientSession(...)} and of its {@code TCPConnector(limit=..., limit_per_host=...)}.
     * Not thread-safe; each {@link #build()} makes an independent session.
     */
    public static final class Builder {
        @Nullable
        URI baseUrl;

        final Map<String, List<String>> headers = new LinkedHashMap<>();
        ClientTimeout timeout = ClientTimeout.DEFAULT;
        int limit = 100;
        int limitPerHost;
        boolean raiseForStatus;

        @Nullable
        BasicAuth auth;

        @Nullable
        CookieJar cookieJar;

        boolean cookies = true;
        long maxResponseSize = 32L * 1024 * 1024;
        int followRedirects = 10;

        @Nullable
        SslContext ssl;

        private Builder() {}

        /**
         * Relative request URLs are resolved against this one (RFC 3986, like
         * {@link URI#resolve}): {@code base_url=}.
         *
         * @param baseUrl an absolute {@code http} or {@code https} URL
         * @return this builder
         * @throws IllegalArgumentException if it is not an absolute http(s) URL
         */
        public Builder baseUrl(String baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            URI uri;
            try {
                uri = UrlResolver.resolve(null, baseUrl, List.of());
            } catch (InvalidUrlException e) {
                throw new IllegalArgumentException("baseUrl: " + e.getMessage(), e);
            }
            this.baseUrl = uri;
            return this;
        }

        /**
         * A header sent with every request ({@code headers=}); request headers of the same name
         * replace it.
         *
         * @param name the name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name or value contains CR or LF, the value a
         *     character above U+00FF (a header is sent as ISO-8859-1), or the name is not a
         *     valid token
         */
        public Builder header(String name, String value) {
            Headers.add(headers, name, value);
            return this;
        }

        /**
         * @param timeout the default timeouts ({@code timeout=ClientTimeout(...)}); default
         *     {@link ClientTimeout#DEFAULT}, 5 minutes in total
         * @return this builder
         */
        public Builder timeout(ClientTimeout timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * @param limit the most connections open at once, all hosts together
         *     ({@code TCPConnector(limit=)}); default 100. Requests beyond it wait
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder limit(int limit) {
            if (limit <= 0) {
                throw new IllegalArgumentException("limit must be positive, but was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * @param limitPerHost the most connections open at once to one host:port
         *     ({@code TCPConnector(limit_per_host=)}); 0, the default, means no limit beyond
         *     {@link #limit}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder limitPerHost(int limitPerHost) {
            if (limitPerHost < 0) {
                throw new IllegalArgumentException(
                        "limitPerHost must be 0 (no limit) or positive, but was " + limitPerHost);
            }
            this.limitPerHost = limitPerHost;
            return this;
        }

        /**
         * @param raise whether a 4xx/5xx status fails requests with
         *     {@link ClientResponseException} ({@code raise_for_status=True}); default false
         * @return this builder
         */
        public Builder raiseForStatus(boolean raise) {
            this.raiseForStatus = raise;
            return this;
        }

        /**
         * @param auth Basic credentials sent with every request to the origin of the request;
         *     credentials in a request's URL ({@code http://alice:s3cret@host/}) win over them
         * @return this builder
         */
        public Builder auth(BasicAuth auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * @param keep {@code false} for aiohttp's {@code DummyCookieJar} (no cookies kept);
         *     default {@code true}, a new {@link CookieJar}
         * @return this builder
         */
        public Builder cookieJar(boolean keep) {
            this.cookies = keep;
            this.cookieJar = null;
            return this;
        }

        /**
         * @param jar a jar to use (and share with other sessions)
         * @return this builder
         */
        public Builder cookieJar(CookieJar jar) {
            this.cookieJar = Objects.requireNonNull(jar, "jar");
            this.cookies = true;
            return this;
        }

        /**
         * @param bytes the largest response body {@code request} reads into memory; default
         *     32 MiB. Larger bodies fail with {@link ResponseTooLargeException}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxResponseSize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxResponseSize must not be negative, but was " + bytes);
            }
            this.maxResponseSize = bytes;
            return this;
        }

        /**
         * @param max the most redirects followed per request ({@code max_redirects=}); default
         *     10. One more fails the request with {@link TooManyRedirectsException}, so 0 fails on
         *     the first redirect, as aiohttp does; to get redirect responses as they are, use
         *     {@link RequestOptions.Builder#allowRedirects(boolean) allowRedirects(false)}
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder followRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("followRedirects must not be negative, but was " + max);
            }
            this.followRedirects = max;
            return this;
        }

        /**
         * @param ssl the TLS settings for {@code https} (e.g. a trust store for a private CA);
         *     by default the JDK's trusted certificates, verified
         * @return this builder
         */
        public Builder ssl(SslContext ssl) {
            this.ssl = Objects.requireNonNull(ssl, "ssl");
            return this;
        }

        /** @return a new session; close it when done */
        public ClientSession build() {
            return new ClientSession(this);
        }
    }

    /**
     * A snapshot of the connection pool.
     *
     * @param active connections lent to requests now
     * @param idle connections kept alive, waiting for the next request
     * @param pending requests waiting for a connection (over {@code limit} or {@code limitPerHost})
     */
    public record ConnectionStats(int active, int idle, int pending) {}
}
