package dev.reactio.http;

import dev.reactio.http.RedirectPolicy.Decision;
import dev.reactio.http.RedirectPolicy.Hop;
import dev.reactio.internal.Deadline;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * redirects and maps network errors to the {@link ClientException} family.
 */
final class Exchange {

    private final SessionConfig config;
    private final Connector connector;
    private final String originalUrl;
    /** The method as given, upper case; a redirect may change it for the next {@link Hop}. */
    private final String method;

    private final Body body;
    private final RequestOptions options;
    private final ClientTimeout timeout;
    private final HttpClient client;
    private final boolean raiseForStatus;
    private final RedirectPolicy redirects;
    /** The request's credentials: from the URL, else the options, else the session's. Set by {@link #start}. */
    private @Nullable BasicAuth auth;
    /** The hop in flight (set as it is sent), for messages; null before the first. */
    private @Nullable Hop current;

    Exchange(ClientSession session, Connector connector, String method, String url, Body body, RequestOptions options) {
        this.config = session.config;
        this.connector = connector;
        this.method = method.toUpperCase(Locale.ROOT);
        this.originalUrl = url;
        this.body = body;
        this.options = options;
        this.timeout = options.timeout() != null ? options.timeout() : config.timeout;
        this.client = connector.client;
        this.raiseForStatus = options.raiseForStatus().orElse(config.raiseForStatus);
        this.redirects = new RedirectPolicy(
                options.allowRedirects().orElse(!this.method.equals("HEAD")), config.followRedirects);
        this.auth = options.auth() != null ? options.auth() : config.auth;
        // start() replaces it with the URL's credentials, if the URL has some
    }

    // ------------------------------------------------------------------ whole responses

    Mono<ClientResponse> response() {
        Hop first;
        try {
            first = start(false);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Mono.error(e);
        }
        // single(), not next(): next()'s cancel would race the connection going back to the pool
        Mono<ClientResponse> m =
                connector.limited(hops(first, List.of(), this::readWhole).single());
        if (raiseForStatus) {
            m = m.map(ClientResponse::raiseForStatus);
        }
        return connector.inFlight(withTotal(withConnectTimeout(m).onErrorMap(this::translate)), this::closedError);
    }

    /** Reads the whole body of a hop's response: the final {@link ClientResponse}, or a redirect's. */
    private Mono<Step<ClientResponse>> readWhole(
            Hop hop, HttpClientResponse resp, Connection conn, List<ClientResponse> history) {
        HttpHeaders headers = resp.responseHeaders();
        URI target = hop.url();
        String m = hop.method();
        int status = resp.status().code();
        long declared = ResponseBodies.declaredLength(m, status, headers);
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
        ResponseBodies.Accumulator acc = new ResponseBodies.Accumulator(max, target, declared);
        return conn.inbound()
                .receive()
                .doOnNext(acc)
                .onErrorMap(e -> bodyError(m, target, e))
                .then(Mono.fromCallable(() -> {
                    ClientResponse r = new ClientResponse(m, status, reason, headers, target, acc.bytes(), history);
                    Redirect<ClientResponse> redirect = redirect(hop, status, headers, history, () -> r);
                    return redirect != null ? redirect : new Item<>(r);
                }));
    }

    // ------------------------------------------------------------------ streaming

    <T> Flux<T> stream(Function<StreamingResponse, ? extends Publisher<T>> handler) {
        Hop first;
        try {
            first = start(false);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Flux.error(e);
        }
        Flux<T> f =
                connector.limited(hops(first, List.of(), streaming(handler))).onErrorMap(this::translate);
        return connector.inFlight(withTotal(withConnectTimeout(f)), this::closedError);
    }

    /**
     * Hands a hop's final response to {@code handler}, body unread; a redirect's body is
     * {@link #discard discarded} and the redirect kept in the history without it.
     */
    private <T> HopReader<T> streaming(Function<StreamingResponse, ? extends Publisher<T>> handler) {
        return (hop, resp, conn, history) -> {
            HttpHeaders headers = resp.responseHeaders();
            URI target = hop.url();
            String m = hop.method();
            int status = resp.status().code();
            String reason = resp.status().reasonPhrase();
            long declared = ResponseBodies.declaredLength(m, status, headers);
            Redirect<T> redirect;
            try {
                redirect = redirect(
                        hop,
                        status,
                        headers,
                        history,
                        () -> new ClientResponse(m, status, reason, headers, target, new byte[0], history));
            } catch (InvalidUrlException | TooManyRedirectsException e) {
                conn.dispose(); // the redirect's body is not wanted, and the exchange ends here
                return Flux.error(e);
            }
            if (redirect != null) {
                return discard(conn, declared).then(Mono.<Step<T>>just(redirect));
            }
            if (raiseForStatus && status >= 400) {
                return discard(conn, declared).then(Mono.error(new ClientResponseException(status, reason, target)));
            }
            AtomicBoolean bodyRead = new AtomicBoolean();
            Flux<byte[]> content = conn.inbound()
                    .receive()
                    .map(ResponseBodies::copy)
                    .onErrorMap(e -> bodyError(m, target, e))
                    .doOnComplete(() -> bodyRead.set(true));
            // A handler may end without reading the body (or all of it): reactor-netty would keep
            // the connection lent until the body is read, so close it instead.
            return Flux.from(handler.apply(new StreamingResponse(status, reason, headers, target, content)))
                    .<Step<T>>map(Item::new)
                    .doFinally(signal -> {
                        if (!bodyRead.get()) {
                            conn.dispose();
                        }
                    });
        };
    }

    // ------------------------------------------------------------------ hops and redirects

    /**
     * Sends {@code hop} and then each hop its redirects lead to, emitting what {@code reader}
     * makes of the final response. The one redirect loop of {@link #response} and
     * {@link #stream}: {@code reader} either yields the final response's items, or one
     * {@link Redirect} to send next.
     */
    private <T> Flux<T> hops(Hop hop, List<ClientResponse> history, HopReader<T> reader) {
        current = hop;
        HttpClient.ResponseReceiver<?> receiver =
                client.request(HttpMethod.valueOf(hop.method())).uri(hop.url()).send((req, out) -> send(req, out, hop));
        return unlessClosing(receiver.responseConnection((resp, conn) -> {
                    keepCookies(hop.url(), resp.responseHeaders());
                    int status = resp.status().code();
                    if (status < 200) {
                        conn.dispose(); // ResponseGuard lets no interim response through: something is badly off
                        return Mono.<Step<T>>error(interimAsFinal(hop.method(), hop.url(), status));
                    }
                    return reader.read(hop, resp, conn, history);
                }))
                .concatMap(step -> step.then(r -> hops(r.next(), r.history(), reader)));
    }

    /**
     * The redirect that a {@code status} response to {@code hop} asks for, or null if it is the
     * final response.
     *
     * @param history the redirects before {@code hop}
     * @param asHistory the response as the history keeps it, made only for a redirect
     * @throws InvalidUrlException for an unusable {@code Location}
     * @throws TooManyRedirectsException past {@code followRedirects}
     */
    private <T> @Nullable Redirect<T> redirect(
            Hop hop,
            int status,
            HttpHeaders headers,
            List<ClientResponse> history,
            Supplier<ClientResponse> asHistory) {
        Decision d = redirects.decide(hop, status, headers.get(HttpHeaderNames.LOCATION), history.size());
        if (d == RedirectPolicy.FINAL) {
            return null;
        }
        List<ClientResponse> h = new ArrayList<>(history.size() + 1);
        h.addAll(history);
        h.add(asHistory.get());
        if (d instanceof Decision.Follow follow) {
            return new Redirect<>(follow.next(), h);
        }
        throw new TooManyRedirectsException(redirects.max(), hop.url(), h);
    }

    /** What a {@link #hops hop} makes of its response (a final or a redirect one; no interim). */
    @FunctionalInterface
    private interface HopReader<T> {
        Publisher<Step<T>> read(Hop hop, HttpClientResponse resp, Connection conn, List<ClientResponse> history);
    }

    /** What a hop yields: an item of the final response, or the one redirect to follow. */
    private sealed interface Step<T> permits Item, Redirect {

        /** @return the item, or what {@code follow} makes of the redirect */
        Publisher<T> then(Function<Redirect<T>, Publisher<T>> follow);
    }

    private record Item<T>(T value) implements Step<T> {
        @Override
        public Publisher<T> then(Function<Redirect<T>, Publisher<T>> follow) {
            return Mono.just(value);
        }
    }

    /** @param history the redirects followed, this one last */
    private record Redirect<T>(Hop next, List<ClientResponse> history) implements Step<T> {
        @Override
        public Publisher<T> then(Function<Redirect<T>, Publisher<T>> follow) {
            return follow.apply(this);
        }
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
        return Mono.defer(() -> connector.closing() ? Mono.never() : hop);
    }

    private <T> Flux<T> unlessClosing(Flux<T> hop) {
        return Flux.defer(() -> connector.closing() ? Flux.never() : hop);
    }

    /** The error of this exchange when the session closes while it is in flight. */
    private IllegalStateException closedError() {
        return connector.closedWhileInFlight(method() + " " + where());
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
    private Hop start(boolean webSocket) {
        URI u = config.urls.resolve(originalUrl, options.params());
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
        return Hop.first(method, u, body);
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

    private static MalformedResponseException interimAsFinal(String m, URI target, int status) {
        return new MalformedResponseException(
                m, target, "an interim " + status + " response where the final one was expected", null);
    }

    /** {@link ResponseBodies#discard} within this session's {@code maxResponseSize}. */
    private Mono<Void> discard(Connection conn, long declared) {
        return ResponseBodies.discard(conn, declared, config.maxResponseSize);
    }

    /**
     * An error while the body was read: a connection lost (or closed) before the body's end is
     * aiohttp's {@code ClientPayloadError} ("Response payload is not completed"), here a
     * {@link ClientPayloadException}; anything else is left to {@link #translate}.
     */
    private Throwable bodyError(String m, URI target, Throwable e) {
        Throwable t = Exceptions.unwrap(e);
        if (t instanceof IOException) {
            return new ClientPayloadException(
                    "Response payload from " + m + " " + target + " is not complete: " + t.getMessage(), target, t);
        }
        return e;
    }

    // ------------------------------------------------------------------ WebSocket

    Mono<WebSocketSession> webSocket() {
        Hop first;
        try {
            first = start(true);
        } catch (InvalidUrlException | IllegalArgumentException e) {
            return Mono.error(e);
        }
        Hop ws = Hop.first(method, UrlResolver.toWebSocket(first.url()), first.body());
        current = ws;
        HttpHeaders headers = new DefaultHttpHeaders();
        requestHeaders(headers, ws);
        Mono<WebSocketSession> m = connector
                .track(
                        withConnectTimeout(unlessClosing(WebSockets.connect(client, ws.url(), headers))),
                        this::closedError)
                .onErrorMap(this::translate);
        return connector.inFlight(withTotal(m), this::closedError);
    }

    // ------------------------------------------------------------------ request side

    private Publisher<Void> send(HttpClientRequest req, NettyOutbound out, Hop hop) {
        prepare(req, hop);
        Body b = hop.body();
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

    private void prepare(HttpClientRequest req, Hop hop) {
        Duration sockRead = timeout.sockRead();
        if (sockRead != null) {
            req.responseTimeout(sockRead);
        }
        requestHeaders(req.requestHeaders(), hop);
    }

    /**
     * The headers of {@code hop}: the session's, the request's (replacing them by name), a
     * {@code User-Agent}, the credentials and the jar's cookies; once a redirect left the first
     * origin, only those {@link Hop#sends} lets through, and no credentials.
     */
    private void requestHeaders(HttpHeaders h, Hop hop) {
        boolean userAgent = false;
        for (Map.Entry<String, List<String>> e : config.headers.entrySet()) {
            if (hop.sends(e.getKey())) {
                h.set(e.getKey(), e.getValue());
                userAgent |= e.getKey().equalsIgnoreCase("User-Agent");
            }
        }
        for (Map.Entry<String, List<String>> e : options.headers().entrySet()) {
            if (hop.sends(e.getKey())) {
                h.set(e.getKey(), e.getValue());
                userAgent |= e.getKey().equalsIgnoreCase("User-Agent");
            }
        }
        if (!userAgent) {
            h.set(HttpHeaderNames.USER_AGENT, SessionConfig.USER_AGENT);
        }
        if (auth != null && hop.sendsAuth() && !h.contains(HttpHeaderNames.AUTHORIZATION)) {
            h.set(HttpHeaderNames.AUTHORIZATION, auth.encode());
        }
        CookieJar jar = config.cookieJar;
        if (jar != null) {
            String cookies = jar.cookieHeader(hop.url());
            if (cookies != null) {
                String explicit = h.get(HttpHeaderNames.COOKIE);
                h.set(HttpHeaderNames.COOKIE, explicit == null ? cookies : explicit + "; " + cookies);
            }
        }
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

    /** Whether this request's {@link ClientTimeout#connect()} differs from the session's. */
    private boolean ownConnectTimeout() {
        return !Objects.equals(timeout.connect(), config.timeout.connect());
    }

    private <T> Mono<T> withConnectTimeout(Mono<T> m) {
        return ownConnectTimeout() ? m.contextWrite(Connector.connectTimeout(timeout.connect())) : m;
    }

    private <T> Flux<T> withConnectTimeout(Flux<T> f) {
        return ownConnectTimeout() ? f.contextWrite(Connector.connectTimeout(timeout.connect())) : f;
    }

    private <T> Mono<T> withTotal(Mono<T> m) {
        Duration total = timeout.total();
        if (total == null) {
            return m;
        }
        return m.timeout(total, Mono.error(() -> totalTimeout(total)));
    }

    /**
     * {@code f} cut at the total timeout, which then fails it with {@link #totalTimeout}; what
     * {@code f} emitted before stays emitted (a stream is not a single value to time out).
     */
    private <T> Flux<T> withTotal(Flux<T> f) {
        Duration total = timeout.total();
        if (total == null) {
            return f;
        }
        return Deadline.over(f, total, () -> totalTimeout(total));
    }

    private TimeoutException totalTimeout(Duration total) {
        return new TimeoutException("Request " + method() + " " + where() + " timed out: total timeout " + total
                + " (ClientTimeout.total) elapsed");
    }

    /** The method of the hop in flight, or the one given. */
    private String method() {
        Hop hop = current;
        return hop != null ? hop.method() : method;
    }

    /** The URL of the hop in flight, or the one given; never with a password. */
    private String where() {
        Hop hop = current;
        return hop != null ? hop.url().toString() : Urls.redact(originalUrl);
    }

    /** Transport errors in the {@link ClientException} family; timeouts as {@link TimeoutException}. */
    private Throwable translate(Throwable e) {
        Throwable t = Exceptions.unwrap(e);
        if (t instanceof ClientException
                || t instanceof TimeoutException
                || t instanceof IllegalStateException
                || t instanceof IllegalArgumentException) {
            return t;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ResponseGuard.ProtocolViolation v) {
                Hop hop = current;
                URI at = hop != null ? hop.url() : URI.create("");
                if (v.getCause() instanceof PrematureChannelClosureException closed) {
                    // Netty's codec saw the connection end in the middle of a message
                    return v.inHead()
                            ? new ServerDisconnectedException(
                                    "Server disconnected before it answered " + method() + " " + where() + ": "
                                            + closed.getMessage(),
                                    closed)
                            : new ClientPayloadException(
                                    "Response payload from " + method() + " " + where() + " is not complete: "
                                            + closed.getMessage(),
                                    at,
                                    closed);
                }
                return v.inHead()
                        ? new MalformedResponseException(method(), at, v.getMessage(), v.getCause())
                        : new ClientPayloadException(
                                "Malformed response body from " + method() + " " + where() + ": " + v.getMessage(),
                                at,
                                v.getCause() != null ? v.getCause() : v);
            }
            if (c instanceof ReadTimeoutException) {
                return new TimeoutException("Request " + method() + " " + where() + " timed out: no data for "
                        + timeout.sockRead() + " (ClientTimeout.sockRead)");
            }
            if (c instanceof ConnectTimeoutException) {
                TimeoutException te = new TimeoutException("Request " + method() + " " + where()
                        + " timed out connecting: " + c.getMessage() + " (ClientTimeout.connect)");
                te.initCause(c);
                return te;
            }
        }
        if (t instanceof PrematureCloseException) {
            // closed before the response began (once it has, bodyError makes it a payload error)
            return new ServerDisconnectedException(
                    "Server disconnected before it answered " + method() + " " + where() + ": " + t.getMessage(), t);
        }
        if (t instanceof IOException || t instanceof ChannelException) {
            return new ClientConnectionException("Connection error for " + method() + " " + where() + ": " + t, t);
        }
        return t;
    }
}
