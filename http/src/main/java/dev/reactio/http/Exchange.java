package dev.reactio.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;

/**
 * One request of a {@link ClientSession}, with its redirects: builds each hop's headers (session,
 * request, auth, cookies), sends it on reactor-netty, reads or streams the body, follows
 * redirects and maps transport errors to the {@link ClientException} family.
 */
final class Exchange {

    /** The most of an unwanted body (a redirect's under {@code stream}) drained to keep its connection. */
    static final long DISCARD_LIMIT = 64 * 1024;

    private final SessionConfig config;
    private final Connector transport;
    private final String originalUrl;
    private final RequestOptions options;
    private final ClientTimeout timeout;
    private final HttpClient client;
    private final boolean raiseForStatus;
    private final boolean allowRedirects;
    /** The request's credentials: from the URL, else the options, else the session's. Set by {@link #start}. */
    private @Nullable BasicAuth auth;

    private String method;
    private Body body;
    private @Nullable URI uri;
    /** The first hop's URL; its origin is only computed when a redirect is followed. */
    private @Nullable URI firstUrl;
    /** {@code scheme://host:port} of the first hop, lower case, default port filled in (lazily). */
    private @Nullable String origin;
    /** Set once a redirect left the first origin: no more Authorization or explicit Cookie. */
    private boolean crossOrigin;

    Exchange(ClientSession session, Connector transport, String method, String url, Body body, RequestOptions options) {
        this.config = session.config;
        this.transport = transport;
        this.method = method.toUpperCase(Locale.ROOT);
        this.originalUrl = url;
        this.body = body;
        this.options = options;
        this.timeout = options.timeout() != null ? options.timeout() : config.timeout;
        this.client = transport.client;
        this.raiseForStatus = options.raiseForStatus() != null ? options.raiseForStatus() : config.raiseForStatus;
        Boolean allow = options.allowRedirects();
        this.allowRedirects = allow != null ? allow : !this.method.equals("HEAD");
        this.auth = options.auth() != null ? options.auth() : config.auth;
        // start() replaces it with the URL's credentials, if the URL has some
    }

    // ------------------------------------------------------------------ whole responses

    Mono<ClientResponse> response() {
        URI first;
        try {
            first = start(false);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Mono.error(e);
        }
        Mono<ClientResponse> m = transport.limited(hop(first, List.of()));
        if (raiseForStatus) {
            m = m.map(ClientResponse::raiseForStatus);
        }
        return transport.inFlight(withTotal(withConnectTimeout(m).onErrorMap(this::translate)), this::closedError);
    }

    /**
     * {@code hop} when subscribed, unless the session is closing: no request goes out once
     * {@code aclose()} began. A hop can start during the close: a request waiting for a
     * {@code limit} permit gets the one an exchange the close just cancelled gave back. The
     * refused hop signals nothing: every exchange runs {@link Connector#inFlight guarded}, the
     * close cancels every guard, and the guard signals the error. (An error from here would
     * race that cancel from the closing thread, and be dropped loudly by the operators it
     * cancelled.)
     */
    private <T> Mono<T> unlessClosing(Mono<T> hop) {
        return Mono.defer(() -> transport.closing() ? Mono.never() : hop);
    }

    private <T> Flux<T> unlessClosing(Flux<T> hop) {
        return Flux.defer(() -> transport.closing() ? Flux.never() : hop);
    }

    /** The error of this exchange when the session closes while it is in flight. */
    private IllegalStateException closedError() {
        return transport.closedWhileInFlight(method + " " + where());
    }

    /**
     * Resolves the first hop's URL. Credentials in it ({@code http://alice:s3cret@host/}) become
     * the request's {@link BasicAuth}, as aiohttp's {@code BasicAuth.from_url}, and leave the URL:
     * what is requested, {@link ClientResponse#url()} and every message are without them. They
     * win over the session's auth; with {@link RequestOptions#auth()} or an explicit
     * {@code Authorization} header as well, the request fails with
     * {@link IllegalArgumentException}, as aiohttp raises {@code ValueError}: which one was
     * meant cannot be known.
     */
    private URI start(boolean webSocket) {
        URI u = config.resolveUrl(originalUrl, options.params());
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!webSocket && (scheme.equals("ws") || scheme.equals("wss"))) {
            throw new InvalidUrlException(originalUrl, "a WebSocket URL: use wsConnect(...)");
        }
        BasicAuth fromUrl = Urls.credentials(u);
        if (fromUrl != null) {
            if (options.auth() != null) {
                throw new IllegalArgumentException("Cannot combine RequestOptions.auth with credentials in the URL "
                        + Urls.redact(u) + " (aiohttp refuses it too): give one of them");
            }
            if (hasAuthorizationHeader()) {
                throw new IllegalArgumentException("Cannot combine an Authorization header with credentials in the URL "
                        + Urls.redact(u) + " (aiohttp refuses it too): give one of them");
            }
            auth = fromUrl;
            u = Urls.withoutUserInfo(u);
        }
        firstUrl = u;
        return u;
    }

    private boolean hasAuthorizationHeader() {
        for (String name : options.headers().keySet()) {
            if (name.equalsIgnoreCase("Authorization")) {
                return true;
            }
        }
        for (String name : config.headers.keySet()) {
            if (name.equalsIgnoreCase("Authorization")) {
                return true;
            }
        }
        return false;
    }

    /** The request of one hop: {@code m target} with {@code b}, headers added as it is sent. */
    private HttpClient.ResponseReceiver<?> sender(String m, URI target, Body b) {
        return client.request(HttpMethod.valueOf(m)).uri(target).send((req, out) -> send(req, out, target, b));
    }

    private Mono<ClientResponse> hop(URI target, List<ClientResponse> history) {
        uri = target;
        final String m = method;
        final Body b = body;
        HttpClient.ResponseReceiver<?> receiver = sender(m, target, b);
        return unlessClosing(receiver.responseConnection((resp, conn) -> read(m, target, resp, conn, history))
                .single()) // not next(): its cancel would race the connection going back to the pool
                .flatMap(resp -> {
                    URI next = redirectTarget(resp);
                    if (next == null) {
                        return Mono.just(resp);
                    }
                    List<ClientResponse> h = new ArrayList<>(history);
                    h.add(resp);
                    if (h.size() > config.followRedirects) {
                        return Mono.error(new TooManyRedirectsException(config.followRedirects, resp.url(), h));
                    }
                    follow(resp.status(), next);
                    return hop(next, h);
                });
    }

    private Mono<ClientResponse> read(String m, URI target, HttpClientResponse resp, Connection conn,
            List<ClientResponse> history) {
        HttpHeaders headers = resp.responseHeaders();
        keepCookies(target, headers);
        int status = resp.status().code();
        if (status < 200) {
            conn.dispose(); // ResponseGuard lets no interim response through: something is badly off
            return Mono.error(interimAsFinal(m, target, status));
        }
        // A HEAD, 204 or 304 response has no body, whatever its Content-Length says.
        long declared = m.equals("HEAD") || status == 204 || status == 304 ? -1 : contentLength(headers);
        String reason = resp.status().reasonPhrase();
        if (raiseForStatus && status >= 400) {
            // the exception carries no body: discard it (bounded) rather than read it
            return discard(conn, declared).then(Mono.error(new ClientResponseException(status, reason, target)));
        }
        long max = config.maxResponseSize;
        if (declared > max) {
            conn.dispose(); // do not read (or drain) the rest
            return Mono.error(new ResponseTooLargeException(max, target, declared));
        }
        Accumulator acc = new Accumulator(max, target, declared);
        return conn.inbound().receive()
                .doOnNext(acc)
                .onErrorMap(e -> bodyError(m, target, e))
                .then(Mono.fromSupplier(() -> new ClientResponse(m, status, reason, headers, target, acc.bytes(), history)));
    }

    private static MalformedResponseException interimAsFinal(String m, URI target, int status) {
        return new MalformedResponseException(m, target, "an interim " + status + " response where the final one was expected",
                null);
    }

    /**
     * Throws away the body of a response whose body nobody will read (a redirect followed by
     * {@code stream}, a status that {@code raiseForStatus} turns into an error). A small body is
     * drained, so that the connection can be reused; past {@link #DISCARD_LIMIT} bytes (or
     * {@code maxResponseSize}, if smaller), or a {@code Content-Length} announcing more, the
     * connection is closed instead: a server cannot make the client download an endless body
     * it will never look at.
     */
    private Mono<Void> discard(Connection conn, long declared) {
        long limit = Math.min(DISCARD_LIMIT, config.maxResponseSize);
        if (declared > limit) {
            conn.dispose();
            return Mono.empty();
        }
        long[] seen = new long[1]; // only touched by the receive's serialized signals
        return conn.inbound().receive()
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
     * An error while the body was read: a connection lost (or closed) before the body's end is
     * aiohttp's {@code ClientPayloadError} ("Response payload is not completed"), here a
     * {@link ClientPayloadException}; anything else is left to {@link #translate}.
     */
    private Throwable bodyError(String m, URI target, Throwable e) {
        Throwable t = Exceptions.unwrap(e);
        if (t instanceof IOException) {
            return new ClientPayloadException("Response payload from " + m + " " + target + " is not complete: "
                    + t.getMessage(), target, t);
        }
        return e;
    }

    // ------------------------------------------------------------------ streaming

    <T> Flux<T> stream(Function<StreamingResponse, ? extends Publisher<T>> handler) {
        URI first;
        try {
            first = start(false);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Flux.error(e);
        }
        Flux<T> f = transport.limited(streamHop(first, List.of(), handler)).onErrorMap(this::translate);
        if (ownConnectTimeout()) {
            f = f.contextWrite(Connector.connectTimeout(timeout.connect()));
        }
        Duration total = timeout.total();
        if (total != null) {
            AtomicBoolean fired = new AtomicBoolean();
            f = f.takeUntilOther(Mono.delay(total).doOnNext(x -> fired.set(true)))
                    .concatWith(Mono.defer(() -> fired.get() ? Mono.error(totalTimeout(total)) : Mono.empty()));
        }
        return transport.inFlight(f, this::closedError);
    }

    @SuppressWarnings("unchecked")
    private <T> Flux<T> streamHop(URI target, List<ClientResponse> history,
            Function<StreamingResponse, ? extends Publisher<T>> handler) {
        uri = target;
        final String m = method;
        final Body b = body;
        HttpClient.ResponseReceiver<?> receiver = sender(m, target, b);
        return unlessClosing(receiver.responseConnection((resp, conn) -> {
            HttpHeaders headers = resp.responseHeaders();
            keepCookies(target, headers);
            int status = resp.status().code();
            String reason = resp.status().reasonPhrase();
            if (status < 200) {
                conn.dispose(); // as in read()
                return Flux.error(interimAsFinal(m, target, status));
            }
            URI next;
            try {
                next = allowRedirects ? location(status, headers, target) : null;
            } catch (InvalidUrlException e) {
                conn.dispose();
                return Flux.error(e);
            }
            long declared = m.equals("HEAD") || status == 204 || status == 304 ? -1 : contentLength(headers);
            if (next != null) {
                List<ClientResponse> h = new ArrayList<>(history);
                h.add(new ClientResponse(m, status, reason, headers, target, new byte[0], history));
                if (h.size() > config.followRedirects) {
                    conn.dispose();
                    return Flux.error(new TooManyRedirectsException(config.followRedirects, target, h));
                }
                return discard(conn, declared).then(Mono.just((Object) new Redirect(status, next, h)));
            }
            if (raiseForStatus && status >= 400) {
                return discard(conn, declared).then(Mono.error(new ClientResponseException(status, reason, target)));
            }
            AtomicBoolean bodyRead = new AtomicBoolean();
            Flux<byte[]> content = conn.inbound().receive().map(Exchange::copy)
                    .onErrorMap(e -> bodyError(m, target, e))
                    .doOnComplete(() -> bodyRead.set(true));
            // A handler may end without reading the body (or all of it): reactor-netty would keep
            // the connection lent until the body is read, so close it instead.
            return Flux.from(handler.apply(new StreamingResponse(status, reason, headers, target, content)))
                    .map(x -> (Object) x)
                    .doFinally(signal -> {
                        if (!bodyRead.get()) {
                            conn.dispose();
                        }
                    });
        })).concatMap(item -> {
            if (item instanceof Redirect r) {
                follow(r.status, r.target);
                return streamHop(r.target, r.history, handler);
            }
            return Mono.just((T) item);
        });
    }

    private record Redirect(int status, URI target, List<ClientResponse> history) {
    }

    // ------------------------------------------------------------------ WebSocket

    Mono<WebSocketSession> webSocket() {
        URI first;
        try {
            first = start(true);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Mono.error(e);
        }
        String scheme = first.getScheme().toLowerCase(Locale.ROOT);
        URI ws = first;
        if (scheme.equals("http") || scheme.equals("https")) {
            ws = URI.create((scheme.equals("http") ? "ws" : "wss") + first.toString().substring(scheme.length()));
        }
        uri = ws;
        HttpHeaders headers = new DefaultHttpHeaders();
        requestHeaders(headers, ws);
        Mono<WebSocketSession> m = transport.track(withConnectTimeout(unlessClosing(WebSockets.connect(client, ws, headers))),
                this::closedError).onErrorMap(this::translate);
        return transport.inFlight(withTotal(m), this::closedError);
    }

    // ------------------------------------------------------------------ request side

    private Publisher<Void> send(HttpClientRequest req, NettyOutbound out, URI target, Body b) {
        prepare(req, target, b);
        if (b.isEmpty()) {
            return out; // GET/HEAD/DELETE: no Content-Length; others: Content-Length: 0
        }
        byte[] bytes = b.bytes();
        HttpHeaders h = req.requestHeaders();
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        String ct = b.contentType();
        // A form's own type names its boundary: without it the server cannot read the body.
        if (ct != null && (b.isMultipart() || !h.contains(HttpHeaderNames.CONTENT_TYPE))) {
            h.set(HttpHeaderNames.CONTENT_TYPE, ct);
        }
        return out.sendByteArray(Mono.just(bytes));
    }

    private void prepare(HttpClientRequest req, URI target, Body b) {
        Duration sockRead = timeout.sockRead();
        if (sockRead != null) {
            req.responseTimeout(sockRead);
        }
        requestHeaders(req.requestHeaders(), target);
    }

    private void requestHeaders(HttpHeaders h, URI target) {
        boolean userAgent = false;
        for (Map.Entry<String, List<String>> e : config.headers.entrySet()) {
            if (!(crossOrigin && sensitive(e.getKey()))) {
                h.set(e.getKey(), e.getValue());
                userAgent |= e.getKey().equalsIgnoreCase("User-Agent");
            }
        }
        for (Map.Entry<String, List<String>> e : options.headers().entrySet()) {
            if (!(crossOrigin && sensitive(e.getKey()))) {
                h.set(e.getKey(), e.getValue());
                userAgent |= e.getKey().equalsIgnoreCase("User-Agent");
            }
        }
        if (!userAgent) {
            h.set(HttpHeaderNames.USER_AGENT, SessionConfig.USER_AGENT);
        }
        if (auth != null && !crossOrigin && !h.contains(HttpHeaderNames.AUTHORIZATION)) {
            h.set(HttpHeaderNames.AUTHORIZATION, auth.encode());
        }
        CookieJar jar = config.cookieJar;
        if (jar != null) {
            String cookies = jar.cookieHeader(target);
            if (cookies != null) {
                String explicit = h.get(HttpHeaderNames.COOKIE);
                h.set(HttpHeaderNames.COOKIE, explicit == null ? cookies : explicit + "; " + cookies);
            }
        }
    }

    private static boolean sensitive(String header) {
        return header.equalsIgnoreCase("Authorization") || header.equalsIgnoreCase("Cookie")
                || header.equalsIgnoreCase("Proxy-Authorization");
    }

    // ------------------------------------------------------------------ redirects

    private @Nullable URI redirectTarget(ClientResponse resp) {
        return allowRedirects ? location(resp.status(), resp.headers(), resp.url()) : null;
    }

    private @Nullable URI location(int status, HttpHeaders headers, URI from) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        String loc = headers.get(HttpHeaderNames.LOCATION);
        if (loc == null || loc.isEmpty()) {
            return null;
        }
        URI next;
        try {
            next = from.resolve(new URI(loc));
        } catch (java.net.URISyntaxException e) {
            throw new InvalidUrlException(loc, "redirect from " + from + ": " + e.getReason());
        }
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidUrlException(loc, "redirect from " + from + " to a non-HTTP URL");
        }
        if (next.getHost() == null || next.getHost().isEmpty()) {
            throw new InvalidUrlException(loc, "redirect from " + from + " to a URL without a host"
                    + ClientSession.hostHint(next));
        }
        // Credentials in a Location are the server's, not the caller's: neither sent nor kept
        // (aiohttp sends them; a redirect must not change who the client authenticates as).
        return Urls.withoutUserInfo(next);
    }

    /** Adjusts method, body and credentials for the next hop, as aiohttp (and browsers) do. */
    private void follow(int status, URI next) {
        if (status == 303 && !method.equals("HEAD") || (status == 301 || status == 302) && method.equals("POST")) {
            method = "GET";
            body = Body.empty();
        }
        if (origin == null && firstUrl != null) {
            origin = origin(firstUrl);
        }
        if (!Objects.equals(origin(next), origin)) {
            crossOrigin = true;
        }
    }

    /** The origin as a string key (compared, never parsed: one URI less per request). */
    private static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        int port = u.getPort();
        if (port < 0) {
            port = scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        }
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    // ------------------------------------------------------------------ helpers

    private void keepCookies(URI target, HttpHeaders headers) {
        CookieJar jar = config.cookieJar;
        if (jar != null) {
            List<String> set = headers.getAll(HttpHeaderNames.SET_COOKIE);
            if (!set.isEmpty()) {
                jar.updateCookies(target, set);
            }
        }
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

    private static byte[] copy(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    /** Whether this request's {@link ClientTimeout#connect()} differs from the session's. */
    private boolean ownConnectTimeout() {
        return !Objects.equals(timeout.connect(), config.timeout.connect());
    }

    private <T> Mono<T> withConnectTimeout(Mono<T> m) {
        return ownConnectTimeout() ? m.contextWrite(Connector.connectTimeout(timeout.connect())) : m;
    }

    private <T> Mono<T> withTotal(Mono<T> m) {
        Duration total = timeout.total();
        if (total == null) {
            return m;
        }
        return m.timeout(total, Mono.error(() -> totalTimeout(total)));
    }

    private TimeoutException totalTimeout(Duration total) {
        return new TimeoutException("Request " + method + " " + where() + " timed out: total timeout " + total
                + " (ClientTimeout.total) elapsed");
    }

    /** The URL of the hop in flight, or the one given; never with a password. */
    private String where() {
        return uri != null ? uri.toString() : Urls.redact(originalUrl);
    }

    /** Transport errors in the {@link ClientException} family; timeouts as {@link TimeoutException}. */
    private Throwable translate(Throwable e) {
        Throwable t = Exceptions.unwrap(e);
        if (t instanceof ClientException || t instanceof TimeoutException || t instanceof IllegalStateException
                || t instanceof IllegalArgumentException) {
            return t;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ResponseGuard.ProtocolViolation v) {
                URI at = uri != null ? uri : URI.create("");
                if (v.getCause() instanceof PrematureChannelClosureException closed) {
                    // Netty's codec saw the connection end in the middle of a message
                    return v.inHead()
                            ? new ServerDisconnectedException("Server disconnected before it answered " + method + " "
                                    + where() + ": " + closed.getMessage(), closed)
                            : new ClientPayloadException("Response payload from " + method + " " + where()
                                    + " is not complete: " + closed.getMessage(), at, closed);
                }
                return v.inHead()
                        ? new MalformedResponseException(method, at, v.getMessage(), v.getCause())
                        : new ClientPayloadException("Malformed response body from " + method + " " + where() + ": "
                                + v.getMessage(), at, v.getCause() != null ? v.getCause() : v);
            }
            if (c instanceof ReadTimeoutException) {
                return new TimeoutException("Request " + method + " " + where() + " timed out: no data for "
                        + timeout.sockRead() + " (ClientTimeout.sockRead)");
            }
            if (c instanceof ConnectTimeoutException) {
                TimeoutException te = new TimeoutException("Request " + method + " " + where()
                        + " timed out connecting: " + c.getMessage() + " (ClientTimeout.connect)");
                te.initCause(c);
                return te;
            }
        }
        if (t instanceof PrematureCloseException) {
            // closed before the response began (once it has, bodyError makes it a payload error)
            return new ServerDisconnectedException("Server disconnected before it answered " + method + " " + where()
                    + ": " + t.getMessage(), t);
        }
        if (t instanceof IOException || t instanceof ChannelException) {
            return new ClientConnectionException("Connection error for " + method + " " + where() + ": " + t, t);
        }
        return t;
    }

    /** Copies the body as it arrives, failing past {@code maxResponseSize}. */
    private static final class Accumulator implements java.util.function.Consumer<ByteBuf> {
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
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size + n, 2L * buf.length + 1024)));
            }
            chunk.getBytes(chunk.readerIndex(), buf, size, n);
            size += n;
        }

        byte[] bytes() {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
    }
}
