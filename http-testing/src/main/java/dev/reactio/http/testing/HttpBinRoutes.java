package dev.reactio.http.testing;

import static dev.reactio.http.testing.HttpBinResponses.HTML_TYPE;
import static dev.reactio.http.testing.HttpBinResponses.JSON_TYPE;
import static dev.reactio.http.testing.HttpBinResponses.TEXT_TYPE;
import static dev.reactio.http.testing.HttpBinResponses.json;
import static dev.reactio.http.testing.HttpBinResponses.redirect;
import static dev.reactio.http.testing.HttpBinResponses.send;

import dev.reactio.http.testing.HttpBinGuard.Rejected;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.node.ObjectNode;

/** httpbin's endpoints as reactor-netty routes; {@link HttpBinServer} installs them. */
final class HttpBinRoutes {

    private static final int MAX_BYTES = 100 * 1024;
    private static final int MAX_STREAM = 100;
    private static final double MAX_DELAY_SECONDS = 10;
    private static final String REALM = "Basic realm=\"Fake Realm\"";
    /** httpbin's {@code helpers.ASCII_ART}, the body of its {@code /status/418}. */
    private static final String TEAPOT = String.join(
            "\n",
            "",
            "    -=[ teapot ]=-",
            "",
            "       _...._",
            "     .'  _ _ `.",
            "    | .\"` ^ `\". _,",
            "    \\_;`\"---\"`|//",
            "      |       ;/",
            "      \\_     _/",
            "        `\"\"\"`",
            "");

    private final long maxRequestSize;

    private HttpBinRoutes(long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    /**
     * The routes, reading request bodies of at most {@code maxRequestSize} bytes.
     *
     * @param maxRequestSize the most bytes of one request body
     * @return the routes; every {@code GET} route answers {@code HEAD} too
     */
    static HttpServerRoutes create(long maxRequestSize) {
        HttpBinRoutes routes = new HttpBinRoutes(maxRequestSize);
        HttpServerRoutes all = HttpServerRoutes.newRoutes();
        routes.register(all);
        return all;
    }

    private void register(HttpServerRoutes routes) {
        get(routes, "/get", (req, res) -> json(res, 200, echo(new HttpBinRequest(req), false)));
        routes.route(method("/post", HttpMethod.POST), this::withBody)
                .route(method("/put", HttpMethod.PUT), this::withBody)
                .route(method("/patch", HttpMethod.PATCH), this::withBody)
                .route(method("/delete", HttpMethod.DELETE), this::withBody)
                .route(
                        req -> req.fullPath().equals("/anything")
                                || req.fullPath().startsWith("/anything/"),
                        this::anything);
        get(routes, "/headers", (req, res) -> {
            ObjectNode out = HttpBinRequest.JSON.createObjectNode();
            new HttpBinRequest(req).headers(out);
            return json(res, 200, out);
        });
        get(routes, "/ip", (req, res) -> {
            ObjectNode out = HttpBinRequest.JSON.createObjectNode();
            new HttpBinRequest(req).origin(out);
            return json(res, 200, out);
        });
        get(routes, "/user-agent", (req, res) -> {
            ObjectNode out = HttpBinRequest.JSON.createObjectNode();
            String agent = req.requestHeaders().get(HttpHeaderNames.USER_AGENT);
            if (agent == null) {
                out.putNull("user-agent");
            } else {
                out.put("user-agent", agent);
            }
            return json(res, 200, out);
        });
        get(routes, "/json", (req, res) -> send(res, 200, JSON_TYPE, SlideShow.BODY));
        routes.route(anyWithSegment("/status/"), drained(HttpBinRoutes::status))
                .route(anyWithSegment("/delay/"), this::delay);
        get(routes, "/bytes/{n}", HttpBinRoutes::bytes);
        get(routes, "/stream/{n}", HttpBinRoutes::stream);
        get(routes, "/gzip", HttpBinRoutes::gzip);
        get(
                routes,
                "/redirect/{n}",
                (req, res) -> redirectTimes(req, res, "true".equalsIgnoreCase(query(req, "absolute"))));
        get(routes, "/relative-redirect/{n}", (req, res) -> redirectTimes(req, res, false));
        get(routes, "/absolute-redirect/{n}", (req, res) -> redirectTimes(req, res, true));
        routes.route(any("/redirect-to"), drained(HttpBinRoutes::redirectTo));
        get(routes, "/cookies", HttpBinRoutes::cookies);
        get(routes, "/cookies/set", HttpBinRoutes::setCookies);
        get(routes, "/cookies/set/{name}/{value}", HttpBinRoutes::setCookie);
        get(routes, "/cookies/delete", HttpBinRoutes::deleteCookies);
        get(routes, "/basic-auth/{user}/{passwd}", HttpBinRoutes::basicAuth);
        routes.ws(
                "/ws/echo",
                (in, out) -> out.sendObject(
                        in.receiveFrames().filter(HttpBinRoutes::isDataFrame).map(WebSocketFrame::retain)));
    }

    /**
     * A {@code GET} route that answers {@code HEAD} too, as Flask does for httpbin: the same
     * status and headers, and reactor-netty (with Netty's encoder, which knows the request was
     * {@code HEAD}) sends no body.
     */
    private static void get(
            HttpServerRoutes routes,
            String path,
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
        routes.get(path, handler).head(path, handler);
    }

    // ---- request echoes

    private static ObjectNode echo(HttpBinRequest request, boolean withBody) {
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        request.args(out);
        if (withBody) {
            request.body(out);
        }
        request.headers(out).origin(out).url(out);
        return out;
    }

    /**
     * Reads (and frees) the request body before {@code handler} answers, for routes that take
     * any method. reactor-netty's server can hang the next keep-alive request on a connection
     * whose previous request was answered before its body was read (a fresh-clone build saw the
     * JDK client's next request on such a connection time out). A body over the cap is not read
     * to its end: the answer is 413 and the connection is closed.
     */
    private BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> drained(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (req, res) -> receive(req, false).then(Mono.defer(() -> Mono.from(handler.apply(req, res))));
    }

    private Publisher<Void> withBody(HttpServerRequest req, HttpServerResponse res) {
        return readBody(req).flatMap(body -> json(res, 200, echo(new HttpBinRequest(req, body), true)));
    }

    private Publisher<Void> anything(HttpServerRequest req, HttpServerResponse res) {
        return readBody(req).flatMap(body -> {
            HttpBinRequest request = new HttpBinRequest(req, body);
            ObjectNode out = echo(request, true);
            request.method(out);
            return json(res, 200, out);
        });
    }

    private Mono<byte[]> readBody(HttpServerRequest req) {
        return receive(req, true);
    }

    /**
     * The request body, copied out of each buffer as it arrives (reactor-netty frees the buffer
     * when {@code doOnNext} returns); past {@code maxRequestSize} bytes the read stops with
     * {@link HttpBinGuard#tooLarge}, so no more than the cap is ever held.
     */
    private Mono<byte[]> receive(HttpServerRequest req, boolean keep) {
        return Mono.defer(() -> {
            Body body = new Body(maxRequestSize, keep, req.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
            return req.receive().doOnNext(body::append).then(Mono.fromSupplier(body::bytes));
        });
    }

    /** A request body being read: its size so far and, if kept, its bytes. Confined to the event loop. */
    private static final class Body {

        private static final int FIRST_CAPACITY = 8192;

        private final long max;
        private final boolean keep;
        private byte[] bytes;
        private int size;

        Body(long max, boolean keep, @Nullable String contentLength) {
            this.max = max;
            this.keep = keep;
            int expected = (int) Math.min(FIRST_CAPACITY, max);
            if (contentLength != null) {
                try {
                    // HttpBinGuard already answered 413 to a length over the cap.
                    expected = (int) Math.min(Long.parseLong(contentLength.trim()), max);
                } catch (NumberFormatException e) {
                    // Netty's decoder rejects a malformed Content-Length; keep the default.
                }
            }
            this.bytes = keep ? new byte[expected] : new byte[0];
        }

        void append(ByteBuf buf) {
            int n = buf.readableBytes();
            if (size + (long) n > max) {
                throw HttpBinGuard.tooLarge(max);
            }
            if (keep) {
                if (size + n > bytes.length) {
                    long grown = Math.max(2L * bytes.length, (long) size + n);
                    bytes = Arrays.copyOf(bytes, (int) Math.min(grown, max));
                }
                buf.getBytes(buf.readerIndex(), bytes, size, n);
            }
            size += n;
        }

        byte[] bytes() {
            return !keep ? new byte[0] : size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }

    // ---- status, delay, bytes, stream, gzip

    private static Publisher<Void> status(HttpServerRequest req, HttpServerResponse res) {
        // -1: "/status/," has two empty choices, not none
        String[] choices = segment(req, "/status/").split(",", -1);
        int[] codes = new int[choices.length];
        for (int i = 0; i < choices.length; i++) {
            try {
                codes[i] = Integer.parseInt(choices[i].trim());
            } catch (NumberFormatException e) {
                codes[i] = -1;
            }
            if (codes[i] < 100 || codes[i] > 599) {
                return send(res, 400, TEXT_TYPE, "Invalid status code");
            }
            if (codes[i] < 200) {
                // A 1xx is an interim response: sent as the answer, a client waits for the final
                // one forever (100, 103) or switches protocols (101). Real httpbin sends it and
                // closes the connection, which clients see as a dropped connection.
                return send(
                        res,
                        400,
                        TEXT_TYPE,
                        "Invalid status code: " + codes[i]
                                + " is informational (1xx), which cannot be a final response");
            }
        }
        int code = codes[ThreadLocalRandom.current().nextInt(codes.length)];
        if (code >= 300 && code < 400 && code != 304) {
            res.header(HttpHeaderNames.LOCATION, "/redirect/1");
        } else if (code == 401) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, REALM);
        } else if (code == 418) {
            // httpbin replaces the headers for its teapot: no Content-Type, this link instead.
            return res.status(code)
                    .header("x-more-info", "http://tools.ietf.org/html/rfc2324")
                    .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(TEAPOT.length()))
                    .sendString(Mono.just(TEAPOT), StandardCharsets.US_ASCII)
                    .then();
        }
        return send(res, code, HTML_TYPE, "");
    }

    private Publisher<Void> delay(HttpServerRequest req, HttpServerResponse res) {
        double seconds;
        try {
            seconds = Double.parseDouble(segment(req, "/delay/"));
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (Double.isNaN(seconds) || seconds < 0) {
            // httpbin fails these with a 500 (time.sleep raises); the client asked for nonsense.
            return drained((rq, rs) -> send(rs, 400, TEXT_TYPE, "Invalid delay"))
                    .apply(req, res);
        }
        Duration delay = Duration.ofMillis(Math.round(Math.min(seconds, MAX_DELAY_SECONDS) * 1000));
        return readBody(req).delayUntil(body -> Mono.delay(delay)).flatMap(body -> {
            // httpbin's /delay echoes the body like /post, except for "json".
            ObjectNode out = echo(new HttpBinRequest(req, body), true);
            out.remove("json");
            return json(res, 200, out);
        });
    }

    private static Publisher<Void> bytes(HttpServerRequest req, HttpServerResponse res) {
        int n = count(param(req, "n"), MAX_BYTES, "Invalid byte count");
        String seed = query(req, "seed");
        Random random;
        try {
            random = seed == null ? ThreadLocalRandom.current() : new Random(Long.parseLong(seed));
        } catch (NumberFormatException e) {
            return send(res, 400, TEXT_TYPE, "Invalid seed");
        }
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return send(res, 200, "application/octet-stream", bytes);
    }

    private static Publisher<Void> stream(HttpServerRequest req, HttpServerResponse res) {
        int n = count(param(req, "n"), MAX_STREAM, "Invalid line count");
        HttpBinRequest request = new HttpBinRequest(req);
        ObjectNode template = HttpBinRequest.JSON.createObjectNode();
        // Read the request (and reject bad input) before the status line goes out.
        request.url(template).args(template).headers(template).origin(template);
        // No Content-Length: reactor-netty sends the lines chunked, one flush per line.
        return res.status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE)
                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .send(Flux.range(0, n).map(id -> line(template.deepCopy().put("id", id))), buf -> true);
    }

    /**
     * A count in a path, as httpbin's {@code int} converter takes it: decimal digits only, and
     * any number above {@code max} (however many digits) means {@code max}.
     */
    private static int count(String digits, int max, String invalid) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Rejected(400, invalid);
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 9 ? max : Math.min(Integer.parseInt(significant), max);
    }

    private static Publisher<Void> gzip(HttpServerRequest req, HttpServerResponse res) {
        HttpBinRequest request = new HttpBinRequest(req);
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        out.put("gzipped", true);
        request.headers(out);
        request.method(out);
        request.origin(out);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write(HttpBinRequest.JSON.writeValueAsBytes(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        return send(res, 200, JSON_TYPE, buffer.toByteArray());
    }

    private static ByteBuf line(ObjectNode line) {
        return Unpooled.wrappedBuffer(
                (HttpBinRequest.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    // ---- redirects

    private static Publisher<Void> redirectTimes(HttpServerRequest req, HttpServerResponse res, boolean absolute) {
        String digits = param(req, "n");
        // Any number of digits, like httpbin: each answer only names the next, n - 1.
        if (digits.isEmpty()
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || new BigInteger(digits).signum() == 0) {
            return send(res, 400, TEXT_TYPE, "n must be at least 1");
        }
        BigInteger n = new BigInteger(digits);
        String prefix = absolute ? req.scheme() + "://" + host(req) : "";
        String target;
        if (n.equals(BigInteger.ONE)) {
            target = "/get";
        } else {
            target = (absolute ? "/absolute-redirect/" : "/relative-redirect/") + n.subtract(BigInteger.ONE);
        }
        return redirect(res, 302, prefix + target);
    }

    private static Publisher<Void> redirectTo(HttpServerRequest req, HttpServerResponse res) {
        String url = query(req, "url");
        if (url == null || url.isEmpty()) {
            return send(res, 400, TEXT_TYPE, "url is required");
        }
        int code = 302;
        String statusCode = query(req, "status_code");
        if (statusCode != null) {
            try {
                int asked = Integer.parseInt(statusCode);
                if (asked >= 300 && asked < 400) {
                    code = asked;
                }
            } catch (NumberFormatException e) {
                // httpbin keeps 302 for a code it cannot use
            }
        }
        return redirect(res, code, url);
    }

    // ---- cookies

    private static Publisher<Void> cookies(HttpServerRequest req, HttpServerResponse res) {
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        ObjectNode cookies = out.putObject("cookies");
        requestCookies(req).forEach(cookies::put);
        return json(res, 200, out);
    }

    private static Map<String, String> requestCookies(HttpServerRequest req) {
        Map<String, String> cookies = new TreeMap<>();
        for (String header : req.requestHeaders().getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(header)) {
                cookies.put(cookie.name(), cookie.value());
            }
        }
        return cookies;
    }

    private static Publisher<Void> setCookies(HttpServerRequest req, HttpServerResponse res) {
        HttpBinRequest.queryParameters(req.uri())
                .forEach((name, values) -> res.addHeader(
                        HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.LAX.encode(cookie(name, values.get(0)))));
        return redirect(res, 302, "/cookies");
    }

    private static Publisher<Void> setCookie(HttpServerRequest req, HttpServerResponse res) {
        res.addHeader(
                HttpHeaderNames.SET_COOKIE,
                ServerCookieEncoder.LAX.encode(cookie(param(req, "name"), param(req, "value"))));
        return redirect(res, 302, "/cookies");
    }

    private static Publisher<Void> deleteCookies(HttpServerRequest req, HttpServerResponse res) {
        for (String name : HttpBinRequest.queryParameters(req.uri()).keySet()) {
            DefaultCookie cookie = cookie(name, "");
            cookie.setMaxAge(0);
            res.addHeader(
                    HttpHeaderNames.SET_COOKIE,
                    ServerCookieEncoder.LAX.encode(cookie) + "; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        }
        return redirect(res, 302, "/cookies");
    }

    /**
     * A cookie the LAX encoder can write as asked: it checks nothing, so a name with {@code ;}
     * or {@code =} would set another attribute or cookie, and a control character would fail
     * Netty's header validation (a 500). Values keep what browsers take (spaces, commas, quotes).
     */
    private static DefaultCookie cookie(String name, String value) {
        if (name.isEmpty() || !name.chars().allMatch(HttpBinRoutes::isTokenChar)) {
            throw new Rejected(
                    400,
                    "Invalid cookie name \"" + printable(name)
                            + "\": a name is an HTTP token, without spaces, controls or separators such as ; = ,");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != ';')) {
            throw new Rejected(
                    400,
                    "Invalid cookie value for \"" + name
                            + "\": only printable ASCII without ';' can be sent, but was \"" + printable(value) + "\"");
        }
        DefaultCookie cookie = new DefaultCookie(name, value);
        cookie.setPath("/");
        return cookie;
    }

    /** RFC 9110 {@code tchar}. */
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** {@code text} with controls and non-ASCII escaped, to quote it in an answer. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars()
                .forEach(c -> out.append(
                        c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format(Locale.ROOT, "\\u%04x", c)));
        return out.toString();
    }

    // ---- auth

    private static Publisher<Void> basicAuth(HttpServerRequest req, HttpServerResponse res) {
        String user = param(req, "user");
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + param(req, "passwd")).getBytes(StandardCharsets.UTF_8));
        String given = req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        if (!expected.equals(given)) {
            res.header(HttpHeaderNames.WWW_AUTHENTICATE, REALM);
            return send(res, 401, HTML_TYPE, "");
        }
        ObjectNode out = HttpBinRequest.JSON.createObjectNode();
        out.put("authenticated", true);
        out.put("user", user);
        return json(res, 200, out);
    }

    // ---- helpers

    private static boolean isDataFrame(WebSocketFrame frame) {
        return frame instanceof TextWebSocketFrame
                || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame;
    }

    /** Any method on {@code path} exactly. */
    private static Predicate<HttpServerRequest> any(String path) {
        return req -> req.fullPath().equals(path);
    }

    /** Any method on {@code prefix} followed by one path segment, read back with {@link #segment}. */
    private static Predicate<HttpServerRequest> anyWithSegment(String prefix) {
        return req -> req.fullPath().startsWith(prefix)
                && req.fullPath().indexOf('/', prefix.length()) < 0
                && req.fullPath().length() > prefix.length();
    }

    /** The segment after {@code prefix}; {@code fullPath()} is already percent-decoded. */
    private static String segment(HttpServerRequest req, String prefix) {
        return req.fullPath().substring(prefix.length());
    }

    /** A template parameter, percent-decoded ({@code +} stays a plus in a path). */
    private static String param(HttpServerRequest req, String name) {
        String value = req.param(name);
        return value == null ? "" : decodePath(value);
    }

    private static String decodePath(String raw) {
        try {
            return QueryStringDecoder.decodeComponent(raw.replace("+", "%2B"));
        } catch (IllegalArgumentException e) {
            throw new Rejected(400, "Invalid request target: " + e.getMessage());
        }
    }

    private static Predicate<HttpServerRequest> method(String path, HttpMethod method) {
        return req -> req.method().equals(method) && req.fullPath().equals(path);
    }

    private static String host(HttpServerRequest req) {
        String host = req.requestHeaders().get(HttpHeaderNames.HOST);
        return host != null ? host : req.hostName() + ":" + req.hostPort();
    }

    private static @Nullable String query(HttpServerRequest req, String name) {
        List<String> values = HttpBinRequest.queryParameters(req.uri()).get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
